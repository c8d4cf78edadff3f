/**
 * What the autoscaler knows about each node group between loops: readiness of its nodes, the
 * scale-up requests in flight and their deadlines, instance creation errors, and the per-group
 * backoff. mirrors cluster-autoscaler/clusterstate/clusterstate.go ClusterStateRegistry
 */
import { ExponentialBackoff, type BackoffStatus, type InstanceErrorClass } from '../backoff/exponential-backoff.ts';
import type { SimulatedCloudProvider } from '../cloudprovider/simulated.ts';
import type { AutoscalingOptions } from '../options.ts';

/** Node names of one group by readiness (clusterstate.Readiness). */
export interface Readiness {
  ready: string[];
  unready: string[];
  notStarted: string[];
  unregistered: string[];
  longUnregistered: string[];
  registered: string[];
}

/** A scale-up being waited for (clusterstate.ScaleUpRequest). */
export interface ScaleUpRequest {
  nodeGroup: string;
  increase: number;
  time: number;
  expectedAddTime: number;
}

/** A failed scale-up, as CA records and reports it. */
export interface ScaleUpFailure {
  nodeGroup: string;
  reason: string;
  errorClass: InstanceErrorClass;
  errorCode: string;
  message: string;
  time: number;
  backoffUntil: number;
}

/** A node as the registry reads it: name, Ready condition, creation time (seconds). */
export interface NodeState {
  name: string;
  ready: boolean;
  createdAt: number;
  /** Being deleted by the autoscaler. */
  deleted: boolean;
}

/** Whether a group may scale up now (NodeGroupScalingSafety). */
export interface NodeGroupScalingSafety {
  safeToScale: boolean;
  healthy: boolean;
  backoffStatus: BackoffStatus;
}

function emptyReadiness(): Readiness {
  return { ready: [], unready: [], notStarted: [], unregistered: [], longUnregistered: [], registered: [] };
}

/** The registry, updated once per loop from the cloud's instances and the cluster's nodes. */
export class ClusterStateRegistry {
  readonly scaleUpRequests = new Map<string, ScaleUpRequest>();
  readonly backoff: ExponentialBackoff;
  perNodeGroupReadiness = new Map<string, Readiness>();
  total: Readiness = emptyReadiness();
  /** Failures recorded by the last update (the loop turns them into events). */
  newFailures: ScaleUpFailure[] = [];
  /** When each instance without a Node was first seen so (UnregisteredNode.UnregisteredSince). */
  private unregisteredSince = new Map<string, number>();
  /** Instances whose creation error was already counted. */
  private readonly seenErrors = new Set<string>();

  constructor(
    private readonly cloud: SimulatedCloudProvider,
    private readonly opts: AutoscalingOptions,
  ) {
    this.backoff = new ExponentialBackoff(opts.initialNodeGroupBackoffDuration, opts.maxNodeGroupBackoffDuration, opts.nodeGroupBackoffResetTimeout);
  }

  /**
   * Re-reads readiness, retires finished or timed-out scale-up requests and counts new instance
   * errors. mirrors ClusterStateRegistry.UpdateNodes (updateReadinessStats, updateScaleRequests,
   * handleInstanceCreationErrors)
   */
  updateNodes(nodes: readonly NodeState[], now: number): void {
    this.newFailures = [];
    const byName = new Map(nodes.map((n) => [n.name, n]));
    const per = new Map<string, Readiness>();
    const total = emptyReadiness();
    for (const id of this.cloud.nodeGroupIds()) per.set(id, emptyReadiness());
    const add = (r: Readiness, n: NodeState) => {
      r.registered.push(n.name);
      if (n.deleted) return;
      if (n.ready) r.ready.push(n.name);
      else if (n.createdAt + this.opts.maxNodeStartupTime > now) r.notStarted.push(n.name);
      else r.unready.push(n.name);
    };
    for (const n of nodes) {
      const g = this.cloud.nodeGroupForNode(n.name);
      if (g !== undefined) add(per.get(g)!, n);
      add(total, n);
    }
    // instances without a Node: unregistered since the loop that first saw them (long after
    // max-node-provision-time). mirrors ClusterStateRegistry.updateUnregisteredNodes / getNotRegisteredNodes
    const seen = new Map<string, number>();
    for (const [id, g] of this.cloud.groups) {
      for (const inst of g.instances.values()) {
        if (byName.has(inst.name) || inst.error) continue;
        const since = this.unregisteredSince.get(inst.name) ?? now;
        seen.set(inst.name, since);
        const r = per.get(id)!;
        const long = since + this.opts.maxNodeProvisionTime < now;
        (long ? r.longUnregistered : r.unregistered).push(inst.name);
        (long ? total.longUnregistered : total.unregistered).push(inst.name);
      }
    }
    this.unregisteredSince = seen;
    this.perNodeGroupReadiness = per;
    this.total = total;
    this.updateScaleRequests(now);
    this.handleInstanceCreationErrors(now);
  }

  /** mirrors ClusterStateRegistry.updateScaleRequests */
  private updateScaleRequests(now: number): void {
    this.backoff.removeStaleBackoffData(now);
    for (const [id, req] of [...this.scaleUpRequests]) {
      if (this.upcomingCount(id) <= 0) {
        this.scaleUpRequests.delete(id);
        continue;
      }
      if (req.expectedAddTime < now) {
        this.registerFailedScaleUp(id, 'timeout', 'Other', 'timeout', `Scale-up timed out for node group ${id} after ${formatSeconds(now - req.time)}`, now);
        this.scaleUpRequests.delete(id);
      }
    }
  }

  /** mirrors ClusterStateRegistry.handleInstanceCreationErrorsForNodeGroup */
  private handleInstanceCreationErrors(now: number): void {
    for (const [id, g] of this.cloud.groups) {
      let unseen = 0;
      let first: { code: string; message: string } | undefined;
      for (const inst of g.instances.values()) {
        if (!inst.error || this.seenErrors.has(inst.name)) continue;
        this.seenErrors.add(inst.name);
        unseen++;
        first ??= { code: inst.error.errorCode, message: inst.error.errorMessage };
      }
      if (unseen === 0) continue;
      // the failed instances will not come: the request shrinks by as many
      this.registerOrUpdateScaleUp(id, -unseen, now);
      this.registerFailedScaleUp(id, 'OutOfResource', 'OutOfResource', first!.code, first!.message, now);
    }
  }

  private registerFailedScaleUp(id: string, reason: string, errorClass: InstanceErrorClass, code: string, message: string, now: number): void {
    const until = this.backoff.backoff(id, now, errorClass, code, message);
    this.newFailures.push({ nodeGroup: id, reason, errorClass, errorCode: code, message, time: now, backoffUntil: until });
  }

  /** Records or extends a scale-up request. mirrors registerOrUpdateScaleUpNoLock */
  registerOrUpdateScaleUp(id: string, delta: number, now: number): void {
    const req = this.scaleUpRequests.get(id);
    if (!req) {
      if (delta > 0) this.scaleUpRequests.set(id, { nodeGroup: id, increase: delta, time: now, expectedAddTime: now + this.opts.maxNodeProvisionTime });
      return;
    }
    if (req.increase + delta <= 0) {
      this.scaleUpRequests.delete(id);
      return;
    }
    req.increase += delta;
    if (delta > 0) {
      req.time = now;
      req.expectedAddTime = now + this.opts.maxNodeProvisionTime;
    }
  }

  /** Nodes requested but not yet registered (or registered, not started). mirrors GetUpcomingNodes */
  upcomingCount(id: string): number {
    const r = this.perNodeGroupReadiness.get(id);
    if (!r) return 0;
    return Math.max(0, this.cloud.targetSize(id) - (r.ready.length + r.unready.length + r.longUnregistered.length));
  }

  /** Upcoming node counts per group and the registered-but-not-started nodes they include. */
  getUpcomingNodes(): { counts: Map<string, number>; registered: Map<string, string[]> } {
    const counts = new Map<string, number>();
    const registered = new Map<string, string[]>();
    for (const id of this.cloud.nodeGroupIds()) {
      const n = this.upcomingCount(id);
      if (n <= 0) continue;
      counts.set(id, n);
      registered.set(id, this.perNodeGroupReadiness.get(id)?.notStarted ?? []);
    }
    return { counts, registered };
  }

  /** Too many unready nodes in the group? mirrors IsNodeGroupHealthy */
  isNodeGroupHealthy(id: string): boolean {
    const r = this.perNodeGroupReadiness.get(id);
    if (!r) return true;
    const unready = r.unready.length;
    return !(unready > this.opts.okTotalUnreadyCount && unready > (this.opts.maxTotalUnreadyPercentage / 100) * r.registered.length);
  }

  /** Too many unready nodes in the cluster? mirrors IsClusterHealthy */
  isClusterHealthy(): boolean {
    const unready = this.total.unready.length;
    return !(unready > this.opts.okTotalUnreadyCount && unready > (this.opts.maxTotalUnreadyPercentage / 100) * this.total.registered.length);
  }

  /** mirrors NodeGroupScaleUpSafety */
  nodeGroupScaleUpSafety(id: string, now: number): NodeGroupScalingSafety {
    const healthy = this.isNodeGroupHealthy(id);
    const backoffStatus = this.backoff.isBackedOff(id, now);
    return { safeToScale: healthy && !backoffStatus.isBackedOff, healthy, backoffStatus };
  }

  /** Instances that reported a creation error (GetCreatedNodesWithErrors). */
  createdNodesWithErrors(): { group: string; name: string }[] {
    const out: { group: string; name: string }[] = [];
    for (const [id, g] of this.cloud.groups) for (const inst of g.instances.values()) if (inst.error) out.push({ group: id, name: inst.name });
    return out;
  }

  /** Instances that never registered within max-node-provision-time (GetUnregisteredNodes, long ones). */
  longUnregisteredNodes(): { group: string; name: string }[] {
    const out: { group: string; name: string }[] = [];
    for (const [id, r] of this.perNodeGroupReadiness) for (const name of r.longUnregistered) out.push({ group: id, name });
    return out;
  }
}

/** Go's time.Duration String for whole seconds (e.g. 15m0s). */
export function formatSeconds(s: number): string {
  s = Math.round(s);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${m}m${sec}s`;
  if (m > 0) return `${m}m${sec}s`;
  return `${sec}s`;
}
