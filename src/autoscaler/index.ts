/**
 * Node autoscaling as cluster-autoscaler 1.35 decides (the library's `autoscaler` namespace):
 * the pure pieces upstream's unit tests drive, named after them (docs/autoscaler.md maps each to
 * its upstream function), the loop, and fast-check arbitraries.
 */
export { DEFAULT_AUTOSCALING_OPTIONS, type AutoscalingOptions, type NodeGroupConfig, type DelayDistribution } from './options.ts';
export type { NodeInfoData, ExpansionOption, Rng } from './types.ts';
// estimator/binpacking_estimator.go Estimate
export { estimate, orderDecreasing, podScore, nodeLimit, type PodEquivalenceGroup, type TemplateNodeInfo, type Estimate } from './estimator/binpacking-estimator.ts';
// expander/*: BestOptions filters and the chain
export {
  buildExpander,
  leastWasteBestOptions,
  mostPodsBestOptions,
  leastNodesBestOptions,
  randomBestOptions,
  priceBestOptions,
  priorityBestOptions,
  parsePrioritiesYAMLString,
  simplePricingModel,
  AVAILABLE_EXPANDERS,
  type Expander,
  type PricingModel,
} from './expander/index.ts';
// processors/nodegroupset
export { balanceScaleUpBetweenGroups, findSimilarNodeGroups, type ScaleUpInfo } from './nodegroupset/balancing.ts';
export { isCloudProviderNodeInfoSimilar, createGenericNodeInfoComparator, newDefaultNodeGroupDifferenceRatios } from './nodegroupset/similarity.ts';
// utils/backoff
export { ExponentialBackoff, type BackoffStatus } from './backoff/exponential-backoff.ts';
// simulator/utilization, drain, drainability rules; core/scaledown/eligibility
export { calculateUtilization, type UtilizationInfo } from './simulator/utilization.ts';
export { getPodsToMove, type PodsToMove } from './simulator/drain.ts';
export { defaultRules, drainableBy } from './simulator/drainability/rules/index.ts';
export { newBasicRemainingPdbTracker, type RemainingPdbTracker, type PdbWithDisruptions } from './simulator/drainability/pdb-tracker.ts';
export { filterOutUnremovable, type ScaleDownCandidate, type EligibilityResult } from './scaledown/eligibility.ts';
export { UnremovableReason, BlockingPodReason } from './simulator/reasons.ts';
// the loop
export { scaleUp, reasonsMessage, type ScaleUpStatus } from './scaleup/orchestrator.ts';
export { ClusterSnapshot } from './simulator/cluster-snapshot.ts';
export { StaticAutoscaler, type LoopRecord } from './static-autoscaler.ts';
export * as arbitraries from './arbitraries.ts';
