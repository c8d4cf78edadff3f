/**
 * Normalization of the metrics' proposal: the legacy path (no `behavior`: downscale
 * stabilization + max(2×current, 4) cap) and the behavior path (stabilization windows in both
 * directions, Pods/Percent policies over scale-event history), plus the v2 behavior defaults.
 * mirrors pkg/controller/podautoscaler/horizontal.go and pkg/apis/autoscaling/v2/defaults.go
 * All functions are pure: they return new arrays instead of mutating their inputs.
 */
import type { HPAScalingPolicy, HPAScalingRules, HorizontalPodAutoscaler } from '../model/types.ts';
import type { TimestampedRecommendation, TimestampedScaleEvent } from './types.ts';

/** Scaling rules with every field set (after API defaulting and the controller's window fill-in). */
export interface ResolvedScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: HPAScalingPolicy[];
  tolerance?: string | number;
}

/** Rules as the API server defaults them; scaleDown's window may still be unset. */
export interface DefaultedScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: HPAScalingPolicy[];
  tolerance?: string | number;
}

/** v2 default scale-up rules: no window, max(100%, 4 pods) per 15 s. mirrors autoscaling/v2/defaults.go defaultHPAScaleUpRules */
export function defaultScaleUpRules(): DefaultedScalingRules {
  return {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ],
  };
}

/** v2 default scale-down rules: window left to the controller flag, 100% per 15 s. mirrors defaults.go defaultHPAScaleDownRules */
export function defaultScaleDownRules(): DefaultedScalingRules {
  return { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };
}

function copyScalingRules(from: HPAScalingRules | undefined, to: DefaultedScalingRules): DefaultedScalingRules {
  if (!from) return to;
  const out = { ...to };
  if (from.selectPolicy !== undefined) out.selectPolicy = from.selectPolicy;
  if (from.stabilizationWindowSeconds !== undefined) out.stabilizationWindowSeconds = from.stabilizationWindowSeconds;
  if (from.policies !== undefined) out.policies = from.policies.map((p) => ({ ...p }));
  if (from.tolerance !== undefined) out.tolerance = from.tolerance;
  return out;
}

/** Fills unset scale-up fields with the defaults. mirrors defaults.go GenerateHPAScaleUpRules */
export function generateHPAScaleUpRules(rules: HPAScalingRules | undefined): DefaultedScalingRules {
  return copyScalingRules(rules, defaultScaleUpRules());
}

/** Fills unset scale-down fields with the defaults. mirrors defaults.go GenerateHPAScaleDownRules */
export function generateHPAScaleDownRules(rules: HPAScalingRules | undefined): DefaultedScalingRules {
  return copyScalingRules(rules, defaultScaleDownRules());
}

/**
 * API defaulting of an autoscaling/v2 HPA: behavior filled field by field when present (nil
 * stays nil), metrics default to cpu Utilization 80 %. Returns a copy.
 * mirrors autoscaling/v2/defaults.go SetDefaults_HorizontalPodAutoscaler(+Behavior)
 */
export function setDefaultsHPA(hpa: HorizontalPodAutoscaler): HorizontalPodAutoscaler {
  return { ...hpa, spec: setDefaultsHPASpec(hpa.spec) };
}

/** The spec part of {@link setDefaultsHPA} (a copy). */
export function setDefaultsHPASpec(hpaSpec: HorizontalPodAutoscaler['spec']): HorizontalPodAutoscaler['spec'] {
  const spec = { ...hpaSpec };
  if (spec.minReplicas === undefined) spec.minReplicas = 1;
  if (!spec.metrics || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  if (spec.behavior) {
    spec.behavior = {
      scaleUp: generateHPAScaleUpRules(spec.behavior.scaleUp),
      scaleDown: generateHPAScaleDownRules(spec.behavior.scaleDown),
    };
  }
  return spec;
}

/** Resolves defaulted rules, filling scaleDown's window from the flag. mirrors horizontal.go maybeInitScaleDownStabilizationWindow */
export function resolveRules(rules: DefaultedScalingRules, downscaleStabilizationWindowSeconds: number): ResolvedScalingRules {
  return { ...rules, stabilizationWindowSeconds: rules.stabilizationWindowSeconds ?? downscaleStabilizationWindowSeconds };
}

/** A normalization outcome: replicas plus the condition reason and message upstream sets. */
export interface LimitResult {
  replicas: number;
  reason: string;
  message: string;
}

/**
 * Legacy stabilization: the max of the proposal and every recommendation not older than the
 * window (inclusive), then record the proposal (overwrite the last stale entry, else append).
 * mirrors horizontal.go stabilizeRecommendation
 */
export function stabilizeRecommendation(
  recommendations: readonly TimestampedRecommendation[],
  prenormalizedDesiredReplicas: number,
  now: number,
  downscaleStabilizationWindowSeconds: number,
): { replicas: number; recommendations: TimestampedRecommendation[] } {
  let maxRecommendation = prenormalizedDesiredReplicas;
  let oldSampleIndex = -1;
  const cutoff = now - downscaleStabilizationWindowSeconds;
  for (let i = 0; i < recommendations.length; i++) {
    const rec = recommendations[i];
    if (rec.timestamp < cutoff) oldSampleIndex = i;
    else if (rec.recommendation > maxRecommendation) maxRecommendation = rec.recommendation;
  }
  // entries are never written to, only replaced: a new list of the same entries
  const next = recommendations.slice();
  const entry = { recommendation: prenormalizedDesiredReplicas, timestamp: now };
  if (oldSampleIndex >= 0) next[oldSampleIndex] = entry;
  else next.push(entry);
  return { replicas: maxRecommendation, recommendations: next };
}

/** Legacy per-sync cap: trunc(max(factor × current, minimum)). mirrors horizontal.go calculateScaleUpLimit */
export function calculateScaleUpLimit(currentReplicas: number, scaleUpLimitFactor = 2, scaleUpLimitMinimum = 4): number {
  return Math.trunc(Math.max(scaleUpLimitFactor * currentReplicas, scaleUpLimitMinimum));
}

/**
 * Legacy clamp to [min, min(max, scale-up cap)].
 * mirrors horizontal.go convertDesiredReplicasWithRules
 */
export function convertDesiredReplicasWithRules(
  currentReplicas: number,
  desiredReplicas: number,
  hpaMinReplicas: number,
  hpaMaxReplicas: number,
  scaleUpLimitFactor = 2,
  scaleUpLimitMinimum = 4,
): LimitResult {
  const scaleUpLimit = calculateScaleUpLimit(currentReplicas, scaleUpLimitFactor, scaleUpLimitMinimum);
  let maximumAllowedReplicas: number;
  let reason: string;
  let message: string;
  if (hpaMaxReplicas > scaleUpLimit) {
    maximumAllowedReplicas = scaleUpLimit;
    reason = 'ScaleUpLimit';
    message = 'the desired replica count is increasing faster than the maximum scale rate';
  } else {
    maximumAllowedReplicas = hpaMaxReplicas;
    reason = 'TooManyReplicas';
    message = 'the desired replica count is more than the maximum replica count';
  }
  if (desiredReplicas < hpaMinReplicas) {
    return { replicas: hpaMinReplicas, reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' };
  }
  if (desiredReplicas > maximumAllowedReplicas) return { replicas: maximumAllowedReplicas, reason, message };
  return { replicas: desiredReplicas, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}

/** What the behavior path works on (upstream NormalizationArg). */
export interface NormalizationArg {
  scaleUpBehavior: ResolvedScalingRules;
  scaleDownBehavior: ResolvedScalingRules;
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
}

/**
 * Behavior stabilization: clamp current into [min of recommendations in the up window,
 * max of those in the down window] (both including the proposal; windows strict), then record
 * the proposal (overwrite the last entry stale for both windows, else append).
 * mirrors horizontal.go stabilizeRecommendationWithBehaviors
 */
export function stabilizeRecommendationWithBehaviors(
  args: Pick<NormalizationArg, 'currentReplicas' | 'desiredReplicas'> & {
    scaleUpBehavior: Pick<ResolvedScalingRules, 'stabilizationWindowSeconds'>;
    scaleDownBehavior: Pick<ResolvedScalingRules, 'stabilizationWindowSeconds'>;
  },
  recommendations: readonly TimestampedRecommendation[],
  now: number,
): LimitResult & { recommendations: TimestampedRecommendation[] } {
  let upRecommendation = args.desiredReplicas;
  const upCutoff = now - args.scaleUpBehavior.stabilizationWindowSeconds;
  let downRecommendation = args.desiredReplicas;
  const downCutoff = now - args.scaleDownBehavior.stabilizationWindowSeconds;
  let oldSampleIndex = -1;
  for (let i = 0; i < recommendations.length; i++) {
    const rec = recommendations[i];
    if (rec.timestamp > upCutoff) upRecommendation = Math.min(rec.recommendation, upRecommendation);
    if (rec.timestamp > downCutoff) downRecommendation = Math.max(rec.recommendation, downRecommendation);
    if (rec.timestamp < upCutoff && rec.timestamp < downCutoff) oldSampleIndex = i;
  }
  let recommendation = args.currentReplicas;
  if (recommendation < upRecommendation) recommendation = upRecommendation;
  if (recommendation > downRecommendation) recommendation = downRecommendation;

  const next = recommendations.slice();
  const entry = { recommendation: args.desiredReplicas, timestamp: now };
  if (oldSampleIndex >= 0) next[oldSampleIndex] = entry;
  else next.push(entry);

  const up = args.desiredReplicas >= args.currentReplicas;
  return {
    replicas: recommendation,
    reason: up ? 'ScaleUpStabilized' : 'ScaleDownStabilized',
    message: up
      ? 'recent recommendations were lower than current one, applying the lowest recent recommendation'
      : 'recent recommendations were higher than current one, applying the highest recent recommendation',
    recommendations: next,
  };
}

/** Sum of replicaChange of events strictly after now − period. mirrors horizontal.go getReplicasChangePerPeriod */
export function getReplicasChangePerPeriod(periodSeconds: number, scaleEvents: readonly TimestampedScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds;
  let replicas = 0;
  for (const e of scaleEvents) if (e.timestamp > cutoff) replicas += e.replicaChange;
  return replicas;
}

/**
 * Highest count the scale-up rules allow now (Disabled → current).
 * Percent: ceil(periodStart × (1 + value/100)) in float64.
 * mirrors horizontal.go calculateScaleUpLimitWithScalingRules
 */
export function calculateScaleUpLimitWithScalingRules(
  currentReplicas: number,
  scaleUpEvents: readonly TimestampedScaleEvent[],
  scaleDownEvents: readonly TimestampedScaleEvent[],
  rules: Pick<ResolvedScalingRules, 'selectPolicy' | 'policies'>,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return currentReplicas;
  const useMin = rules.selectPolicy === 'Min';
  let result = useMin ? 2147483647 : -2147483648;
  for (const policy of rules.policies) {
    const added = getReplicasChangePerPeriod(policy.periodSeconds, scaleUpEvents, now);
    const deleted = getReplicasChangePerPeriod(policy.periodSeconds, scaleDownEvents, now);
    const periodStartReplicas = currentReplicas - added + deleted;
    let proposed = 0;
    if (policy.type === 'Pods') proposed = periodStartReplicas + policy.value;
    else if (policy.type === 'Percent') proposed = Math.ceil(periodStartReplicas * (1 + policy.value / 100));
    result = useMin ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/**
 * Lowest count the scale-down rules allow now (Disabled → current; Max = most change = smallest).
 * Percent: trunc(periodStart × (1 − value/100)) in float64.
 * mirrors horizontal.go calculateScaleDownLimitWithBehaviors
 */
export function calculateScaleDownLimitWithBehaviors(
  currentReplicas: number,
  scaleUpEvents: readonly TimestampedScaleEvent[],
  scaleDownEvents: readonly TimestampedScaleEvent[],
  rules: Pick<ResolvedScalingRules, 'selectPolicy' | 'policies'>,
  now: number,
): number {
  if (rules.selectPolicy === 'Disabled') return currentReplicas;
  const useMax = rules.selectPolicy === 'Min';
  let result = useMax ? -2147483648 : 2147483647;
  for (const policy of rules.policies) {
    const added = getReplicasChangePerPeriod(policy.periodSeconds, scaleUpEvents, now);
    const deleted = getReplicasChangePerPeriod(policy.periodSeconds, scaleDownEvents, now);
    const periodStartReplicas = currentReplicas - added + deleted;
    let proposed = 0;
    if (policy.type === 'Pods') proposed = periodStartReplicas - policy.value;
    else if (policy.type === 'Percent') proposed = Math.trunc(periodStartReplicas * (1 - policy.value / 100));
    result = useMax ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/**
 * Applies the rate limits of the direction of the move and clamps to [min, max].
 * mirrors horizontal.go convertDesiredReplicasWithBehaviorRate
 */
export function convertDesiredReplicasWithBehaviorRate(
  args: NormalizationArg,
  scaleUpEvents: readonly TimestampedScaleEvent[],
  scaleDownEvents: readonly TimestampedScaleEvent[],
  now: number,
): LimitResult {
  if (args.desiredReplicas > args.currentReplicas) {
    let scaleUpLimit = calculateScaleUpLimitWithScalingRules(args.currentReplicas, scaleUpEvents, scaleDownEvents, args.scaleUpBehavior, now);
    // no further scale-up until the recent scale-up events age out
    if (scaleUpLimit < args.currentReplicas) scaleUpLimit = args.currentReplicas;
    let maximumAllowedReplicas = args.maxReplicas;
    let reason: string;
    let message: string;
    if (maximumAllowedReplicas > scaleUpLimit) {
      maximumAllowedReplicas = scaleUpLimit;
      reason = 'ScaleUpLimit';
      message = 'the desired replica count is increasing faster than the maximum scale rate';
    } else {
      reason = 'TooManyReplicas';
      message = 'the desired replica count is more than the maximum replica count';
    }
    if (args.desiredReplicas > maximumAllowedReplicas) return { replicas: maximumAllowedReplicas, reason, message };
  } else if (args.desiredReplicas < args.currentReplicas) {
    let scaleDownLimit = calculateScaleDownLimitWithBehaviors(args.currentReplicas, scaleUpEvents, scaleDownEvents, args.scaleDownBehavior, now);
    // no further scale-down until the recent scale-down events age out
    if (scaleDownLimit > args.currentReplicas) scaleDownLimit = args.currentReplicas;
    let minimumAllowedReplicas = args.minReplicas;
    let reason: string;
    let message: string;
    if (minimumAllowedReplicas < scaleDownLimit) {
      minimumAllowedReplicas = scaleDownLimit;
      reason = 'ScaleDownLimit';
      message = 'the desired replica count is decreasing faster than the maximum scale rate';
    } else {
      reason = 'TooFewReplicas';
      message = 'the desired replica count is less than the minimum replica count';
    }
    if (args.desiredReplicas < minimumAllowedReplicas) return { replicas: minimumAllowedReplicas, reason, message };
  }
  return { replicas: args.desiredReplicas, reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' };
}

/** Longest policy period of a direction. mirrors horizontal.go getLongestPolicyPeriod */
export function getLongestPolicyPeriod(rules: Pick<ResolvedScalingRules, 'policies'>): number {
  let longest = 0;
  for (const p of rules.policies) if (p.periodSeconds > longest) longest = p.periodSeconds;
  return longest;
}

/** Marks events older than the longest period as outdated (the flag sticks). mirrors horizontal.go markScaleEventsOutdated */
export function markScaleEventsOutdated(events: readonly TimestampedScaleEvent[], longestPolicyPeriod: number, now: number): TimestampedScaleEvent[] {
  const cutoff = now - longestPolicyPeriod;
  return events.map((e) => (e.timestamp < cutoff ? { ...e, outdated: true } : { ...e }));
}

/**
 * Records a scale event after a rescale when `behavior` is set: overwrite the last outdated
 * event of that direction, else append. Without behavior nothing is stored.
 * mirrors horizontal.go storeScaleEvent
 */
export function storeScaleEvent(
  behavior: { scaleUp?: Pick<ResolvedScalingRules, 'policies'>; scaleDown?: Pick<ResolvedScalingRules, 'policies'> } | undefined,
  scaleUpEvents: readonly TimestampedScaleEvent[],
  scaleDownEvents: readonly TimestampedScaleEvent[],
  prevReplicas: number,
  newReplicas: number,
  now: number,
): { scaleUpEvents: TimestampedScaleEvent[]; scaleDownEvents: TimestampedScaleEvent[] } {
  if (!behavior) return { scaleUpEvents: scaleUpEvents.map((e) => ({ ...e })), scaleDownEvents: scaleDownEvents.map((e) => ({ ...e })) };
  const up = newReplicas > prevReplicas;
  const rules = up ? behavior.scaleUp : behavior.scaleDown;
  const longest = getLongestPolicyPeriod(rules ?? { policies: [] });
  const list = markScaleEventsOutdated(up ? scaleUpEvents : scaleDownEvents, longest, now);
  let oldSampleIndex = -1;
  list.forEach((e, i) => {
    if (e.outdated) oldSampleIndex = i;
  });
  const newEvent: TimestampedScaleEvent = { replicaChange: up ? newReplicas - prevReplicas : prevReplicas - newReplicas, timestamp: now, outdated: false };
  if (oldSampleIndex >= 0) list[oldSampleIndex] = newEvent;
  else list.push(newEvent);
  return up
    ? { scaleUpEvents: list, scaleDownEvents: scaleDownEvents.map((e) => ({ ...e })) }
    : { scaleUpEvents: scaleUpEvents.map((e) => ({ ...e })), scaleDownEvents: list };
}
