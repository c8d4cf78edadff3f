/**
 * Node lifecycle: failures (NotReady after the grace period, the unreachable taints, taint-based
 * eviction after each pod's tolerationSeconds), recovery, cordon, drain through the eviction API
 * (PodDisruptionBudgets respected, DaemonSet pods left), adding and removing nodes.
 * mirrors pkg/controller/nodelifecycle (node_lifecycle_controller.go, taint eviction in
 * pkg/controller/tainteviction/taint_eviction.go) and kubectl drain's eviction loop.
 */
import { controllerKey } from '../model/cluster.ts';
import { disruptionsAllowed, pdbPods } from '../model/pdb.ts';
import { compileSelector } from '../model/labels.ts';
import type { PodInfo } from '../model/pod-info.ts';
import { toleratesTaint } from '../model/taints.ts';
import type { Node, Taint } from '../model/types.ts';
import type { Engine } from './engine.ts';
import { simTimestamp } from './time.ts';

/** The taint key the node lifecycle controller adds to unreachable nodes. */
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
/** The taint key for nodes that report NotReady. */
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
/** kubectl drain retries a blocked eviction after this many seconds. */
export const EVICTION_RETRY_SECONDS = 5;

/**
 * How long a pod stays on a node with `taint` (NoExecute): undefined = forever (tolerated without
 * tolerationSeconds), 0 = evict now (not tolerated), else seconds.
 * mirrors pkg/controller/tainteviction getMinTolerationTime
 */
export function tolerationTime(p: PodInfo, taint: Taint): number | undefined {
  let min: number | undefined;
  let tolerated = false;
  for (const t of p.pod.spec.tolerations ?? []) {
    if (!toleratesTaint(t, taint)) continue;
    tolerated = true;
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    const s = Math.max(0, t.tolerationSeconds);
    min = min === undefined ? s : Math.min(min, s);
  }
  if (!tolerated) return 0;
  return min;
}

function setNode(engine: Engine, name: string, update: (n: Node) => Node): void {
  const ni = engine.cluster.nodes.get(name);
  if (!ni) return;
  engine.cluster.addNode(update(ni.node));
  engine.noteClusterChange();
}

function withTaints(n: Node, taints: Taint[]): Node {
  return { ...n, spec: { ...(n.spec ?? {}), taints } };
}

/** Node controller state kept per failed node (pending evictions). */
interface FailedNode {
  evictions: { cancel(): void }[];
}

/** Runs node lifecycle actions against an engine. */
export class NodeLifecycle {
  private readonly failed = new Map<string, FailedNode>();

  constructor(
    private readonly engine: Engine,
    /** node-monitor-grace-period in seconds. */
    private readonly gracePeriod: number,
  ) {}

  /** The node stops answering: after the grace period it is NotReady with the unreachable taints. */
  fail(name: string): void {
    const e = this.engine;
    const ni = e.cluster.nodes.get(name);
    if (!ni || this.failed.has(name)) return;
    const state: FailedNode = { evictions: [] };
    this.failed.set(name, state);
    e.emit('NodeFailure', `Node ${name}`, {});
    e.at(e.now + this.gracePeriod, () => {
      if (!this.failed.has(name)) return;
      const cur = e.cluster.nodes.get(name);
      if (!cur) return;
      cur.ready = false;
      const now = simTimestamp(e.now);
      const taints: Taint[] = [
        ...cur.taints.filter((t) => t.key !== TAINT_UNREACHABLE),
        { key: TAINT_UNREACHABLE, effect: 'NoSchedule', timeAdded: now },
        { key: TAINT_UNREACHABLE, effect: 'NoExecute', timeAdded: now },
      ];
      setNode(e, name, (n) => {
        const conditions = (n.status?.conditions ?? []).filter((c) => c.type !== 'Ready');
        conditions.push({ type: 'Ready', status: 'Unknown', lastTransitionTime: now, reason: 'NodeStatusUnknown' });
        return { ...withTaints(n, taints), status: { ...(n.status ?? {}), conditions } };
      });
      e.emit('NodeNotReady', `Node ${name}`, { reason: 'NodeStatusUnknown' });
      const noExecute = taints[taints.length - 1];
      for (const p of cur.pods) e.markPodNotReady(p);
      for (const p of [...cur.pods]) {
        const wait = tolerationTime(p, noExecute);
        if (wait === undefined) continue;
        state.evictions.push(e.at(e.now + wait, () => this.evictFromDeadNode(p)));
      }
    });
  }

  private evictFromDeadNode(p: PodInfo): void {
    const e = this.engine;
    if (e.cluster.pods.get(p.key) !== p || p.pod.metadata.deletionTimestamp) return;
    e.emit('TaintManagerEviction', `Pod ${p.key}`, { node: p.nodeName, message: `Marking for deletion Pod ${p.key}` });
    // The kubelet cannot confirm the deletion: the pod stays Terminating until the node returns.
    e.deletePod(p, 'Killing', { stuck: true });
  }

  /** The node answers again: taints removed, Ready, its terminating pods finally go away. */
  recover(name: string): void {
    const e = this.engine;
    const state = this.failed.get(name);
    const ni = e.cluster.nodes.get(name);
    if (!state || !ni) return;
    this.failed.delete(name);
    for (const t of state.evictions) t.cancel();
    ni.ready = true;
    const now = simTimestamp(e.now);
    setNode(e, name, (n) => {
      const conditions = (n.status?.conditions ?? []).filter((c) => c.type !== 'Ready');
      conditions.push({ type: 'Ready', status: 'True', lastTransitionTime: now, reason: 'KubeletReady' });
      return { ...withTaints(n, (n.spec?.taints ?? []).filter((t) => t.key !== TAINT_UNREACHABLE)), status: { ...(n.status ?? {}), conditions } };
    });
    e.emit('NodeReady', `Node ${name}`, {});
    for (const p of [...ni.pods]) {
      if (p.pod.metadata.deletionTimestamp) e.removePodNow(p);
      else e.markPodReadyAgain(p);
    }
  }

  /** spec.unschedulable = true/false. */
  cordon(name: string, unschedulable = true): void {
    setNode(this.engine, name, (n) => ({ ...n, spec: { ...(n.spec ?? {}), unschedulable } }));
    this.engine.emit(unschedulable ? 'NodeNotSchedulable' : 'NodeSchedulable', `Node ${name}`, {});
  }

  /**
   * kubectl drain: cordon, then evict every pod but DaemonSet pods through the eviction API;
   * an eviction a PodDisruptionBudget blocks is retried every 5 s.
   */
  drain(name: string): void {
    const e = this.engine;
    const ni = e.cluster.nodes.get(name);
    if (!ni) return;
    this.cordon(name, true);
    for (const p of [...ni.pods]) {
      if (controllerKey(p.pod)?.startsWith('DaemonSet/')) continue;
      this.evict(p);
    }
  }

  /** The eviction API, retried every 5 s while a PodDisruptionBudget refuses it (kubectl drain). */
  evict(p: PodInfo): void {
    if (!this.tryEvict(p)) this.engine.at(this.engine.now + EVICTION_RETRY_SECONDS, () => this.evict(p));
  }

  /**
   * One call of the eviction API: false (429) while a covering PDB allows no disruption, else the
   * pod is deleted gracefully. A pod already gone or terminating counts as evicted.
   */
  tryEvict(p: PodInfo): boolean {
    const e = this.engine;
    if (e.cluster.pods.get(p.key) !== p || p.pod.metadata.deletionTimestamp) return true;
    for (const pdb of e.cluster.pdbs.values()) {
      if ((pdb.metadata.namespace ?? 'default') !== p.namespace) continue;
      if (!compileSelector(pdb.spec.selector)(p.labels)) continue;
      const allowed = disruptionsAllowed(pdb, pdbPods(pdb, e.cluster), (q) => e.isReady(q));
      if (allowed <= 0) {
        e.emit('EvictionBlocked', `Pod ${p.key}`, { pdb: `${pdb.metadata.namespace ?? 'default'}/${pdb.metadata.name}`, message: 'Cannot evict pod as it would violate the pod\'s disruption budget.' });
        return false;
      }
    }
    e.emit('Evicted', `Pod ${p.key}`, { node: p.nodeName });
    e.deletePod(p, 'Killing');
    return true;
  }

  /** Deletes nodes; the pod garbage collector then deletes their pods. */
  remove(names: readonly string[]): void {
    const e = this.engine;
    for (const name of names) {
      const ni = e.cluster.nodes.get(name);
      if (!ni) continue;
      const pods = [...ni.pods];
      e.cluster.removeNode(name);
      this.failed.delete(name);
      e.emit('RemovingNode', `Node ${name}`, {});
      for (const p of pods) e.deletePod(p, 'PodGCOrphaned');
      e.noteClusterChange();
    }
  }
}
