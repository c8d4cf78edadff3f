/**
 * DaemonSet decisions as pure functions: which nodes should run the daemon pod (node name,
 * required node affinity/nodeSelector, taints against the DaemonSet's automatic tolerations), the
 * surge/unavailability budget, and the rolling update's deletions and creations.
 * mirrors pkg/controller/daemon/{daemon_controller.go,update.go} and
 * pkg/controller/daemon/util/daemonset_util.go.
 */
import type { DaemonSet, Node, Pod, PodSpec, Taint, Toleration } from '../../model/types.ts';
import { requiredNodeAffinity } from '../../model/node-affinity.ts';
import { findUntoleratedTaint } from '../../model/taints.ts';
import { getScaledValueFromIntOrPercent } from '../common/intstr.ts';
import { parseTime } from '../common/time.ts';
import { isPodAvailable, isPodReady } from '../replicaset/index.ts';

/** Label carrying the template hash of a DaemonSet pod. mirrors apps.DefaultDaemonSetUniqueLabelKey */
export const DaemonSetRevisionLabel = 'controller-revision-hash';

/**
 * The tolerations every daemon pod gets: not-ready/unreachable NoExecute (no tolerationSeconds),
 * disk/memory/pid-pressure and unschedulable NoSchedule, network-unavailable for host-network pods.
 * mirrors pkg/controller/daemon/util/daemonset_util.go AddOrUpdateDaemonPodTolerations
 */
export function daemonPodTolerations(spec: PodSpec): Toleration[] {
  const out: Toleration[] = [...(spec.tolerations ?? [])];
  const add = (key: string, effect: 'NoSchedule' | 'NoExecute') => {
    // AddOrUpdateTolerationInPodSpec: an equal toleration is not added twice.
    if (!out.some((t) => t.key === key && t.operator === 'Exists' && t.effect === effect && t.value === undefined && t.tolerationSeconds === undefined)) {
      out.push({ key, operator: 'Exists', effect });
    }
  };
  add('node.kubernetes.io/not-ready', 'NoExecute');
  add('node.kubernetes.io/unreachable', 'NoExecute');
  add('node.kubernetes.io/disk-pressure', 'NoSchedule');
  add('node.kubernetes.io/memory-pressure', 'NoSchedule');
  add('node.kubernetes.io/pid-pressure', 'NoSchedule');
  add('node.kubernetes.io/unschedulable', 'NoSchedule');
  if (spec.hostNetwork) add('node.kubernetes.io/network-unavailable', 'NoSchedule');
  return out;
}

/** Whether a node should run the daemon pod, and whether a pod already there may stay. */
export interface ShouldRun {
  shouldRun: boolean;
  shouldContinueRunning: boolean;
}

/**
 * A node should run the daemon pod if the template's nodeName (if any) is the node, the required
 * node affinity and nodeSelector match, and every NoSchedule/NoExecute taint is tolerated (with
 * the automatic daemon tolerations). A pod may keep running on a node whose untolerated taints
 * are all NoSchedule. mirrors daemon_controller.go NodeShouldRunDaemonPod
 */
export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): ShouldRun {
  const name = node.metadata.name ?? '';
  const tmplNode = ds.spec.template.spec.nodeName ?? '';
  if (!(tmplNode === '' || tmplNode === name)) return { shouldRun: false, shouldContinueRunning: false };
  const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { ...ds.spec.template.spec, nodeName: name } };
  const fitsAffinity = requiredNodeAffinity(pod)({ name, labels: node.metadata.labels });
  if (!fitsAffinity) return { shouldRun: false, shouldContinueRunning: false };
  const taints: readonly Taint[] = node.spec?.taints ?? [];
  const tolerations = daemonPodTolerations(ds.spec.template.spec);
  const untolerated = findUntoleratedTaint(taints, tolerations, (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  if (untolerated) {
    const noExecute = findUntoleratedTaint(taints, tolerations, (t) => t.effect === 'NoExecute');
    return { shouldRun: false, shouldContinueRunning: !noExecute };
  }
  return { shouldRun: true, shouldContinueRunning: true };
}

/**
 * maxSurge and maxUnavailable of a DaemonSet rolling update: both rounded up against
 * desiredNumberScheduled; 0/0 becomes maxUnavailable 1 when there is at least one node.
 * mirrors update.go updatedDesiredNodeCounts (util.SurgeCount / UnavailableCount)
 */
export function daemonSetFenceposts(ds: DaemonSet, desiredNumberScheduled: number): { maxSurge: number; maxUnavailable: number } {
  const strategy = ds.spec.updateStrategy;
  if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return { maxSurge: 0, maxUnavailable: 0 };
  const ru = strategy?.rollingUpdate;
  const surge = ru?.maxSurge === undefined ? 0 : getScaledValueFromIntOrPercent(ru.maxSurge, desiredNumberScheduled, true).value;
  const unavailable = getScaledValueFromIntOrPercent(ru?.maxUnavailable ?? 1, desiredNumberScheduled, true).value;
  if (desiredNumberScheduled > 0 && surge === 0 && unavailable === 0) return { maxSurge: 0, maxUnavailable: 1 };
  return { maxSurge: surge, maxUnavailable: unavailable };
}

/**
 * maxSurge, maxUnavailable and desiredNumberScheduled over `nodes`, adding an empty entry to
 * `nodeToDaemonPods` for every node that should run the daemon pod but has none (so the
 * rolling update counts it as unavailable). mirrors update.go updatedDesiredNodeCounts
 */
export function updatedDesiredNodeCounts(
  ds: DaemonSet,
  nodes: readonly Node[],
  nodeToDaemonPods: Map<string, readonly Pod[]>,
): { maxSurge: number; maxUnavailable: number; desiredNumberScheduled: number } {
  let desiredNumberScheduled = 0;
  for (const node of nodes) {
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
    desiredNumberScheduled++;
    const name = node.metadata.name ?? '';
    if (!nodeToDaemonPods.has(name)) nodeToDaemonPods.set(name, []);
  }
  return { ...daemonSetFenceposts(ds, desiredNumberScheduled), desiredNumberScheduled };
}

/** True when the strategy allows surge (maxSurge resolves above 0 for one node). mirrors daemonset_util.go AllowsSurge */
export function allowsSurge(ds: DaemonSet): boolean {
  const strategy = ds.spec.updateStrategy;
  if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate') return false;
  const v = strategy?.rollingUpdate?.maxSurge;
  if (v === undefined) return false;
  const r = getScaledValueFromIntOrPercent(v, 1, true);
  return r.error === undefined && r.value > 0;
}

/** Scheduled pods first, then older first, then by name. mirrors daemon_controller.go podByCreationTimestampAndPhase */
function podByCreationTimestampAndPhase(a: Pod, b: Pod): number {
  const sa = !!a.spec.nodeName;
  const sb = !!b.spec.nodeName;
  if (sa !== sb) return sa ? -1 : 1;
  const ta = parseTime(a.metadata.creationTimestamp);
  const tb = parseTime(b.metadata.creationTimestamp);
  if (ta !== tb) return ta < tb ? -1 : 1;
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** What the manage loop does on one node. */
export interface DaemonPodsOnNode {
  /** Create a daemon pod on this node. */
  create: boolean;
  /** Pods to delete (failed/succeeded, excess, or all when the pod may not keep running). */
  podsToDelete: Pod[];
}

/**
 * The manage loop for one node: create a daemon pod where one should run and the node has no
 * daemon pod at all (`daemonPods` undefined — a terminating pod still counts, so a replacement
 * waits for it unless surging); delete failed/succeeded pods (recreated on a later sync); without
 * surge keep only the oldest running pod; with surge keep the oldest new and oldest old pod, and
 * delete the old one once it is not ready or the new one is available; delete every pod on a node
 * where the daemon may not keep running. Failed-pod deletion back-off is not modelled.
 * mirrors daemon_controller.go podsShouldBeOnNode
 */
export function podsShouldBeOnNode(
  shouldRun: ShouldRun,
  daemonPods: readonly Pod[] | undefined,
  ds: DaemonSet,
  hash: string,
  now: number,
): DaemonPodsOnNode {
  const out: DaemonPodsOnNode = { create: false, podsToDelete: [] };
  if (shouldRun.shouldRun && daemonPods === undefined) {
    out.create = true;
    return out;
  }
  if (shouldRun.shouldContinueRunning) {
    const running: Pod[] = [];
    for (const pod of daemonPods ?? []) {
      if (pod.metadata.deletionTimestamp) continue;
      const phase = pod.status?.phase;
      if (phase === 'Failed' || phase === 'Succeeded') out.podsToDelete.push(pod);
      else running.push(pod);
    }
    if (!allowsSurge(ds)) {
      if (running.length <= 1) return out;
      running.sort(podByCreationTimestampAndPhase);
      out.podsToDelete.push(...running.slice(1));
      return out;
    }
    if (running.length <= 1) {
      // surging: a node needs at least one non-deleted pod
      if (running.length === 0 && shouldRun.shouldRun) out.create = true;
      return out;
    }
    running.sort(podByCreationTimestampAndPhase);
    let oldestNew: Pod | undefined;
    let oldestOld: Pod | undefined;
    for (const pod of running) {
      if (pod.metadata.labels?.[DaemonSetRevisionLabel] === hash) {
        if (!oldestNew) {
          oldestNew = pod;
          continue;
        }
      } else if (!oldestOld) {
        oldestOld = pod;
        continue;
      }
      out.podsToDelete.push(pod);
    }
    if (oldestNew && oldestOld) {
      if (!isPodReady(oldestOld)) out.podsToDelete.push(oldestOld);
      else if (isPodAvailable(oldestNew, ds.spec.minReadySeconds ?? 0, now)) out.podsToDelete.push(oldestOld);
    }
    return out;
  }
  for (const pod of daemonPods ?? []) if (!pod.metadata.deletionTimestamp) out.podsToDelete.push(pod);
  return out;
}

/**
 * The new (at `hash`) and old non-deleted pods on one node; `ok` false when there are two of a
 * kind (the manage loop prunes them first). mirrors update.go findUpdatedPodsOnNode
 */
export function findUpdatedPodsOnNode(pods: readonly Pod[], hash: string): { newPod?: Pod; oldPod?: Pod; ok: boolean } {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const p of pods) {
    if (p.metadata.deletionTimestamp) continue;
    if (p.metadata.labels?.[DaemonSetRevisionLabel] === hash) {
      if (newPod) return { ok: false };
      newPod = p;
    } else {
      if (oldPod) return { ok: false };
      oldPod = p;
    }
  }
  return { newPod, oldPod, ok: true };
}

/** Input of one rolling-update step. */
export interface DaemonSetRollingUpdateView {
  ds: DaemonSet;
  /**
   * Daemon pods by node name, for every node that has some, plus an empty entry for every node
   * that should run the daemon pod (see updatedDesiredNodeCounts). Iteration order is the order
   * of decisions; upstream iterates a Go map, so pass a stable order such as node name.
   */
  nodeToDaemonPods: ReadonlyMap<string, readonly Pod[]>;
  /** Template hash of the current revision (pods labelled with it are new). */
  hash: string;
  /** Nodes that should run the daemon pod (desiredNumberScheduled is their count). */
  shouldRun: (nodeName: string) => boolean;
  desiredNumberScheduled: number;
  /** Seconds since the epoch (availability with minReadySeconds). */
  now: number;
}

/** What a rolling-update step does: old pods to delete and nodes to create a new pod on. */
export interface DaemonSetRollingUpdateDecision {
  podsToDelete: string[];
  nodesToCreate: string[];
}

/**
 * One rolling-update step. maxSurge 0: delete old pods (always the unavailable ones, then available
 * ones while unavailable < maxUnavailable); the manage loop recreates them. maxSurge > 0: create new
 * pods next to old ones (unavailable old pods always, available ones up to maxSurge), delete an old
 * pod once the new one on its node is available, and delete pods on nodes that should no longer run
 * the daemon only as availability above desiredNumberScheduled allows.
 * mirrors update.go rollingUpdate
 */
export function rollingUpdate(view: DaemonSetRollingUpdateView): DaemonSetRollingUpdateDecision {
  const { ds, nodeToDaemonPods, hash, now } = view;
  const minReady = ds.spec.minReadySeconds ?? 0;
  const available = (p: Pod) => isPodAvailable(p, minReady, now);
  const { maxSurge, maxUnavailable } = daemonSetFenceposts(ds, view.desiredNumberScheduled);

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const allowed: string[] = [];
    const candidates: string[] = [];
    for (const [, pods] of nodeToDaemonPods) {
      const { newPod, oldPod, ok } = findUpdatedPodsOnNode(pods, hash);
      if (!ok) {
        numUnavailable++;
        continue;
      }
      if ((!oldPod && !newPod) || (oldPod && newPod)) numUnavailable++;
      else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (oldPod) {
        if (!available(oldPod)) {
          allowed.push(oldPod.metadata.name ?? '');
          numUnavailable++;
        } else if (numUnavailable < maxUnavailable) {
          candidates.push(oldPod.metadata.name ?? '');
        }
      }
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    return { podsToDelete: [...allowed, ...candidates.slice(0, remaining)], nodesToCreate: [] };
  }

  const oldPodsToDelete: string[] = [];
  const shouldNotRunPodsToDelete: string[] = [];
  const candidateNewNodes: string[] = [];
  const allowedNewNodes: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const [nodeName, pods] of nodeToDaemonPods) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(pods, hash);
    if (!ok) {
      numSurge++;
      continue;
    }
    if (oldPod) {
      if (available(oldPod)) numAvailable++;
    } else if (newPod && available(newPod)) {
      numAvailable++;
    }
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) {
        if (!view.shouldRun(nodeName)) {
          oldPodsToDelete.push(oldPod.metadata.name ?? '');
          continue;
        }
        allowedNewNodes.push(nodeName);
      } else {
        if (!view.shouldRun(nodeName)) {
          shouldNotRunPodsToDelete.push(oldPod.metadata.name ?? '');
          continue;
        }
        if (numSurge >= maxSurge) continue;
        candidateNewNodes.push(nodeName);
      }
    } else {
      if (!available(newPod)) {
        numSurge++;
        continue;
      }
      oldPodsToDelete.push(oldPod.metadata.name ?? '');
    }
  }
  const deletable = Math.min(numAvailable - view.desiredNumberScheduled, shouldNotRunPodsToDelete.length);
  if (deletable > 0) oldPodsToDelete.push(...shouldNotRunPodsToDelete.slice(0, deletable));
  const remainingSurge = Math.min(Math.max(0, maxSurge - numSurge), candidateNewNodes.length);
  return { podsToDelete: oldPodsToDelete, nodesToCreate: [...allowedNewNodes, ...candidateNewNodes.slice(0, remainingSurge)] };
}
