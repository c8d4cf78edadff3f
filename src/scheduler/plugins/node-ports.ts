/**
 * NodePorts: the pod's host ports (containers and sidecars, hostPort > 0) must be free on the
 * node. A wildcard IP (0.0.0.0) on either side conflicts with any IP for the same
 * (protocol, port). mirrors pkg/scheduler/framework/plugins/nodeports/node_ports.go
 */
import type { NodeInfo } from '../../model/node-info.ts';
import type { HostPort, PodInfo } from '../../model/pod-info.ts';
import { COL_FLAGS, FLAG_HAS_USED_PORTS } from '../../model/node-table.ts';
import { errorStatus, sharedStatus, SKIP, type QuickFilter, type RowCheck, type CycleState, type PluginFactory, type PreFilterOutput, type Status } from '../framework/types.ts';
import { CycleStateSlot } from './helper.ts';
import { Add, asPod, Delete, type ClusterEventWithHint, type EventObject, type QueueingHint } from '../framework/events.ts';

/** Plugin name (names.NodePorts). */
export const NAME = 'NodePorts';

/** Filter failure reason (ErrReason). */
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

const PRE_FILTER_KEY = 'PreFilter' + NAME;
const PORTS_STATUS = sharedStatus('Unschedulable', ERR_REASON);
const BIND_ALL = '0.0.0.0';

/**
 * True when `want` conflicts with a port already used on the node.
 * mirrors pkg/scheduler/framework/types.go HostPortInfo.CheckConflict
 */
export function portConflicts(want: HostPort, used: readonly HostPort[]): boolean {
  if (want.port <= 0) return false;
  const wildcard = want.ip === BIND_ALL;
  for (const u of used) {
    if (u.port !== want.port || u.protocol !== want.protocol) continue;
    if (wildcard || u.ip === BIND_ALL || u.ip === want.ip) return true;
  }
  return false;
}

/** True when none of `wanted` conflicts on `node`. mirrors node_ports.go fitsPorts */
export function fitsPorts(wanted: readonly HostPort[], node: NodeInfo): boolean {
  const used = node.usedPorts;
  if (used.length === 0) return true;
  for (const w of wanted) if (portConflicts(w, used)) return false;
  return true;
}

/** Quick filter: a node with no host port in use passes (fitsPorts of an empty list). */
const noUsedPortsRow: QuickFilter = (d, o) => (d[o + COL_FLAGS] & FLAG_HAS_USED_PORTS) === 0;
/** {@link noUsedPortsRow} as data. */
const NO_USED_PORTS_CHECK: RowCheck = Object.freeze({ flagsClear: FLAG_HAS_USED_PORTS });

/** The NodePorts plugin (no args). */
export const newNodePorts: PluginFactory = () => {
  const preFilterSlot = new CycleStateSlot<readonly HostPort[]>(PRE_FILTER_KEY);
  return {
    name: NAME,
    nodeLocal: true,
    preFilter(state: CycleState, pod: PodInfo): PreFilterOutput {
      // PodInfo.hostPorts already holds only hostPort > 0 entries, with IP/protocol defaulted.
      if (pod.hostPorts.length === 0) return SKIP;
      preFilterSlot.write(state, pod.hostPorts);
      return null;
    },
    filter(state: CycleState, _pod: PodInfo, node: NodeInfo): Status | null {
      const wanted = preFilterSlot.read(state);
      if (!wanted) return errorStatus(`reading "${PRE_FILTER_KEY}" from cycleState: not found`);
      return fitsPorts(wanted, node) ? null : PORTS_STATUS;
    },
    quickFilter(): QuickFilter {
      return noUsedPortsRow;
    },
    rowCheck(): RowCheck {
      return NO_USED_PORTS_CHECK;
    },
    eventsToRegister(): readonly ClusterEventWithHint[] {
      return EVENTS;
    },
  };
};

/**
 * A deleted pod frees ports only if it was scheduled (or nominated) and used a port the pod wants.
 * mirrors node_ports.go isSchedulableAfterPodDeleted
 */
function afterPodDeleted(pod: PodInfo, oldObj: EventObject): QueueingHint {
  const deleted = asPod(oldObj);
  if (deleted === null) return 'Queue';
  if (!deleted.nodeName && !deleted.pod.status?.nominatedNodeName) return 'QueueSkip';
  if (deleted.hostPorts.length === 0) return 'QueueSkip';
  for (const w of pod.hostPorts) if (portConflicts(w, deleted.hostPorts)) return 'Queue';
  return 'QueueSkip';
}

/**
 * Pod deletion with its hint; Node/Add without one (always Queue).
 * mirrors node_ports.go EventsToRegister (queueing hints enabled)
 */
const EVENTS: readonly ClusterEventWithHint[] = [
  { event: { resource: 'Pod', actionType: Delete }, hint: afterPodDeleted },
  { event: { resource: 'Node', actionType: Add } },
];
