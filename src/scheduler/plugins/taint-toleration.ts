/**
 * TaintToleration: NoSchedule/NoExecute taints must be tolerated (Filter); nodes with fewer
 * untolerated PreferNoSchedule taints score higher (PreScore/Score, NormalizeScore reversed).
 * mirrors pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go
 */
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import { doNotScheduleTaints, findUntoleratedTaint, taintTolerated } from '../../model/taints.ts';
import type { Taint, Toleration } from '../../model/types.ts';
import { COL_TAINT_SET, ROW_STRIDE, taintSetOf } from '../../model/node-table.ts';
import { MAX_NODE_SCORE, sharedStatus, type QuickFilter, type RowCheck, type CycleState, type PluginFactory, type Status } from '../framework/types.ts';
import { CycleStateSlot, normalizeTo100 } from './helper.ts';
import { Add, asNode, UpdateNodeTaint, UpdatePodToleration, type ClusterEventWithHint, type EventObject, type QueueingHint } from '../framework/events.ts';
import { afterOwnTolerationChange } from './node-unschedulable.ts';

/** Plugin name (names.TaintToleration). */
export const NAME = 'TaintToleration';

const PRE_SCORE_KEY = 'PreScore' + NAME;
const NONE: readonly Toleration[] = Object.freeze([]);

/** Tolerations that can tolerate PreferNoSchedule taints (effect empty or PreferNoSchedule). */
function preferNoScheduleTolerations(tolerations: readonly Toleration[] | undefined): readonly Toleration[] {
  if (!tolerations || tolerations.length === 0) return NONE;
  return tolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
}

/** Number of PreferNoSchedule taints not tolerated. mirrors countIntolerableTaintsPreferNoSchedule */
function countIntolerablePreferNoSchedule(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  let n = 0;
  for (const taint of taints) {
    if (taint.effect !== 'PreferNoSchedule') continue;
    if (!taintTolerated(taint, tolerations)) n++;
  }
  return n;
}

/** The Filter failure for an untolerated taint, one shared status per taint object. */
const statusByTaint = new WeakMap<Taint, { key: string; value: string | undefined; status: Status }>();
function untoleratedStatus(taint: Taint): Status {
  const hit = statusByTaint.get(taint);
  // Key and value re-checked: a taint object edited in place must not keep a stale reason.
  if (hit !== undefined && hit.key === taint.key && hit.value === taint.value) return hit.status;
  const status = sharedStatus('UnschedulableAndUnresolvable', `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
  statusByTaint.set(taint, { key: taint.key, value: taint.value, status });
  return status;
}

const NO_TOLERATIONS: readonly Toleration[] = [];
/** Filter statuses per tolerations list (pods of one template share it) and taint-set id. */
const statusBySet = new WeakMap<readonly Toleration[], (Status | null)[]>();

/**
 * The Filter status for a node whose taints have {@link taintSetId} `id`: the first
 * NoSchedule/NoExecute taint not tolerated, as findUntoleratedTaint over the node's own list.
 */
function setStatus(id: number, tolerations: readonly Toleration[] | undefined): Status | null {
  if (id === 0) return null;
  const key = tolerations ?? NO_TOLERATIONS;
  let byId = statusBySet.get(key);
  if (byId === undefined) statusBySet.set(key, (byId = []));
  let st = byId[id];
  if (st === undefined) {
    const taint = findUntoleratedTaint(taintSetOf(id), tolerations, doNotScheduleTaints);
    byId[id] = st = taint === undefined ? null : untoleratedStatus(taint);
  }
  return st;
}

/** The TaintToleration plugin (no args). */
export const newTaintToleration: PluginFactory = () => {
  const preScoreSlot = new CycleStateSlot<readonly Toleration[]>(PRE_SCORE_KEY);
  return {
    name: NAME,
    nodeLocal: true,
    filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
      const t = node.table;
      // The verdict is a function of the node's taint set (same taints in the same order).
      if (t !== null) return setStatus(t.data[node.row * ROW_STRIDE + COL_TAINT_SET], pod.pod.spec.tolerations);
      if (node.taints.length === 0) return null;
      const taint = findUntoleratedTaint(node.taints, pod.pod.spec.tolerations, doNotScheduleTaints);
      if (!taint) return null;
      return untoleratedStatus(taint);
    },
    quickFilter(_state: CycleState, pod: PodInfo): QuickFilter {
      // Filter passes iff every NoSchedule/NoExecute taint is tolerated: decided once per taint set.
      const tolerations = pod.pod.spec.tolerations;
      return (d, o) => {
        const id = d[o + COL_TAINT_SET];
        return id === 0 || setStatus(id, tolerations) === null;
      };
    },
    rowCheck(_state: CycleState, pod: PodInfo): RowCheck {
      const tolerations = pod.pod.spec.tolerations;
      return { taintSet: (id) => setStatus(id, tolerations) === null };
    },
    preScore(state: CycleState, pod: PodInfo): Status | null {
      preScoreSlot.write(state, preferNoScheduleTolerations(pod.pod.spec.tolerations));
      return null;
    },
    score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
      if (node.taints.length === 0) return 0;
      const tolerations = preScoreSlot.read(state) ?? preferNoScheduleTolerations(pod.pod.spec.tolerations);
      return countIntolerablePreferNoSchedule(node.taints, tolerations);
    },
    scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[], rows?: ArrayLike<number> | null): void {
      const tolerations = preScoreSlot.read(state) ?? preferNoScheduleTolerations(pod.pod.spec.tolerations);
      if (rows) {
        // The count is a function of the node's taint set: once per set.
        const d = nodes.length > 0 ? nodes[0].table?.data : undefined;
        if (d !== undefined) {
          const bySet: number[] = [];
          for (let i = 0; i < nodes.length; i++) {
            const id = d[rows[i] * ROW_STRIDE + COL_TAINT_SET];
            if (id === 0) {
              scores[i] = 0;
              continue;
            }
            let c = bySet[id];
            if (c === undefined) bySet[id] = c = countIntolerablePreferNoSchedule(taintSetOf(id), tolerations);
            scores[i] = c;
          }
          return;
        }
      }
      for (let i = 0; i < nodes.length; i++) {
        const taints = nodes[i].taints;
        scores[i] = taints.length === 0 ? 0 : countIntolerablePreferNoSchedule(taints, tolerations);
      }
    },
    defaultNormalize: { maxPriority: MAX_NODE_SCORE, reverse: true },
    normalizeScore(_state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], scores: number[]): Status | null {
      normalizeTo100(true, scores);
      return null;
    },
    eventsToRegister(): readonly ClusterEventWithHint[] {
      return EVENTS;
    },
  };
};

/**
 * A node whose taints the pod did not tolerate (or a new node) and now tolerates.
 * mirrors taint_toleration.go isSchedulableAfterNodeChange
 */
function afterNodeChange(pod: PodInfo, oldObj: EventObject, newObj: EventObject): QueueingHint {
  const modified = asNode(newObj);
  if (modified === null) return 'Queue';
  const original = asNode(oldObj);
  const tolerations = pod.pod.spec.tolerations;
  const wasUntolerated = original === null || findUntoleratedTaint(original.spec?.taints ?? [], tolerations, doNotScheduleTaints) !== undefined;
  const isUntolerated = findUntoleratedTaint(modified.spec?.taints ?? [], tolerations, doNotScheduleTaints) !== undefined;
  return wasUntolerated && !isUntolerated ? 'Queue' : 'QueueSkip';
}

/** mirrors taint_toleration.go EventsToRegister (queueing hints enabled) */
const EVENTS: readonly ClusterEventWithHint[] = [
  { event: { resource: 'Node', actionType: Add | UpdateNodeTaint }, hint: afterNodeChange },
  { event: { resource: 'Pod', actionType: UpdatePodToleration }, hint: afterOwnTolerationChange },
];
