/**
 * NodeUnschedulable: a cordoned node (`spec.unschedulable`) only takes pods that tolerate the
 * `node.kubernetes.io/unschedulable:NoSchedule` taint.
 * mirrors pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go
 */
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import { taintTolerated } from '../../model/taints.ts';
import type { Taint } from '../../model/types.ts';
import { COL_FLAGS, FLAG_UNSCHEDULABLE } from '../../model/node-table.ts';
import { sharedStatus, type QuickFilter, type RowCheck, type CycleState, type PluginFactory, type Status } from '../framework/types.ts';
import { Add, asNode, asPod, UpdateNodeTaint, UpdatePodToleration, type ClusterEventWithHint, type EventObject, type QueueingHint } from '../framework/events.ts';

/** Plugin name (names.NodeUnschedulable). */
export const NAME = 'NodeUnschedulable';

/** Filter failure reason (ErrReasonUnschedulable). */
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

/** The taint a pod must tolerate to land on an unschedulable node (v1.TaintNodeUnschedulable). */
const UNSCHEDULABLE_TAINT: Taint = Object.freeze({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });

const UNSCHEDULABLE_STATUS = sharedStatus('UnschedulableAndUnresolvable', ERR_REASON_UNSCHEDULABLE);

/** The NodeUnschedulable plugin (no args). */
export const newNodeUnschedulable: PluginFactory = () => ({
  name: NAME,
  nodeLocal: true,
  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    if (!node.unschedulable) return null;
    if (taintTolerated(UNSCHEDULABLE_TAINT, pod.pod.spec.tolerations)) return null;
    return UNSCHEDULABLE_STATUS;
  },
  quickFilter(): QuickFilter {
    return schedulableRow;
  },
  rowCheck(): RowCheck {
    return SCHEDULABLE_CHECK;
  },
  eventsToRegister(): readonly ClusterEventWithHint[] {
    return EVENTS;
  },
});

/**
 * A node that was unschedulable (or new) and is schedulable now may take the pod.
 * mirrors node_unschedulable.go isSchedulableAfterNodeChange
 */
function afterNodeChange(_pod: PodInfo, oldObj: EventObject, newObj: EventObject): QueueingHint {
  const modified = asNode(newObj);
  if (modified === null) return 'Queue';
  const original = asNode(oldObj);
  const originalSchedulable = original !== null && original.spec?.unschedulable !== true;
  const modifiedSchedulable = modified.spec?.unschedulable !== true;
  return !originalSchedulable && modifiedSchedulable ? 'Queue' : 'QueueSkip';
}

/** The unschedulable pod itself got a new toleration. mirrors isSchedulableAfterPodTolerationChange */
export function afterOwnTolerationChange(pod: PodInfo, _oldObj: EventObject, newObj: EventObject): QueueingHint {
  const modified = asPod(newObj);
  return modified !== null && modified.key === pod.key ? 'Queue' : 'QueueSkip';
}

/** mirrors node_unschedulable.go EventsToRegister (queueing hints enabled) */
const EVENTS: readonly ClusterEventWithHint[] = [
  { event: { resource: 'Node', actionType: Add | UpdateNodeTaint }, hint: afterNodeChange },
  { event: { resource: 'Pod', actionType: UpdatePodToleration }, hint: afterOwnTolerationChange },
];

/** Quick filter: a node that is not unschedulable passes. */
const schedulableRow: QuickFilter = (d, o) => (d[o + COL_FLAGS] & FLAG_UNSCHEDULABLE) === 0;
/** {@link schedulableRow} as data. */
const SCHEDULABLE_CHECK: RowCheck = Object.freeze({ flagsClear: FLAG_UNSCHEDULABLE });
