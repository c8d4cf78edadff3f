/**
 * The report's charts, rendered to static SVG strings at build time with d3-scale (scales, nice
 * ticks, time intervals) and d3-shape (line, step and area generators). No DOM and no network: the
 * page's small inline script (see {@link CHART_SCRIPT}) only adds hover read-outs and time zoom.
 *
 * Readable defaults: 12-unit text in a viewBox never drawn narrower than its width (≥ 11 px on
 * screen), axis titles with units, left margins sized to the tick labels (no clipped "00000"),
 * robust y-ranges (a start-up spike is clipped and noted, not allowed to flatten the rest),
 * distinct colours and dashes for series that overlap, legends outside the plot.
 */
import { format as d3format } from 'd3-format';
import { scaleBand, scaleLinear, scaleUtc, type ScaleLinear } from 'd3-scale';
import { area, curveLinear, curveStepAfter, line } from 'd3-shape';

/** Series colours: distinct hues, readable on white. */
export const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563', '#ca8a04', '#db2777', '#65a30d'];
/** Dash patterns by position, so a series hidden under an equal one still shows. */
export const DASHES = ['', '7,3', '2,3', '10,3,2,3', '4,4', '1,4'];

/** HTML-escapes text. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Text size (SVG units) of every chart label; the viewBox is never drawn narrower than its width. */
export const FONT = 12;
/** Width estimate of a label (system-ui at {@link FONT}: digits ≈ 0.6 em; generous so margins never clip). */
export function textWidth(s: string, size = FONT): number {
  let w = 0;
  for (const ch of s) w += /[0-9.,:$%kMGT −-]/.test(ch) ? 0.6 : /[A-Z@mwW]/.test(ch) ? 0.85 : 0.62;
  return w * size;
}

const siFormat = d3format('.3~s');
const plainFormat = d3format(',.4~r');

/** Compact numbers: 950, 1,500, 12.5k, 100k, 1.5M; small values with up to 4 significant digits. */
export function formatCompact(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e4) return siFormat(v).replace('G', 'G');
  if (a === 0) return '0';
  return plainFormat(v).replace('−', '-');
}

/** Bytes in binary units: 512Mi, 1.5Gi. */
export function formatBytes(v: number): string {
  const units = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi'];
  let i = 0;
  let x = Math.abs(v);
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${v < 0 ? '-' : ''}${+x.toFixed(x >= 100 ? 0 : 1)}${units[i]}`;
}

/** Simulated seconds as h:mm (h:mm:ss when `seconds` asks for it); hours go past 24. */
export function formatSimTime(t: number, seconds = false): string {
  const s = Math.round(t);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h}:${String(m).padStart(2, '0')}${seconds ? `:${String(sec).padStart(2, '0')}` : ''}`;
}

/**
 * Nice time ticks over [t0, t1] simulated seconds: d3's UTC scale picks the interval (15 s, 1 min,
 * 5 min, 15 min, 1 h, 3 h, 6 h, 12 h, 1 day …) from the simulation epoch.
 */
export function timeTicks(t0: number, t1: number, count: number): { ticks: number[]; seconds: boolean } {
  const s = scaleUtc().domain([new Date(t0 * 1000), new Date(Math.max(t1, t0 + 1) * 1000)]);
  const ticks = s.ticks(Math.max(2, count)).map((d) => d.getTime() / 1000);
  return { ticks, seconds: ticks.some((t) => Math.round(t) % 60 !== 0) };
}

/** The value of a change-point series at t (its last point at or before t). */
export function valueAt(s: { t: number[]; v: number[] }, t: number): number | undefined {
  let lo = 0;
  let hi = s.t.length - 1;
  if (hi < 0 || s.t[0] > t) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s.t[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return s.v[lo];
}

/**
 * The time-weighted q-quantile of the values of piecewise-constant series over [0, duration]:
 * a value held for one second of a day barely counts.
 */
export function timeWeightedQuantile(series: { t: number[]; v: number[] }[], duration: number, q: number): number | undefined {
  const pairs: [number, number][] = [];
  for (const s of series)
    for (let i = 0; i < s.t.length; i++) {
      const end = i + 1 < s.t.length ? s.t[i + 1] : duration;
      const w = Math.max(0, Math.min(end, duration) - s.t[i]);
      if (w > 0 && Number.isFinite(s.v[i])) pairs.push([s.v[i], w]);
    }
  if (!pairs.length) return undefined;
  pairs.sort((a, b) => a[0] - b[0]);
  const total = pairs.reduce((n, p) => n + p[1], 0);
  let acc = 0;
  for (const [v, w] of pairs) {
    acc += w;
    if (acc >= q * total) return v;
  }
  return pairs[pairs.length - 1][0];
}

/** One series of a time chart. */
export interface ChartLine {
  label: string;
  t: number[];
  v: number[];
  color?: string;
  /** stroke-dasharray, '' for solid (default: by position) */
  dash?: string;
  /** stroke width (default 2.4 for the first series, thinner after, so coinciding series both show) */
  width?: number;
  /** the right-hand axis (another meaning, e.g. the offered load next to replicas) */
  axis?: 'right';
  /** step (change points, the default) or linear (sampled curves) */
  curve?: 'step' | 'linear';
  /** fill the area under the line */
  fill?: boolean;
}

/** A vertical marker at time `t` (the `title` shows on hover). */
export interface ChartMarker {
  t: number;
  /** a CSS class suffix and the data-kind attribute */
  kind: string;
  color: string;
  /** glyph drawn above the plot */
  glyph: string;
  /** preferred glyph row above the plot (0 nearest); glyphs that would touch move up */
  row?: number;
  title: string;
}

/** A legend entry of a marker kind. */
export interface MarkerKey {
  glyph: string;
  color: string;
  label: string;
}

/** How a value reads: a d3 number format or one of the named ones, and a unit for the read-out. */
export type ValueFormat = 'count' | 'number' | 'percent' | 'money' | 'bytes' | 'minutes' | 'seconds';

/** Optional layout of a time chart. */
export interface ChartOptions {
  width?: number;
  height?: number;
  /** the left axis' title, with its unit (required: a chart without one fails the browser check) */
  yTitle: string;
  /** the right axis' title, when a line has `axis: 'right'` */
  y2Title?: string;
  xTitle?: string;
  /** extra classes on the figure */
  className?: string;
  /** figure id (else generated) */
  id?: string;
  markers?: ChartMarker[];
  markerKeys?: MarkerKey[];
  /** tick and read-out format of the left and right axes */
  format?: ValueFormat;
  format2?: ValueFormat;
  /** clip a short spike: the y-range ends near the time-weighted 99th percentile, the peak is noted */
  robust?: boolean;
  /** values the left y-range must show (e.g. the HPA's target) */
  include?: number[];
  /** the time window drawn (default [0, duration]) */
  from?: number;
  /** a note under the title */
  note?: string;
}

/** The tick label of a value in a format. */
export function formatValue(v: number, f: ValueFormat = 'number'): string {
  switch (f) {
    case 'percent':
      return `${formatCompact(v)}%`;
    case 'money':
      return v < 0 ? `-$${formatCompact(-v)}` : `$${formatCompact(v)}`;
    case 'bytes':
      return formatBytes(v);
    case 'minutes':
      return `${formatCompact(v)}m`;
    case 'seconds':
      return `${formatCompact(v)}s`;
    default:
      return formatCompact(v);
  }
}

let chartSeq = 0;
/** Restarts chart ids (at the start of each page, so the same run gives the same bytes). */
export function resetChartIds(): void {
  chartSeq = 0;
}
/** A fresh chart id. */
export function nextChartId(prefix = 'c'): string {
  return `${prefix}${++chartSeq}`;
}

/** Chart geometry shared by time charts and the timeline strip. */
export interface TimeFrame {
  x: (t: number) => number;
  left: number;
  right: number;
  from: number;
  to: number;
}

/** The x-axis of a time chart: nice ticks, h:mm labels, an optional title. */
function timeAxis(frame: TimeFrame, yTop: number, yBase: number, title: string | undefined): string {
  const width = frame.right - frame.left;
  const { ticks, seconds } = timeTicks(frame.from, frame.to, Math.max(2, Math.floor(width / (seconds0(frame) ? 95 : 75))));
  const out: string[] = [];
  for (const t of ticks) {
    const x = frame.x(t).toFixed(1);
    out.push(`<line class="xgrid" x1="${x}" x2="${x}" y1="${yTop}" y2="${yBase}"/>`);
    out.push(`<text class="tick" x="${x}" y="${yBase + 17}" text-anchor="middle">${formatSimTime(t, seconds)}</text>`);
  }
  return `<g class="xaxis" data-seconds="${seconds ? 1 : 0}">${out.join('')}</g>${title ? `<text class="axis-title" x="${((frame.left + frame.right) / 2).toFixed(1)}" y="${yBase + 36}" text-anchor="middle">${esc(title)}</text>` : ''}`;
}

function seconds0(frame: TimeFrame): boolean {
  return frame.to - frame.from < 600;
}

/** A rotated axis title, shortened with "…" when longer than `room` (the whole title on hover). */
function axisTitleY(title: string, x: number, y: number, angle: number, room: number): string {
  let shown = title;
  if (textWidth(shown) > room) {
    while (shown.length > 4 && textWidth(shown + '…') > room) shown = shown.slice(0, -1);
    shown = shown.trimEnd() + '…';
  }
  return `<text class="axis-title" transform="translate(${x.toFixed(1)},${y.toFixed(1)}) rotate(${angle})" text-anchor="middle">${esc(shown)}${shown !== title ? `<title>${esc(title)}</title>` : ''}</text>`;
}

/** Places glyphs in rows so that none touches another: the lowest free row at or above the preferred one. */
export function glyphRows(xs: { x: number; row?: number }[], gap = 16, maxRows = 3): number[] {
  const last: number[] = [];
  const order = xs.map((_, i) => i).sort((a, b) => xs[a].x - xs[b].x || a - b);
  const rows = new Array<number>(xs.length).fill(0);
  for (const i of order) {
    let r = Math.min(xs[i].row ?? 0, maxRows - 1);
    while (r < maxRows && last[r] !== undefined && xs[i].x - last[r] < gap) r++;
    // no free row: the marker's line (and its title on hover) without a glyph
    if (r >= maxRows) {
      rows[i] = -1;
      continue;
    }
    rows[i] = r;
    last[r] = xs[i].x;
  }
  return rows;
}

/** Data the inline script reads for hover read-outs (values per series, exact change points). */
export interface ChartData {
  lines: { label: string; color: string; t: number[]; v: number[]; f: ValueFormat; axis?: 'right' }[];
}

const MAX_HOVER_POINTS = 4000;

function hoverSeries(l: ChartLine): { t: number[]; v: number[] } {
  if (l.t.length <= MAX_HOVER_POINTS) return { t: l.t, v: l.v };
  const step = Math.ceil(l.t.length / MAX_HOVER_POINTS);
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < l.t.length; i += step) {
    t.push(l.t[i]);
    v.push(l.v[i]);
  }
  return { t, v };
}

/** Points of a series clipped to [from, to], extended to `to` (a change-point series holds its last value). */
function points(l: ChartLine, from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < l.t.length; i++) {
    const t = l.t[i];
    const v = l.v[i];
    if (!Number.isFinite(v)) continue;
    if (t < from) {
      if (i + 1 >= l.t.length || l.t[i + 1] > from) out.push([from, v]);
      continue;
    }
    if (t > to) break;
    out.push([t, v]);
  }
  if (out.length && (l.curve ?? 'step') === 'step' && out[out.length - 1][0] < to) out.push([to, out[out.length - 1][1]]);
  return out;
}

/** The y-range of some series: [0 or the minimum, the top], with the clipped peak when robust. */
function yRange(lines: ChartLine[], from: number, to: number, robust: boolean, include: number[]): { lo: number; hi: number; clipped?: { v: number; t: number } } {
  let lo = 0;
  let hi = -Infinity;
  let peakT = 0;
  for (const l of lines)
    for (const [t, v] of points(l, from, to)) {
      if (v > hi) {
        hi = v;
        peakT = t;
      }
      if (v < lo) lo = v;
    }
  if (!Number.isFinite(hi)) hi = 1;
  let clipped: { v: number; t: number } | undefined;
  if (robust) {
    const q = timeWeightedQuantile(lines.map((l) => ({ t: l.t, v: l.v })), to, 0.99);
    const need = Math.max(0, ...include);
    if (q !== undefined && q > 0 && hi > 1.3 * Math.max(q, need)) {
      clipped = { v: hi, t: peakT };
      hi = Math.max(q, need) * 1.15;
    }
  }
  for (const v of include) if (v * 1.1 > hi) hi = v * 1.1;
  if (hi <= lo) hi = lo + 1;
  return { lo, hi, clipped };
}

/** A y-scale with nice ticks; counts get whole-number ticks only. */
function yScale(lo: number, hi: number, top: number, bottom: number, count: boolean, ticks = 5): { y: ScaleLinear<number, number>; ticks: number[] } {
  const y = scaleLinear().domain([lo, hi]).range([bottom, top]).nice(ticks);
  let t = y.ticks(ticks);
  if (count) {
    t = t.filter((v) => Number.isInteger(v));
    if (t.length < 2) {
      y.domain([lo, Math.max(1, Math.ceil(hi))]);
      t = y.ticks(Math.max(1, Math.ceil(hi))).filter((v) => Number.isInteger(v));
    }
  }
  return { y, ticks: t };
}

/** The default dash and width of the series at position i. */
function lineStyle(l: ChartLine, i: number): { color: string; dash: string; width: number } {
  return { color: l.color ?? COLORS[i % COLORS.length], dash: l.dash ?? DASHES[i % DASHES.length], width: l.width ?? (i === 0 ? 2.4 : 1.8) };
}

/** The legend (HTML, outside the plot). */
function legendHtml(lines: ChartLine[], keys: MarkerKey[] = [], y2?: string): string {
  const items = lines.map((l, i) => {
    const s = lineStyle(l, i);
    const swatch = `<svg class="sw" width="22" height="10" aria-hidden="true"><line x1="1" x2="21" y1="5" y2="5" stroke="${s.color}" stroke-width="${Math.min(3, s.width + 0.4)}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/></svg>`;
    return `<span class="key">${swatch}${esc(l.label)}${l.axis === 'right' && y2 ? ' <small>(right axis)</small>' : ''}</span>`;
  });
  for (const k of keys) items.push(`<span class="key mkey"><b style="color:${k.color}">${esc(k.glyph)}</b> ${esc(k.label)}</span>`);
  return `<div class="legend">${items.join('')}</div>`;
}

/**
 * A time chart of change-point series over [from, duration] as a <figure> with inline SVG: nice
 * h:mm time ticks, axis titles with units, optional right axis, markers and hover/zoom hooks.
 */
export function timeChart(title: string, lines: ChartLine[], duration: number, opts: ChartOptions): string {
  const id = opts.id ?? nextChartId();
  const W = opts.width ?? 540;
  const H = opts.height ?? 230;
  const from = opts.from ?? 0;
  const to = Math.max(duration, from + 1);
  const fmt = opts.format ?? 'number';
  const fmt2 = opts.format2 ?? 'number';
  const left = lines.filter((l) => l.axis !== 'right');
  const right = lines.filter((l) => l.axis === 'right');
  const markers = opts.markers ?? [];
  // glyph rows above the plot
  const T0 = 12;
  const ROW = 18;
  const xs0 = scaleLinear().domain([from, to]);
  // margins from the widest tick label (the domain first, then the layout)
  const r1 = yRange(left, from, to, opts.robust ?? false, opts.include ?? []);
  const probe = yScale(r1.lo, r1.hi, 0, 100, fmt === 'count');
  const labelW = Math.max(...probe.ticks.map((v) => textWidth(formatValue(v, fmt))), textWidth('0'));
  const L = Math.ceil(labelW + 10 + (opts.yTitle ? 22 : 0));
  // room for half of the last time label
  let Rm = 24;
  let r2: ReturnType<typeof yRange> | undefined;
  let probe2: ReturnType<typeof yScale> | undefined;
  if (right.length) {
    r2 = yRange(right, from, to, false, []);
    probe2 = yScale(r2.lo, r2.hi, 0, 100, fmt2 === 'count');
    Rm = Math.max(24, Math.ceil(Math.max(...probe2.ticks.map((v) => textWidth(formatValue(v, fmt2)))) + 10 + (opts.y2Title ? 28 : 0)));
  }
  const plotW = W - L - Rm;
  xs0.range([L, L + plotW]);
  const x = (t: number): number => xs0(t);
  const rows = markers.length ? glyphRows(markers.map((m) => ({ x: x(m.t), row: m.row }))) : [];
  const nRows = rows.length ? Math.max(...rows) + 1 : 0;
  const T = T0 + (nRows ? nRows * ROW + 4 : 0);
  const B = 24 + (opts.xTitle ? 20 : 0);
  const plotBottom = H - B;
  const { y, ticks } = yScale(r1.lo, r1.hi, T, plotBottom, fmt === 'count');
  const parts: string[] = [];
  // y grid and ticks
  for (const v of ticks) {
    const yy = y(v).toFixed(1);
    parts.push(`<line class="grid" x1="${L}" x2="${L + plotW}" y1="${yy}" y2="${yy}"/><text class="tick" x="${L - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${esc(formatValue(v, fmt))}</text>`);
  }
  parts.push(axisTitleY(opts.yTitle, 14, (T + plotBottom) / 2, -90, plotBottom - T + 30));
  let y2: ScaleLinear<number, number> | undefined;
  if (right.length && r2) {
    const s2 = yScale(r2.lo, r2.hi, T, plotBottom, fmt2 === 'count');
    y2 = s2.y;
    for (const v of s2.ticks) parts.push(`<text class="tick tick2" x="${L + plotW + 6}" y="${(s2.y(v) + 4).toFixed(1)}" text-anchor="start">${esc(formatValue(v, fmt2))}</text>`);
    if (opts.y2Title) parts.push(axisTitleY(opts.y2Title, W - 16, (T + plotBottom) / 2, 90, plotBottom - T + 30));
  }
  parts.push(timeAxis({ x, left: L, right: L + plotW, from, to }, T, plotBottom, opts.xTitle));
  parts.push(`<line class="baseline" x1="${L}" x2="${L + plotW}" y1="${plotBottom}" y2="${plotBottom}"/>`);
  // series: fills first, then lines (the first, thickest, underneath)
  const data: ChartData = { lines: [] };
  const drawn: string[] = [];
  const fills: string[] = [];
  lines.forEach((l, i) => {
    const s = lineStyle(l, i);
    const yy = l.axis === 'right' && y2 ? y2 : y;
    const pts = points(l, from, to);
    const curve = (l.curve ?? 'step') === 'step' ? curveStepAfter : curveLinear;
    const gen = line<[number, number]>()
      .x((p) => x(p[0]))
      .y((p) => yy(p[1]))
      .curve(curve)
      .digits(1);
    if (l.fill && pts.length) {
      const a = area<[number, number]>()
        .x((p) => x(p[0]))
        .y0(yy(Math.max(0, yy.domain()[0])))
        .y1((p) => yy(p[1]))
        .curve(curve)
        .digits(1);
      fills.push(`<path class="fill" d="${a(pts) ?? ''}" fill="${s.color}" fill-opacity="0.13" stroke="none"/>`);
    }
    const d = pts.length ? (gen(pts) ?? '') : '';
    drawn.push(`<path class="series" data-i="${i}" d="${d}" fill="none" stroke="${s.color}" stroke-width="${s.width}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} vector-effect="non-scaling-stroke"><title>${esc(l.label)}</title></path>`);
    data.lines.push({ label: l.label, color: s.color, ...hoverSeries(l), f: l.axis === 'right' ? fmt2 : fmt, ...(l.axis ? { axis: l.axis } : {}) });
  });
  const clipId = `${id}-clip`;
  parts.push(`<clipPath id="${clipId}"><rect x="${L}" y="${T - 1}" width="${plotW}" height="${plotBottom - T + 2}"/></clipPath>`);
  parts.push(`<g clip-path="url(#${clipId})"><g class="plot">${fills.join('')}${drawn.join('')}</g></g>`);
  parts.push(`<rect class="overlay" x="${L}" y="${T}" width="${plotW}" height="${plotBottom - T}" fill="transparent"/>`);
  // markers over the overlay, so hovering one shows its title
  markers.forEach((m, i) => {
    const mx = x(m.t).toFixed(1);
    const gy = T - 6 - Math.max(0, rows[i]) * ROW;
    parts.push(
      `<g class="marker marker-${esc(m.kind)}" data-kind="${esc(m.kind)}" data-t="${m.t}">` +
        `<line class="mline" x1="${mx}" x2="${mx}" y1="${T}" y2="${plotBottom}" stroke="${m.color}" stroke-width="1.2" stroke-dasharray="3,3" vector-effect="non-scaling-stroke"/>` +
        `<line class="hit" x1="${mx}" x2="${mx}" y1="${gy - 12}" y2="${plotBottom}" stroke="transparent" stroke-width="9"/>` +
        (rows[i] >= 0 ? `<text class="glyph" x="${mx}" y="${gy}" text-anchor="middle" fill="${m.color}" style="fill:${m.color}">${esc(m.glyph)}</text>` : '') +
        `<title>${esc(m.title)}</title></g>`,
    );
  });
  const note = [opts.note, r1.clipped ? `peak ${formatValue(r1.clipped.v, fmt)} at ${formatSimTime(r1.clipped.t, true)} is above the drawn range (clipped so the rest reads)` : undefined].filter(Boolean);
  const cls = ['chart', ...(opts.className ? [opts.className] : [])].join(' ');
  return (
    `<figure class="${esc(cls)}" id="${id}" data-from="${from}" data-to="${to}" data-x0="${L}" data-x1="${L + plotW}" data-w="${W}">` +
    `<figcaption>${esc(title)}${note.length ? `<span class="note">${esc(note.join('; '))}</span>` : ''}</figcaption>` +
    legendHtml(lines, opts.markerKeys, opts.y2Title) +
    `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">${parts.join('')}</svg>` +
    `<script type="application/json" class="chart-data">${jsonForScript(data)}</script>` +
    `</figure>`
  );
}

/** JSON safe inside a <script> element. */
export function jsonForScript(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c');
}

/** A sparkline (no text): one or two step series over [0, duration]. */
export function sparkline(series: { t: number[]; v: number[]; color?: string; dash?: string }[], duration: number, width = 140, height = 30): string {
  let hi = 0;
  for (const s of series) for (const v of s.v) if (v > hi) hi = v;
  if (hi <= 0) hi = 1;
  const x = scaleLinear().domain([0, Math.max(duration, 1)]).range([1, width - 1]);
  const y = scaleLinear().domain([0, hi]).range([height - 2, 2]);
  const paths = series.map((s, i) => {
    const pts = points({ label: '', t: s.t, v: s.v }, 0, Math.max(duration, 1));
    const d = pts.length ? (line<[number, number]>().x((p) => x(p[0])).y((p) => y(p[1])).curve(curveStepAfter).digits(1)(pts) ?? '') : '';
    return `<path d="${d}" fill="none" stroke="${s.color ?? COLORS[i]}" stroke-width="${i === 0 ? 1.8 : 1.2}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`;
  });
  return `<svg class="spark" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" aria-hidden="true"><line x1="1" x2="${width - 1}" y1="${height - 2}" y2="${height - 2}" stroke="#e5e7eb"/>${paths.join('')}</svg>`;
}

/** One row of an interval chart: a mean with its confidence interval. */
export interface IntervalRow {
  label: string;
  mean: number | null;
  lo?: number | null;
  hi?: number | null;
  /** dot colour (e.g. better/worse than the baseline) */
  color?: string;
  title?: string;
}

/**
 * Dot-and-whisker chart: one row per policy, the mean as a dot and the confidence interval as a
 * whisker on a shared value axis (titled with the metric and its unit); an optional reference line.
 */
export function intervalChart(title: string, rows: IntervalRow[], opts: { xTitle: string; reference?: number; format?: ValueFormat; width?: number; note?: string; className?: string }): string {
  const id = nextChartId('i');
  const W = opts.width ?? 360;
  const rowH = 26;
  const labelW = Math.ceil(Math.max(...rows.map((r) => textWidth(r.label))) + 14);
  const T = 10;
  const B = 46;
  const H = T + rows.length * rowH + B;
  const L = Math.min(labelW, W * 0.45);
  const R = 16;
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) for (const v of [r.mean, r.lo, r.hi]) if (v !== null && v !== undefined && Number.isFinite(v)) ((lo = Math.min(lo, v)), (hi = Math.max(hi, v)));
  if (!Number.isFinite(lo)) ((lo = 0), (hi = 1));
  if (lo > 0 && lo < hi * 0.6) lo = 0;
  if (hi === lo) ((lo = lo === 0 ? 0 : lo * 0.9), (hi = hi === 0 ? 1 : hi * 1.1));
  const pad = (hi - lo) * 0.05;
  const x = scaleLinear().domain([lo === 0 ? 0 : lo - pad, hi + pad]).range([L, W - R]).nice(4);
  const band = scaleBand<string>().domain(rows.map((_, i) => String(i))).range([T, T + rows.length * rowH]).padding(0.2);
  const f = opts.format ?? 'number';
  const parts: string[] = [];
  const plotBottom = T + rows.length * rowH;
  const ticks = x.ticks(Math.max(2, Math.floor((W - L - R) / 70)));
  for (const v of ticks) {
    const xx = x(v).toFixed(1);
    parts.push(`<line class="xgrid" x1="${xx}" x2="${xx}" y1="${T}" y2="${plotBottom}"/><text class="tick" x="${xx}" y="${plotBottom + 17}" text-anchor="middle">${esc(formatValue(v, f))}</text>`);
  }
  parts.push(`<text class="axis-title" x="${((L + W - R) / 2).toFixed(1)}" y="${plotBottom + 36}" text-anchor="middle">${esc(opts.xTitle)}</text>`);
  if (opts.reference !== undefined) {
    const xr = x(opts.reference).toFixed(1);
    parts.push(`<line class="ref" x1="${xr}" x2="${xr}" y1="${T}" y2="${plotBottom}" stroke="#6b7280" stroke-dasharray="4,3"/>`);
  }
  rows.forEach((r, i) => {
    const cy = (band(String(i))! + band.bandwidth() / 2).toFixed(1);
    parts.push(`<text class="tick rowlabel" x="${L - 8}" y="${(Number(cy) + 4).toFixed(1)}" text-anchor="end">${esc(r.label)}</text>`);
    if (r.mean === null) {
      parts.push(`<text class="tick na" x="${L + 6}" y="${(Number(cy) + 4).toFixed(1)}">n/a</text>`);
      return;
    }
    const c = r.color ?? COLORS[0];
    const tip = `<title>${esc(r.title ?? `${r.label}: ${formatValue(r.mean, f)}`)}</title>`;
    if (r.lo !== null && r.lo !== undefined && r.hi !== null && r.hi !== undefined)
      parts.push(`<line class="ci" x1="${x(r.lo).toFixed(1)}" x2="${x(r.hi).toFixed(1)}" y1="${cy}" y2="${cy}" stroke="${c}" stroke-width="2.4"/><line x1="${x(r.lo).toFixed(1)}" x2="${x(r.lo).toFixed(1)}" y1="${Number(cy) - 6}" y2="${Number(cy) + 6}" stroke="${c}" stroke-width="1.6"/><line x1="${x(r.hi).toFixed(1)}" x2="${x(r.hi).toFixed(1)}" y1="${Number(cy) - 6}" y2="${Number(cy) + 6}" stroke="${c}" stroke-width="1.6"/>`);
    parts.push(`<circle class="dot" cx="${x(r.mean).toFixed(1)}" cy="${cy}" r="5" fill="${c}">${tip}</circle>`);
  });
  return (
    `<figure class="chart interval ${opts.className ?? ''}" id="${id}"><figcaption>${esc(title)}${opts.note ? `<span class="note">${esc(opts.note)}</span>` : ''}</figcaption>` +
    `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">${parts.join('')}</svg></figure>`
  );
}

/** One point of a scatter chart with intervals on both axes. */
export interface ScatterPoint {
  label: string;
  x: number;
  y: number;
  x0?: number | null;
  x1?: number | null;
  y0?: number | null;
  y1?: number | null;
  color?: string;
  title?: string;
}

/**
 * A trade-off chart: one point per policy at (x mean, y mean) with its confidence interval on both
 * axes; points at the same place share one label; labels are nudged apart so none overlaps another.
 */
export function scatterChart(title: string, pts: ScatterPoint[], opts: { xTitle: string; yTitle: string; xFormat?: ValueFormat; yFormat?: ValueFormat; width?: number; height?: number; note?: string }): string {
  const id = nextChartId('s');
  const W = opts.width ?? 540;
  const H = opts.height ?? 320;
  const fx = opts.xFormat ?? 'number';
  const fy = opts.yFormat ?? 'number';
  const ext = (vals: (number | null | undefined)[]): [number, number] => {
    const v = vals.filter((a): a is number => a !== null && a !== undefined && Number.isFinite(a));
    let lo = Math.min(...v);
    let hi = Math.max(...v);
    if (!v.length) return [0, 1];
    if (lo > 0 && lo < hi * 0.5) lo = 0;
    if (hi === lo) ((lo = lo === 0 ? 0 : lo * 0.9), (hi = hi === 0 ? 1 : hi * 1.1));
    const pad = (hi - lo) * 0.08;
    return [lo === 0 ? 0 : lo - pad, hi + pad];
  };
  const [xl, xh] = ext(pts.flatMap((p) => [p.x, p.x0, p.x1]));
  const [yl, yh] = ext(pts.flatMap((p) => [p.y, p.y0, p.y1]));
  const yProbe = scaleLinear().domain([yl, yh]).nice(5);
  const L = Math.ceil(Math.max(...yProbe.ticks(5).map((v) => textWidth(formatValue(v, fy)))) + 32);
  const R = 16;
  const T = 14;
  const B = 46;
  // labels on the right of points need room: the x-range leaves a fifth on the right
  const x = scaleLinear().domain([xl, xh + (xh - xl) * 0.25]).range([L, W - R]).nice(5);
  const y = scaleLinear().domain([yl, yh]).range([H - B, T]).nice(5);
  const parts: string[] = [];
  for (const v of y.ticks(5)) parts.push(`<line class="grid" x1="${L}" x2="${W - R}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/><text class="tick" x="${L - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${esc(formatValue(v, fy))}</text>`);
  for (const v of x.ticks(Math.max(2, Math.floor((W - L - R) / 80)))) parts.push(`<line class="xgrid" x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${T}" y2="${H - B}"/><text class="tick" x="${x(v).toFixed(1)}" y="${H - B + 17}" text-anchor="middle">${esc(formatValue(v, fx))}</text>`);
  parts.push(`<line class="baseline" x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}"/>`);
  parts.push(`<text class="axis-title" x="${((L + W - R) / 2).toFixed(1)}" y="${H - 8}" text-anchor="middle">${esc(opts.xTitle)}</text>`);
  parts.push(`<text class="axis-title" transform="translate(14,${((T + H - B) / 2).toFixed(1)}) rotate(-90)" text-anchor="middle">${esc(opts.yTitle)}</text>`);
  // points at the same place share a label
  const groups = new Map<string, ScatterPoint[]>();
  for (const p of pts) {
    const k = `${x(p.x).toFixed(0)},${y(p.y).toFixed(0)}`;
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  const labels: { x: number; y: number; text: string }[] = [];
  for (const g of groups.values()) {
    for (const p of g) {
      const c = p.color ?? COLORS[0];
      const px = x(p.x);
      const py = y(p.y);
      if (p.x0 != null && p.x1 != null) parts.push(`<line class="ci" x1="${x(p.x0).toFixed(1)}" x2="${x(p.x1).toFixed(1)}" y1="${py.toFixed(1)}" y2="${py.toFixed(1)}" stroke="${c}" stroke-width="1.6"/>`);
      if (p.y0 != null && p.y1 != null) parts.push(`<line class="ci" x1="${px.toFixed(1)}" x2="${px.toFixed(1)}" y1="${y(p.y0).toFixed(1)}" y2="${y(p.y1).toFixed(1)}" stroke="${c}" stroke-width="1.6"/>`);
      parts.push(`<circle class="dot" cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="5.5" fill="${c}" fill-opacity="0.85" stroke="#fff"><title>${esc(p.title ?? p.label)}</title></circle>`);
    }
    labels.push({ x: x(g[0].x) + 9, y: y(g[0].y) + 4, text: g.map((p) => p.label).join(', ') });
  }
  // nudge labels apart vertically
  labels.sort((a, b) => a.y - b.y);
  for (let i = 1; i < labels.length; i++) {
    const a = labels[i - 1];
    const b = labels[i];
    const overlapX = a.x < b.x + textWidth(b.text) && b.x < a.x + textWidth(a.text);
    if (overlapX && b.y - a.y < 15) b.y = a.y + 15;
  }
  for (const l of labels) {
    const lx = Math.min(l.x, W - R - textWidth(l.text));
    parts.push(`<text class="tick plabel" x="${lx.toFixed(1)}" y="${Math.min(l.y, H - B - 4).toFixed(1)}">${esc(l.text)}</text>`);
  }
  return (
    `<figure class="chart scatter" id="${id}"><figcaption>${esc(title)}${opts.note ? `<span class="note">${esc(opts.note)}</span>` : ''}</figcaption>` +
    `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">${parts.join('')}</svg></figure>`
  );
}

/** The stylesheet of charts (shared by the run, bench and compare pages). */
export const CHART_CSS = `
figure.chart{margin:0;border:1px solid #e5e7eb;border-radius:8px;padding:10px 12px;background:#fff;min-width:0}
figure.chart figcaption{font-weight:600;margin-bottom:4px;font-size:15px}
figure.chart .note{display:block;font-weight:normal;font-size:12px;color:#92400e}
figure.chart>svg{display:block;width:100%;height:auto;max-width:none;overflow:visible}
figure.chart>svg text{font-size:${FONT}px;fill:#374151}
figure.chart .axis-title{fill:#111827;font-weight:600}
.grid,.xgrid{stroke:#eef0f3}.baseline{stroke:#9ca3af}
.legend{font-size:13px;display:flex;flex-wrap:wrap;gap:2px 14px;margin:0 0 2px}
.key{white-space:nowrap}.key .sw{vertical-align:middle;margin-right:4px}.key small{color:#6b7280;font-size:12px}.mkey b{font-size:14px}
.marker{cursor:help}.marker text.glyph{font-size:14px}.marker:hover .mline{stroke-width:2.6;stroke-dasharray:none}
.overlay{cursor:crosshair}
.spark{display:block}
#readout{position:fixed;pointer-events:none;background:rgba(17,24,39,.92);color:#fff;font-size:12px;line-height:1.35;padding:6px 8px;border-radius:6px;display:none;z-index:10;max-width:360px}
#readout i{display:inline-block;width:9px;height:9px;border-radius:2px;margin-right:5px}
.zoombar{position:sticky;top:0;z-index:5;background:#fffbeb;border:1px solid #fde68a;border-radius:6px;padding:4px 10px;margin:6px 0;display:none}
`;

/**
 * The inline script of a page with time charts: a hover read-out (time and every series' value),
 * drag on a chart to zoom every time chart to that window, double-click or "reset" to zoom out.
 * Only x moves: the plot is transformed, the time ticks are redrawn, markers follow.
 */
export const CHART_SCRIPT = `
(function () {
  var NS = 'http://www.w3.org/2000/svg';
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function fmtT(t, sec) { t = Math.round(t); var h = Math.floor(t / 3600), m = Math.floor(t % 3600 / 60), s = t % 60; return h + ':' + pad(m) + (sec ? ':' + pad(s) : ''); }
  function compact(v) { var a = Math.abs(v); if (a >= 1e9) return +(v / 1e9).toFixed(2) + 'G'; if (a >= 1e6) return +(v / 1e6).toFixed(2) + 'M'; if (a >= 1e4) return +(v / 1e3).toFixed(1) + 'k'; return String(+v.toFixed(a >= 100 ? 1 : 3)); }
  function bytes(v) { var u = ['', 'Ki', 'Mi', 'Gi', 'Ti'], i = 0; while (Math.abs(v) >= 1024 && i < 4) { v /= 1024; i++; } return +v.toFixed(1) + u[i]; }
  function fmtV(v, f) { if (v === undefined || v === null) return '—'; switch (f) { case 'percent': return compact(v) + '%'; case 'money': return '$' + v.toFixed(2); case 'bytes': return bytes(v); case 'minutes': return compact(v) + ' min'; case 'seconds': return compact(v) + ' s'; default: return compact(v); } }
  function at(s, t) { var lo = 0, hi = s.t.length - 1; if (hi < 0 || s.t[0] > t) return undefined; while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (s.t[mid] <= t) lo = mid; else hi = mid - 1; } return s.v[lo]; }
  var STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];
  var charts = [].slice.call(document.querySelectorAll('figure.chart[data-x0]')).map(function (f) {
    var dataEl = f.querySelector('script.chart-data');
    return { f: f, svg: f.querySelector(':scope > svg'), x0: +f.dataset.x0, x1: +f.dataset.x1, from: +f.dataset.from, to: +f.dataset.to, data: dataEl ? JSON.parse(dataEl.textContent) : { lines: [] } };
  });
  var view = null; // [a, b] or null
  var box = document.createElement('div'); box.id = 'readout'; document.body.appendChild(box);
  var bar = document.querySelector('.zoombar');
  function tx(c, t) { var a = view ? view[0] : c.from, b = view ? view[1] : c.to; return c.x0 + (c.x1 - c.x0) * (t - a) / (b - a); }
  function tOf(c, px) { var a = view ? view[0] : c.from, b = view ? view[1] : c.to; return a + (b - a) * (px - c.x0) / (c.x1 - c.x0); }
  function svgX(c, ev) { var r = c.svg.getBoundingClientRect(); return (ev.clientX - r.left) * c.svg.viewBox.baseVal.width / r.width; }
  function apply() {
    charts.forEach(function (c) {
      var a = view ? view[0] : c.from, b = view ? view[1] : c.to, k = (c.to - c.from) / (b - a);
      var plot = c.svg.querySelector('.plot');
      var shift = c.x0 - k * (c.x0 + (c.x1 - c.x0) * (a - c.from) / (c.to - c.from));
      plot.setAttribute('transform', view ? 'translate(' + shift + ',0) scale(' + k + ',1)' : '');
      c.svg.querySelectorAll('.marker').forEach(function (m) {
        var t = +m.dataset.t, x = tx(c, t), out = t < a || t > b;
        m.style.display = out ? 'none' : '';
        m.querySelectorAll('line').forEach(function (l) { l.setAttribute('x1', x); l.setAttribute('x2', x); });
        var g = m.querySelector('text'); if (g) g.setAttribute('x', x);
      });
      var axis = c.svg.querySelector('.xaxis'); var yTop = +c.svg.querySelector('.overlay').getAttribute('y'), yBase = yTop + +c.svg.querySelector('.overlay').getAttribute('height');
      var n = Math.max(2, Math.floor((c.x1 - c.x0) / 80)), step = STEPS[STEPS.length - 1];
      for (var i = 0; i < STEPS.length; i++) if ((b - a) / STEPS[i] <= n) { step = STEPS[i]; break; }
      var sec = step < 60; while (axis.firstChild) axis.removeChild(axis.firstChild);
      for (var t = Math.ceil(a / step) * step; t <= b + 1e-9; t += step) {
        var x = tx(c, t), gl = document.createElementNS(NS, 'line'), tt = document.createElementNS(NS, 'text');
        gl.setAttribute('class', 'xgrid'); gl.setAttribute('x1', x); gl.setAttribute('x2', x); gl.setAttribute('y1', yTop); gl.setAttribute('y2', yBase);
        tt.setAttribute('class', 'tick'); tt.setAttribute('x', x); tt.setAttribute('y', yBase + 17); tt.setAttribute('text-anchor', 'middle'); tt.textContent = fmtT(t, sec);
        axis.appendChild(gl); axis.appendChild(tt);
      }
    });
    if (bar) { bar.style.display = view ? 'block' : 'none'; var s = bar.querySelector('span'); if (s && view) s.textContent = fmtT(view[0], true) + ' – ' + fmtT(view[1], true); }
  }
  charts.forEach(function (c) {
    var ov = c.svg.querySelector('.overlay'); if (!ov) return;
    var cross = document.createElementNS(NS, 'line'); cross.setAttribute('class', 'cross'); cross.setAttribute('stroke', '#111827'); cross.setAttribute('stroke-width', '1'); cross.setAttribute('y1', ov.getAttribute('y')); cross.setAttribute('y2', +ov.getAttribute('y') + +ov.getAttribute('height')); cross.style.display = 'none'; cross.style.pointerEvents = 'none';
    var sel = document.createElementNS(NS, 'rect'); sel.setAttribute('class', 'sel'); sel.setAttribute('fill', 'rgba(37,99,235,.15)'); sel.setAttribute('y', ov.getAttribute('y')); sel.setAttribute('height', ov.getAttribute('height')); sel.style.display = 'none'; sel.style.pointerEvents = 'none';
    c.svg.appendChild(cross); c.svg.appendChild(sel);
    var down = null;
    ov.addEventListener('mousemove', function (ev) {
      var px = svgX(c, ev), t = tOf(c, px);
      cross.setAttribute('x1', px); cross.setAttribute('x2', px); cross.style.display = '';
      if (down !== null) { sel.setAttribute('x', Math.min(down, px)); sel.setAttribute('width', Math.abs(px - down)); sel.style.display = ''; }
      var html = '<b>' + fmtT(t, true) + '</b>';
      c.data.lines.forEach(function (l) { html += '<br><i style="background:' + l.color + '"></i>' + l.label.replace(/</g, '&lt;') + ': ' + fmtV(at(l, t), l.f); });
      box.innerHTML = html; box.style.display = 'block';
      var bx = ev.clientX + 14, by = ev.clientY + 14; if (bx + box.offsetWidth > innerWidth - 8) bx = ev.clientX - box.offsetWidth - 14; if (by + box.offsetHeight > innerHeight - 8) by = ev.clientY - box.offsetHeight - 14;
      box.style.left = bx + 'px'; box.style.top = by + 'px';
    });
    ov.addEventListener('mouseleave', function () { cross.style.display = 'none'; box.style.display = 'none'; });
    ov.addEventListener('mousedown', function (ev) { down = svgX(c, ev); ev.preventDefault(); });
    window.addEventListener('mouseup', function (ev) {
      if (down === null) return;
      var px = svgX(c, ev), a = tOf(c, Math.min(down, px)), b = tOf(c, Math.max(down, px)); down = null; sel.style.display = 'none';
      if (Math.abs(tx(c, b) - tx(c, a)) < 6) return;
      view = [Math.max(c.from, a), Math.min(c.to, b)]; apply();
    });
    ov.addEventListener('dblclick', function () { view = null; apply(); });
  });
  document.querySelectorAll('[data-zoom-reset]').forEach(function (b) { b.addEventListener('click', function () { view = null; apply(); }); });
  window.kubesimZoom = function (a, b) { view = a === undefined ? null : [a, b]; apply(); };
})();
`;
