/**
 * Cluster events and queueing hints: what the scheduling queue is told when the cluster changes,
 * and how a plugin says whether a change may make a pod it rejected schedulable.
 * mirrors k8s.io/kube-scheduler/framework types.go (ClusterEvent, ActionType, EventResource,
 * QueueingHint) and pkg/scheduler/framework/events.go (NodeSchedulingPropertiesChange,
 * PodSchedulingPropertiesChange, MatchClusterEvents)
 */
import type { Node, Pod } from '../../model/types.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import { NodeInfo } from '../../model/node-info.ts';

/** ActionType bits (fwk.ActionType). */
export const Add = 1 << 0;
export const Delete = 1 << 1;
export const UpdateNodeAllocatable = 1 << 2;
export const UpdateNodeLabel = 1 << 3;
export const UpdateNodeTaint = 1 << 4;
export const UpdateNodeCondition = 1 << 5;
export const UpdateNodeAnnotation = 1 << 6;
export const UpdatePodLabel = 1 << 7;
export const UpdatePodScaleDown = 1 << 8;
export const UpdatePodToleration = 1 << 9;
export const UpdatePodSchedulingGatesEliminated = 1 << 10;
export const UpdatePodGeneratedResourceClaim = 1 << 11;
/** Any pod update that is none of the specific ones (updatePodOther). */
export const UpdatePodOther = 1 << 12;
/** Every update. */
export const Update =
  UpdateNodeAllocatable | UpdateNodeLabel | UpdateNodeTaint | UpdateNodeCondition | UpdateNodeAnnotation | UpdatePodLabel | UpdatePodScaleDown | UpdatePodToleration | UpdatePodSchedulingGatesEliminated | UpdatePodGeneratedResourceClaim | UpdatePodOther;
/** Every action. */
export const All = Add | Delete | Update;

/**
 * The resource of an event. Plugins register `Pod`, which matches the queue's incoming
 * `AssignedPod` and `UnschedulablePod` events; `*` is the wildcard.
 */
export type EventResource = 'Node' | 'Pod' | 'AssignedPod' | 'UnschedulablePod' | '*';

/** A cluster event (fwk.ClusterEvent). */
export interface ClusterEvent {
  readonly resource: EventResource;
  readonly actionType: number;
  /** Set on the queue's own events (UnschedulableTimeout, ForceActivate). */
  readonly label?: string;
}

/** What a hint says (fwk.QueueingHint). */
export type QueueingHint = 'Queue' | 'QueueSkip';

/**
 * The objects of an event: Pod objects for pod events (the PodInfo, assigned or not), Node
 * objects for node events; `old` is null for an add, `new` null for a delete.
 */
export type EventObject = PodInfo | Node | null;

/** Decides whether an event may make `pod` (rejected by the plugin) schedulable (fwk.QueueingHintFn). */
export type QueueingHintFn = (pod: PodInfo, oldObj: EventObject, newObj: EventObject) => QueueingHint;

/** An event a plugin registers, with its hint (none = always Queue). */
export interface ClusterEventWithHint {
  readonly event: ClusterEvent;
  readonly hint?: QueueingHintFn;
}

/** The events the queue raises itself. mirrors pkg/scheduler/framework/events.go */
export const EventAssignedPodAdd: ClusterEvent = { resource: 'AssignedPod', actionType: Add };
export const EventAssignedPodDelete: ClusterEvent = { resource: 'AssignedPod', actionType: Delete };
export const EventUnscheduledPodAdd: ClusterEvent = { resource: 'UnschedulablePod', actionType: Add };
export const EventNodeAdd: ClusterEvent = { resource: 'Node', actionType: Add };
export const EventNodeDelete: ClusterEvent = { resource: 'Node', actionType: Delete };
export const EventUnschedulableTimeout: ClusterEvent = { resource: '*', actionType: All, label: 'UnschedulableTimeout' };
export const EventForceActivate: ClusterEvent = { resource: '*', actionType: All, label: 'ForceActivate' };

/** What a plugin without EventsToRegister is registered for: everything (the default enqueue extension). */
export const ALL_EVENTS: readonly ClusterEventWithHint[] = Object.freeze([{ event: { resource: '*', actionType: All } }]);

/** True for a wildcard event (every resource, every action). */
export function isWildCard(e: ClusterEvent): boolean {
  return e.resource === '*' && e.actionType === All;
}

/**
 * Whether the registered event matches an incoming one: same resource (a registered `Pod`
 * matching assigned and unscheduled pod events, a registered `*` anything) and a common action.
 * An incoming wildcard event matches only a registered wildcard.
 * mirrors fwk.ClusterEvent.Match / EventResource.match
 */
export function matchClusterEvents(registered: ClusterEvent, incoming: ClusterEvent): boolean {
  if (isWildCard(registered)) return true;
  const r = registered.resource;
  const resourceMatches = r === '*' || r === incoming.resource || (r === 'Pod' && (incoming.resource === 'AssignedPod' || incoming.resource === 'UnschedulablePod'));
  return resourceMatches && (registered.actionType & incoming.actionType) !== 0;
}

/** Structural equality of JSON-like values (maps compared by keys, not key order). */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    // an absent map/list equals an empty one (Go's nil vs empty under equality.Semantic on these fields)
    if ((a === undefined || a === null) && isEmpty(b)) return true;
    if ((b === undefined || b === null) && isEmpty(a)) return true;
    return typeof a === 'number' || typeof b === 'number' ? String(a) === String(b) : false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!semanticEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!semanticEqual(ao[k], bo[k])) return false;
  return true;
}

function isEmpty(x: unknown): boolean {
  if (x === undefined || x === null) return true;
  if (Array.isArray(x)) return x.length === 0;
  return typeof x === 'object' && Object.keys(x as object).length === 0;
}

/**
 * The specific events of a node update (none when no scheduling property changed).
 * mirrors pkg/scheduler/framework/events.go NodeSchedulingPropertiesChange
 */
export function nodeSchedulingPropertiesChange(newNode: Node, oldNode: Node): ClusterEvent[] {
  const out: ClusterEvent[] = [];
  const push = (a: number): void => void out.push({ resource: 'Node', actionType: a });
  // extractNodeSpecUnschedulableChange: becoming schedulable counts as a taint update
  const oldUnsched = oldNode.spec?.unschedulable === true;
  const newUnsched = newNode.spec?.unschedulable === true;
  if (oldUnsched !== newUnsched && !newUnsched) push(UpdateNodeTaint);
  if (!semanticEqual(oldNode.status?.allocatable ?? oldNode.status?.capacity, newNode.status?.allocatable ?? newNode.status?.capacity)) push(UpdateNodeAllocatable);
  if (!semanticEqual(oldNode.metadata.labels, newNode.metadata.labels)) push(UpdateNodeLabel);
  if (!semanticEqual(oldNode.spec?.taints, newNode.spec?.taints)) push(UpdateNodeTaint);
  // extractNodeConditionsChange: condition type → status only (heartbeats and times ignored)
  const conds = (n: Node): Record<string, string> => Object.fromEntries((n.status?.conditions ?? []).map((c) => [c.type, c.status]));
  if (!semanticEqual(conds(oldNode), conds(newNode))) push(UpdateNodeCondition);
  if (!semanticEqual(oldNode.metadata.annotations, newNode.metadata.annotations)) push(UpdateNodeAnnotation);
  return out;
}

/**
 * The specific events of a pod update (updatePodOther when none applies), on the pod's own
 * resource (assigned or unscheduled). mirrors events.go PodSchedulingPropertiesChange
 */
export function podSchedulingPropertiesChange(newPod: Pod, oldPod: Pod, assigned: boolean): ClusterEvent[] {
  const resource: EventResource = assigned ? 'AssignedPod' : 'UnschedulablePod';
  const out: ClusterEvent[] = [];
  if (!semanticEqual(oldPod.metadata.labels, newPod.metadata.labels)) out.push({ resource, actionType: UpdatePodLabel });
  if ((oldPod.spec.schedulingGates ?? []).length > 0 && (newPod.spec.schedulingGates ?? []).length === 0) out.push({ resource, actionType: UpdatePodSchedulingGatesEliminated });
  if (!semanticEqual(oldPod.spec.tolerations, newPod.spec.tolerations)) out.push({ resource, actionType: UpdatePodToleration });
  if (out.length === 0) out.push({ resource, actionType: UpdatePodOther });
  return out;
}

/** The Node of a node event object (util.As[*v1.Node]). */
export function asNode(o: EventObject): Node | null {
  return o !== null && (o as Node).kind === 'Node' ? (o as Node) : o !== null && 'metadata' in o && !('key' in o) ? (o as Node) : null;
}

const detached = new WeakMap<Node, NodeInfo>();

/** A NodeInfo of a Node object alone (no pods), for hints that run a node test; cached per object. */
export function detachedNodeInfo(node: Node): NodeInfo {
  let ni = detached.get(node);
  if (ni === undefined) detached.set(node, (ni = new NodeInfo(node)));
  return ni;
}

/** The PodInfo of a pod event object (util.As[*v1.Pod]). */
export function asPod(o: EventObject): PodInfo | null {
  return o !== null && 'key' in o ? (o as PodInfo) : null;
}
