/**
 * report.html's "Node autoscaling" section (when the scenario has `cluster.nodeGroups`): the
 * headline totals, the per-group table, and panels of the autoscaler's series with vertical
 * markers at scale-ups, node removals and failed scale-ups (the event message on hover).
 */
import type { EngineEvent } from '../engine/engine.ts';
import { formatDuration } from '../engine/time.ts';
import { COLORS, esc, timeChart, type ChartLine, type ChartMarker, type ChartOptions, type ValueFormat } from './chart.ts';
import type { ReportInput } from './html.ts';
import { AUTOSCALER_KINDS, MARKER_STYLES, groupMarkers, markerGap, markerKeys, notableEvents } from './timeline.ts';

/** The marker styles of the autoscaler's events (see MARKER_STYLES in timeline.ts). */
export const MARKER_KINDS = Object.fromEntries(AUTOSCALER_KINDS.map((k) => [k, MARKER_STYLES[k]]));

/**
 * The autoscaler's markers of a run (scale-ups, nodes removed, failed scale-ups): events of one
 * kind less than `minGap` seconds after the first of a run of them share a marker.
 */
export function autoscalerMarkers(events: readonly EngineEvent[], minGap = 0): ChartMarker[] {
  return groupMarkers(notableEvents(events, new Set(AUTOSCALER_KINDS)), minGap);
}

const money = (v: number): string => `$${v.toFixed(2)}`;

/** The section: headline, per-group table and panels. Empty when the run has no autoscaler. */
export function autoscalerSection(input: ReportInput): string {
  const { res, events } = input;
  const ca = res.autoscaler;
  if (!ca) return '';
  const dur = res.duration;
  const series = (name: string): { t: number[]; v: number[] } => res.series[name] ?? { t: [], v: [] };
  // runs of events closer than ~15 px of a plot share a marker
  const markers = autoscalerMarkers(events, markerGap(dur));
  const base: Omit<ChartOptions, 'yTitle'> = { xTitle: 'simulated time (h:mm)', className: 'big', markers, markerKeys: markerKeys(markers) };
  const chart = (title: string, lines: ChartLine[], yTitle: string, format: ValueFormat = 'count'): string => timeChart(title, lines, dur, { ...base, yTitle, format });

  const groupLines: ChartLine[] = [];
  ca.nodeGroups.forEach((g, i) => {
    const color = COLORS[i % COLORS.length];
    groupLines.push({ label: `${g.name} nodes`, ...series(`NodeGroup/default/${g.name}.nodes`), color, dash: '' });
    groupLines.push({ label: `${g.name} target size`, ...series(`NodeGroup/default/${g.name}.targetSize`), color, dash: '6,4' });
  });
  const age = series('oldestPendingPodAge');
  const charts = [
    chart('Nodes per node group', groupLines, 'nodes'),
    chart('Pending pods', [{ label: 'pending pods', ...series('pendingPods'), color: '#dc2626', fill: true }], 'pods'),
    chart('Oldest pending pod age', [{ label: 'oldest pending pod age', t: age.t, v: age.v.map((v) => v / 60), fill: true }], 'age (minutes)', 'number'),
    chart('Unneeded and upcoming nodes', [{ label: 'unneeded nodes', ...series('unneededNodes') }, { label: 'upcoming nodes', ...series('upcomingNodes') }], 'nodes'),
    chart('Cost per hour', [{ label: 'cost per hour', ...series('costPerHour') }], 'cost ($/h)', 'money'),
    chart('Cumulative cost', [{ label: 'cumulative cost', ...series('cost') }], 'cost ($)', 'money'),
  ];

  const w = ca.podWait;
  const headline =
    `<p class="headline"><b>${money(ca.cost)}</b> total cost · <b>${ca.nodeHours.toFixed(1)}</b> node-hours · ` +
    `<b>${ca.scaleUps}</b> scale-up${ca.scaleUps === 1 ? '' : 's'} (${ca.nodesAdded} node${ca.nodesAdded === 1 ? '' : 's'} added) · ` +
    `<b>${ca.scaleDowns}</b> node${ca.scaleDowns === 1 ? '' : 's'} removed` +
    (ca.spotInterruptions ? ` · <b>${ca.spotInterruptions}</b> spot interruptions` : '') +
    `<br>pod wait (created → scheduled) p50 <b>${formatDuration(w.p50)}</b>, p95 <b>${formatDuration(w.p95)}</b>, max <b>${formatDuration(w.max)}</b> over ${w.count} pods</p>`;
  const rows = ca.nodeGroups
    .map(
      (g, i) =>
        `<tr data-group="${esc(g.name)}"><td><span class="key"><i style="background:${COLORS[i % COLORS.length]}"></i></span>${esc(g.name)}</td><td>${g.minSize}</td><td>${g.maxSize}</td><td>${money(g.price)}</td><td>${g.peakNodes}</td><td>${g.finalSize}</td><td>${g.nodeHours.toFixed(2)}</td><td>${money(g.cost)}</td></tr>`,
    )
    .join('');
  const table = `<table id="node-groups" class="num"><thead><tr><th>node group</th><th>min</th><th>max</th><th>price/h</th><th>peak nodes</th><th>final size</th><th>node-hours</th><th>cost</th></tr></thead><tbody>${rows}</tbody></table>`;
  return `<section id="autoscaler"><h2>Node autoscaling</h2>
${headline}
${table}
<div class="charts autoscaler-charts">${charts.join('\n')}</div>
</section>`;
}
