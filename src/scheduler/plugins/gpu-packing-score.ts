/**
 * GpuPackingScore: the paper's "Packing" baseline (§6.1): prefer GPUs already shared, then free
 * GPUs on a used node, then a free node. Scores: [50,100] when the pod fits on used GPUs
 * (100 − ⌊Σ free % of those GPUs / 10⌋), [33,50] when it must take fully free GPUs of a used node
 * (50 − number taken), [0,33] on a node whose GPUs are all free (max(33 − free GPUs, free GPUs));
 * a pod without GPU scores 0. GPUs inside the node: Open-Gpu-Share `best`.
 * follows pkg/simulator/plugin/gpu_packing_score.go getPackingScore of
 * github.com/hkust-adsl/kubernetes-scheduler-simulator (integer arithmetic as there).
 */
import { MILLI } from '../../model/gpu.ts';
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import { MAX_NODE_SCORE, MIN_NODE_SCORE, type CycleState, type PluginFactory, type SchedulerPlugin } from '../framework/types.ts';
import { gpuLeft } from './gpu-frag.ts';

/** Plugin name (simontype.GpuPackingScorePluginName). */
export const NAME = 'GpuPackingScore';

/** getPackingScore over the devices' milli-GPU left; null when the pod does not fit (an error there). */
export function packingScore(left: ArrayLike<number>, milli: number, count: number): number | null {
  let fullyFree = 0;
  for (let i = 0; i < left.length; i++) if (left[i] === MILLI) fullyFree++;
  if (fullyFree === left.length) return Math.max(Math.trunc(MAX_NODE_SCORE / 3) - fullyFree, fullyFree);
  const order = Array.from({ length: left.length }, (_, i) => i).sort((a, b) => left[a] - left[b] || a - b);
  let req = count;
  let freeToUse = 0;
  const use: number[] = [];
  for (const i of order) {
    if (req === 0) break;
    if (milli <= left[i]) {
      req--;
      use.push(i);
      if (left[i] === MILLI) freeToUse++;
    }
  }
  if (req !== 0) return null;
  if (freeToUse > 0) return Math.max(Math.trunc(MAX_NODE_SCORE / 2) - freeToUse, Math.trunc(MAX_NODE_SCORE / 3));
  let freeRatio = 0;
  for (const i of use) freeRatio += Math.trunc((left[i] * 100) / MILLI);
  return Math.max(MAX_NODE_SCORE - Math.trunc(freeRatio / 10), Math.trunc(MAX_NODE_SCORE / 2));
}

function score(pod: PodInfo, node: NodeInfo): number {
  const g = pod.gpu;
  if (!g) return MIN_NODE_SCORE;
  return packingScore(gpuLeft(node), g.milli, g.count) ?? MIN_NODE_SCORE;
}

/** The GpuPackingScore plugin (no args). */
export const newGpuPackingScore: PluginFactory = (): SchedulerPlugin => ({
  name: NAME,
  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    return score(pod, node);
  },
  scoreNodes(_state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void {
    for (let i = 0; i < nodes.length; i++) scores[i] = score(pod, nodes[i]);
  },
});
