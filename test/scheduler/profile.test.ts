/**
 * Profiles from KubeSchedulerConfiguration: the v1.35 default plugin set, upstream's merge rules
 * (default_plugins.go mergePluginSet), multiPoint expansion and score weights
 * (runtime/framework.go expandMultiPointPlugins / getScoreWeights), pluginConfig args,
 * percentageOfNodesToScore, profiles by schedulerName, and located validation errors.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/cli/errors.ts';
import { ClusterState } from '../../src/model/cluster.ts';
import {
  buildProfiles,
  DEFAULT_MULTI_POINT,
  expandExtensionPoint,
  mergePluginSet,
  scoreWeights,
  type MergedPluginSet,
  type PluginSet,
  type Registry,
  type SimulatedPoint,
} from '../../src/scheduler/config.ts';
import { Framework, numFeasibleNodesToFind } from '../../src/scheduler/framework/framework.ts';
import type { Profile } from '../../src/scheduler/framework/profile.ts';
import type { DefaultPreemptionPlugin } from '../../src/scheduler/plugins/default-preemption.ts';
import { IN_TREE_PLUGINS } from '../../src/scheduler/registry.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { readSchedulerConfig } from '../../src/scheduler/setup.ts';
import seedrandom from 'seedrandom';
import type { Pod } from '../../src/model/types.ts';
import { makeCluster, makeNode, makePod } from '../helpers/cluster.ts';
import { userErrorOf } from '../helpers/errors.ts';

const CONFIGS = join(import.meta.dirname, '../fixtures/scheduler/configs');

/** `pod` with some spec fields set. */
const withSpec = (pod: Pod, spec: Partial<Pod['spec']>): Pod => ({ ...pod, spec: { ...pod.spec, ...spec } });
const names = (ps: readonly { name: string }[]): string[] => ps.map((p) => p.name);
const scoreList = (p: Profile): [string, number][] => p.score.map((s) => [s.plugin.name, s.weight]);

function tmpConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-profile-'));
  const f = join(dir, 'sched.yaml');
  writeFileSync(f, text);
  return f;
}

/** Profiles built from a config file, as `explain`/`schedule` build them. */
function profilesFromFile(file: string, registry: Registry = IN_TREE_PLUGINS, cluster = new ClusterState()): Profile[] {
  const { config, locate } = readSchedulerConfig(file);
  return buildProfiles(config, registry, cluster, { source: file, locate });
}

const HEADER = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';

describe('the v1.35 default profile (default_plugins.go getDefaultPlugins; scheduler-spec §1)', () => {
  const [p] = buildProfiles(undefined, IN_TREE_PLUGINS, new ClusterState());

  it('default_plugins_test.go TestApplyFeatureGates: multiPoint order with DynamicResources before DefaultPreemption', () => {
    expect(names(DEFAULT_MULTI_POINT)).toEqual([
      'SchedulingGates',
      'PrioritySort',
      'NodeUnschedulable',
      'NodeName',
      'TaintToleration',
      'NodeAffinity',
      'NodePorts',
      'NodeResourcesFit',
      'VolumeRestrictions',
      'NodeVolumeLimits',
      'VolumeBinding',
      'VolumeZone',
      'PodTopologySpread',
      'InterPodAffinity',
      'DynamicResources',
      'DefaultPreemption',
      'NodeResourcesBalancedAllocation',
      'ImageLocality',
      'DefaultBinder',
    ]);
  });

  it('each extension point lists the simulated plugins that implement it, in multiPoint order', () => {
    expect(p.schedulerName).toBe('default-scheduler');
    expect(names(p.preFilter)).toEqual(['NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'PodTopologySpread', 'InterPodAffinity']);
    expect(names(p.filter)).toEqual([
      'NodeUnschedulable',
      'NodeName',
      'TaintToleration',
      'NodeAffinity',
      'NodePorts',
      'NodeResourcesFit',
      'PodTopologySpread',
      'InterPodAffinity',
    ]);
    expect(names(p.postFilter)).toEqual(['DefaultPreemption']);
    expect(names(p.preScore)).toEqual(['TaintToleration', 'NodeAffinity', 'NodeResourcesFit', 'PodTopologySpread', 'InterPodAffinity', 'NodeResourcesBalancedAllocation']);
  });

  it('score plugins and weights: TaintToleration 3, NodeAffinity 2, Fit 1, Spread 2, InterPodAffinity 2, Balanced 1, Image 1', () => {
    expect(scoreList(p)).toEqual([
      ['TaintToleration', 3],
      ['NodeAffinity', 2],
      ['NodeResourcesFit', 1],
      ['PodTopologySpread', 2],
      ['InterPodAffinity', 2],
      ['NodeResourcesBalancedAllocation', 1],
      ['ImageLocality', 1],
    ]);
  });

  it('defaults_test.go TestSchedulerDefaults "empty config": percentageOfNodesToScore unset (adaptive), DefaultPreemption args 10%/100', () => {
    expect(p.percentageOfNodesToScore).toBeUndefined();
    expect((p.postFilter[0] as DefaultPreemptionPlugin).args).toEqual({ minCandidateNodesPercentage: 10, minCandidateNodesAbsolute: 100 });
  });

  it('defaults_test.go TestSchedulerDefaults "no scheduler name": a lone profile without a name is default-scheduler', () => {
    const [q] = buildProfiles({ profiles: [{}] }, IN_TREE_PLUGINS, new ClusterState());
    expect(q.schedulerName).toBe('default-scheduler');
    expect(scoreList(q)).toEqual(scoreList(p));
  });
});

describe('default_plugins_test.go TestMergePlugins (mergePluginSet)', () => {
  const P = (name: string, weight?: number): { name: string; weight?: number } => (weight === undefined ? { name } : { name, weight });
  // [case, default set, custom set, expected merged set]
  const cases: [string, PluginSet, PluginSet | undefined, MergedPluginSet][] = [
    ['AppendCustomPlugin', { enabled: [P('DefaultPlugin1'), P('DefaultPlugin2')] }, { enabled: [P('CustomPlugin')] }, { enabled: [P('DefaultPlugin1'), P('DefaultPlugin2'), P('CustomPlugin')], disabled: [] }],
    [
      'InsertAfterDefaultPlugins2',
      { enabled: [P('DefaultPlugin1'), P('DefaultPlugin2')] },
      { enabled: [P('CustomPlugin'), P('DefaultPlugin2')], disabled: [P('DefaultPlugin2')] },
      { enabled: [P('DefaultPlugin1'), P('CustomPlugin'), P('DefaultPlugin2')], disabled: [P('DefaultPlugin2')] },
    ],
    [
      'InsertBeforeAllPlugins',
      { enabled: [P('DefaultPlugin1'), P('DefaultPlugin2')] },
      { enabled: [P('CustomPlugin'), P('DefaultPlugin1'), P('DefaultPlugin2')], disabled: [P('*')] },
      { enabled: [P('CustomPlugin'), P('DefaultPlugin1'), P('DefaultPlugin2')], disabled: [P('*')] },
    ],
    [
      'ReorderDefaultPlugins',
      { enabled: [P('DefaultPlugin1'), P('DefaultPlugin2')] },
      { enabled: [P('DefaultPlugin2'), P('DefaultPlugin1')], disabled: [P('*')] },
      { enabled: [P('DefaultPlugin2'), P('DefaultPlugin1')], disabled: [P('*')] },
    ],
    ['ApplyNilCustomPlugin', { enabled: [P('DefaultPlugin1'), P('DefaultPlugin2')] }, undefined, { enabled: [P('DefaultPlugin1'), P('DefaultPlugin2')], disabled: [] }],
    [
      'CustomPluginOverrideDefaultPlugin',
      { enabled: [P('Plugin1'), P('Plugin2'), P('Plugin3')] },
      { enabled: [P('Plugin1', 2), P('Plugin3', 3)] },
      { enabled: [P('Plugin1', 2), P('Plugin2'), P('Plugin3', 3)], disabled: [] },
    ],
    [
      'OrderPreserveAfterOverride',
      { enabled: [P('Plugin1'), P('Plugin2'), P('Plugin3')] },
      { enabled: [P('Plugin2', 2), P('Plugin1', 1)] },
      { enabled: [P('Plugin1', 1), P('Plugin2', 2), P('Plugin3')], disabled: [] },
    ],
    [
      'RepeatedCustomPlugin',
      { enabled: [P('Plugin1'), P('Plugin2'), P('Plugin3')] },
      { enabled: [P('Plugin1'), P('Plugin2', 2), P('Plugin3'), P('Plugin2', 4)] },
      { enabled: [P('Plugin1'), P('Plugin2', 4), P('Plugin3'), P('Plugin2', 2)], disabled: [] },
    ],
    ['Append custom MultiPoint plugin', { enabled: [P('DefaultPlugin1'), P('DefaultPlugin2')] }, { enabled: [P('CustomPlugin')] }, { enabled: [P('DefaultPlugin1'), P('DefaultPlugin2'), P('CustomPlugin')], disabled: [] }],
    [
      'Append disabled Multipoint plugins (multiPoint part)',
      { enabled: [P('DefaultPlugin1'), P('DefaultPlugin2')] },
      { enabled: [P('CustomPlugin'), P('CustomPlugin2')], disabled: [P('DefaultPlugin2')] },
      { enabled: [P('DefaultPlugin1'), P('CustomPlugin'), P('CustomPlugin2')], disabled: [P('DefaultPlugin2')] },
    ],
    ['Append disabled Multipoint plugins (score part)', {}, { disabled: [P('CustomPlugin2')] }, { enabled: [], disabled: [P('CustomPlugin2')] }],
    ['override default MultiPoint plugins with custom value', { enabled: [P('DefaultPlugin')] }, { enabled: [P('DefaultPlugin', 5)] }, { enabled: [P('DefaultPlugin', 5)], disabled: [] }],
    [
      'disabled MultiPoint plugin in default set',
      { enabled: [P('DefaultPlugin')], disabled: [P('DefaultPlugin2')] },
      { enabled: [P('CustomPlugin')] },
      { enabled: [P('DefaultPlugin'), P('CustomPlugin')], disabled: [P('DefaultPlugin2')] },
    ],
    ['multipoint with only disabled gets merged', { enabled: [P('DefaultPlugin')] }, { disabled: [P('DefaultPlugin')] }, { enabled: [], disabled: [P('DefaultPlugin')] }],
  ];
  for (const [name, defaults, custom, want] of cases) {
    it(name, () => expect(mergePluginSet(defaults, custom)).toEqual(want));
  }
});

describe('framework_test.go TestNewFrameworkMultiPointExpansion (expandExtensionPoint, scoreWeights)', () => {
  // testPlugin implements every extension point; scorePlugin1 PreScore+Score; scoreWithNormalizePlugin1
  // and scorePlugin2 Score only; queueSortPlugin and bindPlugin none that kubesim runs.
  const impl: Record<string, SimulatedPoint[]> = {
    testPlugin: ['preFilter', 'filter', 'postFilter', 'preScore', 'score'],
    scorePlugin1: ['preScore', 'score'],
    scoreWithNormalizePlugin1: ['score'],
    scorePlugin2: ['score'],
    queueSortPlugin: [],
    bindPlugin: [],
  };
  const has = (n: string, ep: SimulatedPoint): boolean => impl[n].includes(ep);
  const set = (enabled: [string, number?][] = [], disabled: string[] = []): MergedPluginSet => ({
    enabled: enabled.map(([name, weight]) => (weight === undefined ? { name } : { name, weight })),
    disabled: disabled.map((name) => ({ name })),
  });
  type Points = Partial<Record<SimulatedPoint, MergedPluginSet>>;
  /** Each simulated point's plugin list and the score weights, or the error. */
  function expand(multi: MergedPluginSet, points: Points): { lists: Record<string, string[]>; score: [string, number][] } | string {
    const lists: Record<string, string[]> = {};
    for (const ep of ['preFilter', 'filter', 'postFilter', 'preScore', 'score'] as const) {
      const r = expandExtensionPoint(ep, points[ep] ?? set(), multi, has);
      if ('error' in r) return r.error;
      if (r.names.length) lists[ep] = r.names;
    }
    const w = scoreWeights(points.score ?? set(), multi);
    return { lists, score: (lists.score ?? []).map((n) => [n, w.get(n)!]) };
  }
  const all = ['preFilter', 'filter', 'postFilter', 'preScore'];

  it('"plugin expansion": a multiPoint plugin appears at every point it implements, weight 5 at score', () => {
    const r = expand(set([['testPlugin', 5]]), {});
    expect(r).toEqual({ lists: Object.fromEntries([...all.map((e) => [e, ['testPlugin']]), ['score', ['testPlugin']]]), score: [['testPlugin', 5]] });
  });
  it('"disable MultiPoint plugin at some extension points"', () => {
    const r = expand(set([['testPlugin']]), { preScore: set([], ['testPlugin']), score: set([], ['testPlugin']) });
    expect(r).toEqual({ lists: { preFilter: ['testPlugin'], filter: ['testPlugin'], postFilter: ['testPlugin'] }, score: [] });
  });
  it('"Multiple MultiPoint plugins": unset weights are 1', () => {
    const r = expand(set([['testPlugin'], ['scorePlugin1']]), {});
    expect(r).toMatchObject({ lists: { preScore: ['testPlugin', 'scorePlugin1'], score: ['testPlugin', 'scorePlugin1'] }, score: [['testPlugin', 1], ['scorePlugin1', 1]] });
  });
  it('"disable MultiPoint extension": preScore disabled with * keeps score', () => {
    const r = expand(set([['testPlugin'], ['scorePlugin1']]), { preScore: set([], ['*']) });
    expect(r).toEqual({
      lists: { preFilter: ['testPlugin'], filter: ['testPlugin'], postFilter: ['testPlugin'], score: ['testPlugin', 'scorePlugin1'] },
      score: [['testPlugin', 1], ['scorePlugin1', 1]],
    });
  });
  it('"Reorder MultiPoint plugins (specified extension takes precedence)"', () => {
    const r = expand(set([['scoreWithNormalizePlugin1'], ['testPlugin'], ['scorePlugin1']]), { score: set([['scorePlugin1'], ['testPlugin']]) });
    expect(r).toMatchObject({ lists: { preScore: ['testPlugin', 'scorePlugin1'], score: ['scorePlugin1', 'testPlugin', 'scoreWithNormalizePlugin1'] } });
  });
  it('"Reorder MultiPoint plugins (specified extension only takes precedence when it exists in MultiPoint)"', () => {
    const r = expand(set([['testPlugin'], ['scorePlugin1']]), { score: set([['scoreWithNormalizePlugin1'], ['scorePlugin1'], ['testPlugin']]) });
    expect(r).toMatchObject({ lists: { score: ['scorePlugin1', 'testPlugin', 'scoreWithNormalizePlugin1'] } });
  });
  it('"Override MultiPoint plugins weights": the score point\'s weights win', () => {
    const r = expand(set([['testPlugin'], ['scorePlugin1']]), { score: set([['scorePlugin1', 5], ['testPlugin', 3]]) });
    expect(r).toMatchObject({ score: [['scorePlugin1', 5], ['testPlugin', 3]] });
  });
  it('"disable and enable MultiPoint plugins with \'*\'" (the profile is taken as written, no defaults)', () => {
    const r = expand(set([['queueSortPlugin'], ['bindPlugin'], ['scorePlugin1']], ['*']), {});
    expect(r).toEqual({ lists: { preScore: ['scorePlugin1'], score: ['scorePlugin1'] }, score: [['scorePlugin1', 1]] });
  });
  it('"disable and enable MultiPoint plugin by name"', () => {
    const r = expand(set([['bindPlugin'], ['queueSortPlugin'], ['scorePlugin1']], ['scorePlugin1']), {});
    expect(r).toEqual({ lists: { preScore: ['scorePlugin1'], score: ['scorePlugin1'] }, score: [['scorePlugin1', 1]] });
  });
  it('"Expect \'already registered\' error"', () => {
    expect(expand(set([['testPlugin'], ['testPlugin']]), {})).toMatch(/already registered/);
  });
  it('"Override MultiPoint plugins weights and avoid a plugin being loaded multiple times"', () => {
    const r = expand(set([['testPlugin'], ['scorePlugin1']]), { score: set([['scorePlugin1', 5], ['scorePlugin2', 5], ['testPlugin', 3]]) });
    expect(r).toMatchObject({ lists: { preScore: ['testPlugin', 'scorePlugin1'] }, score: [['scorePlugin1', 5], ['testPlugin', 3], ['scorePlugin2', 5]] });
  });
  it('a plugin named at a point it does not implement is an error (framework.go updatePluginList "does not extend")', () => {
    expect(expand(set(), { filter: set([['scorePlugin1']]) })).toBe('plugin "scorePlugin1" does not extend FilterPlugin plugin');
  });
});

describe('KubeSchedulerConfiguration files → profiles (real plugins)', () => {
  const build = (yaml: string): Profile[] => profilesFromFile(tmpConfig(HEADER + yaml));

  it('score disabled "*": no score plugins, filters unchanged (extension point disabled with * skips multiPoint expansion)', () => {
    const [p] = build('profiles:\n- plugins:\n    score:\n      disabled:\n      - name: "*"\n');
    expect(p.score).toEqual([]);
    expect(p.preScore).toEqual([]);
    expect(names(p.filter)).toContain('NodeResourcesFit');
  });

  it('score disabled "*" and one plugin enabled with a weight: only that plugin scores, at that weight', () => {
    const [p] = build('profiles:\n- plugins:\n    score:\n      enabled:\n      - {name: NodeResourcesFit, weight: 5}\n      disabled:\n      - name: "*"\n');
    expect(scoreList(p)).toEqual([['NodeResourcesFit', 5]]);
  });

  it('re-enabling a default at score moves it first (override part of expandMultiPointPlugins) and an unset weight is 1, not the default 3 (getScoreWeights)', () => {
    const [p] = build('profiles:\n- plugins:\n    score:\n      enabled:\n      - name: ImageLocality\n        weight: 4\n      - name: TaintToleration\n');
    expect(scoreList(p)).toEqual([
      ['ImageLocality', 4],
      ['TaintToleration', 1],
      ['NodeAffinity', 2],
      ['NodeResourcesFit', 1],
      ['PodTopologySpread', 2],
      ['InterPodAffinity', 2],
      ['NodeResourcesBalancedAllocation', 1],
    ]);
  });

  it('a multiPoint override replaces the default in place (mergePluginSet), its weight applies', () => {
    const [p] = build('profiles:\n- plugins:\n    multiPoint:\n      enabled:\n      - {name: NodeAffinity, weight: 7}\n');
    expect(scoreList(p)[1]).toEqual(['NodeAffinity', 7]);
    expect(names(p.filter)).toEqual(names(buildProfiles(undefined, IN_TREE_PLUGINS, new ClusterState())[0].filter));
  });

  it('multiPoint disabled by name removes the plugin from every point; a point-level disable only from that point', () => {
    const [p] = build('profiles:\n- plugins:\n    multiPoint:\n      disabled:\n      - name: NodeResourcesFit\n    filter:\n      disabled:\n      - name: TaintToleration\n');
    for (const list of [p.preFilter, p.filter, p.preScore, p.score.map((s) => s.plugin)]) expect(names(list)).not.toContain('NodeResourcesFit');
    expect(names(p.filter)).not.toContain('TaintToleration');
    expect(scoreList(p)[0]).toEqual(['TaintToleration', 3]);
  });

  it('multiPoint disabled "*" with a few plugins enabled: only those run (a minimal profile)', () => {
    const [p] = build('profiles:\n- plugins:\n    multiPoint:\n      enabled:\n      - name: NodeResourcesFit\n      - name: ImageLocality\n        weight: 3\n      disabled:\n      - name: "*"\n');
    expect(names(p.filter)).toEqual(['NodeResourcesFit']);
    expect(names(p.postFilter)).toEqual([]);
    expect(scoreList(p)).toEqual([
      ['NodeResourcesFit', 1],
      ['ImageLocality', 3],
    ]);
  });

  it('pluginConfig args reach the plugin: MostAllocated packs, the default LeastAllocated spreads', () => {
    // n1 has 3 of 4 CPUs requested, n2 none. Pod asks for 500m.
    const cluster = (): ClusterState =>
      makeCluster(
        [makeNode('n1', { cpu: '4', memory: '8Gi' }), makeNode('n2', { cpu: '4', memory: '8Gi' })],
        [withSpec(makePod('busy', [{ cpu: '3', memory: '1Gi' }]), { nodeName: 'n1' })],
      );
    const pod = makePod('p', [{ cpu: '500m', memory: '256Mi' }]);
    const choose = (profile: (c: ClusterState) => Profile): string | null => {
      const c = cluster();
      const fw = new Framework(profile(c), c, seedrandom('x'));
      return fw.schedulePod(c.addPod(pod)).node;
    };
    expect(choose((c) => profilesFromFile(join(CONFIGS, 'most-allocated.yaml'), IN_TREE_PLUGINS, c)[0])).toBe('n1');
    expect(choose((c) => buildProfiles(undefined, IN_TREE_PLUGINS, c)[0])).toBe('n2');
    const [p] = profilesFromFile(join(CONFIGS, 'most-allocated.yaml'));
    expect(scoreList(p)).toEqual([
      ['NodeResourcesFit', 2],
      ['TaintToleration', 3],
      ['NodeAffinity', 2],
      ['PodTopologySpread', 2],
      ['InterPodAffinity', 2],
      ['ImageLocality', 1],
    ]);
  });

  it('DefaultPreemption args from pluginConfig', () => {
    const [p] = build('profiles:\n- pluginConfig:\n  - name: DefaultPreemption\n    args: {minCandidateNodesPercentage: 20, minCandidateNodesAbsolute: 5}\n');
    expect((p.postFilter[0] as DefaultPreemptionPlugin).args).toEqual({ minCandidateNodesPercentage: 20, minCandidateNodesAbsolute: 5 });
  });

  it('defaults_test.go TestSchedulerDefaults "two profiles": pluginConfig for a plugin that is not enabled is accepted', () => {
    const ps = build('profiles:\n- schedulerName: a\n  pluginConfig:\n  - name: FooPlugin\n- schedulerName: custom-scheduler\n');
    expect(ps.map((p) => p.schedulerName)).toEqual(['a', 'custom-scheduler']);
  });

  it('percentageOfNodesToScore: the profile value overrides the global one, 0 included (schedule_one.go numFeasibleNodesToFind)', () => {
    const ps = build('percentageOfNodesToScore: 40\nprofiles:\n- schedulerName: a\n- schedulerName: b\n  percentageOfNodesToScore: 70\n- schedulerName: c\n  percentageOfNodesToScore: 0\n');
    expect(ps.map((p) => p.percentageOfNodesToScore)).toEqual([40, 70, 0]);
    expect(ps.map((p) => numFeasibleNodesToFind(p.percentageOfNodesToScore, 1000))).toEqual([400, 700, 420]);
  });

  it('two profiles: pods go to the profile of their spec.schedulerName; pods naming no profile stay unqueued', () => {
    const nodes = Array.from({ length: 4 }, (_, i) => makeNode(`n${i}`, { cpu: '4', memory: '8Gi' }));
    const cluster = makeCluster(nodes);
    const ps = profilesFromFile(join(CONFIGS, 'two-profiles.yaml'), IN_TREE_PLUGINS, cluster);
    expect(ps.map((p) => [p.schedulerName, p.percentageOfNodesToScore, p.score.length])).toEqual([
      ['default-scheduler', 40, 7],
      ['no-scoring-scheduler', 50, 0],
    ]);
    const seen: Record<string, string[]> = {};
    const s = new Scheduler(cluster, ps, { seed: 1 });
    // record which profile's framework handled which pod
    for (const [name, fw] of s.frameworks) {
      const orig = fw.schedulePod.bind(fw);
      fw.schedulePod = (p, o) => ((seen[name] ??= []).push(p.name), orig(p, o));
    }
    cluster.addPod(makePod('a', [{ cpu: '1' }]));
    cluster.addPod(withSpec(makePod('b', [{ cpu: '1' }]), { schedulerName: 'no-scoring-scheduler' }));
    cluster.addPod(withSpec(makePod('c', [{ cpu: '1' }]), { schedulerName: 'other' }));
    s.enqueueAllPending();
    s.runUntilIdle();
    expect(seen).toEqual({ 'default-scheduler': ['a'], 'no-scoring-scheduler': ['b'] });
    expect(cluster.pods.get('default/c')!.nodeName).toBe('');
  });
});

describe('located configuration errors (validation.go and strict decoding)', () => {
  const err = (yaml: string): UserError => userErrorOf(() => profilesFromFile(tmpConfig(HEADER + yaml)));

  it('bad apiVersion', () => {
    const f = tmpConfig('apiVersion: kubescheduler.config.k8s.io/v1beta3\nkind: KubeSchedulerConfiguration\n');
    const e = userErrorOf(() => readSchedulerConfig(f));
    expect(e.location).toMatchObject({ file: f, line: 1 });
    expect(e.field).toBe('apiVersion');
    expect(e.format()).toMatch(/sched\.yaml:1:\d+: KubeSchedulerConfiguration: apiVersion: must be "kubescheduler\.config\.k8s\.io\/v1", got "kubescheduler\.config\.k8s\.io\/v1beta3"/);
  });

  it('unknown extension point', () => {
    const e = err('profiles:\n- plugins:\n    scoring:\n      enabled: [{name: ImageLocality}]\n');
    // the value of the key (the block map on the next line)
    expect(e.location?.line).toBe(6);
    expect(e.field).toBe('profiles[0].plugins.scoring');
    expect(e.message).toMatch(/unknown extension point/);
  });

  it('weight out of range (negative)', () => {
    const e = err('profiles:\n- plugins:\n    score:\n      enabled:\n      - name: ImageLocality\n        weight: -1\n');
    expect(e.location?.line).toBe(8);
    expect(e.field).toBe('profiles[0].plugins.score.enabled[0].weight');
  });

  it('unknown plugin: located at its name', () => {
    const e = err('profiles:\n- plugins:\n    filter:\n      enabled:\n      - name: NodeResourcesFitt\n');
    expect(e.location?.line).toBe(7);
    expect(e.field).toBe('profiles[0].plugins.filter.enabled[0].name');
    expect(e.message).toMatch(/plugin "NodeResourcesFitt" does not exist/);
  });

  it('a plugin enabled at a point it does not implement', () => {
    const e = err('profiles:\n- plugins:\n    filter:\n      enabled:\n      - name: ImageLocality\n');
    expect(e.message).toBe('plugin "ImageLocality" does not extend FilterPlugin plugin');
    expect(e.field).toBe('profiles[0].plugins.filter');
    expect(e.location?.line).toBe(6);
  });

  it('the same plugin twice in multiPoint: already registered', () => {
    const e = err('profiles:\n- plugins:\n    multiPoint:\n      enabled:\n      - name: ImageLocality\n      - name: ImageLocality\n');
    expect(e.message).toMatch(/plugin "ImageLocality" already registered as "ScorePlugin"/);
  });

  it('bad plugin args: located at pluginConfig[i].args with the plugin\'s own message', () => {
    const e = err('profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args:\n      scoringStrategy:\n        type: Packed\n');
    expect(e.field).toBe('profiles[0].pluginConfig[0].args');
    expect(e.location?.line).toBe(7);
    expect(e.message).toMatch(/scoringStrategy\.type: Unsupported value: "Packed"/);
  });

  it('percentageOfNodesToScore out of [0, 100]', () => {
    const e = err('profiles:\n- percentageOfNodesToScore: 101\n');
    expect(e.field).toBe('profiles[0].percentageOfNodesToScore');
    expect(e.location?.line).toBe(4);
  });

  it('duplicate schedulerName (field.Duplicate)', () => {
    const e = err('profiles:\n- schedulerName: a\n- schedulerName: a\n');
    expect(e.field).toBe('profiles[1].schedulerName');
    expect(e.location?.line).toBe(5);
    expect(e.message).toMatch(/Duplicate value: "a"/);
  });

  it('several profiles: each needs a schedulerName (field.Required)', () => {
    const e = err('profiles:\n- schedulerName: a\n- plugins: {}\n');
    expect(e.field).toBe('profiles[1].schedulerName');
    expect(e.message).toMatch(/Required value/);
  });

  it('duplicate pluginConfig name', () => {
    const e = err('profiles:\n- pluginConfig:\n  - name: NodeAffinity\n  - name: NodeAffinity\n');
    expect(e.field).toBe('profiles[0].pluginConfig[1].name');
    expect(e.location?.line).toBe(6);
  });

  it('unknown field (strict decoding): a typo is not silently ignored', () => {
    const e = err('percentageOfNodeToScore: 50\n');
    expect(e.field).toBe('percentageOfNodeToScore');
    expect(e.location?.line).toBe(3);
    expect(e.message).toMatch(/unknown field/);
  });

  it('fields kube-scheduler has but kubesim does not simulate are accepted', () => {
    const ps = build2('parallelism: 16\nleaderElection: {leaderElect: false}\nprofiles:\n- schedulerName: default-scheduler\n');
    expect(ps.length).toBe(1);
  });
  const build2 = (yaml: string): Profile[] => profilesFromFile(tmpConfig(HEADER + yaml));
});
