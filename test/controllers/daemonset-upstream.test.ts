/**
 * Ported from pkg/controller/daemon/update_test.go and daemon_controller_test.go (the update and
 * taint/toleration cases). Upstream drives its controller through a fake pod control that removes
 * deleted pods from the store at once and observes expectations synchronously, so one sync runs
 * manage and then, on the updated store, the rolling update. The test-local `FakeDaemonController`
 * below drives our pure functions (nodeShouldRunDaemonPod, podsShouldBeOnNode,
 * updatedDesiredNodeCounts, rollingUpdate) the same way and counts creates and deletes per sync.
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import type { DaemonSet, IntOrString, Node, Pod, Taint, Toleration } from '../../src/model/types.ts';
import {
  DaemonSetRevisionLabel,
  nodeShouldRunDaemonPod,
  podsShouldBeOnNode,
  rollingUpdate,
  updatedDesiredNodeCounts,
} from '../../src/controllers/daemonset/index.ts';
import { computeHash } from '../../src/controllers/common/template.ts';
import { formatTime } from '../../src/controllers/common/time.ts';
import { isPodAvailable, isPodReady } from '../../src/controllers/replicaset/index.ts';

const simpleDaemonSetLabel = { name: 'simple-daemon', type: 'production' };
const simpleNodeLabel = { color: 'blue', speed: 'fast' };
const noScheduleTolerations: Toleration[] = [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }];
const noScheduleTaints: Taint[] = [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }];
const noExecuteTaints: Taint[] = [{ key: 'dedicated', value: 'user1', effect: 'NoExecute' }];

/** daemon_controller_test.go newDaemonSet: OnDelete, image foo/bar. */
function newDaemonSet(name: string): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
    spec: {
      updateStrategy: { type: 'OnDelete' },
      selector: { matchLabels: { ...simpleDaemonSetLabel } },
      template: { metadata: { labels: { ...simpleDaemonSetLabel } }, spec: { containers: [{ name: 'c', image: 'foo/bar' }] } },
    },
  };
}

/** newRollingUpdateStrategy / newUpdateUnavailable. */
function updateUnavailable(v: IntOrString): DaemonSet['spec']['updateStrategy'] {
  return { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: v } };
}
/** newUpdateSurge: maxUnavailable 0, maxSurge v. */
function updateSurge(v: IntOrString): DaemonSet['spec']['updateStrategy'] {
  return { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: v } };
}
/** updateStrategies(): OnDelete and RollingUpdate with maxUnavailable 1. */
const updateStrategies = (): DaemonSet['spec']['updateStrategy'][] => [{ type: 'OnDelete' }, updateUnavailable(1)];

function newNode(name: string, labels?: Record<string, string>, taints: Taint[] = []): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: labels ? { ...labels } : undefined }, spec: { taints }, status: { allocatable: { pods: '100' } } };
}
function addNodes(nodes: Node[], start: number, count: number, labels?: Record<string, string>): void {
  for (let i = start; i < start + count; i++) nodes.push(newNode(`node-${i}`, labels));
}
function image(ds: DaemonSet, img: string): void {
  ds.spec.template = { ...ds.spec.template, spec: { ...ds.spec.template.spec, containers: [{ name: 'c', image: img }] } };
}

/**
 * The fake controller loop: pods in a store (insertion order), a clock in seconds. A created pod
 * has no status (not ready), its target node is remembered, and a deleted pod leaves the store
 * at once (fakePodControl.DeletePod).
 */
class FakeDaemonController {
  readonly pods = new Map<string, Pod>();
  readonly target = new Map<string, string>();
  clock = 1_000;
  private seq = 0;
  constructor(
    public ds: DaemonSet,
    public nodes: Node[],
  ) {}

  hash(): string {
    return computeHash(this.ds.spec.template);
  }

  /** A pod of the DaemonSet on `node` (daemon_controller_test.go newPod / addPods). */
  addPod(node: string, opts: { hash?: string; phase?: 'Failed' | 'Running'; ready?: boolean; readyAt?: number; deleting?: boolean } = {}): Pod {
    const name = `${this.ds.metadata.name}-${++this.seq}`;
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', creationTimestamp: formatTime(this.clock), labels: { ...simpleDaemonSetLabel, [DaemonSetRevisionLabel]: opts.hash ?? this.hash() } },
      spec: { containers: [] },
      status: opts.phase ? { phase: opts.phase } : {},
    };
    if (opts.deleting) pod.metadata.deletionTimestamp = formatTime(this.clock);
    this.pods.set(name, pod);
    this.target.set(name, node);
    if (opts.ready) this.setReady(pod, true, opts.readyAt);
    return pod;
  }

  setReady(pod: Pod, ready: boolean, at = this.clock): void {
    const others = (pod.status?.conditions ?? []).filter((c) => c.type !== 'Ready');
    pod.status = { ...(pod.status ?? {}), conditions: [...others, { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: formatTime(at) }] };
  }

  /** markPodsReady: every pod not yet ready becomes ready now (UpdatePodCondition keeps the time of ready ones). */
  markPodsReady(): void {
    for (const p of this.pods.values()) if (!isPodReady(p)) this.setReady(p, true);
  }

  /** setPodReadiness(ready, count, fn): the first `count` non-deleted pods in store order matching `fn`. */
  setPodReadiness(ready: boolean, count: number, fn: (p: Pod) => boolean): void {
    for (const p of this.pods.values()) {
      if (count <= 0) break;
      if (p.metadata.deletionTimestamp || isPodReady(p) === ready || !fn(p)) continue;
      this.setReady(p, ready);
      count--;
    }
    if (count > 0) throw new Error(`could not mark ${count} pods ready=${ready}`);
  }

  /** Pods by target node, without deleted terminal pods (getNodesToDaemonPods(ds, false)), node-name order. */
  nodeToDaemonPods(): Map<string, Pod[]> {
    const m = new Map<string, Pod[]>();
    for (const [name, p] of this.pods) {
      const phase = p.status?.phase;
      if (p.metadata.deletionTimestamp && (phase === 'Failed' || phase === 'Succeeded')) continue;
      const n = this.target.get(name)!;
      let arr = m.get(n);
      if (!arr) m.set(n, (arr = []));
      arr.push(p);
    }
    return new Map([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  private create(node: string): void {
    this.addPod(node);
  }
  private remove(name: string): void {
    this.pods.delete(name);
    this.target.delete(name);
  }

  /** One syncDaemonSet: manage, then (expectations observed at once) the rolling update. */
  sync(): { creates: number; deletes: number } {
    let creates = 0;
    let deletes = 0;
    const hash = this.hash();
    const byNode = this.nodeToDaemonPods();
    const nodes = [...this.nodes].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
    for (const node of nodes) {
      const d = podsShouldBeOnNode(nodeShouldRunDaemonPod(node, this.ds), byNode.get(node.metadata.name ?? ''), this.ds, hash, this.clock);
      if (d.create) {
        this.create(node.metadata.name ?? '');
        creates++;
      }
      for (const p of d.podsToDelete) {
        this.remove(p.metadata.name ?? '');
        deletes++;
      }
    }
    if ((this.ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const after = this.nodeToDaemonPods();
      const { desiredNumberScheduled } = updatedDesiredNodeCounts(this.ds, nodes, after);
      const shouldRun = new Set(nodes.filter((n) => nodeShouldRunDaemonPod(n, this.ds).shouldRun).map((n) => n.metadata.name ?? ''));
      const r = rollingUpdate({ ds: this.ds, nodeToDaemonPods: after, hash, shouldRun: (n) => shouldRun.has(n), desiredNumberScheduled, now: this.clock });
      for (const name of r.podsToDelete) {
        this.remove(name);
        deletes++;
      }
      for (const n of r.nodesToCreate) {
        this.create(n);
        creates++;
      }
    }
    return { creates, deletes };
  }

  expectSync(creates: number, deletes: number): void {
    expect(this.sync()).toEqual({ creates, deletes });
  }
}

function controller(ds: DaemonSet, nodeCount = 5): FakeDaemonController {
  const nodes: Node[] = [];
  addNodes(nodes, 0, nodeCount);
  return new FakeDaemonController(ds, nodes);
}

describe('update_test.go', () => {
  it('TestDaemonSetUpdatesPods: maxUnavailable 2 on 5 nodes deletes 2, recreates 2, … then 1/1', () => {
    const ds = newDaemonSet('foo');
    const c = controller(ds);
    c.expectSync(5, 0);
    c.markPodsReady();
    image(ds, 'foo2/bar2');
    ds.spec.updateStrategy = updateUnavailable(2);
    c.expectSync(0, 2);
    c.expectSync(2, 0);
    c.markPodsReady();
    c.expectSync(0, 2);
    c.expectSync(2, 0);
    c.markPodsReady();
    c.expectSync(0, 1);
    c.expectSync(1, 0);
    c.markPodsReady();
    c.expectSync(0, 0);
    expect([...c.pods.values()].every((p) => p.metadata.labels?.[DaemonSetRevisionLabel] === c.hash())).toBe(true);
  });

  it('TestDaemonSetUpdatesPodsWithMaxSurge: maxSurge 2 creates 2, then replaces 2 for 2, then 5%2 …', () => {
    const ds = newDaemonSet('foo');
    const c = controller(ds);
    c.expectSync(5, 0);
    c.markPodsReady();
    const maxSurge = 2;
    image(ds, 'foo2/bar2');
    ds.spec.updateStrategy = updateSurge(maxSurge);
    c.expectSync(maxSurge, 0);
    c.expectSync(0, 0);
    c.markPodsReady();
    c.expectSync(maxSurge, maxSurge);
    c.expectSync(0, 0);
    c.markPodsReady();
    c.expectSync(5 % maxSurge, maxSurge);
    c.expectSync(0, 0);
    c.markPodsReady();
    c.expectSync(0, 5 % maxSurge);
    c.expectSync(0, 0);
  });

  it('TestDaemonSetUpdatesPodsNotMatchTainstWithMaxSurge: the pod on a node it no longer tolerates goes as availability allows', () => {
    const ds = newDaemonSet('foo');
    const maxSurge = 1;
    ds.spec.updateStrategy = updateSurge(maxSurge);
    ds.spec.template.spec.tolerations = [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }];
    const c = controller(ds);
    c.nodes[0] = newNode('node-0', undefined, [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    c.expectSync(5, 0);
    c.markPodsReady();
    ds.spec.template = { ...ds.spec.template, spec: { ...ds.spec.template.spec, tolerations: undefined } };
    c.expectSync(maxSurge, 1);
    c.expectSync(0, 0);
    for (let i = 0; i < 3; i++) {
      c.markPodsReady();
      c.expectSync(maxSurge, maxSurge);
      c.expectSync(0, 0);
    }
    c.markPodsReady();
    c.expectSync(0, maxSurge);
    c.expectSync(0, 0);
    expect(c.pods.size).toBe(4);
  });

  it('TestDaemonSetUpdatesWhenNewPodIsNotReady: maxUnavailable 3, new pods not ready → no further progress', () => {
    const ds = newDaemonSet('foo');
    const c = controller(ds);
    c.expectSync(5, 0);
    c.markPodsReady();
    image(ds, 'foo2/bar2');
    ds.spec.updateStrategy = updateUnavailable(3);
    c.expectSync(0, 3);
    c.expectSync(3, 0);
    c.expectSync(0, 0);
  });

  it('TestDaemonSetUpdatesSomeOldPodsNotReady: a second update deletes and creates 2; 3 ready pods stay', () => {
    const ds = newDaemonSet('foo');
    const c = controller(ds);
    c.expectSync(5, 0);
    c.markPodsReady();
    image(ds, 'foo2/bar2');
    ds.spec.updateStrategy = updateUnavailable(2);
    c.expectSync(0, 2);
    c.expectSync(2, 0);
    c.expectSync(0, 0);
    image(ds, 'foo2/bar3');
    c.expectSync(0, 2);
    c.expectSync(2, 0);
    c.expectSync(0, 0);
    expect([...c.pods.values()].filter(isPodReady)).toHaveLength(5 - 2);
  });

  it('TestDaemonSetUpdatesSaveOldHealthyPods: with 10 unready pods, only those are replaced whatever maxUnavailable < 10', () => {
    const ds = newDaemonSet('foo');
    const c = controller(ds, 20);
    c.expectSync(20, 0);
    c.markPodsReady();
    image(ds, 'foo2/bar2');
    ds.spec.updateStrategy = updateUnavailable(10);
    c.expectSync(0, 10);
    c.expectSync(10, 0);
    c.expectSync(0, 0);
    const oldReady = new Set([...c.pods.values()].filter(isPodReady).map((p) => p.metadata.name));
    expect(oldReady.size).toBe(10);
    const rng = seedrandom('TestDaemonSetUpdatesSaveOldHealthyPods');
    for (let i = 0; i < 10; i++) {
      ds.spec.updateStrategy = updateUnavailable(Math.floor(rng() * 10));
      image(ds, `foo2/bar3-${i}`);
      c.expectSync(0, 10);
      c.expectSync(10, 0);
      c.expectSync(0, 0);
      const ready = new Set([...c.pods.values()].filter(isPodReady).map((p) => p.metadata.name));
      for (const n of oldReady) expect(ready.has(n)).toBe(true);
    }
    ds.spec.updateStrategy = updateUnavailable(11);
    image(ds, 'foo2/bar4');
    c.expectSync(0, 11);
    c.expectSync(11, 0);
    c.expectSync(0, 0);
    expect([...c.pods.values()].filter(isPodReady)).toHaveLength(9);
  });

  it('TestDaemonSetUpdatesAllOldNotReadyPodsAndNewNotReadyPods: 100 nodes in 10 rounds; then 2 unavailable old pods are replaced despite 88 unavailable new ones', () => {
    const ds = newDaemonSet('foo');
    const c = controller(ds, 100);
    c.expectSync(100, 0);
    c.markPodsReady();
    const hash1 = c.hash();
    image(ds, 'foo2/bar2');
    ds.spec.updateStrategy = updateUnavailable(10);
    for (let i = 0; i < 10; i++) {
      c.expectSync(0, 10);
      c.expectSync(10, 0);
      c.markPodsReady();
    }
    c.expectSync(0, 0);
    const oldUnavailable = new Set<string>();
    let i = 0;
    for (const p of c.pods.values()) {
      if (i >= 10) c.setReady(p, false);
      if (i < 12) {
        p.metadata.labels = { ...p.metadata.labels, [DaemonSetRevisionLabel]: hash1 };
        if (i >= 10) oldUnavailable.add(p.metadata.name!);
      }
      i++;
    }
    c.expectSync(0, 2);
    c.expectSync(2, 0);
    c.expectSync(0, 0);
    for (const n of oldUnavailable) expect(c.pods.has(n)).toBe(false);
  });

  it('TestDaemonSetUpdatesAllOldPodsNotReady: all 5 old pods unavailable → all replaced at once', () => {
    const ds = newDaemonSet('foo');
    const c = controller(ds);
    c.expectSync(5, 0);
    image(ds, 'foo2/bar2');
    ds.spec.updateStrategy = updateUnavailable(3);
    c.expectSync(0, 5);
    c.expectSync(5, 0);
    c.expectSync(0, 0);
  });

  it('TestDaemonSetUpdatesAllOldPodsNotReadyMaxSurge: unready old pods are surged unconditionally; minReadySeconds 15 gates deletions', () => {
    const ds = newDaemonSet('foo');
    const c = controller(ds);
    c.expectSync(5, 0);
    const maxSurge = 3;
    image(ds, 'foo2/bar2');
    ds.spec.updateStrategy = updateSurge(maxSurge);
    c.clock = 100;
    c.expectSync(5, 0);
    c.clock = 200;
    c.expectSync(0, 5);
    c.setPodReadiness(true, 5, () => true);
    ds.spec.minReadySeconds = 15;
    image(ds, 'foo3/bar3');
    c.clock = 300;
    c.expectSync(3, 0);
    const hash = c.hash();
    const nodesWithNew = new Set([...c.pods.values()].filter((p) => p.metadata.labels?.[DaemonSetRevisionLabel] === hash).map((p) => c.target.get(p.metadata.name!)));
    c.setPodReadiness(true, 2, (p) => p.metadata.labels?.[DaemonSetRevisionLabel] === hash);
    c.setPodReadiness(false, 1, (p) => p.metadata.labels?.[DaemonSetRevisionLabel] !== hash && !nodesWithNew.has(c.target.get(p.metadata.name!)));
    // the new pods still wait for minReadySeconds: only the unready old pod gets a replacement
    c.clock = 310;
    c.expectSync(1, 0);
    // the new pods are available now: their old pods go, and one more surge
    c.clock = 320;
    c.expectSync(1, 3);
    c.setPodReadiness(true, 3, (p) => p.metadata.labels?.[DaemonSetRevisionLabel] === hash);
    c.clock = 340;
    c.expectSync(0, 2);
    c.clock = 350;
    c.expectSync(0, 0);
    expect([...c.pods.values()].every((p) => p.metadata.labels?.[DaemonSetRevisionLabel] === hash)).toBe(true);
  });

  it('TestDaemonSetUpdatesNoTemplateChanged: switching to RollingUpdate without a template change deletes nothing', () => {
    const ds = newDaemonSet('foo');
    const c = controller(ds);
    c.expectSync(5, 0);
    ds.spec.updateStrategy = updateUnavailable(3);
    c.expectSync(0, 0);
  });

  describe('TestGetUnavailableNumbers (updatedDesiredNodeCounts)', () => {
    const readyPod = (c: FakeDaemonController, node: string, deleting = false) => c.addPod(node, { ready: true, readyAt: c.clock - 100, deleting });
    const cases: {
      name: string;
      nodes: number;
      strategy: DaemonSet['spec']['updateStrategy'];
      pods: (c: FakeDaemonController) => void;
      maxSurge: number;
      maxUnavailable: number;
      desiredNumberScheduled: number;
      emptyNodes: number;
    }[] = [
      { name: 'No nodes', nodes: 0, strategy: updateUnavailable(0), pods: () => {}, maxSurge: 0, maxUnavailable: 0, desiredNumberScheduled: 0, emptyNodes: 0 },
      { name: 'Two nodes with ready pods', nodes: 2, strategy: updateUnavailable(1), pods: (c) => (readyPod(c, 'node-0'), readyPod(c, 'node-1')), maxSurge: 0, maxUnavailable: 1, desiredNumberScheduled: 2, emptyNodes: 0 },
      { name: 'Two nodes, one node without pods', nodes: 2, strategy: updateUnavailable(0), pods: (c) => readyPod(c, 'node-0'), maxSurge: 0, maxUnavailable: 1, desiredNumberScheduled: 2, emptyNodes: 1 },
      { name: 'Two nodes, one node without pods, surge', nodes: 2, strategy: updateSurge(0), pods: (c) => readyPod(c, 'node-0'), maxSurge: 0, maxUnavailable: 1, desiredNumberScheduled: 2, emptyNodes: 1 },
      { name: 'Two nodes with pods, MaxUnavailable in percents', nodes: 2, strategy: updateUnavailable('50%'), pods: (c) => (readyPod(c, 'node-0'), readyPod(c, 'node-1')), maxSurge: 0, maxUnavailable: 1, desiredNumberScheduled: 2, emptyNodes: 0 },
      { name: 'Two nodes with pods, MaxUnavailable in percents, surge', nodes: 2, strategy: updateSurge('50%'), pods: (c) => (readyPod(c, 'node-0'), readyPod(c, 'node-1')), maxSurge: 1, maxUnavailable: 0, desiredNumberScheduled: 2, emptyNodes: 0 },
      { name: 'Two nodes with pods, MaxUnavailable is 100%, surge', nodes: 2, strategy: updateSurge('100%'), pods: (c) => (readyPod(c, 'node-0'), readyPod(c, 'node-1')), maxSurge: 2, maxUnavailable: 0, desiredNumberScheduled: 2, emptyNodes: 0 },
      {
        name: 'Two nodes with pods, MaxUnavailable in percents, pod terminating',
        nodes: 3,
        strategy: updateUnavailable('50%'),
        pods: (c) => (readyPod(c, 'node-0'), readyPod(c, 'node-1', true)),
        maxSurge: 0,
        maxUnavailable: 2,
        desiredNumberScheduled: 3,
        emptyNodes: 1,
      },
    ];
    for (const tc of cases) {
      it(`"${tc.name}"`, () => {
        const ds = newDaemonSet('x');
        ds.spec.updateStrategy = tc.strategy;
        const c = controller(ds, tc.nodes);
        tc.pods(c);
        const m = c.nodeToDaemonPods();
        const counts = updatedDesiredNodeCounts(ds, c.nodes, m);
        expect(counts).toEqual({ maxSurge: tc.maxSurge, maxUnavailable: tc.maxUnavailable, desiredNumberScheduled: tc.desiredNumberScheduled });
        expect([...m.values()].filter((pods) => pods.length === 0)).toHaveLength(tc.emptyNodes);
      });
    }
  });

  it('an empty node that should run the daemon counts as unavailable in the maxSurge 0 branch (updatedDesiredNodeCounts + rollingUpdate)', () => {
    const ds = newDaemonSet('x');
    ds.spec.updateStrategy = updateUnavailable(1);
    const c = controller(ds, 2);
    c.addPod('node-0', { hash: 'old', ready: true, readyAt: c.clock - 100 });
    const m = c.nodeToDaemonPods();
    const { desiredNumberScheduled } = updatedDesiredNodeCounts(ds, c.nodes, m);
    // node-1 has no pod: 1 unavailable of maxUnavailable 1, so the old pod on node-0 must wait
    expect(rollingUpdate({ ds, nodeToDaemonPods: m, hash: c.hash(), shouldRun: () => true, desiredNumberScheduled, now: c.clock }).podsToDelete).toEqual([]);
  });
});

describe('daemon_controller_test.go (manage: taints, tolerations, termination, failed pods)', () => {
  const strategyName = (s: DaemonSet['spec']['updateStrategy']) => s?.type ?? 'RollingUpdate';
  for (const strategy of updateStrategies()) {
    describe(`strategy ${strategyName(strategy)}`, () => {
      const run = (ds: DaemonSet, nodes: Node[], setup: (c: FakeDaemonController) => void, creates: number, deletes: number) => {
        ds.spec.updateStrategy = strategy;
        const c = new FakeDaemonController(ds, nodes);
        setup(c);
        c.expectSync(creates, deletes);
        return c;
      };
      it('TestNodeAffinityDaemonLaunchesPods: 3 of 7 nodes match the required affinity', () => {
        const ds = newDaemonSet('foo');
        ds.spec.template.spec.affinity = {
          nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'color', operator: 'In', values: ['blue'] }] }] } },
        };
        const nodes: Node[] = [];
        addNodes(nodes, 0, 4);
        addNodes(nodes, 4, 3, simpleNodeLabel);
        run(ds, nodes, () => {}, 3, 0);
      });
      const killFailed: [string, number, number, number, number][] = [
        ['normal (do nothing)', 0, 1, 0, 0],
        ['no pods (create 1)', 0, 0, 1, 0],
        ['1 failed pod (kill 1), 0 normal pod (create 0; will create in the next sync)', 1, 0, 0, 1],
        ['1 failed pod (kill 1), 3 normal pods (kill 2)', 1, 3, 0, 3],
      ];
      for (const [name, failed, normal, creates, deletes] of killFailed) {
        it(`TestDaemonKillFailedPods: "${name}"`, () => {
          const nodes: Node[] = [];
          addNodes(nodes, 0, 1);
          run(
            newDaemonSet('foo'),
            nodes,
            (c) => {
              for (let i = 0; i < failed; i++) c.addPod('node-0', { phase: 'Failed' });
              for (let i = 0; i < normal; i++) c.addPod('node-0');
            },
            creates,
            deletes,
          );
        });
      }
      it('TestDaemonKillFailedPods "1 failed pod": the replacement comes on the next sync', () => {
        const nodes: Node[] = [];
        addNodes(nodes, 0, 1);
        const c = run(newDaemonSet('foo'), nodes, (f) => f.addPod('node-0', { phase: 'Failed' }), 0, 1);
        c.expectSync(1, 0);
      });
      it('TestNoScheduleTaintedDoesntEvicitRunningIntolerantPod', () => {
        run(newDaemonSet('intolerant'), [newNode('tainted', undefined, noScheduleTaints)], (c) => c.addPod('tainted'), 0, 0);
      });
      it('TestNoExecuteTaintedDoesEvicitRunningIntolerantPod', () => {
        run(newDaemonSet('intolerant'), [newNode('tainted', undefined, noExecuteTaints)], (c) => c.addPod('tainted'), 0, 1);
      });
      it('TestTaintedNodeDaemonDoesNotLaunchIntolerantPod', () => {
        run(newDaemonSet('intolerant'), [newNode('tainted', undefined, noScheduleTaints)], () => {}, 0, 0);
      });
      it('TestTaintedNodeDaemonLaunchesToleratePod', () => {
        const ds = newDaemonSet('tolerate');
        ds.spec.template.spec.tolerations = noScheduleTolerations;
        run(ds, [newNode('tainted', undefined, noScheduleTaints)], () => {}, 1, 0);
      });
      it('TestNotReadyNodeDaemonLaunchesPod (not-ready:NoExecute)', () => {
        run(newDaemonSet('simple'), [newNode('tainted', undefined, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }])], () => {}, 1, 0);
      });
      it('TestUnreachableNodeDaemonLaunchesPod (unreachable:NoExecute)', () => {
        run(newDaemonSet('simple'), [newNode('tainted', undefined, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }])], () => {}, 1, 0);
      });
      it('TestNodeDaemonLaunchesToleratePod', () => {
        const ds = newDaemonSet('tolerate');
        ds.spec.template.spec.tolerations = noScheduleTolerations;
        const nodes: Node[] = [];
        addNodes(nodes, 0, 1);
        run(ds, nodes, () => {}, 1, 0);
      });
      it('TestDaemonSetRespectsTermination: a terminating pod holds its node (no replacement yet)', () => {
        const nodes: Node[] = [];
        addNodes(nodes, 0, 1, simpleNodeLabel);
        run(newDaemonSet('foo'), nodes, (c) => c.addPod('node-0', { deleting: true }), 0, 0);
      });
      it('TestTaintPressureNodeDaemonLaunchesPod (disk/memory/pid pressure)', () => {
        const ds = newDaemonSet('critical');
        ds.metadata.namespace = 'kube-system';
        ds.spec.template.spec.priority = 2000000000;
        const node = newNode('resources-pressure', undefined, [
          { key: 'node.kubernetes.io/disk-pressure', effect: 'NoSchedule' },
          { key: 'node.kubernetes.io/memory-pressure', effect: 'NoSchedule' },
          { key: 'node.kubernetes.io/pid-pressure', effect: 'NoSchedule' },
        ]);
        run(ds, [node], () => {}, 1, 0);
      });
    });
  }
});

describe('podsShouldBeOnNode with surge (daemon_controller.go)', () => {
  const surgeDs = () => {
    const ds = newDaemonSet('s');
    ds.spec.updateStrategy = updateSurge(1);
    return ds;
  };
  const run = { shouldRun: true, shouldContinueRunning: true };
  it('a node whose only pod is terminating gets a new pod when surging', () => {
    const c = new FakeDaemonController(surgeDs(), [newNode('node-0')]);
    const p = c.addPod('node-0', { deleting: true });
    expect(podsShouldBeOnNode(run, [p], c.ds, c.hash(), c.clock)).toEqual({ create: true, podsToDelete: [] });
  });
  it('keeps the oldest new and oldest old pod; deletes the old one once the new one is available or the old one is not ready', () => {
    const c = new FakeDaemonController(surgeDs(), [newNode('node-0')]);
    const old = c.addPod('node-0', { hash: 'old', ready: true, readyAt: c.clock - 50 });
    c.clock += 1;
    const extraOld = c.addPod('node-0', { hash: 'old', ready: true });
    const fresh = c.addPod('node-0');
    const pods = [old, extraOld, fresh];
    expect(podsShouldBeOnNode(run, pods, c.ds, c.hash(), c.clock).podsToDelete.map((p) => p.metadata.name)).toEqual([extraOld.metadata.name]);
    c.setReady(fresh, true);
    expect(podsShouldBeOnNode(run, [old, fresh], c.ds, c.hash(), c.clock).podsToDelete).toEqual([old]);
    c.setReady(fresh, false);
    c.setReady(old, false);
    expect(podsShouldBeOnNode(run, [old, fresh], c.ds, c.hash(), c.clock).podsToDelete).toEqual([old]);
  });
  it('isPodAvailable with minReadySeconds is strict (ready + minReadySeconds < now)', () => {
    const c = new FakeDaemonController(surgeDs(), [newNode('node-0')]);
    const p = c.addPod('node-0', { ready: true, readyAt: 100 });
    expect(isPodAvailable(p, 10, 110)).toBe(false);
    expect(isPodAvailable(p, 10, 111)).toBe(true);
  });
});
