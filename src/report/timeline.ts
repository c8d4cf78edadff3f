/**
 * The story of a run: which events are notable (scenario actions, rollouts, node failures and
 * recoveries, drains, HPA rescales, preemptions, node autoscaling), how each is drawn (lane,
 * glyph, colour), the message upstream writes for every event (what `kubectl get events` would
 * show, never JSON), the vertical markers of the charts and the timeline strip above them.
 */
import type { EngineEvent } from '../engine/engine.ts';
import { formatDuration } from '../engine/time.ts';
import { esc, formatSimTime, nextChartId, timeTicks, type ChartMarker, type MarkerKey } from './chart.ts';
import { scaleLinear } from 'd3-scale';

/** A lane of the timeline strip. */
export type Lane = 'workloads' | 'hpa' | 'nodes' | 'pods' | 'autoscaler';

export const LANES: { lane: Lane; label: string }[] = [
  { lane: 'workloads', label: 'workloads' },
  { lane: 'hpa', label: 'HPA' },
  { lane: 'nodes', label: 'nodes' },
  { lane: 'pods', label: 'pods' },
  { lane: 'autoscaler', label: 'node autoscaler' },
];

/** How one kind of notable event is drawn. */
export interface MarkerStyle {
  lane: Lane;
  glyph: string;
  color: string;
  label: string;
  plural: string;
  /** preferred glyph row in the charts */
  row?: number;
}

/** The marker kinds (keys are CSS class suffixes). */
export const MARKER_STYLES: Record<string, MarkerStyle> = {
  rollout: { lane: 'workloads', glyph: '◆', color: '#2563eb', label: 'rollout started', plural: 'rollouts started' },
  'rollout-done': { lane: 'workloads', glyph: '✓', color: '#15803d', label: 'rollout complete', plural: 'rollouts complete' },
  'rollout-stuck': { lane: 'workloads', glyph: '✖', color: '#be123c', label: 'rollout stuck', plural: 'rollouts stuck' },
  rollback: { lane: 'workloads', glyph: '↺', color: '#c2410c', label: 'rollback', plural: 'rollbacks' },
  scale: { lane: 'workloads', glyph: '⇅', color: '#4b5563', label: 'manual scale', plural: 'manual scales' },
  'hpa-up': { lane: 'hpa', glyph: '⬆', color: '#7c3aed', label: 'HPA scale-up', plural: 'HPA scale-ups' },
  'hpa-down': { lane: 'hpa', glyph: '⬇', color: '#a855f7', label: 'HPA scale-down', plural: 'HPA scale-downs' },
  'node-failure': { lane: 'nodes', glyph: '✕', color: '#dc2626', label: 'node failure', plural: 'node failures' },
  'node-ready': { lane: 'nodes', glyph: '✓', color: '#16a34a', label: 'node recovered', plural: 'nodes recovered' },
  'node-added': { lane: 'nodes', glyph: '+', color: '#0891b2', label: 'node added', plural: 'nodes added' },
  cordon: { lane: 'nodes', glyph: '⊘', color: '#b45309', label: 'cordon / drain', plural: 'cordons / drains' },
  'node-removing': { lane: 'nodes', glyph: '−', color: '#6b7280', label: 'node removed', plural: 'nodes removed' },
  spot: { lane: 'nodes', glyph: '⚡', color: '#dc2626', label: 'spot interruption', plural: 'spot interruptions' },
  preemption: { lane: 'pods', glyph: '★', color: '#ea580c', label: 'preemption', plural: 'preemptions' },
  eviction: { lane: 'pods', glyph: '●', color: '#9f1239', label: 'eviction', plural: 'evictions' },
  'eviction-blocked': { lane: 'pods', glyph: '◇', color: '#9f1239', label: 'eviction blocked (PDB)', plural: 'evictions blocked (PDB)' },
  'scale-up': { lane: 'autoscaler', glyph: '▲', color: '#15803d', label: 'scale-up', plural: 'scale-ups' },
  removed: { lane: 'autoscaler', glyph: '▼', color: '#b45309', label: 'node removed', plural: 'nodes removed' },
  failed: { lane: 'autoscaler', glyph: '✕', color: '#be123c', label: 'scale-up failed', plural: 'failed scale-ups', row: 1 },
};

/** The autoscaler's three marker kinds (kept for the autoscaler section's legend). */
export const AUTOSCALER_KINDS = ['scale-up', 'removed', 'failed'] as const;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const name = (object: string): string => object.slice(object.indexOf(' ') + 1);

/**
 * The marker kind of an event, or undefined when it is not notable. `state` carries what came
 * before (rollouts started, nodes failed) so that the start-up's own rollouts do not count.
 */
export function markerKindOf(e: EngineEvent, state: { rolling: Set<string>; down: Set<string>; caRemoved?: Set<string> }): string | undefined {
  switch (e.kind) {
    case 'RolloutStarted':
      state.rolling.add(e.object);
      return 'rollout';
    case 'RolloutComplete':
      return state.rolling.delete(e.object) ? 'rollout-done' : undefined;
    case 'ProgressDeadlineExceeded':
      return 'rollout-stuck';
    case 'RollbackRequested':
      state.rolling.add(e.object);
      return 'rollback';
    case 'ScaleRequested':
      return 'scale';
    case 'SuccessfulRescale':
      return Number(e.to) >= Number(e.from) ? 'hpa-up' : 'hpa-down';
    case 'NodeFailure':
      state.down.add(e.object);
      return 'node-failure';
    case 'NodeReady':
      return state.down.delete(e.object) ? 'node-ready' : undefined;
    case 'NodeAdded':
      return 'node-added';
    case 'NodeNotSchedulable':
      return 'cordon';
    case 'RemovingNode':
      // the autoscaler's removals have their own marker
      return state.caRemoved?.has(e.object) ? undefined : 'node-removing';
    case 'SpotInterruption':
      return 'spot';
    case 'Preempted':
      return 'preemption';
    case 'TaintManagerEviction':
    case 'Evicted':
      return 'eviction';
    case 'EvictionBlocked':
      return 'eviction-blocked';
    // upstream announces a resize twice ("setting group size to", then "group size set to"): one marker, for the done resize
    case 'ScaledUpGroup':
      return str(e.message)?.includes('size set to') ? 'scale-up' : undefined;
    case 'FailedToScaleUpGroup':
      return 'failed';
    case 'ScaleDown':
    case 'ScaleDownEmpty':
      state.caRemoved?.add(e.object);
      return str(e.message)?.includes('removed') ? 'removed' : undefined;
  }
  return undefined;
}

/** A notable event: its marker kind, time and message. */
export interface Notable {
  t: number;
  kind: string;
  object: string;
  message: string;
}

/** The notable events of a run, in time order. */
export function notableEvents(events: readonly EngineEvent[], only?: ReadonlySet<string>): Notable[] {
  const state = { rolling: new Set<string>(), down: new Set<string>(), caRemoved: new Set<string>() };
  const out: Notable[] = [];
  for (const e of events) {
    const kind = markerKindOf(e, state);
    if (!kind || (only && !only.has(kind))) continue;
    out.push({ t: e.t, kind, object: e.object, message: eventMessage(e) });
  }
  return out;
}

const MAX_LINES = 12;

/** Seconds of a run that one glyph (~15 px of a 440-px plot) stands for: closer events of a kind share a marker. */
export function markerGap(duration: number): number {
  return (15 * Math.max(duration, 1)) / 440;
}

/**
 * Markers of notable events: events of one kind less than `minGap` seconds after the first of a
 * run of them share a marker (drawn at that first event), its title listing their messages.
 */
export function groupMarkers(items: readonly Notable[], minGap = 0): ChartMarker[] {
  const groups: { t: number; last: number; kind: string; messages: string[] }[] = [];
  const open = new Map<string, (typeof groups)[number]>();
  for (const e of items) {
    let g = open.get(e.kind);
    if (!g || e.t - g.t > minGap) {
      g = { t: e.t, last: e.t, kind: e.kind, messages: [] };
      groups.push(g);
      open.set(e.kind, g);
    }
    g.last = e.t;
    g.messages.push(e.message);
  }
  return groups.map((g) => {
    const n = g.messages.length;
    const st = MARKER_STYLES[g.kind];
    const when = g.last > g.t ? `between ${formatDuration(g.t)} and ${formatDuration(g.last)}` : `at ${formatDuration(g.t)}`;
    const head = n === 1 ? formatDuration(g.t) : `${n} ${st.plural} ${when}`;
    const shown = g.messages.slice(0, MAX_LINES);
    if (n > MAX_LINES) shown.push(`… and ${n - MAX_LINES} more`);
    return { t: g.t, kind: g.kind, color: st.color, glyph: st.glyph, ...(st.row !== undefined ? { row: st.row } : {}), title: `${head}\n${shown.join('\n')}` };
  });
}

/** Markers of different kinds closer than `minGap` share the first one's glyph (their titles joined). */
export function mergeClose(markers: readonly ChartMarker[], minGap: number): ChartMarker[] {
  const out: ChartMarker[] = [];
  for (const m of [...markers].sort((a, b) => a.t - b.t)) {
    const prev = out[out.length - 1];
    if (prev && m.t - prev.t < minGap) prev.title += `\n\n${m.title}`;
    else out.push({ ...m });
  }
  return out;
}

/** Legend entries of the marker kinds present. */
export function markerKeys(markers: readonly ChartMarker[]): MarkerKey[] {
  const present = new Set(markers.map((m) => m.kind));
  return Object.entries(MARKER_STYLES)
    .filter(([k]) => present.has(k))
    .map(([, s]) => ({ glyph: s.glyph, color: s.color, label: s.label }));
}

/**
 * The message upstream writes for an event (the event's own `message` when it has one): what the
 * events table shows. Never JSON: other fields read as "key: value".
 */
export function eventMessage(e: EngineEvent): string {
  const m = str(e.message);
  if (m) return m;
  const n = name(e.object);
  switch (e.kind) {
    case 'Scheduled':
      return `Successfully assigned ${n} to ${String(e.node)}`;
    case 'Killing':
      return `Stopping container${e.container ? ` ${String(e.container)}` : 's'}${e.node ? ` (on ${String(e.node)})` : ''}`;
    case 'SuccessfulRescale':
      return `New size: ${String(e.to)}; reason: ${String(e.reason ?? 'metrics')}`;
    case 'NodeNotReady':
      return `Node ${n} status is now: NodeNotReady`;
    case 'NodeReady':
      return `Node ${n} status is now: NodeReady`;
    case 'NodeNotSchedulable':
      return `Node ${n} status is now: NodeNotSchedulable`;
    case 'NodeSchedulable':
      return `Node ${n} status is now: NodeSchedulable`;
    case 'RemovingNode':
      return `Node ${n} event: Removing Node ${n} from Controller`;
    case 'NodeAdded':
      return `Node ${n} event: Registered Node ${n} in Controller`;
    case 'NodeFailure':
      return `Node ${n} stopped posting node status (scenario: nodeFailure)`;
    case 'Preempting':
      return `Preempted by pod ${String(e.by)} on node ${String(e.node)}`;
    case 'Preempted': {
      const v = Array.isArray(e.victims) ? (e.victims as unknown[]).map(String) : [];
      return `Preempted ${v.length} pod${v.length === 1 ? '' : 's'} on node ${String(e.node)} to make room: ${v.join(', ')}`;
    }
    case 'Evicted':
      return `Evicted from node ${String(e.node)} (drain)`;
    case 'Completed':
      return e.object.startsWith('Job ') ? 'Job completed' : `Pod ${n} completed`;
    case 'RolloutStarted':
      return `Rollout started${e.image ? `: ${e.container ? `${String(e.container)} → ` : 'image '}${String(e.image)}` : ''}`;
    case 'RollbackRequested':
      return Number(e.revision) > 0 ? `Rollback to revision ${String(e.revision)} requested` : 'Rollback to the previous revision requested';
    case 'ScaleRequested':
      return `Scaled to ${String(e.replicas)} replicas (scenario: scale)`;
    case 'Paused':
      return 'Rollout paused (scenario: pause)';
    case 'Resumed':
      return e.object.startsWith('Job ') ? 'Job resumed' : 'Rollout resumed (scenario: resume)';
    case 'Applied':
      return `Applied ${String(e.objects)} object${e.objects === 1 ? '' : 's'} (scenario: apply)`;
    case 'PodGCOrphaned':
      return `Deleting orphaned pod: node ${String(e.node)} no longer exists`;
  }
  const { t: _t, kind: _k, object: _o, type: _type, ...rest } = e;
  return Object.entries(rest)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.map(String).join(', ') : v !== null && typeof v === 'object' ? Object.entries(v as Record<string, unknown>).map(([a, b]) => `${a}=${String(b)}`).join(' ') : String(v)}`)
    .join('; ');
}

/** The reason column of an event (upstream's event reason is our event kind; `type` Normal/Warning). */
export function eventType(e: EngineEvent): 'Normal' | 'Warning' {
  if (e.type === 'Warning') return 'Warning';
  return /Fail|Error|Unhealthy|Exceeded|Blocked|NotReady|Evict|Preempt|Killing|Orphaned|Interruption|BackOff|NotTrigger/.test(e.kind) && e.kind !== 'Killing' ? 'Warning' : 'Normal';
}

/**
 * The timeline strip: one lane per kind of story (workloads, HPA, nodes, pods, node autoscaler),
 * only the lanes with events, a glyph per (grouped) event with its messages on hover, the same
 * h:mm axis as the charts; it zooms with them.
 */
export function timelineStrip(items: readonly Notable[], duration: number, width = 1100): string {
  const lanes = LANES.filter((l) => items.some((e) => MARKER_STYLES[e.kind].lane === l.lane));
  if (!lanes.length) return '<p class="muted" id="timeline-empty">Nothing notable happened: no scenario events, rollouts, rescales, node changes or preemptions.</p>';
  const id = nextChartId('tl');
  const L = 130;
  const R = 16;
  const laneH = 26;
  const T = 6;
  const H = T + lanes.length * laneH + 26;
  const x = scaleLinear().domain([0, Math.max(duration, 1)]).range([L, width - R]);
  // one glyph per ~14 px of strip per kind
  const minGap = (14 * Math.max(duration, 1)) / (width - L - R);
  const parts: string[] = [];
  const { ticks, seconds } = timeTicks(0, duration, Math.floor((width - L - R) / 90));
  const base = T + lanes.length * laneH;
  const axis = ticks.map((t) => `<line class="xgrid" x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${T}" y2="${base}"/><text class="tick" x="${x(t).toFixed(1)}" y="${base + 17}" text-anchor="middle">${formatSimTime(t, seconds)}</text>`);
  parts.push(`<g class="xaxis">${axis.join('')}</g>`);
  const markerParts: string[] = [];
  lanes.forEach((l, i) => {
    const cy = T + i * laneH + laneH / 2;
    parts.push(`<rect x="${L}" y="${T + i * laneH + 2}" width="${width - L - R}" height="${laneH - 4}" fill="${i % 2 ? '#f9fafb' : '#f3f4f6'}"/>`);
    parts.push(`<text class="lane-label" x="${L - 8}" y="${cy + 4}" text-anchor="end">${esc(l.label)}</text>`);
    const laneItems = items.filter((e) => MARKER_STYLES[e.kind].lane === l.lane);
    for (const m of mergeClose(groupMarkers(laneItems, minGap), minGap)) {
      const mx = x(m.t).toFixed(1);
      markerParts.push(
        `<g class="marker tl-marker marker-${esc(m.kind)}" data-kind="${esc(m.kind)}" data-t="${m.t}"><line class="hit" x1="${mx}" x2="${mx}" y1="${cy - 11}" y2="${cy + 11}" stroke="transparent" stroke-width="12"/>` +
          `<text class="glyph" x="${mx}" y="${cy + 5}" text-anchor="middle" fill="${m.color}" style="fill:${m.color}">${esc(m.glyph)}</text><title>${esc(m.title)}</title></g>`,
      );
    }
  });
  parts.push(`<line class="baseline" x1="${L}" x2="${width - R}" y1="${base}" y2="${base}"/>`);
  parts.push(`<rect class="overlay" x="${L}" y="${T}" width="${width - L - R}" height="${base - T}" fill="transparent"/><g class="plot"></g>`);
  const keys = markerKeys(groupMarkers(items));
  const legend = `<div class="legend">${keys.map((k) => `<span class="key mkey"><b style="color:${k.color}">${esc(k.glyph)}</b> ${esc(k.label)}</span>`).join('')}</div>`;
  return (
    `<figure class="chart timeline" id="${id}" data-from="0" data-to="${Math.max(duration, 1)}" data-x0="${L}" data-x1="${width - R}" data-w="${width}">` +
    `<figcaption>Timeline <span class="muted">— hover a glyph for its events; drag on any chart to zoom every chart, double-click to zoom out</span></figcaption>` +
    `<svg viewBox="0 0 ${width} ${H}" width="${width}" height="${H}" role="img" aria-label="Timeline of notable events">${parts.join('')}${markerParts.join('')}<text class="axis-title" x="${L - 30}" y="${base + 17}" text-anchor="end">h:mm</text></svg>` +
    legend +
    `<script type="application/json" class="chart-data">{"lines":[]}</script></figure>`
  );
}
