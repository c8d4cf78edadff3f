/**
 * Example scoring plugin: GPU bin-packing. Pods that request `nvidia.com/gpu` prefer the node
 * whose GPUs are already most allocated (so whole GPU nodes stay free for big jobs, the
 * fragmentation concern of the Alibaba GPU cluster study); pods without GPUs prefer nodes
 * without GPUs, keeping GPU nodes for GPU work.
 *
 * Load it with `kubesim schedule --plugin examples/plugins/gpu-binpack.ts ...` or list it under
 * `scheduler.plugins` in a scenario. It is enabled at Score with weight 5.
 */
import type { UserPlugin } from '../../src/scheduler/custom-plugins.ts';

const GPU = 'nvidia.com/gpu';

const plugin: UserPlugin = {
  name: 'GPUBinPack',
  weight: 5,
  score(_state, pod, node) {
    const capacity = node.allocatable.scalar[GPU] ?? 0;
    const wants = pod.requests.scalar[GPU] ?? 0;
    if (wants === 0) return capacity === 0 ? 100 : 0;
    if (capacity === 0) return 0;
    const used = (node.requested.scalar[GPU] ?? 0) + wants;
    // MostAllocated on GPUs: integer percent as upstream's strategies do
    return Math.trunc((Math.min(used, capacity) * 100) / capacity);
  },
};

export default plugin;
