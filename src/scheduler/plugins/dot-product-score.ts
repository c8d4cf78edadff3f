/**
 * DotProductScore: the paper's "DotProd" baseline (Tetris-style alignment, §6.1), as run in the
 * paper with `-dimext merge -norm max`: the node's free vector (CPU left, all milli-GPU left) and
 * the pod's request (CPU, milli-GPU × count), each divided by the largest node (128 CPUs, 8 GPUs);
 * score = ⌊100 · (1 − dot / 2)⌋ (a smaller dot product — a tighter fit — scores higher); 0 when the
 * CPU does not fit. GPUs inside the node: Open-Gpu-Share `best`.
 * follows pkg/simulator/plugin/dot_product_score.go and pkg/utils/utils.go GenerateSchedulingMatchGroups
 * (MergeGpuDim, NormByMax / NormByNode) of github.com/hkust-adsl/kubernetes-scheduler-simulator.
 * Args: dimExtMethod (only `merge`), normMethod (`max` default, or `node`).
 */
import { MAX_SPEC_CPU, MAX_SPEC_GPU, MILLI } from '../../model/gpu.ts';
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import { MAX_NODE_SCORE, MIN_NODE_SCORE, type CycleState, type PluginFactory, type SchedulerPlugin } from '../framework/types.ts';
import { cpuLeft, podRes, type GpuPodRes } from './gpu-frag.ts';

/** Plugin name (simontype.DotProductScorePluginName). */
export const NAME = 'DotProductScore';

/** The DotProd score of a node (calculateDotProductScore with merge). */
export function dotProductScore(node: NodeInfo, res: GpuPodRes, norm: 'max' | 'node' = 'max'): number {
  const cpu = cpuLeft(node);
  if (cpu < res.cpu) return MIN_NODE_SCORE;
  const gpuLeft = node.gpu?.totalLeft ?? 0;
  const cap = norm === 'max' ? [MAX_SPEC_CPU, MAX_SPEC_GPU] : [node.allocatable.milliCPU, (node.gpu?.count ?? 0) * MILLI];
  const nv = [cpu, gpuLeft].map((v, i) => (cap[i] > 0 ? v / cap[i] : 0));
  const pv = [res.cpu, res.milli * res.count].map((v, i) => (cap[i] > 0 ? v / cap[i] : 0));
  let dot = nv[0] * pv[0] + nv[1] * pv[1];
  dot /= 2;
  return Math.trunc(MAX_NODE_SCORE * (1 - dot));
}

/** The DotProductScore plugin. */
export const newDotProductScore: PluginFactory = (args): SchedulerPlugin => {
  const dim = (args?.dimExtMethod ?? 'merge') as string;
  if (dim !== 'merge') throw new Error(`dimExtMethod: only "merge" is implemented, got ${JSON.stringify(dim)}`);
  const norm = (args?.normMethod ?? 'max') as string;
  if (norm !== 'max' && norm !== 'node') throw new Error(`normMethod must be "max" or "node", got ${JSON.stringify(norm)}`);
  return {
    name: NAME,
    score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
      return dotProductScore(node, podRes(pod), norm);
    },
    scoreNodes(_state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void {
      const res = podRes(pod);
      for (let i = 0; i < nodes.length; i++) scores[i] = dotProductScore(nodes[i], res, norm);
    },
  };
};
