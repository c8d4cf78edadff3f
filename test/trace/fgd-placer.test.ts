/**
 * The FGD experiment's CachedPlacer makes the Scheduler's decisions: for every policy, every pod
 * gets the same node and the same GPU devices through both engines, on a slice of the openb
 * cluster (every 10th node) with pods of several lists (sharing, whole and multi GPU, model
 * constraints, CPU only), tuned up to 130 % of the GPUs so that many pods fail.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FGD_POLICIES, runFgdExperiment, type FgdPolicy } from '../../src/trace/fgd-experiment.ts';
import { parseOpenbNodes, parseOpenbPods } from '../../src/trace/openb.ts';

const DIR = 'scenarios/traces/alibaba-gpu-v2023/csv/';
const allNodes = parseOpenbNodes(readFileSync(DIR + 'openb_node_list_gpu_node.csv', 'utf8'), 'nodes');
const nodes = allNodes.filter((_, i) => i % 10 === 3);
const list = (name: string, every: number): ReturnType<typeof parseOpenbPods> =>
  parseOpenbPods(readFileSync(`${DIR}openb_pod_list_${name}.csv`, 'utf8'), name)
    .filter((_, i) => i % every === 0)
    .map((p) => ({ ...p, name: `${name}-${p.name}` }));
const pods = [...list('default', 40), ...list('gpuspec33', 40), ...list('multigpu50', 40), ...list('cpu250', 60)];

function placements(policy: FgdPolicy, engine: 'cached' | 'scheduler', seed: number): { trace: string[]; result: unknown } {
  const trace: string[] = [];
  const { seconds: _s, ...result } = runFgdExperiment({ list: 'mix', nodes, pods, policy, seed, engine, onPlaced: (name, node, gpus) => trace.push(`${name} ${node} ${gpus?.join('-') ?? ''}`) });
  return { trace, result };
}

describe('CachedPlacer', () => {
  for (const policy of Object.keys(FGD_POLICIES) as FgdPolicy[]) {
    it(`${policy}: same nodes and GPUs as the Scheduler`, () => {
      const a = placements(policy, 'cached', 7);
      const b = placements(policy, 'scheduler', 7);
      expect(a.trace.length).toBeGreaterThan(400);
      expect(a.trace.filter((t) => t.includes(' null ')).length).toBeGreaterThan(20);
      expect(a.trace).toEqual(b.trace);
      expect(a.result).toEqual(b.result);
    });
  }
});

describe('CachedPlacer fallback', () => {
  it('a pod the cache cannot describe (node selector) goes through the framework', async () => {
    const { ClusterState } = await import('../../src/model/cluster.ts');
    const { buildProfiles } = await import('../../src/scheduler/config.ts');
    const { IN_TREE_PLUGINS } = await import('../../src/scheduler/registry.ts');
    const { fgdSchedulerConfig, typicalPodsOf } = await import('../../src/trace/fgd-experiment.ts');
    const { CachedPlacer } = await import('../../src/trace/fgd-placer.ts');
    const { openbNode, openbPod } = await import('../../src/trace/openb.ts');
    const seedrandom = (await import('seedrandom')).default;
    const cluster = new ClusterState();
    for (const n of nodes.slice(0, 8)) cluster.addNode(openbNode(n));
    const profile = buildProfiles(fgdSchedulerConfig('FGD', 1, typicalPodsOf(pods)), IN_TREE_PLUGINS, cluster)[0];
    const placer = new CachedPlacer(cluster, profile, seedrandom('x'));
    const target = nodes[5].name;
    const pinned = openbPod(pods[0], 'default', 'pinned');
    pinned.spec.nodeSelector = { 'kubernetes.io/hostname': target };
    expect(placer.place(cluster.addPod(pinned))).toBe(target);
    expect(placer.place(cluster.addPod(openbPod(pods[1], 'default', 'free')))).not.toBeNull();
    expect(placer.stats.fallback).toBe(1);
    expect(placer.stats.cycles).toBe(2);
  });
});
