/**
 * DefaultPreemption (PostFilter): when no node fits, find nodes where evicting lower-priority
 * pods makes the preemptor fit, choose the victims with the fewest PDB violations, and pick one
 * node by upstream's ordering rules.
 * mirrors pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go and
 * pkg/scheduler/framework/preemption/preemption.go
 */
import type { ClusterState } from '../../model/cluster.ts';
import { compileSelector } from '../../model/labels.ts';
import type { NodeInfo } from '../../model/node-info.ts';
import { disruptionsAllowed, pdbPods } from '../../model/pdb.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import type { PodDisruptionBudget } from '../../model/types.ts';
import { fitErrorMessage, type Framework, type Rng, type ScheduleOptions, type ScheduleResult } from '../framework/framework.ts';
import type { PostFilterPlugin } from '../framework/profile.ts';
import type { CycleState, FrameworkHandle, PluginFactory, SchedulerPlugin, Status } from '../framework/types.ts';

/** Plugin name. */
export const NAME = 'DefaultPreemption';

/** DefaultPreemptionArgs (kubescheduler.config.k8s.io/v1). */
export interface DefaultPreemptionArgs {
  minCandidateNodesPercentage: number;
  minCandidateNodesAbsolute: number;
}

/** The plugin instance: carries its args; the scheduler calls {@link preempt} with it. */
export interface DefaultPreemptionPlugin extends PostFilterPlugin {
  readonly args: DefaultPreemptionArgs;
}

/** Builds DefaultPreemption from its args (defaults 10% / 100). */
export const newDefaultPreemption: PluginFactory = (args) => {
  const a: DefaultPreemptionArgs = {
    minCandidateNodesPercentage: num(args?.minCandidateNodesPercentage, 10),
    minCandidateNodesAbsolute: num(args?.minCandidateNodesAbsolute, 100),
  };
  if (a.minCandidateNodesPercentage < 0 || a.minCandidateNodesPercentage > 100) throw new Error('minCandidateNodesPercentage must be in [0, 100]');
  if (a.minCandidateNodesAbsolute < 0) throw new Error('minCandidateNodesAbsolute must be ≥ 0');
  if (a.minCandidateNodesPercentage === 0 && a.minCandidateNodesAbsolute === 0) throw new Error('minCandidateNodesPercentage and minCandidateNodesAbsolute cannot both be zero');
  const plugin: DefaultPreemptionPlugin = { name: NAME, postFilterKind: 'preemption', args: a };
  return plugin as SchedulerPlugin;
};

function num(v: unknown, d: number): number {
  if (v === undefined || v === null) return d;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`expected an integer, got ${JSON.stringify(v)}`);
  return v;
}

/** The outcome of a successful preemption. */
export interface PreemptionResult {
  nominatedNode: string;
  victims: PodInfo[];
  numPDBViolations: number;
}

/** How many candidates to look for. mirrors default_preemption.go calculateNumCandidates */
export function calculateNumCandidates(args: DefaultPreemptionArgs, numNodes: number): number {
  let n = Math.trunc((numNodes * args.minCandidateNodesPercentage) / 100);
  if (n < args.minCandidateNodesAbsolute) n = args.minCandidateNodesAbsolute;
  if (n > numNodes) n = numNodes;
  return n;
}

/** Priority, then earlier start: true when `a` is more important. mirrors pkg/scheduler/util MoreImportantPod */
export function moreImportantPod(a: PodInfo, b: PodInfo): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  return startTime(a) < startTime(b);
}

/**
 * status.startTime in ms; a pod without one counts as starting now, i.e. after every recorded
 * start. mirrors pkg/scheduler/util GetPodStartTime
 */
function startTime(p: PodInfo): number {
  const s = p.pod.status?.startTime;
  const t = s ? Date.parse(s) : NaN;
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

/** Whether a pod counts as healthy for PDB arithmetic: bound and not terminating. */
export type HealthyFn = (p: PodInfo) => boolean;

const defaultHealthy: HealthyFn = (p) => p.nodeName !== '' && !p.pod.metadata.deletionTimestamp;

/** A node where preemption would let the pod fit, with the victims. */
export interface Candidate {
  node: NodeInfo;
  victims: PodInfo[];
  numPDBViolations: number;
}

/**
 * Splits pods into those whose eviction would violate a PDB and those that would not, consuming
 * each budget as pods are assigned. mirrors preemption.go filterPodsWithPDBViolation
 */
export function filterPodsWithPDBViolation(pods: readonly PodInfo[], cluster: ClusterState, healthy: HealthyFn): { violating: PodInfo[]; nonViolating: PodInfo[] } {
  // a nil or empty selector matches nothing here (selector.Empty() is skipped upstream)
  const budgets = [...cluster.pdbs.values()].filter((pdb) => !selectorEmpty(pdb.spec.selector)).map((pdb) => ({
    pdb,
    ns: pdb.metadata.namespace ?? 'default',
    sel: compileSelector(pdb.spec.selector),
    allowed: pdb.status?.disruptionsAllowed ?? disruptionsAllowed(pdb, pdbPods(pdb, cluster), healthy),
    disrupted: new Set(Object.keys(pdb.status?.disruptedPods ?? {})),
  }));
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const p of pods) {
    let violates = false;
    if (p.labels && Object.keys(p.labels).length > 0) {
      for (const b of budgets) {
        if (b.ns !== p.namespace || !b.sel(p.labels)) continue;
        if (b.disrupted.has(p.name)) continue; // already being disrupted: does not count again
        b.allowed--;
        if (b.allowed < 0) violates = true;
      }
    }
    (violates ? violating : nonViolating).push(p);
  }
  return { violating, nonViolating };
}

function selectorEmpty(sel: PodDisruptionBudget['spec']['selector']): boolean {
  return !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0);
}

/** SelectVictimsOnNode's status when the node has no lower-priority pod. mirrors default_preemption.go SelectVictimsOnNode */
export const NO_VICTIMS_MSG = 'No preemption victims found for incoming pod';
/** Status of nodes where preemption cannot help. mirrors preemption.go nodesWherePreemptionMightHelp */
export const NOT_HELPFUL_MSG = 'Preemption is not helpful for scheduling';
const NO_VICTIMS: Status = { code: 'UnschedulableAndUnresolvable', reasons: [NO_VICTIMS_MSG] };
const NOT_HELPFUL: Status = { code: 'UnschedulableAndUnresolvable', reasons: [NOT_HELPFUL_MSG] };

/**
 * Simulates removing lower-priority pods from `node` and adding back as many as possible
 * (PDB-violating ones first). Restores the node before returning. Returns null when the node is
 * not a candidate; {@link selectVictimsOnNodeStatus} also says why.
 * mirrors default_preemption.go SelectVictimsOnNode
 */
export function selectVictimsOnNode(
  fw: Framework,
  state: CycleState,
  pod: PodInfo,
  node: NodeInfo,
  opts: ScheduleOptions,
  healthy: HealthyFn,
): Candidate | null {
  const r = selectVictimsOnNodeStatus(fw, state, pod, node, opts, healthy);
  return 'victims' in r ? r : null;
}

/**
 * {@link selectVictimsOnNode} with upstream's status when the node is not a candidate:
 * "No preemption victims found for incoming pod" without lower-priority pods, the filters' status
 * when the pod does not fit even with all of them removed, and an Error (as DryRunPreemption
 * reports it) when it fits without removing any.
 * mirrors default_preemption.go SelectVictimsOnNode and preemption.go DryRunPreemption
 */
export function selectVictimsOnNodeStatus(
  fw: Framework,
  state: CycleState,
  pod: PodInfo,
  node: NodeInfo,
  opts: ScheduleOptions,
  healthy: HealthyFn,
): Candidate | Status {
  const potential = node.pods.filter((p) => p.priority < pod.priority);
  if (potential.length === 0) return NO_VICTIMS;
  const st = state.clone();
  const removePod = (v: PodInfo): void => {
    node.removePod(v);
    for (const pl of fw.profile.preFilter) pl.removePod?.(st, pod, v, node);
  };
  const addPod = (v: PodInfo): void => {
    node.addPod(v);
    for (const pl of fw.profile.preFilter) pl.addPod?.(st, pod, v, node);
  };
  const removed: PodInfo[] = [];
  try {
    for (const v of potential) {
      removePod(v);
      removed.push(v);
    }
    const fits = fw.runFiltersWithNominatedPods(st, pod, node, opts.nominatedPods);
    if (fits !== null) return fits;
    const sorted = [...potential].sort((a, b) => (moreImportantPod(a, b) ? -1 : moreImportantPod(b, a) ? 1 : 0));
    const { violating, nonViolating } = filterPodsWithPDBViolation(sorted, fw.cluster, healthy);
    const victims: PodInfo[] = [];
    let numPDBViolations = 0;
    const reprieve = (p: PodInfo): boolean => {
      addPod(p);
      removed.splice(removed.indexOf(p), 1);
      if (fw.runFiltersWithNominatedPods(st, pod, node, opts.nominatedPods) !== null) {
        removePod(p);
        removed.push(p);
        victims.push(p);
        return false;
      }
      return true;
    };
    for (const p of violating) if (!reprieve(p)) numPDBViolations++;
    for (const p of nonViolating) reprieve(p);
    if (victims.length === 0) return { code: 'Error', reasons: [`expected at least one victim pod on node "${node.name}"`] };
    // victims are reported most important first, as upstream sorts them
    victims.sort((a, b) => (moreImportantPod(a, b) ? -1 : moreImportantPod(b, a) ? 1 : 0));
    return { node, victims, numPDBViolations };
  } finally {
    for (const v of removed) node.addPod(v);
  }
}

/**
 * Picks one candidate: fewest PDB violations, lowest highest-victim priority, lowest priority sum,
 * fewest victims, latest earliest-start among highest-priority victims, then the first.
 * mirrors preemption.go pickOneNodeForPreemption
 */
export function pickOneNodeForPreemption(candidates: readonly Candidate[]): Candidate | undefined {
  if (candidates.length === 0) return undefined;
  let list = [...candidates];
  const keep = (score: (c: Candidate) => number): void => {
    let best = -Infinity;
    for (const c of list) best = Math.max(best, score(c));
    list = list.filter((c) => score(c) === best);
  };
  keep((c) => -c.numPDBViolations);
  keep((c) => -c.victims[0].priority);
  // Sum of priorities shifted by 2^31 so negative priorities order correctly.
  keep((c) => -c.victims.reduce((s, v) => s + v.priority + 2 ** 31, 0));
  keep((c) => -c.victims.length);
  keep((c) => {
    const top = c.victims[0].priority;
    let earliest = Infinity;
    for (const v of c.victims) if (v.priority === top) earliest = Math.min(earliest, startTime(v));
    return earliest;
  });
  return list[0];
}

/** True for a pod being deleted because the scheduler preempted it. mirrors default_preemption.go podTerminatingByPreemption */
export function podTerminatingByPreemption(p: PodInfo): boolean {
  if (!p.pod.metadata.deletionTimestamp) return false;
  const c = (p.pod.status?.conditions ?? []).find((x) => x.type === 'DisruptionTarget');
  return c !== undefined && c.status === 'True' && c.reason === 'PreemptionByScheduler';
}

/**
 * Whether `pod` may preempt now: not with preemptionPolicy Never, and not while a lower-priority
 * pod it preempted is still terminating on its nominated node (unless that node now fails with
 * UnschedulableAndUnresolvable). Returns the reason when it may not.
 * mirrors default_preemption.go PodEligibleToPreemptOthers
 */
export function podEligibleToPreemptOthers(fw: Framework, pod: PodInfo, failed: ScheduleResult): { eligible: boolean; reason?: string } {
  if (pod.pod.spec.preemptionPolicy === 'Never') return { eligible: false, reason: 'not eligible due to preemptionPolicy=Never.' };
  const nominated = pod.pod.status?.nominatedNodeName;
  if (nominated) {
    if (failed.nodeStatuses.get(nominated)?.code === 'UnschedulableAndUnresolvable') return { eligible: true };
    const ni = fw.cluster.nodes.get(nominated);
    if (ni && ni.pods.some((p) => p.priority < pod.priority && podTerminatingByPreemption(p))) {
      return { eligible: false, reason: 'not eligible due to a terminating pod on the nominated node.' };
    }
  }
  return { eligible: true };
}

/**
 * Finds candidates among `potential` nodes, starting at `offset` and going round: stops once a
 * non-violating candidate exists and there are at least `numCandidates`; each of the two lists
 * (PDB-non-violating, violating) keeps at most `numCandidates` entries. Nodes that are not
 * candidates get their status in `statuses` when given.
 * mirrors preemption.go Evaluator.DryRunPreemption (with parallelism 1) and candidateList
 */
export function dryRunPreemption(
  fw: Framework,
  state: CycleState,
  pod: PodInfo,
  potential: readonly NodeInfo[],
  offset: number,
  numCandidates: number,
  opts: ScheduleOptions = {},
  healthy: HealthyFn = defaultHealthy,
  statuses?: Map<string, Status>,
): Candidate[] {
  const violating: Candidate[] = [];
  const nonViolating: Candidate[] = [];
  for (let i = 0; i < potential.length; i++) {
    const node = potential[(offset + i) % potential.length];
    const c = selectVictimsOnNodeStatus(fw, state, pod, node, opts, healthy);
    if (!('victims' in c)) {
      statuses?.set(node.name, c);
      continue;
    }
    const list = c.numPDBViolations === 0 ? nonViolating : violating;
    if (list.length < numCandidates) list.push(c);
    if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
  }
  return [...nonViolating, ...violating];
}

/** What DefaultPreemption's PostFilter returns: the preemption, if any, and its status message. */
export interface PostFilterOutcome {
  /** The nominated node and victims, or null when no preemption happens. */
  result: PreemptionResult | null;
  /**
   * `preemption: ...` when preemption failed or was not attempted (kube-scheduler appends it to
   * the FitError text); '' after a successful preemption.
   */
  message: string;
}

/**
 * Runs preemption for a pod that failed its cycle. Returns the nominated node and the victims,
 * or null when preemption cannot help (or the pod may not preempt). Does not delete anything.
 * mirrors preemption.go Evaluator.Preempt (findCandidates, dryRunPreemption, SelectCandidate)
 */
export function preempt(
  plugin: DefaultPreemptionPlugin,
  fw: Framework,
  pod: PodInfo,
  failed: ScheduleResult,
  rng: Rng,
  opts: ScheduleOptions = {},
  healthy: HealthyFn = defaultHealthy,
): PreemptionResult | null {
  return evaluatePreemption(plugin, fw, pod, failed, rng, opts, healthy).result;
}

/**
 * DefaultPreemption's PostFilter: {@link preempt}, with the failure message prefixed by
 * `preemption: ` as upstream does, e.g. `preemption: 0/3 nodes are available: 1 No preemption
 * victims found for incoming pod, 2 Preemption is not helpful for scheduling.`
 * mirrors default_preemption.go DefaultPreemption.PostFilter
 */
export function preemptionPostFilter(
  plugin: DefaultPreemptionPlugin,
  fw: Framework,
  pod: PodInfo,
  failed: ScheduleResult,
  rng: Rng,
  opts: ScheduleOptions = {},
  healthy: HealthyFn = defaultHealthy,
): PostFilterOutcome {
  const { result, message } = evaluatePreemption(plugin, fw, pod, failed, rng, opts, healthy);
  return { result, message: message ? `preemption: ${message}` : '' };
}

// mirrors preemption.go Evaluator.Preempt: the result and Preempt's own status message.
function evaluatePreemption(
  plugin: DefaultPreemptionPlugin,
  fw: Framework,
  pod: PodInfo,
  failed: ScheduleResult,
  rng: Rng,
  opts: ScheduleOptions,
  healthy: HealthyFn,
): PostFilterOutcome {
  const eligible = podEligibleToPreemptOthers(fw, pod, failed);
  if (!eligible.eligible) return { result: null, message: eligible.reason ?? '' };
  const allNodes = fw.cluster.nodeList();
  // nodesWherePreemptionMightHelp: only nodes that failed with Unschedulable (absent = unresolvable)
  const statuses = new Map<string, Status>();
  const potential: NodeInfo[] = [];
  for (const n of allNodes) {
    if (failed.nodeStatuses.get(n.name)?.code === 'Unschedulable') potential.push(n);
    else statuses.set(n.name, NOT_HELPFUL);
  }
  let candidates: Candidate[] = [];
  if (potential.length > 0) {
    const numCandidates = calculateNumCandidates(plugin.args, potential.length);
    const offset = Math.floor(rng() * potential.length);
    candidates = dryRunPreemption(fw, failed.state, pod, potential, offset, numCandidates, opts, healthy, statuses);
  }
  const best = pickOneNodeForPreemption(candidates);
  if (best) return { result: { nominatedNode: best.node.name, victims: best.victims, numPDBViolations: best.numPDBViolations }, message: '' };
  // DryRunPreemption's errors win over the FitError (utilerrors.NewAggregate)
  const errs = [...new Set([...statuses.values()].filter((st) => st.code === 'Error').map((st) => st.reasons.join(', ')))];
  if (errs.length > 0) return { result: null, message: errs.length === 1 ? errs[0] : `[${errs.join(', ')}]` };
  // nodes not dry-run count as "not helpful" (SetAbsentNodesStatus)
  for (const n of allNodes) if (!statuses.has(n.name)) statuses.set(n.name, NOT_HELPFUL);
  return { result: null, message: fitErrorMessage(allNodes.length, statuses) };
}
