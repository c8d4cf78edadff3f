/**
 * GpuClusteringScore: the paper's "Clustering" baseline (§6.1): pods of one kind (sharing, 1-GPU,
 * 2-GPU…) gather on the same nodes. A GPU pod scores in four bands, higher the fewer milli-GPU
 * the node has left: (75,100] node holds only pods of the pod's kind, (50,75] that kind among
 * others, (25,50] a node without GPU pods, (0,25] only other kinds; a pod without GPU scores 0.
 * GPUs inside the node: Open-Gpu-Share `best`.
 * follows pkg/simulator/plugin/gpu_clustering_score.go of github.com/hkust-adsl/kubernetes-scheduler-simulator
 * (integer arithmetic as there).
 */
import { gpuAffinityTag, MAX_SPEC_GPU } from '../../model/gpu.ts';
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import { MAX_NODE_SCORE, MIN_NODE_SCORE, type CycleState, type PluginFactory, type SchedulerPlugin } from '../framework/types.ts';

/** Plugin name (simontype.GpuClusteringScorePluginName). */
export const NAME = 'GpuClusteringScore';

/** The clustering score of a node for a pod. */
export function gpuClusteringScore(node: NodeInfo, pod: PodInfo): number {
  if (!pod.gpu) return MIN_NODE_SCORE;
  const tag = gpuAffinityTag(pod.gpu);
  const aff = node.gpu?.affinity ?? new Map<string, number>();
  const left = node.gpu?.totalLeft ?? 0;
  const base = Math.trunc((Math.trunc(MAX_NODE_SCORE / 4) * (MAX_SPEC_GPU - left)) / MAX_SPEC_GPU);
  if ((aff.get(tag) ?? 0) > 0) {
    return aff.size === 1 ? base + Math.trunc((MAX_NODE_SCORE * 3) / 4) : base + Math.trunc((MAX_NODE_SCORE * 2) / 4);
  }
  return aff.size === 0 ? base + Math.trunc(MAX_NODE_SCORE / 4) : base;
}

/** The GpuClusteringScore plugin (no args). */
export const newGpuClusteringScore: PluginFactory = (): SchedulerPlugin => ({
  name: NAME,
  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    return gpuClusteringScore(node, pod);
  },
  scoreNodes(_state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void {
    for (let i = 0; i < nodes.length; i++) scores[i] = gpuClusteringScore(nodes[i], pod);
  },
});
