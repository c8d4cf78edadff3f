/**
 * NodeResourcesBalancedAllocation: favours nodes whose resource fractions (requested with the
 * pod / allocatable) are close to each other. v1.35 formula: `int64((1 − std) × 100)`.
 * mirrors pkg/scheduler/framework/plugins/noderesources/balanced_allocation.go (v1.35)
 *
 * Version note: v1.36 (PR #135573) scores `50 + (50 + with − without) / 2` from the v1.35 score
 * with and without the pod; kubesim follows v1.35.
 */
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import { CycleState, MAX_NODE_SCORE, SKIP, type PluginFactory, type SchedulerPlugin, type Status } from '../framework/types.ts';
import {
  argsObject,
  isBestEffort,
  podRequestList,
  readResourceSpecs,
  rejectUnknownFields,
  ResourceAllocationScorer,
  withShape,
  type ResourceSpec,
} from './resource-allocation.ts';
import { CycleStateSlot } from './helper.ts';

/** Plugin name (names.NodeResourcesBalancedAllocation). */
export const NAME = 'NodeResourcesBalancedAllocation';

const PRE_SCORE_KEY = 'PreScore' + NAME;

/**
 * Reads NodeResourcesBalancedAllocationArgs: v1 defaulting (empty ⇒ cpu+memory, weight 0 ⇒ 1),
 * then validation (no duplicates, every weight exactly 1).
 * mirrors apis/config/v1/defaults.go SetDefaults_NodeResourcesBalancedAllocationArgs and
 * validation_pluginargs.go ValidateNodeResourcesBalancedAllocationArgs
 */
export function readBalancedAllocationArgs(raw: Record<string, unknown> | undefined): ResourceSpec[] {
  const args = argsObject(NAME, raw);
  rejectUnknownFields(NAME, args, ['resources']);
  const resources = readResourceSpecs(NAME, args.resources, 'resources');
  const seen = new Set<string>();
  resources.forEach((r, i) => {
    if (seen.has(r.name)) throw new Error(`${NAME} args: resources[${i}].name: Duplicate value: "${r.name}"`);
    seen.add(r.name);
    if (r.weight !== 1) throw new Error(`${NAME} args: resources[${i}].weight: Invalid value: ${r.weight}: must be 1`);
  });
  return resources;
}

/**
 * 100 × (1 − standard deviation of the fractions min(req/alloc, 1)), truncated; entries with
 * allocatable 0 are skipped. mirrors balanced_allocation.go balancedResourceScorer (v1.35)
 */
export function balancedResourceScorer(requested: readonly number[], allocatable: readonly number[]): number {
  // Two resources (the common case) need no array: std = |f1 − f2| / 2.
  let n = 0;
  let f0 = 0;
  let f1 = 0;
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    let f = requested[i] / allocatable[i];
    if (f > 1) f = 1;
    if (n === 0) f0 = f;
    else if (n === 1) f1 = f;
    total += f;
    n++;
  }
  let std = 0;
  if (n === 2) {
    std = Math.abs((f0 - f1) / 2);
  } else if (n > 2) {
    const mean = total / n;
    let sum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      let f = requested[i] / allocatable[i];
      if (f > 1) f = 1;
      sum = sum + (f - mean) * (f - mean);
    }
    std = Math.sqrt(sum / n);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

withShape(balancedResourceScorer, { kind: 'balanced' });

/** The NodeResourcesBalancedAllocation plugin. mirrors balanced_allocation.go NewBalancedAllocation */
export const newNodeResourcesBalancedAllocation: PluginFactory = (rawArgs) => {
  const resources = readBalancedAllocationArgs(rawArgs);
  // useRequested: plain requests on both sides, no 100m/200Mi defaults.
  const scorer = new ResourceAllocationScorer(resources, true, balancedResourceScorer);
  const preScoreSlot = new CycleStateSlot<number[]>(PRE_SCORE_KEY);
  const plugin: SchedulerPlugin = {
    name: NAME,
    nodeLocal: true,
    preScore(state: CycleState, pod: PodInfo): Status | null {
      const podRequests = podRequestList(pod, resources, true);
      // Best-effort pods are not scored, so they do not all pile onto one node (kubernetes#129138).
      if (isBestEffort(podRequests)) return SKIP;
      preScoreSlot.write(state, podRequests);
      return null;
    },
    score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
      let podRequests = preScoreSlot.read(state);
      if (!podRequests) {
        // PreScore disabled: compute here, as upstream does.
        podRequests = podRequestList(pod, resources, true);
        if (isBestEffort(podRequests)) return 0;
      }
      return scorer.score(node, podRequests);
    },
    scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[], rows?: ArrayLike<number> | null): void {
      let podRequests = preScoreSlot.read(state);
      if (!podRequests) {
        podRequests = podRequestList(pod, resources, true);
        if (isBestEffort(podRequests)) {
          for (let i = 0; i < nodes.length; i++) scores[i] = 0;
          return;
        }
      }
      scorer.scoreNodes(nodes, podRequests, scores, rows);
    },
  };
  return plugin;
};
