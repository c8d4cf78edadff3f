/**
 * Properties of one scheduling cycle under the default profile, for random small clusters
 * (allocatable, zones, taints, unschedulable nodes, existing pods with labels and anti-affinity)
 * and random pods (requests, nodeSelector, required/preferred node affinity, tolerations,
 * topology spread, pod affinity and anti-affinity):
 * - the selected node passes every enabled filter (re-run one by one) and an independent check
 *   of resources, nodeSelector, taints and unschedulable;
 * - it has the highest total among the scored nodes, and each total is Σ weight × normalized;
 * - with a fixed seed the choice is deterministic, and explain mode does not change it;
 * - an unschedulable result means every node failed some filter.
 */
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../../src/model/cluster.ts';
import { milliValueOf, valueOf } from '../../src/model/quantity.ts';
import type { Node, Pod, PodAffinityTerm, Taint, Toleration, TopologySpreadConstraint } from '../../src/model/types.ts';
import { buildProfiles } from '../../src/scheduler/config.ts';
import { Framework, type ScheduleResult } from '../../src/scheduler/framework/framework.ts';
import type { Profile } from '../../src/scheduler/framework/profile.ts';
import { IN_TREE_PLUGINS } from '../../src/scheduler/registry.ts';
import { makeCluster } from '../helpers/cluster.ts';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const APPS = ['web', 'db', 'cache'] as const;

interface ClusterSpec {
  nodes: { cpu: string; memory: string; pods: number; zone: string; disk: string; taints: Taint[]; unschedulable: boolean }[];
  pods: { node: number; cpu: string; memory: string; app: string; antiAffinityHost: boolean }[];
}

/** `arb` one time in `1 + absent`, else undefined (constraints are rarer than plain pods). */
const sometimes = <T>(arb: fc.Arbitrary<T>, absent = 2): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: absent }, { arbitrary: arb, weight: 1 });

const taintArb: fc.Arbitrary<Taint> = fc.constantFrom<Taint>(
  { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
  { key: 'spot', value: 'true', effect: 'PreferNoSchedule' },
  { key: 'maintenance', effect: 'NoExecute' },
  { key: 'dedicated', value: 'batch', effect: 'PreferNoSchedule' },
);

const nodeArb = fc.record({
  cpu: fc.constantFrom('1', '2', '4', '8', '1500m'),
  memory: fc.constantFrom('2Gi', '4Gi', '8Gi', '16Gi', '3000Mi'),
  pods: fc.constantFrom(3, 110),
  zone: fc.constantFrom('zone-a', 'zone-b', 'zone-c'),
  disk: fc.constantFrom('ssd', 'hdd'),
  taints: sometimes(fc.uniqueArray(taintArb, { minLength: 1, maxLength: 2, selector: (t) => `${t.key}:${t.effect}` })).map((t) => t ?? []),
  unschedulable: fc.integer({ min: 0, max: 5 }).map((x) => x === 0),
});

const clusterArb: fc.Arbitrary<ClusterSpec> = fc.array(nodeArb, { minLength: 1, maxLength: 8 }).chain((nodes) =>
  fc.record({
    nodes: fc.constant(nodes),
    pods: fc.array(
      fc.record({
        node: fc.nat({ max: nodes.length - 1 }),
        cpu: fc.constantFrom('0', '100m', '250m', '500m', '1', '2'),
        memory: fc.constantFrom('0', '128Mi', '512Mi', '1Gi', '4Gi'),
        app: fc.constantFrom(...APPS),
        antiAffinityHost: fc.integer({ min: 0, max: 4 }).map((x) => x === 0),
      }),
      { maxLength: 10 },
    ),
  }),
);

interface PodSpecArb {
  cpu: string;
  memory: string;
  app: string;
  nodeSelector?: Record<string, string>;
  requiredZones?: string[];
  preferredZone?: { zone: string; weight: number };
  tolerations: Toleration[];
  spread?: { key: string; maxSkew: number; hard: boolean; app: string };
  affinity?: { app: string; key: string; required: boolean; anti: boolean; weight: number };
}

const podArb: fc.Arbitrary<PodSpecArb> = fc.record({
  cpu: fc.constantFrom('0', '100m', '500m', '1', '3'),
  memory: fc.constantFrom('0', '256Mi', '1Gi', '6Gi'),
  app: fc.constantFrom(...APPS),
  nodeSelector: sometimes(fc.constantFrom({ disk: 'ssd' }, { disk: 'hdd' }), 3),
  requiredZones: sometimes(fc.subarray(['zone-a', 'zone-b', 'zone-c'], { minLength: 1 }), 3),
  preferredZone: sometimes(fc.record({ zone: fc.constantFrom('zone-a', 'zone-b', 'zone-c'), weight: fc.integer({ min: 1, max: 100 }) })),
  tolerations: fc.subarray<Toleration>([
    { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
    { key: 'spot', operator: 'Exists' },
    { key: 'maintenance', operator: 'Exists', effect: 'NoExecute' },
    { operator: 'Exists', effect: 'PreferNoSchedule' },
  ]),
  spread: sometimes(fc.record({ key: fc.constantFrom(ZONE, HOST), maxSkew: fc.integer({ min: 1, max: 2 }), hard: fc.boolean(), app: fc.constantFrom(...APPS) })),
  affinity: sometimes(
    fc.record({
      app: fc.constantFrom(...APPS),
      key: fc.constantFrom(ZONE, HOST),
      required: fc.boolean(),
      anti: fc.boolean(),
      weight: fc.integer({ min: 1, max: 100 }),
    }),
  ),
});

function buildNodes(spec: ClusterSpec): Node[] {
  return spec.nodes.map((n, i) => ({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: `n${i}`, labels: { [ZONE]: n.zone, [HOST]: `n${i}`, disk: n.disk } },
    spec: { taints: n.taints.length ? n.taints : undefined, unschedulable: n.unschedulable || undefined },
    status: { allocatable: { cpu: n.cpu, memory: n.memory, pods: String(n.pods) } },
  }));
}

function buildPods(spec: ClusterSpec): Pod[] {
  return spec.pods.map((p, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `e${i}`, namespace: 'default', labels: { app: p.app } },
    spec: {
      nodeName: `n${p.node}`,
      containers: [{ name: 'c', resources: { requests: { cpu: p.cpu, memory: p.memory } } }],
      affinity: p.antiAffinityHost ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: p.app } }, topologyKey: HOST }] } } : undefined,
    },
  }));
}

function buildPod(s: PodSpecArb): Pod {
  const spec: Pod['spec'] = {
    containers: [{ name: 'c', resources: { requests: { cpu: s.cpu, memory: s.memory } } }],
    nodeSelector: s.nodeSelector,
    tolerations: s.tolerations.length ? s.tolerations : undefined,
  };
  if (s.requiredZones || s.preferredZone) {
    spec.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: s.requiredZones ? { nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE, operator: 'In', values: s.requiredZones }] }] } : undefined,
        preferredDuringSchedulingIgnoredDuringExecution: s.preferredZone
          ? [{ weight: s.preferredZone.weight, preference: { matchExpressions: [{ key: ZONE, operator: 'In', values: [s.preferredZone.zone] }] } }]
          : undefined,
      },
    };
  }
  if (s.spread) {
    const c: TopologySpreadConstraint = {
      maxSkew: s.spread.maxSkew,
      topologyKey: s.spread.key,
      whenUnsatisfiable: s.spread.hard ? 'DoNotSchedule' : 'ScheduleAnyway',
      labelSelector: { matchLabels: { app: s.spread.app } },
    };
    spec.topologySpreadConstraints = [c];
  }
  if (s.affinity) {
    const term: PodAffinityTerm = { labelSelector: { matchLabels: { app: s.affinity.app } }, topologyKey: s.affinity.key };
    const side = s.affinity.required
      ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
      : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: s.affinity.weight, podAffinityTerm: term }] };
    spec.affinity = { ...(spec.affinity ?? {}), ...(s.affinity.anti ? { podAntiAffinity: side } : { podAffinity: side }) };
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'incoming', namespace: 'default', labels: { app: s.app } }, spec };
}

interface Run {
  cluster: ClusterState;
  profile: Profile;
  result: ScheduleResult;
}

/** One cycle of the default profile on a fresh cluster built from the specs. */
function runCycle(c: ClusterSpec, ps: PodSpecArb, seed: number, explain: boolean): Run {
  const cluster = makeCluster(buildNodes(c), buildPods(c));
  const [profile] = buildProfiles(undefined, IN_TREE_PLUGINS, cluster);
  const fw = new Framework(profile, cluster, seedrandom(String(seed)));
  const p = cluster.addPod(buildPod(ps));
  return { cluster, profile, result: fw.schedulePod(p, { explain }) };
}

/** Independent check of the simplest filters, from the raw objects. */
function oracleFits(c: ClusterSpec, ps: PodSpecArb, nodeIndex: number): string[] {
  const n = c.nodes[nodeIndex];
  const problems: string[] = [];
  const onNode = c.pods.filter((p) => p.node === nodeIndex);
  const cpuUsed = onNode.reduce((s, p) => s + milliValueOf(p.cpu), 0);
  const memUsed = onNode.reduce((s, p) => s + valueOf(p.memory), 0);
  if (milliValueOf(ps.cpu) > 0 && cpuUsed + milliValueOf(ps.cpu) > milliValueOf(n.cpu)) problems.push('cpu');
  if (valueOf(ps.memory) > 0 && memUsed + valueOf(ps.memory) > valueOf(n.memory)) problems.push('memory');
  if (onNode.length + 1 > n.pods) problems.push('pods');
  if (ps.nodeSelector && ps.nodeSelector.disk !== n.disk) problems.push('nodeSelector');
  if (ps.requiredZones && !ps.requiredZones.includes(n.zone)) problems.push('node affinity');
  if (n.unschedulable) problems.push('unschedulable');
  for (const t of n.taints) {
    if (t.effect === 'PreferNoSchedule') continue;
    const tolerated = ps.tolerations.some(
      (tol) =>
        (!tol.effect || tol.effect === t.effect) &&
        (tol.operator === 'Exists' ? !tol.key || tol.key === t.key : tol.key === t.key && (tol.value ?? '') === (t.value ?? '')),
    );
    if (!tolerated) problems.push(`taint ${t.key}:${t.effect}`);
  }
  return problems;
}

const SEED = 20240611;

describe('scheduling cycle properties (default profile)', () => {
  it('the selected node passes every filter, has the highest total, and the choice is deterministic; unschedulable means every node failed', () => {
    let scheduled = 0;
    let unschedulable = 0;
    let multiFeasible = 0;
    fc.assert(
      fc.property(clusterArb, podArb, fc.integer({ min: 0, max: 1000 }), (c, ps, seed) => {
        const { cluster, profile, result } = runCycle(c, ps, seed, true);
        const exp = result.explanation!;
        const names = cluster.nodeList().map((n) => n.name);
        expect([...exp.keys()].sort()).toEqual([...names].sort());
        for (const e of exp.values()) expect(e.filter).not.toBeUndefined(); // explain examines every node

        if (result.node === null) {
          unschedulable++;
          // every node failed some filter, and the failure is recorded for it
          for (const name of names) {
            expect(exp.get(name)!.filter).not.toBeNull();
            expect(result.nodeStatuses.get(name)?.code).toMatch(/^Unschedulable/);
          }
          expect(result.message).toMatch(new RegExp(`^0/${names.length} nodes are available`));
        } else {
          scheduled++;
          const sel = cluster.nodes.get(result.node)!;
          const pod = cluster.pods.get('default/incoming')!;
          expect(exp.get(result.node)!.filter).toBeNull();
          // re-run every enabled filter plugin on the chosen node with the cycle's PreFilter state
          for (const pl of profile.filter) {
            if (result.state.skipFilterPlugins.has(pl)) continue;
            expect(pl.filter!(result.state, pod, sel), `${pl.name} on ${sel.name}`).toBeNull();
          }
          expect(oracleFits(c, ps, Number(result.node.slice(1)))).toEqual([]);

          const feasible = names.filter((n) => exp.get(n)!.filter === null);
          expect(feasible).toContain(result.node);
          if (feasible.length === 1) {
            expect(exp.get(result.node)!.scored).toBe(false); // one feasible node: no scoring
          } else {
            multiFeasible++;
            const weights = new Map(profile.score.map((s) => [s.plugin.name, s.weight]));
            let max = -Infinity;
            for (const n of feasible) {
              const e = exp.get(n)!;
              expect(e.scored).toBe(true);
              let sum = 0;
              for (const [plugin, s] of Object.entries(e.scores)) {
                expect(s.normalized).toBeGreaterThanOrEqual(0);
                expect(s.normalized).toBeLessThanOrEqual(100);
                expect(s.weighted).toBe(s.normalized * weights.get(plugin)!);
                sum += s.weighted;
              }
              expect(Object.keys(e.scores).sort()).toEqual([...weights.keys()].sort());
              expect(e.total).toBe(sum);
              max = Math.max(max, e.total);
            }
            expect(exp.get(result.node)!.total).toBe(max);
          }
        }

        // deterministic with a fixed seed; explain mode does not change the decision
        const again = runCycle(c, ps, seed, true).result;
        expect(again.node).toBe(result.node);
        expect(JSON.stringify([...again.explanation!])).toBe(JSON.stringify([...exp]));
        expect(runCycle(c, ps, seed, false).result.node).toBe(result.node);
      }),
      { numRuns: 250, seed: SEED },
    );
    // the generators reach every branch
    expect(scheduled).toBeGreaterThan(50);
    expect(unschedulable).toBeGreaterThan(10);
    expect(multiFeasible).toBeGreaterThan(60);
  });

  it('ties are broken by the seeded RNG: identical empty nodes, different seeds reach different nodes, the same seed the same one', () => {
    const c: ClusterSpec = {
      nodes: Array.from({ length: 6 }, () => ({ cpu: '4', memory: '8Gi', pods: 110, zone: 'zone-a', disk: 'ssd', taints: [], unschedulable: false })),
      pods: [],
    };
    const ps: PodSpecArb = { cpu: '100m', memory: '128Mi', app: 'web', tolerations: [] };
    const picks = new Set<string | null>();
    for (let seed = 0; seed < 40; seed++) {
      const a = runCycle(c, ps, seed, false).result.node;
      expect(runCycle(c, ps, seed, false).result.node).toBe(a);
      picks.add(a);
    }
    expect(picks.size).toBeGreaterThan(3);
  });
});
