/**
 * BestFitScore: the paper's "Best-fit" baseline (§6.1): the node left with the least free
 * resources after placing the pod. raw = ⌊100 · (1 − ½ (cpu_free − cpu_req)/128 CPUs − ½ (gpu_free − gpu_req)/8 GPUs)⌋,
 * then min–max normalized over the feasible nodes (all 0 when equal). GPUs inside the node:
 * Open-Gpu-Share `best`.
 * follows pkg/simulator/plugin/best_fit_score.go getBestFitScore and plugin_utils.go NormalizeScore
 * of github.com/hkust-adsl/kubernetes-scheduler-simulator.
 */
import { MAX_SPEC_CPU, MAX_SPEC_GPU } from '../../model/gpu.ts';
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import { MAX_NODE_SCORE, MIN_NODE_SCORE, type CycleState, type PluginFactory, type SchedulerPlugin, type Status } from '../framework/types.ts';
import { cpuLeft, podRes, type GpuPodRes } from './gpu-frag.ts';

/** Plugin name (simontype.BestFitScorePluginName). */
export const NAME = 'BestFitScore';

/** The raw best-fit score (0 where the simulator reports an error: the pod does not fit). */
export function bestFitScore(node: NodeInfo, res: GpuPodRes): number {
  const free = [cpuLeft(node), node.gpu?.totalLeft ?? 0];
  const req = [res.cpu, res.milli * res.count];
  const max = [MAX_SPEC_CPU, MAX_SPEC_GPU];
  let s = 0;
  for (let i = 0; i < 2; i++) {
    if (free[i] < req[i]) return MIN_NODE_SCORE;
    s += ((free[i] - req[i]) / max[i]) * 0.5;
  }
  return Math.trunc((1.0 - s) * MAX_NODE_SCORE);
}

/** plugin_utils.go NormalizeScore: min–max to [0, 100] in integers; all 0 when the range is 0. */
export function minMaxNormalize(scores: number[]): void {
  let hi = -Infinity;
  let lo = Infinity;
  for (const s of scores) {
    if (s > hi) hi = s;
    if (s < lo) lo = s;
  }
  const range = hi - lo;
  for (let i = 0; i < scores.length; i++) scores[i] = range === 0 ? MIN_NODE_SCORE : Math.trunc(((scores[i] - lo) * (MAX_NODE_SCORE - MIN_NODE_SCORE)) / range) + MIN_NODE_SCORE;
}

/** The BestFitScore plugin (no args). */
export const newBestFitScore: PluginFactory = (): SchedulerPlugin => ({
  name: NAME,
  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    return bestFitScore(node, podRes(pod));
  },
  scoreNodes(_state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void {
    const res = podRes(pod);
    for (let i = 0; i < nodes.length; i++) scores[i] = bestFitScore(nodes[i], res);
  },
  normalizeScore(_state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], scores: number[]): Status | null {
    minMaxNormalize(scores);
    return null;
  },
});
