/**
 * Users' scheduler plugins: the two examples load from their .ts files through loadPluginModule
 * and change placement the way they say; bad plugin modules give located UserErrors.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/cli/errors.ts';
import type { ClusterState } from '../../src/model/cluster.ts';
import type { Node, Pod, ResourceList } from '../../src/model/types.ts';
import { loadPluginModule } from '../../src/scheduler/custom-plugins.ts';
import { Framework, type ScheduleResult } from '../../src/scheduler/framework/framework.ts';
import { buildSchedulerProfiles } from '../../src/scheduler/setup.ts';
import { makeCluster, makeNode, makePod } from '../helpers/cluster.ts';
import { userErrorOfAsync } from '../helpers/errors.ts';

const ROOT = join(import.meta.dirname, '../..');
const GPU_PLUGIN = join(ROOT, 'examples/plugins/gpu-binpack.ts');
const ZONE_PLUGIN = join(ROOT, 'examples/plugins/zone-cost.ts');
const CONFIGS = join(ROOT, 'test/fixtures/scheduler/configs');
const GPU = 'nvidia.com/gpu';
const ZONE = 'topology.kubernetes.io/zone';

/** `pod` bound to `node`. */
const on = (pod: Pod, node: string): Pod => ({ ...pod, spec: { ...pod.spec, nodeName: node } });

/** The cycle for `pod` under the profile built from files, as explain/schedule build it. */
async function cycle(cluster: ClusterState, pod: Pod, setup: { pluginFiles?: string[]; configFile?: string }): Promise<ScheduleResult> {
  const { profiles } = await buildSchedulerProfiles(cluster, setup);
  const fw = new Framework(profiles[0], cluster, seedrandom('custom'));
  return fw.schedulePod(cluster.addPod(pod), { explain: true });
}

function tmpModule(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-plugin-'));
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('examples/plugins/gpu-binpack.ts', () => {
  // gpu-1 has 2 of 4 GPUs in use (and the CPU those pods use); gpu-2 is empty; cpu-1 has no GPUs
  const cluster = (): ClusterState =>
    makeCluster(
      [
        makeNode('gpu-1', { cpu: '16', memory: '64Gi', [GPU]: '4' }),
        makeNode('gpu-2', { cpu: '16', memory: '64Gi', [GPU]: '4' }),
        makeNode('cpu-1', { cpu: '16', memory: '64Gi' }),
      ],
      [on(makePod('train-1', [{ cpu: '4', memory: '16Gi', [GPU]: '1' }]), 'gpu-1'), on(makePod('train-2', [{ cpu: '4', memory: '16Gi', [GPU]: '1' }]), 'gpu-1')],
    );
  const gpuPod = (): Pod => makePod('train-3', [{ cpu: '2', memory: '8Gi', [GPU]: '1' } as ResourceList]);
  const cpuPod = (): Pod => makePod('web', [{ cpu: '500m', memory: '1Gi' }]);

  it('loads from its .ts file: name GPUBinPack, default weight 5, implements score', async () => {
    const p = await loadPluginModule(GPU_PLUGIN);
    expect(p).toMatchObject({ name: 'GPUBinPack', weight: 5, file: GPU_PLUGIN });
    const inst = p.factory(undefined, { cluster: cluster() });
    expect(typeof inst.score).toBe('function');
  });

  it('without it the default profile spreads the GPU pod to the emptier gpu-2', async () => {
    const r = await cycle(cluster(), gpuPod(), {});
    expect(r.node).toBe('gpu-2');
  });

  it('GPU pods pack onto the most-allocated GPU node: (2+1)/4 → 75 vs 1/4 → 25, ×5', async () => {
    const r = await cycle(cluster(), gpuPod(), { pluginFiles: [GPU_PLUGIN] });
    expect(r.node).toBe('gpu-1');
    const e = r.explanation!;
    expect(e.get('gpu-1')!.scores.GPUBinPack).toEqual({ raw: 75, normalized: 75, weighted: 375 });
    expect(e.get('gpu-2')!.scores.GPUBinPack).toEqual({ raw: 25, normalized: 25, weighted: 125 });
    // cpu-1 has no GPU: NodeResourcesFit rejects it before scoring
    expect(e.get('cpu-1')!.filter).toMatchObject({ plugin: 'NodeResourcesFit', reasons: ['Insufficient nvidia.com/gpu'] });
  });

  it('non-GPU pods avoid GPU nodes (100 on cpu-1, 0 on GPU nodes)', async () => {
    const r = await cycle(cluster(), cpuPod(), { pluginFiles: [GPU_PLUGIN] });
    expect(r.node).toBe('cpu-1');
    expect(r.explanation!.get('cpu-1')!.scores.GPUBinPack.normalized).toBe(100);
    expect(r.explanation!.get('gpu-2')!.scores.GPUBinPack.normalized).toBe(0);
  });

  it('a config can set its weight (score.enabled) — the file weight applies only when the config does not', async () => {
    const { profiles } = await buildSchedulerProfiles(cluster(), { pluginFiles: [GPU_PLUGIN], configFile: join(CONFIGS, 'gpu-binpack.yaml') });
    expect(profiles[0].score.find((s) => s.plugin.name === 'GPUBinPack')!.weight).toBe(10);
    const { profiles: dflt } = await buildSchedulerProfiles(cluster(), { pluginFiles: [GPU_PLUGIN] });
    expect(dflt[0].score.at(-1)).toMatchObject({ weight: 5 });
    expect(dflt[0].score.at(-1)!.plugin.name).toBe('GPUBinPack');
  });
});

describe('examples/plugins/zone-cost.ts', () => {
  const zones = ['zone-a', 'zone-b', 'zone-c'];
  const cluster = (): ClusterState =>
    makeCluster(zones.flatMap((z) => [1, 2].map((i): Node => makeNode(`${z}-${i}`, { cpu: '4', memory: '8Gi' }, { metadata: { name: `${z}-${i}`, labels: { [ZONE]: z } } }))));

  it('loads from its .ts file as a factory with `export const name` and weight 2', async () => {
    const p = await loadPluginModule(ZONE_PLUGIN);
    expect(p).toMatchObject({ name: 'ZoneCost', weight: 2 });
  });

  it("prefers the cheapest zone with the costs from the config's pluginConfig (zone-b 0.6 < zone-c 0.8 < zone-a 1.0)", async () => {
    const r = await cycle(cluster(), makePod('p', [{ cpu: '100m' }]), { pluginFiles: [ZONE_PLUGIN], configFile: join(CONFIGS, 'zone-cost.yaml') });
    expect(r.node).toMatch(/^zone-b-/);
    const s = (n: string): unknown => r.explanation!.get(n)!.scores.ZoneCost;
    // raw = round((max − cost) × 1000); min-max normalized; weight 5 from the config
    expect(s('zone-a-1')).toEqual({ raw: 0, normalized: 0, weighted: 0 });
    expect(s('zone-b-1')).toEqual({ raw: 400, normalized: 100, weighted: 500 });
    expect(s('zone-c-2')).toEqual({ raw: 200, normalized: 50, weighted: 250 });
  });

  it('without costs (no pluginConfig) every node is an unknown zone and gets unknownScore 0', async () => {
    const r = await cycle(cluster(), makePod('p', [{ cpu: '100m' }]), { pluginFiles: [ZONE_PLUGIN] });
    for (const e of r.explanation!.values()) expect(e.scores.ZoneCost).toEqual({ raw: -1, normalized: 0, weighted: 0 });
  });

  it('bad args from the config are a located error at pluginConfig[0].args', async () => {
    const cfg = tmpModule(
      'sched.yaml',
      'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- pluginConfig:\n  - name: ZoneCost\n    args:\n      costs: {zone-a: cheap}\n',
    );
    const e = await userErrorOfAsync(buildSchedulerProfiles(cluster(), { pluginFiles: [ZONE_PLUGIN], configFile: cfg }));
    expect(e.field).toBe('profiles[0].pluginConfig[0].args');
    expect(e.location).toMatchObject({ file: cfg, line: 7 });
    expect(e.message).toMatch(/costs\.zone-a must be a non-negative number/);
  });
});

describe('a user filter plugin (.js) is enabled at Filter after the built-ins', () => {
  it('rejects nodes with its own reason, shown as the failing plugin', async () => {
    const f = tmpModule(
      'no-odd.mjs',
      "export default { name: 'NoOddNodes', filter(_s, _p, node) { return /[13579]$/.test(node.name) ? { code: 'Unschedulable', reasons: ['node name is odd'] } : null; } };\n",
    );
    const cluster = makeCluster([1, 2, 3, 4].map((i) => makeNode(`n${i}`, { cpu: '2', memory: '4Gi' })));
    const { profiles } = await buildSchedulerProfiles(cluster, { pluginFiles: [f] });
    expect(profiles[0].filter.at(-1)!.name).toBe('NoOddNodes');
    const fw = new Framework(profiles[0], cluster, seedrandom('x'));
    const r = fw.schedulePod(cluster.addPod(makePod('p', [{ cpu: '100m' }])), { explain: true });
    expect(['n2', 'n4']).toContain(r.node);
    expect(r.explanation!.get('n3')!.filter).toMatchObject({ plugin: 'NoOddNodes', reasons: ['node name is odd'] });
  });
});

describe('bad plugin modules: located UserErrors', () => {
  const load = (name: string, text: string): Promise<UserError> => userErrorOfAsync(loadPluginModule(tmpModule(name, text)));

  it('no name', async () => {
    const e = await load('a.mjs', 'export default { score() { return 0; } };\n');
    expect(e.field).toBe('name');
    expect(e.location?.file).toMatch(/a\.mjs$/);
    expect(e.format()).toMatch(/a\.mjs: name: the plugin has no `name`/);
  });

  it('a method that is not a function', async () => {
    const e = await load('b.mjs', "export default { name: 'B', score: 5 };\n");
    expect(e.field).toBe('score');
    expect(e.message).toBe('`score` must be a function');
  });

  it('no extension point', async () => {
    const e = await load('c.mjs', "export default { name: 'C', weight: 3 };\n");
    expect(e.message).toMatch(/implements no extension point/);
    expect(e.location?.file).toMatch(/c\.mjs$/);
  });

  it('a weight out of [1, 100]', async () => {
    const e = await load('d.mjs', "export default { name: 'D', weight: 0, score() { return 1; } };\n");
    expect(e.field).toBe('weight');
  });

  it('speed hints of the wrong shape (they are promises the framework relies on)', async () => {
    const cases: [string, string, RegExp][] = [
      ["{ name: 'H1', score() { return 1; }, nodeLocal: 'yes' }", 'nodeLocal', /must be true or false/],
      ["{ name: 'H2', score() { return 1; }, scoreNodes: 3 }", 'scoreNodes', /must be a function/],
      ["{ name: 'H3', score() { return 1; }, scoreEpoch() { return 0; } }", 'scoreEpoch', /only with `nodeLocal: true`/],
      ["{ name: 'H4', score() { return 1; }, normalizeScore() { return null; }, defaultNormalize: { maxPriority: 100, reverse: 'no' } }", 'defaultNormalize', /reverse: true or false/],
      ["{ name: 'H5', score() { return 1; }, defaultNormalize: { maxPriority: 100, reverse: true } }", 'defaultNormalize', /does not have/],
    ];
    for (const [i, [obj, field, message]] of cases.entries()) {
      const e = await load(`h${i}.mjs`, `export default ${obj};\n`);
      expect(e.field, obj).toBe(field);
      expect(e.message, obj).toMatch(message);
      expect(e.location?.file).toMatch(new RegExp(`h${i}\\.mjs$`));
    }
    // well-formed hints load
    const ok = await loadPluginModule(
      tmpModule('h-ok.mjs', "export default { name: 'HOK', nodeLocal: true, scoreEpoch() { return 0; }, score() { return 1; }, normalizeScore() { return null; }, defaultNormalize: { maxPriority: 100, reverse: false } };\n"),
    );
    expect(ok).toBeDefined();
  });

  it('a factory without `export const name`', async () => {
    const e = await load('e.mjs', "export default function make() { return { name: 'E', score() { return 1; } }; }\n");
    expect(e.field).toBe('name');
    expect(e.message).toMatch(/must also export `name`/);
  });

  it('a factory that builds a plugin with another name: reported when the profile is built', async () => {
    const f = tmpModule('f.mjs', "export const name = 'F'; export default function make() { return { name: 'G', score() { return 1; } }; }\n");
    const e = await userErrorOfAsync(buildSchedulerProfiles(makeCluster([makeNode('n', { cpu: '1' })]), { pluginFiles: [f] }));
    expect(e.message).toMatch(/built a plugin named "G", expected "F"/);
    expect(e.location?.file).toBe(f);
  });

  it('a syntax error', async () => {
    const e = await load('g.mjs', 'export default { name: "G", score( };\n');
    expect(e.message).toMatch(/^cannot load plugin module/);
    expect(e.location?.file).toMatch(/g\.mjs$/);
  });

  it('a missing file', async () => {
    const e = await userErrorOfAsync(loadPluginModule('/nonexistent/plugin.ts'));
    expect(e.format()).toBe('/nonexistent/plugin.ts: plugin file not found');
  });

  it('the name of a built-in plugin', async () => {
    const f = tmpModule('h.mjs', "export default { name: 'NodeAffinity', score() { return 1; } };\n");
    const e = await userErrorOfAsync(buildSchedulerProfiles(makeCluster([makeNode('n', { cpu: '1' })]), { pluginFiles: [f] }));
    expect(e.location?.file).toBe(f);
    expect(e.field).toBe('name');
    expect(e.message).toBe('the name "NodeAffinity" is already used by a built-in plugin');
  });

  it('two modules with the same name', async () => {
    const a = tmpModule('i.mjs', "export default { name: 'Twice', score() { return 1; } };\n");
    const b = tmpModule('j.mjs', "export default { name: 'Twice', score() { return 2; } };\n");
    const e = await userErrorOfAsync(buildSchedulerProfiles(makeCluster([makeNode('n', { cpu: '1' })]), { pluginFiles: [a, b] }));
    expect(e.location?.file).toBe(b);
    expect(e.message).toMatch(/already used by another loaded plugin/);
  });
});
