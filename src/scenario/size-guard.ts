/**
 * Scale guard: before a run starts, estimate what it will hold in memory (nodes, pods, recorded
 * samples) and how many ticks it may execute, and refuse, with the field to change and the flag
 * to force it, a run that would exceed the memory this process may use — rather than dying in a
 * V8 out-of-memory abort minutes later.
 */
import { getHeapStatistics } from 'node:v8';
import type { Checker } from '../manifests/check.ts';
import type { FieldPath } from '../manifests/path.ts';
import type { KubeObject } from '../model/types.ts';
import type { Scenario } from './types.ts';

/** Heap per simulated pod (model ~0.75 KiB, measured in reports/bench-model.md, plus runtime, events and series). */
export const BYTES_PER_POD = 3 * 1024;
/** Heap per node (NodeInfo, node table row, labels, DaemonSet pods' bookkeeping). */
export const BYTES_PER_NODE = 24 * 1024;
/** Heap per recorded sample (time and value in result.json's samples and series). */
export const BYTES_PER_SAMPLE = 24;
/** More executed ticks than this (over ten years of 1-second ticks) is refused. */
export const MAX_TICKS = 320_000_000;

/** What a run is expected to hold. */
export interface RunSize {
  nodes: number;
  pods: number;
  ticks: number;
  bytes: number;
  /** The field that contributes most, for the message. */
  largest: { path: FieldPath; what: string };
}

function num(v: unknown, dflt: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : dflt;
}

/** Pods the scenario's workloads may run at once (replicas, an HPA's maxReplicas, Job parallelism), and DaemonSets × nodes. */
function podEstimate(objects: readonly KubeObject[], nodes: number): { pods: number; largest?: { path: FieldPath; what: string; n: number } } {
  const hpaMax = new Map<string, number>();
  for (const o of objects) {
    if (o.kind !== 'HorizontalPodAutoscaler') continue;
    const spec = o.spec as { scaleTargetRef?: { kind?: string; name?: string }; maxReplicas?: number } | undefined;
    if (spec?.scaleTargetRef) hpaMax.set(`${spec.scaleTargetRef.kind}/${o.metadata.namespace ?? 'default'}/${spec.scaleTargetRef.name}`, num(spec.maxReplicas, 0));
  }
  let pods = 0;
  let largest: { path: FieldPath; what: string; n: number } | undefined;
  for (const o of objects) {
    const spec = (o.spec ?? {}) as Record<string, unknown>;
    let n = 0;
    let field = 'spec.replicas';
    switch (o.kind) {
      case 'Pod':
        n = 1;
        break;
      case 'Deployment':
      case 'ReplicaSet':
      case 'StatefulSet': {
        const key = `${o.kind}/${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;
        n = Math.max(num(spec.replicas, 1), hpaMax.get(key) ?? 0);
        break;
      }
      case 'Job':
        n = num(spec.completions, num(spec.parallelism, 1));
        field = 'spec.completions';
        break;
      case 'DaemonSet':
        n = nodes;
        field = 'spec';
        break;
      default:
        continue;
    }
    pods += n;
    if (!largest || n > largest.n) largest = { path: [], what: `${o.kind} ${o.metadata.namespace ?? 'default'}/${o.metadata.name} (${field}: ${n})`, n };
  }
  return { pods, largest };
}

/** Estimates a scenario's run. */
export function estimateRunSize(s: Scenario): RunSize {
  let nodes = 0;
  let largestNodes = { path: ['cluster', 'nodes'] as FieldPath, n: 0 };
  s.nodeGroups.forEach((g, i) => {
    nodes += g.count;
    if (g.count > largestNodes.n) largestNodes = { path: ['cluster', 'nodes', i, 'count'], n: g.count };
  });
  (s.autoscaledNodeGroups ?? []).forEach((g, i) => {
    nodes += g.maxSize;
    if (g.maxSize > largestNodes.n) largestNodes = { path: ['cluster', 'nodeGroups', i, 'maxSize'], n: g.maxSize };
  });
  for (const o of s.objects) if (o.kind === 'Node') nodes++;
  const { pods, largest } = podEstimate(s.objects, nodes);
  const ticks = Math.ceil(s.duration / s.tick) + 1;
  const samples = Math.ceil(s.duration / s.sampleEvery) + 1;
  const series = 16 + s.objects.length * 6 + (s.autoscaledNodeGroups?.length ?? 0) * 2;
  const bytes = nodes * BYTES_PER_NODE + pods * BYTES_PER_POD + samples * series * BYTES_PER_SAMPLE;
  const nodeBytes = nodes * BYTES_PER_NODE;
  const podBytes = pods * BYTES_PER_POD;
  const sampleBytes = samples * series * BYTES_PER_SAMPLE;
  const biggest =
    sampleBytes >= nodeBytes && sampleBytes >= podBytes
      ? { path: ['duration'] as FieldPath, what: `${samples.toLocaleString('en-US')} samples of ${series} series (duration / sampleEvery)` }
      : podBytes >= nodeBytes && largest
        ? { path: ['cluster', 'manifests'] as FieldPath, what: `the workloads (most: ${largest.what})` }
        : { path: largestNodes.path, what: `${largestNodes.n.toLocaleString('en-US')} nodes` };
  return { nodes, pods, ticks, bytes, largest: biggest };
}

function gib(b: number): string {
  return `${(b / 1024 ** 3).toFixed(1)} GiB`;
}

/**
 * Refuses (a located error at the largest contributor) a run whose estimate exceeds 80 % of the
 * V8 heap limit, or whose ticks exceed {@link MAX_TICKS}, unless `force`.
 */
export function guardRunSize(c: Checker, s: Scenario, force: boolean): void {
  if (force) return;
  const size = estimateRunSize(s);
  const limit = getHeapStatistics().heap_size_limit * 0.8;
  if (size.bytes > limit) {
    c.fail(
      size.largest.path,
      `this run would need about ${gib(size.bytes)} (${size.nodes.toLocaleString('en-US')} nodes, ${size.pods.toLocaleString('en-US')} pods; largest: ${size.largest.what}), more than the ${gib(limit)} this process may use. Lower it, or run with --force (and more heap: NODE_OPTIONS=--max-old-space-size=MiB)`,
    );
  }
  if (size.ticks > MAX_TICKS) {
    c.fail(['duration'], `${size.ticks.toLocaleString('en-US')} ticks (duration / tick) is more than ${MAX_TICKS.toLocaleString('en-US')}: lengthen \`tick\`, shorten \`duration\`, or run with --force`);
  }
}
