/**
 * The default drainability rules of cluster-autoscaler 1.35, in upstream's order, and how a list
 * of rules decides for a pod.
 * mirrors cluster-autoscaler/simulator/drainability/rules/rules.go
 */
import type { Pod } from '../../../../model/types.ts';
import { newNodeDeleteOptions } from '../context.ts';
import type { DrainContext, NodeDeleteOptions } from '../context.ts';
import { BasicRemainingPdbTracker } from '../pdb-tracker.ts';
import type { Rule } from '../rule.ts';
import { newUndefinedStatus } from '../status.ts';
import type { DrainabilityStatus } from '../status.ts';
import { newDaemonSetRule } from './daemonset.ts';
import { newLocalStorageRule } from './localstorage.ts';
import { newLongTerminatingRule } from './longterminating.ts';
import { newMirrorRule } from './mirror.ts';
import { newNotSafeToEvictRule } from './notsafetoevict.ts';
import { newPdbRule } from './pdb.ts';
import { newReplicaCountRule } from './replicacount.ts';
import { newReplicatedRule } from './replicated.ts';
import { newSafeToEvictRule } from './safetoevict.ts';
import { newSystemRule } from './system.ts';
import { newTerminalRule } from './terminal.ts';

export type { Rule } from '../rule.ts';
export {
  newDaemonSetRule,
  newLocalStorageRule,
  newLongTerminatingRule,
  newMirrorRule,
  newNotSafeToEvictRule,
  newPdbRule,
  newReplicaCountRule,
  newReplicatedRule,
  newSafeToEvictRule,
  newSystemRule,
  newTerminalRule,
};

/**
 * The default rules for `deleteOptions` (unset fields at their defaults): mirror,
 * long-terminating, replica count (only with skipNodesWithCustomControllerPods); the
 * interrupting daemonset, safe-to-evict, terminal; the blocking replicated, system (only with
 * skipNodesWithSystemPods), not-safe-to-evict, local storage (only with
 * skipNodesWithLocalStorage), PDB.
 * mirrors cluster-autoscaler/simulator/drainability/rules/rules.go Default
 */
export function defaultRules(deleteOptions: Partial<NodeDeleteOptions> = {}): Rule[] {
  const o = newNodeDeleteOptions(deleteOptions);
  const all: { rule: Rule; skip?: boolean }[] = [
    { rule: newMirrorRule() },
    { rule: newLongTerminatingRule() },
    { rule: newReplicaCountRule(o.minReplicaCount), skip: !o.skipNodesWithCustomControllerPods },

    // Interrupting checks
    { rule: newDaemonSetRule() },
    { rule: newSafeToEvictRule() },
    { rule: newTerminalRule() },

    // Blocking checks
    { rule: newReplicatedRule(o.skipNodesWithCustomControllerPods) },
    { rule: newSystemRule(o.bspDisruptionTimeout), skip: !o.skipNodesWithSystemPods },
    { rule: newNotSafeToEvictRule() },
    { rule: newLocalStorageRule(), skip: !o.skipNodesWithLocalStorage },
    { rule: newPdbRule() },
  ];
  return all.filter((r) => !r.skip).map((r) => r.rule);
}

/**
 * The verdict of `rules` on `pod`: the first rule with a defined outcome decides, unless an
 * earlier rule that returned overrides lists that outcome (then the earlier status wins).
 * A missing PDB tracker counts as an empty one.
 * mirrors cluster-autoscaler/simulator/drainability/rules/rules.go Rules.Drainable
 */
export function drainableBy(rules: readonly Rule[], ctx: DrainContext, pod: Pod): DrainabilityStatus {
  const c: DrainContext = ctx.remainingPdbTracker ? ctx : { ...ctx, remainingPdbTracker: new BasicRemainingPdbTracker() };
  const candidates: DrainabilityStatus[] = [];
  for (const r of rules) {
    const status = r.drainable(c, pod);
    if (status.overrides && status.overrides.length > 0) {
      candidates.push(status);
      continue;
    }
    for (const candidate of candidates) {
      if (candidate.overrides?.includes(status.outcome)) return candidate;
    }
    if (status.outcome !== 'UndefinedOutcome') return status;
  }
  return newUndefinedStatus();
}
