/**
 * report.html's "Node autoscaling" section (when the scenario has `cluster.nodeGroups`): the
 * headline totals, the per-group table, and panels of the autoscaler's series with vertical
 * markers at scale-ups, node removals and failed scale-ups (the event message on hover).
 */
import type { SimulationResult } from '../engine/simulation.ts';
import { formatDuration } from '../engine/time.ts';
import { COLORS, esc, stepChart, type ChartLine, type ChartMarker, type ChartOptions } from './html.ts';
import type { ResultJson } from './outputs.ts';

/** The marker styles: which events, drawn how. */
export const MARKER_KINDS = {
  'scale-up': { glyph: '▲', color: '#15803d', label: 'scale-up', plural: 'scale-ups' },
  removed: { glyph: '▼', color: '#b45309', label: 'node removed', plural: 'nodes removed' },
  failed: { glyph: '✕', color: '#be123c', label: 'scale-up failed', plural: 'failed scale-ups', row: 1 },
} as const;

type MarkerKind = keyof typeof MARKER_KINDS;

function markerKind(e: { kind: string; message?: unknown }): MarkerKind | undefined {
  // upstream announces a resize twice ("setting group size to", then "group size set to"): one marker, for the done resize
  if (e.kind === 'ScaledUpGroup') return typeof e.message === 'string' && e.message.includes('size set to') ? 'scale-up' : undefined;
  if (e.kind === 'FailedToScaleUpGroup') return 'failed';
  if ((e.kind === 'ScaleDown' || e.kind === 'ScaleDownEmpty') && typeof e.message === 'string' && e.message.includes('removed')) return 'removed';
  return undefined;
}

const MAX_LINES = 12;

/**
 * The markers of a run: events of one kind less than `minGap` seconds after the first of a run of
 * them share a marker (drawn at that first event), its title listing their messages.
 */
export function autoscalerMarkers(events: SimulationResult['engine']['events'], minGap = 0): ChartMarker[] {
  const groups: { t: number; last: number; kind: MarkerKind; messages: string[] }[] = [];
  const open = new Map<MarkerKind, (typeof groups)[number]>();
  for (const e of events) {
    const kind = markerKind(e);
    if (!kind) continue;
    let g = open.get(kind);
    if (!g || e.t - g.t > minGap) {
      g = { t: e.t, last: e.t, kind, messages: [] };
      groups.push(g);
      open.set(kind, g);
    }
    g.last = e.t;
    g.messages.push(typeof e.message === 'string' ? e.message : `${e.kind} ${e.object}`);
  }
  return groups.map((g) => {
    const n = g.messages.length;
    const when = g.last > g.t ? `between ${formatDuration(g.t)} and ${formatDuration(g.last)}` : `at ${formatDuration(g.t)}`;
    const head = n === 1 ? formatDuration(g.t) : `${n} ${MARKER_KINDS[g.kind].plural} ${when}`;
    const shown = g.messages.slice(0, MAX_LINES);
    if (n > MAX_LINES) shown.push(`… and ${n - MAX_LINES} more`);
    const k = MARKER_KINDS[g.kind];
    return { t: g.t, kind: g.kind, color: k.color, glyph: k.glyph, ...('row' in k ? { row: k.row } : {}), title: `${head}\n${shown.join('\n')}` };
  });
}

const money = (v: number): string => `$${v.toFixed(2)}`;
const fmt3 = (v: number): string => (Number.isInteger(v) ? String(v) : v.toFixed(3).replace(/0+$/, ''));

/** The section: headline, per-group table and panels. Empty when the run has no autoscaler. */
export function autoscalerSection(r: SimulationResult, res: ResultJson): string {
  const ca = res.autoscaler;
  if (!ca) return '';
  const dur = res.duration;
  const series = (name: string): { t: number[]; v: number[] } => res.series[name] ?? { t: [], v: [] };
  // runs of events closer than ~1/100 of the run share a marker (a few pixels apart otherwise)
  const markers = autoscalerMarkers(r.engine.events, dur / 100);
  const present = new Set(markers.map((m) => m.kind));
  const markerKeys = (Object.keys(MARKER_KINDS) as MarkerKind[]).filter((k) => present.has(k)).map((k) => MARKER_KINDS[k]);
  const base: ChartOptions = { width: 560, height: 250, xTitle: 'simulated time', className: 'big', markers, markerKeys };
  const chart = (title: string, lines: ChartLine[], yTitle: string, format?: (v: number) => string): string =>
    stepChart(title, lines, dur, { ...base, yTitle, ...(format ? { format } : { integer: true }) });

  const groupLines: ChartLine[] = [];
  ca.nodeGroups.forEach((g, i) => {
    const color = COLORS[i % COLORS.length];
    groupLines.push({ label: `${g.name} nodes`, ...series(`NodeGroup/default/${g.name}.nodes`), color, dash: '' });
    groupLines.push({ label: `${g.name} target size`, ...series(`NodeGroup/default/${g.name}.targetSize`), color, dash: '6,4' });
  });
  const age = series('oldestPendingPodAge');
  const charts = [
    chart('Nodes per node group', groupLines, 'nodes'),
    chart('Pending pods', [{ label: 'pending pods', ...series('pendingPods') }], 'pods'),
    chart('Oldest pending pod age', [{ label: 'oldest pending pod age', t: age.t, v: age.v.map((v) => v / 60) }], 'age (minutes)', fmt3),
    chart('Unneeded and upcoming nodes', [{ label: 'unneeded nodes', ...series('unneededNodes') }, { label: 'upcoming nodes', ...series('upcomingNodes') }], 'nodes'),
    chart('Cost per hour', [{ label: 'cost per hour', ...series('costPerHour') }], 'cost ($/h)', fmt3),
    chart('Cumulative cost', [{ label: 'cumulative cost', ...series('cost') }], 'cost ($)', fmt3),
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
