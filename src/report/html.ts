/**
 * report.html: one self-contained page (inline SVG step charts, no scripts from the network):
 * the verdict, the expectations, charts of the series, the summary tables and the event log.
 */
import type { SimulationResult } from '../engine/simulation.ts';
import { formatDuration } from '../engine/time.ts';
import type { ResultJson } from './outputs.ts';
import { autoscalerSection } from './autoscaler-panels.ts';

export const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563'];

/** HTML-escapes text. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One line of a chart; `color`/`dash` override the defaults (colour by position, later lines dashed). */
export interface ChartLine {
  label: string;
  t: number[];
  v: number[];
  color?: string;
  /** stroke-dasharray, '' for solid */
  dash?: string;
}

/** A vertical marker at time `t` (the `title` shows on hover). */
export interface ChartMarker {
  t: number;
  /** a CSS class suffix and the data-kind attribute */
  kind: string;
  color: string;
  /** glyph drawn at the top of the marker */
  glyph: string;
  /** glyph row above the plot (0 nearest), so coinciding markers of different kinds stay apart */
  row?: number;
  title: string;
}

/** Optional layout of a chart (the defaults draw the plain 720×200 chart). */
export interface ChartOptions {
  width?: number;
  height?: number;
  /** axis titles (with units) */
  yTitle?: string;
  xTitle?: string;
  /** extra class on the figure (e.g. `big` for 13-unit labels) */
  className?: string;
  markers?: ChartMarker[];
  /** legend entries for the markers: glyph, colour, label */
  markerKeys?: { glyph: string; color: string; label: string }[];
  /** y tick format */
  format?: (v: number) => string;
  /** counts: the y ticks are whole numbers */
  integer?: boolean;
}

/** A step chart of several change-point series over [0, duration] as inline SVG. */
export function stepChart(title: string, lines: ChartLine[], duration: number, opts: ChartOptions = {}): string {
  const W = opts.width ?? 720;
  const H = opts.height ?? 200;
  const L = opts.yTitle ? 66 : 44;
  const B = opts.xTitle ? 42 : 24;
  const rows = opts.markers?.length ? Math.max(...opts.markers.map((m) => m.row ?? 0)) + 1 : 0;
  const T = opts.markers ? 10 + 14 * Math.max(rows, 1) : 10;
  const R = opts.markers ? 16 : 10;
  const f = opts.format ?? fmt;
  let max = 0;
  for (const l of lines) for (const v of l.v) if (v > max) max = v;
  if (max === 0) max = 1;
  let niceMax = niceCeil(max, opts.integer);
  if (opts.integer && niceMax % 2 !== 0) niceMax += 1; // a whole middle tick
  const x = (t: number): number => L + ((W - L - R) * t) / Math.max(duration, 1);
  const y = (v: number): number => T + (H - T - B) * (1 - v / niceMax);
  const color = (l: ChartLine, i: number): string => l.color ?? COLORS[i % COLORS.length];
  const paths = lines.map((l, i) => {
    if (l.t.length === 0) return '';
    let d = `M${x(l.t[0]).toFixed(1)},${y(l.v[0]).toFixed(1)}`;
    for (let k = 1; k < l.t.length; k++) d += `H${x(l.t[k]).toFixed(1)}V${y(l.v[k]).toFixed(1)}`;
    d += `H${x(duration).toFixed(1)}`;
    // later series dashed, so a series hidden under an equal one still shows
    const da = l.dash ?? (i === 0 ? '' : `${4 + 2 * i},3`);
    const dash = da ? ` stroke-dasharray="${da}"` : '';
    return `<path d="${d}" fill="none" stroke="${color(l, i)}" stroke-width="1.6"${dash}><title>${esc(l.label)}</title></path>`;
  });
  const yTicks = [0, niceMax / 2, niceMax].map((v) => `<text x="${L - 6}" y="${y(v) + 4}" text-anchor="end">${f(v)}</text><line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" class="grid"/>`);
  const xBase = opts.xTitle ? H - B + 16 : H - 6;
  const xTicks = [0, 0.25, 0.5, 0.75, 1].map(
    (q) => `<text x="${x(q * duration)}" y="${xBase}" text-anchor="${q === 0 ? 'start' : q === 1 ? 'end' : 'middle'}">${formatDuration(Math.round(q * duration))}</text>`,
  );
  const titles =
    (opts.yTitle ? `<text class="axis" transform="translate(14,${(T + H - B) / 2}) rotate(-90)" text-anchor="middle">${esc(opts.yTitle)}</text>` : '') +
    (opts.xTitle ? `<text class="axis" x="${(L + W - R) / 2}" y="${H - 4}" text-anchor="middle">${esc(opts.xTitle)}</text>` : '');
  const markers = (opts.markers ?? []).map((m) => {
    const mx = x(m.t).toFixed(1);
    return (
      `<g class="marker marker-${esc(m.kind)}" data-kind="${esc(m.kind)}" data-t="${m.t}">` +
      `<line x1="${mx}" x2="${mx}" y1="${T}" y2="${H - B}" stroke="${m.color}" stroke-width="1.2" stroke-dasharray="2,2"/>` +
      `<line class="hit" x1="${mx}" x2="${mx}" y1="${T - 14 * ((m.row ?? 0) + 1)}" y2="${H - B}" stroke="transparent" stroke-width="9"/>` +
      `<text x="${mx}" y="${T - 4 - 14 * (m.row ?? 0)}" text-anchor="middle" fill="${m.color}">${esc(m.glyph)}</text>` +
      `<title>${esc(m.title)}</title></g>`
    );
  });
  const legend =
    lines
      .map((l, i) => {
        const da = l.dash ?? (i === 0 ? '' : 'dashed');
        const swatch = da ? ` class="dash" style="border-top:2px dashed ${color(l, i)}"` : ` style="background:${color(l, i)}"`;
        return `<span class="key"><i${swatch}></i>${esc(l.label)}</span>`;
      })
      .join('') + (opts.markerKeys ?? []).map((k) => `<span class="key mkey"><b style="color:${k.color}">${esc(k.glyph)}</b> ${esc(k.label)}</span>`).join('');
  const cls = opts.className ? ` class="${esc(opts.className)}"` : '';
  return `<figure${cls}><figcaption>${esc(title)}</figcaption><svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">${yTicks.join('')}${xTicks.join('')}${titles}${paths.join('')}${markers.join('')}</svg><div class="legend">${legend}</div></figure>`;
}

function niceCeil(v: number, integer = false): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of integer ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

/** The whole page. */
export function renderHtmlReport(r: SimulationResult, res: ResultJson): string {
  const dur = res.duration;
  const line = (name: string, label = name): { label: string; t: number[]; v: number[] } => ({ label, ...(res.series[name] ?? { t: [], v: [] }) });
  const charts: string[] = [];
  charts.push(stepChart('Pods', [line('pendingPods', 'pending'), line('runningPods', 'running'), line('readyPods', 'ready')], dur));
  charts.push(stepChart('Nodes', [line('nodes', 'nodes'), line('readyNodes', 'ready nodes')], dur));
  charts.push(stepChart('Requested share of allocatable (%)', [line('cpuRequestedPercent', 'cpu %'), line('memoryRequestedPercent', 'memory %')], dur));
  const workloads = [...new Set(Object.keys(res.series).filter((n) => n.includes('/') && n.endsWith('.replicas')).map((n) => n.slice(0, -'.replicas'.length)))].sort();
  for (const w of workloads) {
    const hpa = w.startsWith('HorizontalPodAutoscaler/');
    const metrics = hpa ? ['desiredReplicas', 'replicas'] : ['desiredReplicas', 'replicas', 'readyReplicas', 'availableReplicas', 'updatedReplicas'];
    const title = w.replace(/\//, ' ');
    charts.push(stepChart(title, metrics.filter((m) => res.series[`${w}.${m}`]).map((m) => line(`${w}.${m}`, m)), dur));
    // what the HPA saw: its first metric against the target
    if (hpa && res.series[`${w}.currentMetric`]) charts.push(stepChart(`${title}: first metric vs target`, [line(`${w}.currentMetric`, 'current'), line(`${w}.targetMetric`, 'target')], dur));
  }
  const exp = res.expectations
    .map((x) => `<tr class="${x.passed ? 'ok' : 'bad'}"><td>${x.passed ? 'pass' : 'FAIL'}</td><td><code>${esc(x.text)}</code></td><td>${esc(x.observed)}${x.failedAt !== undefined ? ` — first violated at ${formatDuration(x.failedAt)}` : ''}</td></tr>`)
    .join('');
  const s = res.summary;
  const wl = s.workloads.map((w) => `<tr><td>${esc(w.name)}</td><td>${w.peakReplicas}</td><td>${w.finalReplicas}</td><td>${w.finalReady}</td></tr>`).join('');
  const events = r.engine.events.slice(0, 2000);
  const ev = events
    .map((e) => {
      const { t, kind, object, ...rest } = e;
      const detail = (rest.message as string | undefined) ?? (Object.keys(rest).length ? JSON.stringify(rest) : '');
      return `<tr data-kind="${esc(kind)}"><td>${formatDuration(t)}</td><td>${esc(kind)}</td><td>${esc(object)}</td><td>${esc(detail)}</td></tr>`;
    })
    .join('');
  const kinds = Object.entries(res.eventCounts).map(([k, n]) => `<option value="${esc(k)}">${esc(k)} (${n})</option>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kubesim — ${esc(res.scenario)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0 auto;max-width:1100px;padding:24px;color:#111}
h1{margin:0 0 4px}h2{margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
.verdict{display:inline-block;padding:4px 10px;border-radius:4px;font-weight:600;color:#fff}
.verdict.ok{background:#16a34a}.verdict.bad{background:#dc2626}
table{border-collapse:collapse;width:100%;margin:8px 0}td,th{border-bottom:1px solid #eee;padding:4px 8px;text-align:left;vertical-align:top}
tr.bad td:first-child{color:#dc2626;font-weight:600}tr.ok td:first-child{color:#16a34a}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(480px,1fr));gap:16px}
figure{margin:0;border:1px solid #eee;border-radius:6px;padding:8px}figcaption{font-weight:600;margin-bottom:4px}
svg{width:100%;height:auto;font-size:11px;fill:#555}.grid{stroke:#eee}
.legend{font-size:12px;display:flex;flex-wrap:wrap;gap:2px 14px}.key{white-space:nowrap}.key i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px;vertical-align:middle}.key i.dash{width:18px;height:0;border-radius:0}
.events{max-height:520px;overflow:auto}code{font-size:12px}
figure.big svg{font-size:13px}.axis{fill:#333;font-weight:600}figure.big .legend{font-size:13px}
.marker{cursor:help}.marker text{font-size:14px}.marker:hover line:first-child{stroke-width:2.4;stroke-dasharray:none}.mkey{font-weight:normal}
.headline{font-size:15px;background:#f8fafc;border:1px solid #e2e8f0;border-radius:6px;padding:8px 12px}
table.num td:not(:first-child),table.num th:not(:first-child){text-align:right;font-variant-numeric:tabular-nums}
</style></head><body>
<h1>${esc(res.scenario)}</h1>
<p>${esc(res.description)}</p>
<p><span class="verdict ${res.passed ? 'ok' : 'bad'}">${res.passed ? 'All expectations held' : 'Expectations failed'}</span>
 seed ${esc(String(res.seed))} · ${formatDuration(dur)} simulated · ${s.nodes} nodes · ${s.scheduled} pods scheduled · ${s.preemptions} preemptions · at most ${s.maxPendingPods} pending</p>
${autoscalerSection(r, res)}
<h2>Expectations</h2>
${res.expectations.length ? `<table><thead><tr><th></th><th>expectation</th><th>observed</th></tr></thead><tbody>${exp}</tbody></table>` : '<p>The scenario states no expectations.</p>'}
<h2>Time series</h2>
<div class="charts">${charts.join('\n')}</div>
<h2>Workloads</h2>
<table><thead><tr><th>workload</th><th>peak replicas</th><th>final replicas</th><th>final ready</th></tr></thead><tbody>${wl}</tbody></table>
<h2>Events</h2>
<p><label>Show <select id="kind"><option value="">all kinds</option>${kinds}</select></label> ${r.engine.events.length > events.length ? `(first ${events.length} of ${r.engine.events.length}; all are in events.jsonl)` : ''}</p>
<div class="events"><table id="events"><thead><tr><th>time</th><th>event</th><th>object</th><th>detail</th></tr></thead><tbody>${ev}</tbody></table></div>
<script>
document.getElementById('kind').addEventListener('change', function (e) {
  var k = e.target.value;
  document.querySelectorAll('#events tbody tr').forEach(function (tr) { tr.style.display = !k || tr.dataset.kind === k ? '' : 'none'; });
});
</script>
</body></html>
`;
}
