/**
 * The in-tree plugin registry (pkg/scheduler/framework/plugins/registry.go NewInTreeRegistry),
 * limited to the plugins kubesim simulates, plus a helper to add users' plugins.
 */
import { UserError } from '../cli/errors.ts';
import type { Registry } from './config.ts';
import type { LoadedPlugin } from './custom-plugins.ts';
import type { PluginFactory } from './framework/types.ts';
import * as balancedAllocation from './plugins/balanced-allocation.ts';
import * as defaultPreemption from './plugins/default-preemption.ts';
import * as imageLocality from './plugins/image-locality.ts';
import * as interPodAffinity from './plugins/inter-pod-affinity.ts';
import * as nodeAffinity from './plugins/node-affinity.ts';
import * as nodeName from './plugins/node-name.ts';
import * as nodePorts from './plugins/node-ports.ts';
import * as nodeResourcesFit from './plugins/node-resources-fit.ts';
import * as nodeUnschedulable from './plugins/node-unschedulable.ts';
import * as podTopologySpread from './plugins/pod-topology-spread.ts';
import * as taintToleration from './plugins/taint-toleration.ts';
// GPU sharing and the FGD paper's policies (not in the default profile; enable them in a profile)
import * as bestFit from './plugins/best-fit-score.ts';
import * as dotProduct from './plugins/dot-product-score.ts';
import * as fgd from './plugins/fgd-score.ts';
import * as gpuClustering from './plugins/gpu-clustering-score.ts';
import * as gpuPacking from './plugins/gpu-packing-score.ts';
import * as openGpuShare from './plugins/open-gpu-share.ts';
import * as randomScore from './plugins/random-score.ts';

/** Built-in plugin factories by name. */
export const IN_TREE_PLUGINS: ReadonlyMap<string, PluginFactory> = new Map<string, PluginFactory>([
  [nodeUnschedulable.NAME, nodeUnschedulable.newNodeUnschedulable],
  [nodeName.NAME, nodeName.newNodeName],
  [taintToleration.NAME, taintToleration.newTaintToleration],
  [nodeAffinity.NAME, nodeAffinity.newNodeAffinity],
  [nodePorts.NAME, nodePorts.newNodePorts],
  [nodeResourcesFit.NAME, nodeResourcesFit.newNodeResourcesFit],
  [podTopologySpread.NAME, podTopologySpread.newPodTopologySpread],
  [interPodAffinity.NAME, interPodAffinity.newInterPodAffinity],
  [defaultPreemption.NAME, defaultPreemption.newDefaultPreemption],
  [balancedAllocation.NAME, balancedAllocation.newNodeResourcesBalancedAllocation],
  [imageLocality.NAME, imageLocality.newImageLocality],
  [openGpuShare.NAME, openGpuShare.newOpenGpuShare],
  [randomScore.NAME, randomScore.newRandomScore],
  [dotProduct.NAME, dotProduct.newDotProductScore],
  [gpuClustering.NAME, gpuClustering.newGpuClusteringScore],
  [gpuPacking.NAME, gpuPacking.newGpuPackingScore],
  [bestFit.NAME, bestFit.newBestFitScore],
  [fgd.NAME, fgd.newFGDScore],
]);

/** The in-tree registry plus users' plugins; a user plugin may not reuse a built-in name. */
export function registryWith(userPlugins: readonly LoadedPlugin[]): Registry {
  const reg = new Map(IN_TREE_PLUGINS);
  for (const p of userPlugins) {
    if (reg.has(p.name)) {
      const what = IN_TREE_PLUGINS.has(p.name) ? 'a built-in plugin' : 'another loaded plugin';
      throw new UserError(`the name "${p.name}" is already used by ${what}`, { location: { file: p.file }, field: 'name' });
    }
    reg.set(p.name, p.factory);
  }
  return reg;
}
