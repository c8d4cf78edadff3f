/**
 * The cluster-autoscaler's ClusterSnapshot over kubesim's live ClusterState: what-if changes
 * (template nodes, pods placed, pods taken off a node, nodes removed) are journaled and undone by
 * `revert`, so a CA loop leaves the cluster exactly as it found it. Predicates are the scheduler
 * framework's own PreFilter and Filter plugins (CA runs kube-scheduler's framework the same way).
 * mirrors cluster-autoscaler/simulator/clustersnapshot/clustersnapshot.go ClusterSnapshot and
 * simulator/clustersnapshot/predicate/plugin_runner.go SchedulerPluginRunner
 *
 * Removing a node is a mask rather than a deletion: the node stays in the ClusterState (its order
 * among the others must not move) but no pod is placed on it any more; its pods are taken off.
 */
import type { ClusterState } from '../../model/cluster.ts';
import type { NodeInfo, NodeInfoOrder } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import type { Node, Pod } from '../../model/types.ts';
import type { Framework } from '../../scheduler/framework/framework.ts';
import { CycleState, isPreFilterResult, type SchedulerPlugin, type Status } from '../../scheduler/framework/types.ts';

/** Why a pod does not fit (clustersnapshot.SchedulingError): the failing plugin and its reasons. */
export interface SchedulingError {
  /** 'FailingPredicate' or 'NoNodesPassingPredicatesFound'. */
  type: 'FailingPredicate' | 'NoNodesPassingPredicatesFound';
  plugin?: string;
  reasons: readonly string[];
}

type JournalEntry =
  | { op: 'addNode'; name: string }
  | { op: 'addPod'; key: string }
  | { op: 'unschedule'; pod: PodInfo; node: NodeInfo }
  | { op: 'order'; node: NodeInfo; order: NodeInfoOrder }
  | { op: 'hide'; name: string };

/** PreFilter outcome for one pod, reused over the nodes it is checked against. */
interface Prepared {
  state: CycleState;
  allowed: Set<string> | null;
  status: Status | null;
}

/** A forkable view of the cluster for the autoscaler's simulations. */
export class ClusterSnapshot {
  private readonly levels: JournalEntry[][] = [];
  private readonly hidden = new Set<string>();
  private readonly clonePods = new Set<string>();
  /** Real nodes whose pod order is saved in the journal (cleared when the outermost level ends). */
  private readonly ordered = new Set<NodeInfo>();
  private cloneSeq = 0;
  /** SchedulerPluginRunner.lastIndex: where the next any-node search starts. */
  private lastIndex = 0;

  constructor(
    readonly cluster: ClusterState,
    readonly framework: Framework,
  ) {}

  /** Starts a level of changes (Fork). */
  fork(): void {
    this.levels.push([]);
  }

  /** Undoes the changes since the matching fork (Revert). */
  revert(): void {
    const level = this.levels.pop();
    if (!level) return;
    for (let i = level.length - 1; i >= 0; i--) {
      const e = level[i];
      this.undo(e);
      if (e.op === 'order') this.ordered.delete(e.node);
    }
  }

  /** Keeps the changes since the matching fork in the level below (Commit). */
  commit(): void {
    const level = this.levels.pop();
    if (!level) return;
    const below = this.levels[this.levels.length - 1];
    if (below) below.push(...level);
  }

  /** Forks open (changes outside any fork are not allowed: the live cluster would keep them). */
  get depth(): number {
    return this.levels.length;
  }

  private record(e: JournalEntry): void {
    const level = this.levels[this.levels.length - 1];
    if (!level) throw new Error('ClusterSnapshot: change outside a fork');
    level.push(e);
  }

  private undo(e: JournalEntry): void {
    const c = this.cluster;
    switch (e.op) {
      case 'addPod':
        c.removePod(e.key);
        this.clonePods.delete(e.key);
        return;
      case 'addNode':
        c.removeNode(e.name);
        return;
      case 'unschedule':
        e.node.addPod(e.pod);
        return;
      case 'order':
        e.node.restoreOrder(e.order);
        return;
      case 'hide':
        this.hidden.delete(e.name);
        return;
    }
  }

  /** True for nodes removed in this snapshot. */
  isRemoved(name: string): boolean {
    return this.hidden.has(name);
  }

  /** True for pods this snapshot placed (not real pods). */
  isSimulatedPod(key: string): boolean {
    return this.clonePods.has(key);
  }

  /** Node infos in the scheduler's node order, without removed nodes (ListNodeInfos). */
  listNodeInfos(): NodeInfo[] {
    const all = this.cluster.nodeList();
    return this.hidden.size === 0 ? all : all.filter((n) => !this.hidden.has(n.name));
  }

  /** A node of the snapshot, or undefined (GetNodeInfo). */
  getNodeInfo(name: string): NodeInfo | undefined {
    if (this.hidden.has(name)) return undefined;
    return this.cluster.nodes.get(name);
  }

  /** Adds a node with pods already on it (AddNodeInfo); the pods are copies named after the node. */
  addNodeInfo(node: Node, pods: readonly Pod[] = []): NodeInfo {
    const name = node.metadata.name!;
    const ni = this.cluster.addNode(node);
    this.record({ op: 'addNode', name });
    for (const p of pods) this.placeCopy(p, name);
    return ni;
  }

  /** Removes a node (RemoveNodeInfo): its pods are taken off and nothing lands on it any more. */
  removeNodeInfo(name: string): void {
    const ni = this.cluster.nodes.get(name);
    if (!ni || this.hidden.has(name)) return;
    for (const p of [...ni.pods]) this.unschedulePod(p);
    this.hidden.add(name);
    this.record({ op: 'hide', name });
  }

  /** Takes a pod off its node (UnschedulePod); the pod stays in the cluster's indexes. */
  unschedulePod(p: PodInfo): void {
    const ni = this.cluster.nodes.get(p.nodeName);
    if (!ni || !ni.pods.includes(p)) return;
    // the first change to a real node in this level saves its order; undone last, it restores it
    const level = this.levels[this.levels.length - 1];
    if (level && !this.ordered.has(ni)) {
      this.ordered.add(ni);
      this.record({ op: 'order', node: ni, order: ni.saveOrder() });
    }
    ni.removePod(p);
    this.record({ op: 'unschedule', pod: p, node: ni });
  }

  /** Adds a copy of `pod` bound to `nodeName` without checking predicates (ForceAddPod). */
  forceAddPod(pod: Pod, nodeName: string): void {
    this.placeCopy(pod, nodeName);
  }

  private placeCopy(pod: Pod, nodeName: string): void {
    // the copy shares the spec (per-template derived data stays cached); only the name differs
    const name = `${pod.metadata.name ?? 'pod'}~ca${this.cloneSeq++}`;
    const copy: Pod = { ...pod, metadata: { ...pod.metadata, name }, spec: pod.spec.nodeName ? { ...pod.spec, nodeName: undefined } : pod.spec };
    const p = this.cluster.addPod(copy);
    this.clonePods.add(p.key);
    this.record({ op: 'addPod', key: p.key });
    this.cluster.bindPod(p, nodeName);
  }

  /** PreFilter for one pod (RunPreFilterPlugins). */
  private prepare(pod: PodInfo): Prepared {
    const state = new CycleState();
    const skip = new Set<SchedulerPlugin>();
    let allowed: Set<string> | null = null;
    for (const pl of this.framework.profile.preFilter) {
      if (!pl.preFilter) continue;
      const out = pl.preFilter(state, pod);
      if (out === null) continue;
      if (isPreFilterResult(out)) {
        allowed = intersect(allowed, out.nodeNames);
        continue;
      }
      if (out.code === 'Skip') {
        skip.add(pl);
        continue;
      }
      return { state, allowed, status: { ...out, plugin: out.plugin ?? pl.name } };
    }
    state.skipFilterPlugins = skip;
    return { state, allowed, status: null };
  }

  private filterOn(prep: Prepared, pod: PodInfo, ni: NodeInfo): Status | null {
    if (prep.allowed !== null && !prep.allowed.has(ni.name)) {
      return { code: 'UnschedulableAndUnresolvable', reasons: ['PreFilter filtered the Node out'] };
    }
    return this.framework.runFilterPlugins(prep.state, pod, ni);
  }

  /** Runs PreFilter and Filter for `pod` on one node (CheckPredicates / RunFiltersOnNode). */
  checkPredicates(pod: PodInfo, nodeName: string): SchedulingError | null {
    const ni = this.getNodeInfo(nodeName);
    if (!ni) return { type: 'FailingPredicate', reasons: [`node ${nodeName} not found`] };
    const prep = this.prepare(pod);
    if (prep.status) return { type: 'FailingPredicate', plugin: prep.status.plugin, reasons: prep.status.reasons };
    const st = this.filterOn(prep, pod, ni);
    return st === null ? null : { type: 'FailingPredicate', plugin: st.plugin, reasons: st.reasons };
  }

  /** Checks predicates on one node and, if they pass, places a copy of the pod there (SchedulePod). */
  schedulePod(pod: PodInfo, nodeName: string): SchedulingError | null {
    const err = this.checkPredicates(pod, nodeName);
    if (err === null) this.placeCopy(pod.pod, nodeName);
    return err;
  }

  /**
   * Places a copy of the pod on the first node, from where the last search stopped, that `matches`
   * and passes the predicates (SchedulePodOnAnyNodeMatching / RunFiltersUntilPassingNode; upstream
   * checks nodes in parallel and takes the first to answer, we take the first in order).
   */
  schedulePodOnAnyNodeMatching(pod: PodInfo, matches: (ni: NodeInfo) => boolean): string | null {
    const nodes = this.cluster.nodeList();
    const n = nodes.length;
    if (n === 0) return null;
    const prep = this.prepare(pod);
    if (prep.status) return null;
    for (let i = 0; i < n; i++) {
      const idx = (this.lastIndex + i) % n;
      const ni = nodes[idx];
      if (this.hidden.has(ni.name) || ni.unschedulable || !matches(ni)) continue;
      if (this.filterOn(prep, pod, ni) !== null) continue;
      this.lastIndex = (idx + 1) % n;
      this.placeCopy(pod.pod, ni.name);
      return ni.name;
    }
    return null;
  }
}

function intersect(a: Set<string> | null, b: ReadonlySet<string>): Set<string> {
  if (a === null) return new Set(b);
  const out = new Set<string>();
  for (const x of a) if (b.has(x)) out.add(x);
  return out;
}
