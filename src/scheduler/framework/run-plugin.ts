/**
 * Runs one plugin's extension points over a cluster the way the framework does, for tests and
 * for `kubesim explain`: PreFilter → Filter per node; PreScore → Score per node → NormalizeScore.
 */
import type { ClusterState } from '../../model/cluster.ts';
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import { CycleState, isPreFilterResult, type SchedulerPlugin, type Status } from './types.ts';

/** Per-node filter outcome of one plugin: null = passed. */
export interface PluginFilterRun {
  /** The PreFilter status when it failed or skipped (Skip ⇒ every node passes). */
  preFilter: Status | null;
  /** Aligned with the nodes passed in. */
  statuses: (Status | null)[];
}

/** Runs PreFilter then Filter of `plugin` for `pod` on every node of `nodes` (default: all nodes). */
export function runFilterPlugin(
  plugin: SchedulerPlugin,
  cluster: ClusterState,
  pod: PodInfo,
  nodes: readonly NodeInfo[] = cluster.nodeList(),
  state: CycleState = new CycleState(),
): PluginFilterRun {
  let allowed: ReadonlySet<string> | null = null;
  let pre: Status | null = null;
  if (plugin.preFilter) {
    const out = plugin.preFilter(state, pod);
    if (isPreFilterResult(out)) allowed = out.nodeNames;
    else pre = out;
  }
  const statuses = nodes.map((n): Status | null => {
    if (pre && pre.code === 'Skip') return null;
    if (pre) return pre;
    if (allowed && !allowed.has(n.name)) return { code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't satisfy plugin(s) [" + plugin.name + ']'] };
    return plugin.filter ? plugin.filter(state, pod, n) : null;
  });
  return { preFilter: pre, statuses };
}

/** Raw and normalized scores of one plugin over `nodes` (treated as the feasible nodes). */
export interface PluginScoreRun {
  /** True when PreScore returned Skip (all scores 0). */
  skipped: boolean;
  raw: number[];
  normalized: number[];
}

/** Runs PreFilter (for state), PreScore, Score and NormalizeScore of `plugin` over `nodes`. */
export function runScorePlugin(
  plugin: SchedulerPlugin,
  cluster: ClusterState,
  pod: PodInfo,
  nodes: readonly NodeInfo[] = cluster.nodeList(),
  state: CycleState = new CycleState(),
): PluginScoreRun {
  const pre = plugin.preScore ? plugin.preScore(state, pod, nodes) : null;
  if (pre && pre.code === 'Skip') {
    const zeros = nodes.map(() => 0);
    return { skipped: true, raw: zeros, normalized: [...zeros] };
  }
  if (pre) throw new Error(`${plugin.name} PreScore: ${pre.code} ${pre.reasons.join(', ')}`);
  const raw = nodes.map((n) => (plugin.score ? plugin.score(state, pod, n) : 0));
  const normalized = [...raw];
  if (plugin.normalizeScore) {
    const st = plugin.normalizeScore(state, pod, nodes, normalized);
    if (st) throw new Error(`${plugin.name} NormalizeScore: ${st.reasons.join(', ')}`);
  }
  return { skipped: false, raw, normalized };
}
