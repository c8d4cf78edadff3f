/**
 * NodeName: a pod that names a node (`spec.nodeName`) fits only that node.
 * mirrors pkg/scheduler/framework/plugins/nodename/node_name.go
 */
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import { ACCEPT_ALL, ACCEPT_EVERY_ROW, sharedStatus, type QuickFilter, type RowCheck, type CycleState, type PluginFactory, type Status } from '../framework/types.ts';
import { Add, asNode, type ClusterEventWithHint } from '../framework/events.ts';

/** Plugin name (names.NodeName). */
export const NAME = 'NodeName';

/** Filter failure reason (ErrReason). */
export const ERR_REASON = "node(s) didn't match the requested node name";

const NODE_NAME_STATUS = sharedStatus('UnschedulableAndUnresolvable', ERR_REASON);

/** The NodeName plugin (no args). */
export const newNodeName: PluginFactory = () => ({
  name: NAME,
  nodeLocal: true,
  filter(_state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
    const want = pod.pod.spec.nodeName;
    if (!want || want === node.name) return null;
    return NODE_NAME_STATUS;
  },
  quickFilter(_state: CycleState, pod: PodInfo): QuickFilter {
    const want = pod.pod.spec.nodeName;
    if (!want) return ACCEPT_ALL;
    return (_d, _o, node) => node.name === want;
  },
  rowCheck(_state: CycleState, pod: PodInfo): RowCheck | null {
    return pod.pod.spec.nodeName ? null : ACCEPT_EVERY_ROW;
  },
  eventsToRegister(): readonly ClusterEventWithHint[] {
    return EVENTS;
  },
});

/** A new node may be the one the pod names. mirrors node_name.go EventsToRegister / isSchedulableAfterNodeAdd */
const EVENTS: readonly ClusterEventWithHint[] = [
  {
    event: { resource: 'Node', actionType: Add },
    hint: (pod, _old, newObj) => {
      const node = asNode(newObj);
      const want = pod.pod.spec.nodeName;
      return node === null || !want || want === node.metadata.name ? 'Queue' : 'QueueSkip';
    },
  },
];
