/**
 * The unneeded nodes and since when, and which of them may be removed at a time.
 * mirrors cluster-autoscaler/core/scaledown/unneeded/nodes.go Nodes (Update, RemovableAt,
 * unremovableReason, verifyMinSize)
 */
import type { Node } from '../../model/types.ts';
import { UnremovableReason } from '../simulator/reasons.ts';
import { hasNoScaleDownAnnotation } from './eligibility.ts';
import type { NodeToBeRemoved } from './planner.ts';

/** What RemovableAt reads about the cluster. */
export interface RemovableAtContext {
  /** The node object (annotations) and its readiness; undefined when it is gone. */
  node(name: string): { node: Node; ready: boolean } | undefined;
  /** The node's group, undefined when not autoscaled. */
  nodeGroupForNode(name: string): string | undefined;
  /** Target and min size of a group. */
  groupSize(group: string): { target: number; min: number };
  /** Deletions in progress per group (ActuationStatus.DeletionsCount). */
  deletionsInProgress(group: string): number;
  /** scale-down-unneeded-time and scale-down-unready-time (per group upstream; the flags here), seconds. */
  unneededTime: number;
  unreadyTime: number;
}

/** Unneeded nodes with the time each became unneeded. */
export class UnneededNodes {
  private byName = new Map<string, { ntbr: NodeToBeRemoved; since: number }>();

  /** Replaces the set with `nodes`; nodes already present keep their `since`. mirrors Nodes.Update */
  update(nodes: readonly NodeToBeRemoved[], ts: number): void {
    const next = new Map<string, { ntbr: NodeToBeRemoved; since: number }>();
    for (const n of nodes) next.set(n.node, { ntbr: n, since: this.byName.get(n.node)?.since ?? ts });
    this.byName = next;
  }

  /** Forgets every node (Nodes.Clear). */
  clear(): void {
    this.byName.clear();
  }

  /** Number of unneeded nodes. */
  get size(): number {
    return this.byName.size;
  }

  /** True when `name` is unneeded. */
  contains(name: string): boolean {
    return this.byName.has(name);
  }

  /** The unneeded nodes with their since (Nodes.AsList). */
  asList(): { ntbr: NodeToBeRemoved; since: number }[] {
    return [...this.byName.values()];
  }

  /**
   * The nodes that may be removed at `ts`, empty and needing a drain, and those that may not
   * with upstream's reason. Empty nodes first, each list in name order (upstream walks Go maps).
   * mirrors Nodes.RemovableAt
   */
  removableAt(ctx: RemovableAtContext, ts: number): { empty: NodeToBeRemoved[]; needDrain: NodeToBeRemoved[]; unremovable: { node: string; reason: UnremovableReason }[] } {
    const sizes = new Map<string, number>();
    const entries = [...this.byName.values()].sort((a, b) => (a.ntbr.node < b.ntbr.node ? -1 : a.ntbr.node > b.ntbr.node ? 1 : 0));
    const empty: NodeToBeRemoved[] = [];
    const needDrain: NodeToBeRemoved[] = [];
    const unremovable: { node: string; reason: UnremovableReason }[] = [];
    for (const drain of [false, true]) {
      for (const v of entries) {
        if ((v.ntbr.podsToReschedule.length > 0) !== drain) continue;
        const r = this.unremovableReason(ctx, v, ts, sizes);
        if (r !== UnremovableReason.NoReason) unremovable.push({ node: v.ntbr.node, reason: r });
        else (drain ? needDrain : empty).push(v.ntbr);
      }
    }
    return { empty, needDrain, unremovable };
  }

  /** mirrors Nodes.unremovableReason (resource limits are not simulated) */
  private unremovableReason(ctx: RemovableAtContext, v: { ntbr: NodeToBeRemoved; since: number }, ts: number, sizes: Map<string, number>): UnremovableReason {
    const n = ctx.node(v.ntbr.node);
    if (!n) return UnremovableReason.UnexpectedError;
    if (hasNoScaleDownAnnotation(n.node)) return UnremovableReason.ScaleDownDisabledAnnotation;
    const threshold = n.ready ? ctx.unneededTime : ctx.unreadyTime;
    if (threshold > 0 && !(v.since + threshold < ts)) return n.ready ? UnremovableReason.NotUnneededLongEnough : UnremovableReason.NotUnreadyLongEnough;
    const group = ctx.nodeGroupForNode(v.ntbr.node);
    if (group === undefined) return UnremovableReason.NotAutoscaled;
    // verifyMinSize
    const { target, min } = ctx.groupSize(group);
    const size = sizes.get(group) ?? target;
    if (size - ctx.deletionsInProgress(group) <= min) return UnremovableReason.NodeGroupMinSizeReached;
    sizes.set(group, size - 1);
    return UnremovableReason.NoReason;
  }
}
