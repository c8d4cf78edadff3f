/**
 * The DaemonSet controller in the engine: one pod per eligible node (pinned with node affinity on
 * metadata.name, scheduled by the scheduler like upstream), pods removed from nodes that should
 * no longer run it, and the RollingUpdate step (src/controllers/daemonset rollingUpdate) in syncs
 * where the manage step changed nothing.
 * mirrors pkg/controller/daemon/daemon_controller.go syncDaemonSet / manage and update.go rollingUpdate
 */
import { controllerKeysOf } from './owner.ts';
import { objectKey } from '../../model/cluster.ts';
import { daemonPodSpec } from '../../model/expand.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import type { DaemonSet, Pod } from '../../model/types.ts';
import { computeHash } from '../../controllers/common/template.ts';
import { DaemonSetRevisionLabel, nodeShouldRunDaemonPod, podsShouldBeOnNode, rollingUpdate, updatedDesiredNodeCounts } from '../../controllers/daemonset/index.ts';
import type { Engine, EngineController } from '../engine.ts';
import { componentRng, randomSuffix, type Random } from '../rng.ts';
import { isActivePod, podFromTemplate, withNodeName } from './replicaset.ts';

const TARGET_NODE_ANNOTATION = 'kubesim.io/daemon-node';

/** The node a daemon pod was created for (from its pinned affinity). */
function targetNode(p: PodInfo): string {
  return p.pod.metadata.annotations?.[TARGET_NODE_ANNOTATION] ?? p.nodeName;
}

/** Succeeded or Failed (podutil.IsPodTerminal). */
function isTerminal(p: PodInfo): boolean {
  const phase = p.pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** The engine's DaemonSet controller. */
export class DaemonSetController implements EngineController {
  readonly name = 'DaemonSet';
  private readonly rng: Random;

  constructor(seed: string | number) {
    this.rng = componentRng(seed, 'daemonset-controller');
  }

  keysForPod(p: PodInfo): string[] {
    return controllerKeysOf(p.pod, 'DaemonSet');
  }

  sync(engine: Engine, keys: readonly string[]): void {
    for (const key of keys) {
      const ds = engine.cluster.workloads.DaemonSet.get(key) as DaemonSet | undefined;
      if (ds) this.syncOne(engine, key, ds);
    }
  }

  private syncOne(engine: Engine, key: string, ds: DaemonSet): void {
    const ns = ds.metadata.namespace ?? 'default';
    const name = ds.metadata.name ?? '';
    const hash = computeHash(ds.spec.template);
    const owned = [...engine.cluster.podsOwnedBy('DaemonSet', ns, name)];
    const byNode = new Map<string, PodInfo[]>();
    for (const p of owned) {
      const n = targetNode(p);
      let arr = byNode.get(n);
      if (!arr) byNode.set(n, (arr = []));
      arr.push(p);
    }
    const shouldRun = new Set<string>();
    let changed = false;
    const now = engine.absoluteNow();
    const nodes = [...engine.cluster.nodes.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // getNodesToDaemonPods(includeDeletedTerminal=false): a terminating pod still occupies its node
    const nodeToDaemonPods = new Map<string, Pod[]>();
    for (const n of [...byNode.keys()].sort()) {
      const pods = byNode.get(n)!.filter((p) => !(p.pod.metadata.deletionTimestamp && isTerminal(p)));
      if (pods.length > 0) nodeToDaemonPods.set(n, pods.map(withNodeName));
    }
    // manage: podsShouldBeOnNode per node
    for (const ni of nodes) {
      const sr = nodeShouldRunDaemonPod(ni.node, ds);
      if (sr.shouldRun) shouldRun.add(ni.name);
      const d = podsShouldBeOnNode(sr, nodeToDaemonPods.get(ni.name), ds, hash, now);
      if (d.create) {
        this.create(engine, ds, ni.name, hash);
        changed = true;
      }
      for (const pod of d.podsToDelete) {
        const p = engine.cluster.pods.get(`${ns}/${pod.metadata.name}`);
        if (p) engine.deletePod(p, 'Killing');
        changed = true;
      }
    }
    // the rolling update runs only when manage changed nothing (expectations satisfied)
    if (!changed && (ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
      const { desiredNumberScheduled } = updatedDesiredNodeCounts(ds, nodes.map((ni) => ni.node), nodeToDaemonPods);
      const sorted = new Map([...nodeToDaemonPods.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      const decision = rollingUpdate({
        ds,
        nodeToDaemonPods: sorted,
        hash,
        shouldRun: (n) => shouldRun.has(n),
        desiredNumberScheduled,
        now,
      });
      for (const podName of decision.podsToDelete) {
        const p = engine.cluster.pods.get(`${ns}/${podName}`);
        if (p) engine.deletePod(p, 'Killing');
      }
      for (const n of decision.nodesToCreate) this.create(engine, ds, n, hash);
    }
    // status (updateDaemonSetStatus)
    const minReady = ds.spec.minReadySeconds ?? 0;
    let current = 0;
    let ready = 0;
    let available = 0;
    let updated = 0;
    let misscheduled = 0;
    let nextAvailable = Infinity;
    for (const [n, pods] of byNode) {
      const active = pods.filter(isActivePod);
      if (active.length === 0) continue;
      if (!shouldRun.has(n)) {
        misscheduled++;
        continue;
      }
      current++;
      const p = active[0];
      if (engine.isReady(p)) {
        ready++;
        if (engine.isAvailable(p, minReady)) available++;
        // IsPodAvailable is strict (ready + minReadySeconds < now): look again one second later,
        // as upstream's enqueueDaemonSetAfter(minReadySeconds + 1s)
        else nextAvailable = Math.min(nextAvailable, engine.runtime.get(p)!.readyAt! + minReady + 1);
      }
      if (active.some((q) => q.pod.metadata.labels?.[DaemonSetRevisionLabel] === hash)) updated++;
    }
    const status = {
      currentNumberScheduled: current,
      numberMisscheduled: misscheduled,
      desiredNumberScheduled: shouldRun.size,
      numberReady: ready,
      numberAvailable: available,
      numberUnavailable: Math.max(0, shouldRun.size - available),
      updatedNumberScheduled: updated,
      observedGeneration: ds.metadata.generation ?? 1,
    };
    if (JSON.stringify(status) !== JSON.stringify(ds.status ?? {})) engine.cluster.workloads.DaemonSet.set(key, { ...ds, status });
    if (Number.isFinite(nextAvailable)) engine.at(nextAvailable, () => engine.markDirty('DaemonSet', objectKey(ds)));
  }

  private create(engine: Engine, ds: DaemonSet, node: string, hash: string): void {
    const ns = ds.metadata.namespace ?? 'default';
    let podName: string;
    do podName = `${ds.metadata.name}-${randomSuffix(this.rng)}`;
    while (engine.cluster.pods.has(`${ns}/${podName}`));
    const tpl = ds.spec.template;
    const labels = { ...(tpl.metadata?.labels ?? {}), [DaemonSetRevisionLabel]: hash };
    const annotations = { ...(tpl.metadata?.annotations ?? {}), [TARGET_NODE_ANNOTATION]: node };
    const pod = podFromTemplate(ds, { metadata: { ...(tpl.metadata ?? {}), labels, annotations }, spec: daemonPodSpec(tpl.spec, node) }, podName);
    engine.createPod(pod);
  }
}
