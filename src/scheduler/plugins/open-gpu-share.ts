/**
 * Open-Gpu-Share: the GPU-sharing fit filter and the GPU choice inside the chosen node.
 * Filter: a pod asking for GPUs (alibabacloud.com/gpu-milli > 0) needs a node with GPUs, of an
 * allowed model (gpu-card-model), where its GPUs fit (gpunodeinfo.go AllocateGpuId). Reserve:
 * picks the pod's devices (PodInfo.gpuIndex, then held by the node) with `gpuSelMethod`:
 * `best` (default), `worst`, `random`, or `FGDScore` (FGD's own choice, same args as FGDScore).
 * follows pkg/simulator/plugin/open_gpu_share.go of github.com/hkust-adsl/kubernetes-scheduler-simulator
 * (Filter, Reserve → allocateGpuId, allocateGpuIdBasedOn{Best,Worst,Random}Fit).
 *
 * Args: gpuSelMethod, seed (random), typicalPods / typicalPodsConfig (FGDScore).
 */
import seedrandom from 'seedrandom';
import { gpuFitsDefault, modelAccessible, selectGpus, type GpuSelMethod } from '../../model/gpu.ts';
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import { ACCEPT_ALL, sharedStatus, type CycleState, type PluginFactory, type QuickFilter, type SchedulerPlugin, type Status } from '../framework/types.ts';
import { FgdEvaluator, NAME as FGD_NAME } from './fgd-score.ts';
import { typicalPodsSource } from './gpu-frag.ts';

/** Plugin name (simontype.OpenGpuSharePluginName). */
export const NAME = 'Open-Gpu-Share';

export const ERR_NO_GPU = 'node(s) had no GPU';
export const ERR_GPU_MODEL = "node(s) didn't match Pod's GPU model";
export const ERR_INSUFFICIENT_GPU = 'Insufficient GPU';

const NO_GPU = sharedStatus('UnschedulableAndUnresolvable', ERR_NO_GPU);
const WRONG_MODEL = sharedStatus('UnschedulableAndUnresolvable', ERR_GPU_MODEL);
const INSUFFICIENT = sharedStatus('Unschedulable', ERR_INSUFFICIENT_GPU);

/** The GPU fit of a pod on a node: null when it fits (open_gpu_share.go Filter). */
export function gpuFit(pod: PodInfo, node: NodeInfo): Status | null {
  const g = pod.gpu;
  if (!g) return null;
  const ng = node.gpu;
  if (!ng) return NO_GPU;
  if (!modelAccessible(ng.model, g.models)) return WRONG_MODEL;
  if (!gpuFitsDefault(ng.left, g.milli, g.count)) return INSUFFICIENT;
  return null;
}

/** The Open-Gpu-Share plugin. */
export const newOpenGpuShare: PluginFactory = (args, handle): SchedulerPlugin => {
  const method = (args?.gpuSelMethod ?? 'best') as string;
  if (!['best', 'worst', 'random', FGD_NAME].includes(method)) {
    throw new Error(`gpuSelMethod must be best, worst, random or ${FGD_NAME}, got ${JSON.stringify(method)}`);
  }
  const rng = seedrandom(`${String(args?.seed ?? 0)}/open-gpu-share`);
  const fgd = method === FGD_NAME ? new FgdEvaluator(typicalPodsSource(args, NAME)) : null;
  return {
    name: NAME,
    filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
      return gpuFit(pod, node);
    },
    quickFilter(_state: CycleState, pod: PodInfo): QuickFilter {
      if (!pod.gpu) return ACCEPT_ALL;
      return (_d, _o, node) => gpuFit(pod, node) === null;
    },
    reserve(_state: CycleState, pod: PodInfo, node: NodeInfo): void {
      const g = pod.gpu;
      const ng = node.gpu;
      if (!g || !ng) return;
      // a preset gpu-index annotation that fits is kept (allocateGpuId)
      if (g.presetIndex !== null && g.presetIndex.length === g.count && ng.fits(g.presetIndex, g.milli)) {
        pod.gpuIndex = [...g.presetIndex];
        return;
      }
      const idx = fgd !== null ? fgd.choose(handle.cluster, pod, node).gpus : selectGpus(method as GpuSelMethod, ng.left, g.milli, g.count, rng);
      pod.gpuIndex = idx ?? null;
    },
  };
};
