/**
 * The cluster-autoscaler-status ConfigMap's content: cluster-wide and per node group health,
 * scale-up and scale-down conditions with probe and transition times, updated every loop.
 * mirrors cluster-autoscaler/clusterstate/api/types.go ClusterAutoscalerStatus and
 * clusterstate.go GetStatus / buildHealthStatusNodeGroup / buildScaleUpStatusNodeGroup
 */
import type { ClusterStateRegistry, Readiness } from './clusterstate.ts';

/** NodeCount of the status. */
export interface StatusNodeCount {
  registered: { total: number; ready: number; notStarted: number; beingDeleted?: number; unready: { total: number; resourceUnready: number } };
  longUnregistered: number;
  unregistered: number;
}

/** One condition: status and when it was probed and last changed (RFC 3339). */
export interface StatusCondition {
  status: string;
  lastProbeTime: string;
  lastTransitionTime: string;
}

/** ClusterAutoscalerStatus (the ConfigMap's `status` key, as YAML upstream). */
export interface ClusterAutoscalerStatus {
  time: string;
  autoscalerStatus: 'Running';
  clusterWide: {
    health: StatusCondition & { nodeCounts: StatusNodeCount };
    scaleUp: StatusCondition;
    scaleDown: StatusCondition & { candidates?: number };
  };
  nodeGroups: {
    name: string;
    health: StatusCondition & { nodeCounts: StatusNodeCount; cloudProviderTarget: number; minSize: number; maxSize: number };
    scaleUp: StatusCondition & { backoffInfo?: { errorCode?: string; errorMessage?: string } };
    scaleDown: StatusCondition & { candidates?: number };
  }[];
}

function counts(r: Readiness | undefined, beingDeleted: number): StatusNodeCount {
  return {
    registered: {
      total: r?.registered.length ?? 0,
      ready: r?.ready.length ?? 0,
      notStarted: r?.notStarted.length ?? 0,
      ...(beingDeleted ? { beingDeleted } : {}),
      unready: { total: r?.unready.length ?? 0, resourceUnready: 0 },
    },
    longUnregistered: r?.longUnregistered.length ?? 0,
    unregistered: r?.unregistered.length ?? 0,
  };
}

/** Keeps each condition's last transition time across loops. */
export class StatusTracker {
  private readonly last = new Map<string, { status: string; since: string }>();

  private cond(key: string, status: string, now: string): StatusCondition {
    const prev = this.last.get(key);
    const since = prev && prev.status === status ? prev.since : now;
    this.last.set(key, { status, since });
    return { status, lastProbeTime: now, lastTransitionTime: since };
  }

  /**
   * The status at the end of a loop. `groups` gives min/max sizes, `candidates` the unneeded
   * nodes per group, `beingDeleted` the nodes being deleted per group.
   */
  build(
    registry: ClusterStateRegistry,
    groups: readonly { name: string; minSize: number; maxSize: number; target: number }[],
    candidates: ReadonlyMap<string, number>,
    beingDeleted: ReadonlyMap<string, number>,
    now: number,
    timestamp: string,
  ): ClusterAutoscalerStatus {
    const totalCandidates = [...candidates.values()].reduce((s, n) => s + n, 0);
    const totalDeleting = [...beingDeleted.values()].reduce((s, n) => s + n, 0);
    return {
      time: timestamp,
      autoscalerStatus: 'Running',
      clusterWide: {
        health: { ...this.cond('health', registry.isClusterHealthy() ? 'Healthy' : 'Unhealthy', timestamp), nodeCounts: counts(registry.total, totalDeleting) },
        scaleUp: this.cond('scaleUp', registry.scaleUpRequests.size > 0 ? 'InProgress' : 'NoActivity', timestamp),
        scaleDown: { ...this.cond('scaleDown', totalCandidates > 0 ? 'CandidatesPresent' : 'NoCandidates', timestamp), ...(totalCandidates ? { candidates: totalCandidates } : {}) },
      },
      nodeGroups: groups.map((g) => {
        const backoff = registry.backoff.isBackedOff(g.name, now);
        const up = registry.scaleUpRequests.has(g.name) ? 'InProgress' : backoff.isBackedOff ? 'Backoff' : 'NoActivity';
        const c = candidates.get(g.name) ?? 0;
        return {
          name: g.name,
          health: {
            ...this.cond(`${g.name}/health`, registry.isNodeGroupHealthy(g.name) ? 'Healthy' : 'Unhealthy', timestamp),
            nodeCounts: counts(registry.perNodeGroupReadiness.get(g.name), beingDeleted.get(g.name) ?? 0),
            cloudProviderTarget: g.target,
            minSize: g.minSize,
            maxSize: g.maxSize,
          },
          scaleUp: {
            ...this.cond(`${g.name}/scaleUp`, up, timestamp),
            ...(backoff.isBackedOff ? { backoffInfo: { errorCode: backoff.errorInfo?.errorCode, errorMessage: backoff.errorInfo?.errorMessage } } : {}),
          },
          scaleDown: { ...this.cond(`${g.name}/scaleDown`, c > 0 ? 'CandidatesPresent' : 'NoCandidates', timestamp), ...(c ? { candidates: c } : {}) },
        };
      }),
    };
  }
}
