/**
 * The scheduler's hot-path shortcuts give exactly what the plain code gives (fast-check):
 * - the cluster-level affinity term index that InterPodAffinity reads instead of walking every
 *   node's pods equals a recomputation from scratch after any sequence of cluster changes;
 * - every built-in plugin's batch `scoreNodes` equals its per-node `score`, on seeded synthetic
 *   clusters partly filled by the scheduler;
 * - NodeResourcesFit's statuses shared per shortage mask equal those computed from scratch;
 * - the filter window with the plugins' quick tests over the node table (the fused path) gives
 *   the same result, pod after pod, as running every filter on every node.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticCluster } from '../../bench/synthetic.ts';
import type { ClusterState } from '../../src/model/cluster.ts';
import { FLAG_HAS_TAINTS, FLAG_HAS_USED_PORTS, FLAG_UNSCHEDULABLE, ROW_STRIDE, taintSetOf } from '../../src/model/node-table.ts';
import { CycleState, isPreFilterResult } from '../../src/scheduler/framework/types.ts';
import { newNodeResourcesFit } from '../../src/scheduler/plugins/node-resources-fit.ts';
import { TopologyValues } from '../../src/model/topology-values.ts';
import { addDefaultNormalized, defaultNormalizeScore } from '../../src/scheduler/plugins/helper.ts';
import { newTaintToleration } from '../../src/scheduler/plugins/taint-toleration.ts';
import { newNodeAffinity } from '../../src/scheduler/plugins/node-affinity.ts';
import { buildScheduler } from '../../src/scheduler/setup.ts';
import { Framework, type ScheduleResult } from '../../src/scheduler/framework/framework.ts';
import seedrandom from 'seedrandom';
import type { Pod } from '../../src/model/types.ts';
import { makeCluster, makeNode, makePod } from '../helpers/cluster.ts';

const ZONES = ['z1', 'z2', 'z3'];

/** A pod of app `app` with the affinity shape `kind` (templates shared per (app, kind), as controllers share specs). */
const templates = new Map<string, Pod['spec']>();
function podOf(name: string, app: number, kind: number): Pod {
  const key = `${app}/${kind}`;
  let spec = templates.get(key);
  if (!spec) {
    const sel = { matchLabels: { app: `a${app}` } };
    const host = 'kubernetes.io/hostname';
    const zone = 'topology.kubernetes.io/zone';
    const affinity =
      kind === 0
        ? undefined
        : kind === 1
          ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: sel, topologyKey: host }] } }
          : kind === 2
            ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: sel, topologyKey: zone }] } }
            : kind === 3
              ? { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 7, podAffinityTerm: { labelSelector: sel, topologyKey: zone } }] } }
              : {
                  podAntiAffinity: {
                    preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 3, podAffinityTerm: { labelSelector: sel, topologyKey: host } }],
                    requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: sel, topologyKey: zone }],
                  },
                };
    spec = { containers: [{ name: 'c' }], ...(affinity ? { affinity } : {}) };
    templates.set(key, spec);
  }
  return makePod(name, [], { metadata: { name, namespace: 'default', labels: { app: `a${app}` } }, spec });
}

/** The index's content as sorted `kind topologyKey=value count selector-app` lines. */
function indexLines(c: ClusterState): string[] {
  const out: string[] = [];
  const idx = c.affinityIndex;
  const groups = [
    ['reqAff', idx.requiredAffinity],
    ['reqAnti', idx.requiredAntiAffinity],
    ['prefAff', idx.preferredAffinity],
    ['prefAnti', idx.preferredAntiAffinity],
  ] as const;
  for (const [kind, m] of groups) {
    const sums = new Map<string, number>();
    for (const g of m.values()) {
      for (const [v, n] of g.byValue) {
        expect(n).toBeGreaterThan(0);
        const k = `${kind} ${g.term.topologyKey}=${v} ${'weight' in g.term ? g.term.weight : ''}`;
        sums.set(k, (sums.get(k) ?? 0) + n);
      }
    }
    for (const [k, n] of sums) out.push(`${k} ${n}`);
  }
  return out.sort();
}

/** Every node's NodeTable row equals its fields; image bitmaps equal the nodes' image maps. */
function checkTable(c: ClusterState): void {
  const t = c.nodeTable;
  const rows = new Set<number>();
  for (const ni of c.nodes.values()) {
    expect(ni.table).toBe(t);
    expect(rows.has(ni.row)).toBe(false);
    rows.add(ni.row);
    const o = ni.row * ROW_STRIDE;
    const row = Array.from(t.data.subarray(o, o + 12));
    const flags = (ni.unschedulable ? FLAG_UNSCHEDULABLE : 0) | (ni.taints.length > 0 ? FLAG_HAS_TAINTS : 0) | (ni.usedPorts.length > 0 ? FLAG_HAS_USED_PORTS : 0);
    expect(row).toEqual([
      ni.allocatable.milliCPU,
      ni.allocatable.memory,
      ni.allocatable.ephemeralStorage,
      ni.allocatable.allowedPodNumber,
      ni.requested.milliCPU,
      ni.requested.memory,
      ni.requested.ephemeralStorage,
      ni.pods.length,
      ni.nonZeroMilliCPU,
      ni.nonZeroMemory,
      flags,
      ni.taintSet,
    ]);
    expect(taintSetOf(ni.taintSet).map((x) => [x.key, x.value ?? '', x.effect])).toEqual(ni.taints.map((x) => [x.key, x.value ?? '', x.effect]));
    for (const name of c.imageStates.keys()) expect(c.imageNodeRows(name)?.[ni.row] === 1).toBe(ni.imageStates.has(name));
  }
  expect([...c.nodeRows()]).toEqual(c.nodeList().map((n) => n.row));
}

/** The same from scratch: every node's pods with affinity, every term. */
function bruteForceLines(c: ClusterState): string[] {
  const sums = new Map<string, number>();
  for (const node of c.nodeList()) {
    for (const p of node.podsWithAffinity) {
      const add = (kind: string, terms: readonly { topologyKey: string; weight?: number }[]): void => {
        for (const t of terms) {
          const v = node.labels?.[t.topologyKey];
          if (v === undefined) continue;
          const k = `${kind} ${t.topologyKey}=${v} ${t.weight ?? ''}`;
          sums.set(k, (sums.get(k) ?? 0) + 1);
        }
      };
      add('reqAff', p.requiredAffinityTerms);
      add('reqAnti', p.requiredAntiAffinityTerms);
      add('prefAff', p.preferredAffinityTerms);
      add('prefAnti', p.preferredAntiAffinityTerms);
    }
  }
  return [...sums].map(([k, n]) => `${k} ${n}`).sort();
}

type Op =
  | { op: 'bind'; app: number; kind: number; node: number }
  | { op: 'remove'; which: number }
  | { op: 'relabel'; node: number; zone: number }
  | { op: 'removeNode'; node: number }
  | { op: 'addNode'; node: number; zone: number }
  | { op: 'whatIf'; which: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('bind' as const), app: fc.nat(3), kind: fc.nat(4), node: fc.nat(7) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), which: fc.nat(1000) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('relabel' as const), node: fc.nat(7), zone: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('removeNode' as const), node: fc.nat(7) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('addNode' as const), node: fc.nat(7), zone: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('whatIf' as const), which: fc.nat(1000) }) },
);

function nodeObj(i: number, zone: number) {
  // zone index 3 = no zone label; the zone also varies taints, cordoning, capacity and images
  const labels: Record<string, string> = { 'kubernetes.io/hostname': `n${i}` };
  if (zone < 3) labels['topology.kubernetes.io/zone'] = ZONES[zone];
  return makeNode(
    `n${i}`,
    { cpu: `${2 + zone}`, memory: `${4 + zone}Gi`, 'ephemeral-storage': `${zone}Gi` },
    {
      metadata: { name: `n${i}`, labels },
      spec: { unschedulable: zone === 1, ...(zone === 2 ? { taints: [{ key: 'k', effect: 'NoSchedule' as const }] } : {}) },
      status: { allocatable: { cpu: `${2 + zone}`, memory: `${4 + zone}Gi`, pods: 110 }, images: [{ names: [`img${zone}`, `img${(i + zone) % 4}`], sizeBytes: 1000 * (i + 1) }] },
    },
  );
}

describe('PodAffinityIndex and NodeTable (cluster-level tables kept incrementally)', () => {
  it('equal a recomputation from every node’s pods and fields after any sequence of changes', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const c = makeCluster(Array.from({ length: 6 }, (_, i) => nodeObj(i, i % 4)));
        let seq = 0;
        for (const o of ops) {
          const bound = [...c.pods.values()].filter((p) => p.nodeName !== '' && c.nodes.has(p.nodeName));
          switch (o.op) {
            case 'bind': {
              const name = `n${o.node}`;
              if (!c.nodes.has(name)) break;
              const p = c.addPod(podOf(`p${seq++}`, o.app, o.kind));
              c.bindPod(p, name);
              break;
            }
            case 'remove':
              if (bound.length > 0) c.removePod(bound[o.which % bound.length].key);
              break;
            case 'relabel':
              if (c.nodes.has(`n${o.node}`)) c.addNode(nodeObj(o.node, o.zone));
              break;
            case 'removeNode':
              c.removeNode(`n${o.node}`);
              break;
            case 'addNode':
              c.addNode(nodeObj(o.node, o.zone));
              break;
            case 'whatIf': {
              // preemption's dry run: remove and add back on the NodeInfo only
              if (bound.length === 0) break;
              const p = bound[o.which % bound.length];
              const ni = c.nodes.get(p.nodeName)!;
              ni.removePod(p);
              expect(indexLines(c)).toEqual(bruteForceLines(c));
              ni.addPod(p);
              break;
            }
          }
          expect(indexLines(c)).toEqual(bruteForceLines(c));
          checkTable(c);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('pods from one template share compiled terms (one index group per term)', () => {
    const c = makeCluster([nodeObj(0, 0), nodeObj(1, 1)]);
    for (let i = 0; i < 10; i++) c.bindPod(c.addPod(podOf(`s${i}`, 0, 1)), `n${i % 2}`);
    expect(c.affinityIndex.requiredAntiAffinity.size).toBe(1);
    const g = [...c.affinityIndex.requiredAntiAffinity.values()][0];
    expect([...g.byValue].sort()).toEqual([
      ['n0', 5],
      ['n1', 5],
    ]);
  });
});

describe('TopologyValues by row (label epoch) vs reading the node', () => {
  it('ofRow gives the id of the node’s current value after any sequence of adds, relabels and removals', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ op: fc.constantFrom('add', 'relabel', 'remove', 'read'), node: fc.nat(7), zone: fc.nat(3) }),
          { maxLength: 60 },
        ),
        (ops) => {
          const c = makeCluster([]);
          const byRow = new TopologyValues('topology.kubernetes.io/zone');
          const byNode = new TopologyValues('topology.kubernetes.io/zone');
          const value = (t: TopologyValues, id: number) => (id < 0 ? undefined : t.values[id]);
          for (const o of ops) {
            const name = `n${o.node}`;
            if (o.op === 'add' || (o.op === 'relabel' && c.nodes.has(name))) c.addNode(nodeObj(o.node, o.zone));
            else if (o.op === 'remove') c.removeNode(name);
            // every node read by row and by node after each step: a stale row entry shows
            for (const ni of c.nodeList()) {
              expect(value(byRow, byRow.ofRow(ni.row, ni))).toBe(ni.labels?.['topology.kubernetes.io/zone']);
              expect(value(byRow, byRow.ofRow(ni.row, ni))).toBe(value(byNode, byNode.of(ni)));
            }
          }
        },
      ),
      { numRuns: 200, seed: 20261206 },
    );
  });
});

describe('TopologyValues read by another table’s node at the same row', () => {
  it('the row is read again by ofRow afterwards (no id of the other node trusted)', () => {
    const a = makeCluster([]);
    const b = makeCluster([]);
    const na = a.addNode(nodeObj(0, 0));
    const nb = b.addNode(nodeObj(0, 1));
    expect(na.row).toBe(nb.row);
    const t = new TopologyValues('topology.kubernetes.io/zone');
    const zone = (id: number) => (id < 0 ? undefined : t.values[id]);
    expect(zone(t.ofRow(na.row, na))).toBe(ZONES[0]);
    expect(zone(t.of(nb))).toBe(ZONES[1]);
    expect(zone(t.ofRow(na.row, na))).toBe(ZONES[0]);
  });
});

describe('DefaultNormalizeScore fused with adding up (kept raw scores)', () => {
  const raws = fc.array(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 100 }), fc.constantFrom(0, -1, 250, Number.NaN)), { minLength: 1, maxLength: 40 });
  it('adds what normalising and then adding gives, and reports the same first invalid score', () => {
    fc.assert(
      fc.property(raws, fc.boolean(), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 1000 }), (values, reverse, weight, shift) => {
        // raw scores kept by row; the cycle's rows in another order
        const n = values.length;
        const rows = values.map((_, i) => (i * 7 + shift) % n);
        const unique = new Set(rows).size === n ? rows : values.map((_, i) => i);
        const raw = new Float64Array(n);
        unique.forEach((row, i) => (raw[row] = values[i]));
        const fused = new Float64Array(n).fill(3);
        const bad = addDefaultNormalized(raw, unique, n, 100, reverse, weight, fused);
        const scores = unique.map((row) => raw[row]);
        defaultNormalizeScore(100, reverse, scores);
        const firstBad = scores.find((x) => !(x <= 100 && x >= 0));
        if (firstBad === undefined) {
          expect(bad).toBeNull();
          expect([...fused]).toEqual(scores.map((x) => 3 + x * weight));
        } else expect(Object.is(bad, firstBad)).toBe(true);
      }),
      { numRuns: 500, seed: 20261206 },
    );
  });
  it('is what TaintToleration’s and NodeAffinity’s normalizeScore do, as they declare', () => {
    const handle = { cluster: makeCluster([]) };
    for (const plugin of [newTaintToleration(undefined, handle), newNodeAffinity(undefined, handle)]) {
      const dn = plugin.defaultNormalize!;
      expect(dn, plugin.name).toBeDefined();
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 30 }), (values) => {
          const viaPlugin = [...values];
          plugin.normalizeScore!(new CycleState(), undefined as never, [], viaPlugin); // neither reads the pod or the nodes
          const declared = [...values];
          defaultNormalizeScore(dn.maxPriority, dn.reverse, declared);
          expect(viaPlugin).toEqual(declared);
        }),
        { numRuns: 200, seed: 20261206 },
      );
    }
  });
});

describe('batch scoring (scoreNodes) equals per-node score', () => {
  it('for every built-in score plugin, on synthetic clusters and pods', async () => {
    const checkedPlugins = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.string({ maxLength: 6 }),
          nodes: fc.integer({ min: 1, max: 30 }),
          pods: fc.integer({ min: 1, max: 120 }),
          placed: fc.integer({ min: 0, max: 120 }),
          plain: fc.boolean(),
        }),
        async ({ seed, nodes, pods, placed, plain }) => {
          const { cluster } = syntheticCluster({ seed, nodes, pods, workload: plain ? 'plain' : 'mixed', podsPerReplicaSet: 8 });
          const sched = await buildScheduler(cluster, { seed: 1 });
          sched.enqueueAllPending();
          sched.runUntilIdle(0, placed);
          const fw = sched.frameworks.get('default-scheduler')!;
          const all = cluster.nodeList();
          for (const pod of [...cluster.pendingPods.values()].slice(0, 4)) {
            const state = new CycleState();
            for (const p of fw.profile.preFilter) {
              const out = p.preFilter?.(state, pod) ?? null;
              if (out !== null && !isPreFilterResult(out) && out.code !== 'Skip') break;
            }
            const skipped = new Set<string>();
            for (const p of fw.profile.preScore) {
              const st = p.preScore?.(state, pod, all) ?? null;
              if (st !== null) skipped.add(p.name);
            }
            for (const { plugin } of fw.profile.score) {
              if (skipped.has(plugin.name) || !plugin.score) continue;
              expect(plugin.scoreNodes, `${plugin.name} has scoreNodes`).toBeDefined();
              const batch = new Array<number>(all.length).fill(-1);
              plugin.scoreNodes!(state, pod, all, batch);
              const single = all.map((n) => plugin.score!(state, pod, n));
              expect(batch, `${plugin.name} for ${pod.key}`).toEqual(single);
              // with the nodes' table rows, as the framework passes them
              const withRows = new Array<number>(all.length).fill(-1);
              plugin.scoreNodes!(state, pod, all, withRows, all.map((n) => n.row));
              expect(withRows, `${plugin.name} for ${pod.key} (rows)`).toEqual(single);
              checkedPlugins.add(plugin.name);
            }
          }
        },
      ),
      { numRuns: 40, seed: 20261123 },
    );
    expect([...checkedPlugins].sort()).toEqual([
      'ImageLocality',
      'InterPodAffinity',
      'NodeAffinity',
      'NodeResourcesBalancedAllocation',
      'NodeResourcesFit',
      'PodTopologySpread',
      'TaintToleration',
    ]);
  });
});

describe('NodeResourcesFit statuses shared per shortage mask', () => {
  it('a long-lived plugin gives the statuses a fresh plugin computes from scratch', () => {
    const qty = fc.constantFrom('0', '1', '2', '3', '100m', '1500m', '4');
    const mem = fc.constantFrom('0', '1Gi', '3Gi', '8Gi', '100Mi');
    const nodeArb = fc.record({ cpu: qty, memory: mem, gpu: fc.constantFrom(0, 1, 2), fpga: fc.constantFrom(0, 1), pods: fc.constantFrom(1, 2, 110) });
    const podArb = fc.record({ cpu: qty, memory: mem, gpu: fc.constantFrom(0, 1, 3), fpga: fc.constantFrom(0, 1) });
    const shared = newNodeResourcesFit(undefined, { cluster: makeCluster([]) });
    fc.assert(
      fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 6 }), fc.array(podArb, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(5), { maxLength: 8 }), (nodes, pods, bound) => {
        const cluster = makeCluster(
          nodes.map((n, i) => makeNode(`n${i}`, { cpu: n.cpu, memory: n.memory, pods: n.pods, 'example.com/gpu': n.gpu, 'example.com/fpga': n.fpga })),
        );
        const podObj = (name: string, p: (typeof pods)[number]): Pod => {
          const req: Record<string, string | number> = { cpu: p.cpu, memory: p.memory };
          if (p.gpu) req['example.com/gpu'] = p.gpu;
          if (p.fpga) req['example.com/fpga'] = p.fpga;
          return makePod(name, [req]);
        };
        bound.forEach((b, i) => {
          const name = `n${b % nodes.length}`;
          cluster.bindPod(cluster.addPod(podObj(`b${i}`, pods[i % pods.length])), name);
        });
        for (let k = 0; k < pods.length; k++) {
          const pod = cluster.addPod(podObj(`p${k}`, pods[k]));
          const state = new CycleState();
          shared.preFilter!(state, pod);
          for (const node of cluster.nodeList()) {
            const fresh = newNodeResourcesFit(undefined, { cluster });
            const st2 = new CycleState();
            fresh.preFilter!(st2, pod);
            expect(shared.filter!(state, pod, node)).toEqual(fresh.filter!(st2, pod, node));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** What a cycle decided, comparable with toEqual. */
function outcome(r: ScheduleResult) {
  return {
    node: r.node,
    evaluated: r.evaluatedNodes,
    feasible: r.feasibleNodes,
    statuses: [...r.nodeStatuses].map(([n, st]) => [n, st.code, st.plugin, ...st.reasons]),
    plugins: [...r.unschedulablePlugins],
    message: r.message,
  };
}

describe('filter window: quick tests over the node table (fused path) vs every filter on every node', () => {
  it('same node, counts, statuses and message for every pod, on synthetic clusters', async () => {
    let quickAccepted = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.string({ maxLength: 6 }),
          nodes: fc.integer({ min: 1, max: 60 }),
          pods: fc.integer({ min: 1, max: 150 }),
          pct: fc.constantFrom(undefined, 10, 50, 100),
          plain: fc.boolean(),
        }),
        async ({ seed, nodes, pods, pct, plain }) => {
          const { cluster } = syntheticCluster({ seed, nodes, pods, workload: plain ? 'plain' : 'mixed', podsPerReplicaSet: 10 });
          const config = pct === undefined ? undefined : { apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration' as const, percentageOfNodesToScore: pct };
          const sched = await buildScheduler(cluster, { seed: 1, config });
          const profile = sched.frameworks.get('default-scheduler')!.profile;
          const fast = new Framework(profile, cluster, seedrandom('tie'));
          const slow = new Framework(profile, cluster, seedrandom('tie'));
          slow.useQuickFilters = false;
          for (const p of [...cluster.pendingPods.values()]) {
            const a = fast.schedulePod(p);
            const b = slow.schedulePod(p);
            expect(outcome(a)).toEqual(outcome(b));
            expect(fast.nextStartNodeIndex).toBe(slow.nextStartNodeIndex);
            quickAccepted += a.feasibleNodes;
            if (a.node !== null) cluster.bindPod(p, a.node);
          }
        },
      ),
      { numRuns: 30, seed: 20261123 },
    );
    expect(quickAccepted).toBeGreaterThan(1000);
  });
});

describe('per-spec cache of node-local results vs deciding every node afresh', () => {
  it('same node, counts, statuses, message and start index, with pods of one template in a row or interleaved, pods deleted and nodes changed', async () => {
    let cycles = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.string({ maxLength: 6 }),
          nodes: fc.integer({ min: 1, max: 50 }),
          pods: fc.integer({ min: 1, max: 160 }),
          pct: fc.constantFrom(undefined, 30, 100),
          plain: fc.boolean(),
          churn: fc.integer({ min: 0, max: 9 }),
          grouped: fc.boolean(),
          // few caches kept: specs' caches recycled and restarted
          cacheMax: fc.constantFrom(undefined, 1, 3),
        }),
        async ({ seed, nodes, pods, pct, plain, churn, grouped, cacheMax }) => {
          const { cluster } = syntheticCluster({ seed, nodes, pods, workload: plain ? 'plain' : 'mixed', podsPerReplicaSet: 12 });
          const config = pct === undefined ? undefined : { apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration' as const, percentageOfNodesToScore: pct };
          const sched = await buildScheduler(cluster, { seed: 1, config });
          const profile = sched.frameworks.get('default-scheduler')!.profile;
          const cached = new Framework(profile, cluster, seedrandom('tie'));
          const fresh = new Framework(profile, cluster, seedrandom('tie'));
          fresh.useSpecCache = false;
          cached.specCacheMax = cacheMax;
          // pods of one spec one after the other, as a ReplicaSet creates them, or in arrival
          // order (specs interleaved: a spec's cache starts at its second pod and is revisited)
          const pending = [...cluster.pendingPods.values()];
          const order = new Map<object, number>();
          for (const p of pending) if (!order.has(p.pod.spec)) order.set(p.pod.spec, order.size);
          if (grouped) pending.sort((a, b) => order.get(a.pod.spec)! - order.get(b.pod.spec)!);
          const rng = seedrandom(`churn/${seed}`);
          const bound: typeof pending = [];
          for (const p of pending) {
            const a = cached.schedulePod(p);
            const b = fresh.schedulePod(p);
            expect(outcome(a)).toEqual(outcome(b));
            expect(cached.nextStartNodeIndex).toBe(fresh.nextStartNodeIndex);
            cycles++;
            if (a.node === null) continue;
            cluster.bindPod(p, a.node);
            bound.push(p);
            // churn: a bound pod deleted, or a node relabelled and tainted (its row changes)
            if (churn > 0 && rng() < churn / 20 && bound.length > 0) {
              const victim = bound.splice(Math.floor(rng() * bound.length), 1)[0];
              cluster.removePod(victim.key);
            }
            if (churn > 0 && rng() < churn / 40) {
              const list = cluster.nodeList();
              const ni = list[Math.floor(rng() * list.length)];
              const taints = rng() < 0.5 ? [{ key: 'churn', value: 'x', effect: 'NoSchedule' as const }] : [];
              cluster.addNode({ ...ni.node, metadata: { ...ni.node.metadata, labels: { ...ni.node.metadata.labels, churn: String(cycles) } }, spec: { ...ni.node.spec, taints } });
            }
            // an image pulled onto a node: its row is unchanged, ImageLocality's scores move everywhere
            if (churn > 0 && rng() < churn / 20) {
              const list = cluster.nodeList();
              const images = [...cluster.imageStates.keys()];
              const ni = list[Math.floor(rng() * list.length)];
              if (images.length > 0) cluster.addImagesToNode(ni, [images[Math.floor(rng() * images.length)]]);
            }
          }
        },
      ),
      { numRuns: 40, seed: 20261206 },
    );
    expect(cycles).toBeGreaterThan(1500);
  });
});
