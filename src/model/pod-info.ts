/**
 * PodInfo: a pod plus everything the scheduler derives from it once
 * (pkg/scheduler/framework/types.go PodInfo): request vectors, host ports,
 * compiled affinity terms. Built once per pod; the hot path reads only these fields.
 */
import { compileSelector, MATCH_EVERYTHING, type LabelMatcher, type Labels } from './labels.ts';
import { podGpuOf, type PodGpu } from './gpu.ts';
import { podRequests, type Resource } from './resources.ts';
import type { LabelSelector, Pod, PodAffinityTerm, PodSpec } from './types.ts';

/** A compiled pod (anti-)affinity term (framework.AffinityTerm). */
export interface AffinityTerm {
  /** Namespaces named by the term; the owning pod's namespace when neither list nor selector is set. */
  namespaces: ReadonlySet<string>;
  /** Compiled namespaceSelector, or null when the term has none. */
  namespaceSelector: LabelMatcher | null;
  selector: LabelMatcher;
  topologyKey: string;
}

/** A compiled preferred term (framework.WeightedAffinityTerm). */
export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

/** A host port a container asks for (framework.HostPortInfo entry). */
export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** The scheduler's view of one pod. */
export interface PodInfo {
  readonly pod: Pod;
  /** `namespace/name`. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly priority: number;
  /** Requests without non-zero defaults (fit, BalancedAllocation, NodeInfo.requested). */
  readonly requests: Resource;
  /** CPU (millicores) and memory (bytes) with the scheduler's non-zero defaults (scoring). */
  readonly nonZeroMilliCPU: number;
  readonly nonZeroMemory: number;
  readonly hostPorts: readonly HostPort[];
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  /** Node the pod is bound (or assumed) to; '' while pending. */
  nodeName: string;
  /** Monotonic arrival number, used for queue order ties. */
  seq: number;
  /** GPU request from the alibabacloud.com/gpu-* annotations (gpu.ts); null/absent = no GPU. */
  readonly gpu?: PodGpu | null;
  /**
   * GPU devices of its node the pod holds (or will hold: set by a Reserve plugin before binding);
   * indexes may repeat for a multi-GPU pod packed on one device. null = not assigned.
   */
  gpuIndex?: number[] | null;
  /**
   * The record of the scheduling queue holding the pod (scheduler/queue.ts), kept on the pod so
   * that a queue of a million pods needs no map from pod to record; null when no queue holds it.
   * Written by the queue only.
   */
  queued?: QueueSlot | null;
}

/** What a scheduling queue keeps on a pod it holds: its record, naming the pod and the queue. */
export interface QueueSlot {
  readonly pod: PodInfo;
  /** The queue the record belongs to (a pod may be known to several queues, e.g. in tests). */
  readonly owner: object;
}

/** Namespace labels lookup used when a term has a namespaceSelector. */
export type NamespaceLabels = (namespace: string) => Labels;

/** True when `term` (owned by some pod) selects `target` (framework.AffinityTerm.Matches). */
export function affinityTermMatches(term: AffinityTerm, target: PodInfo, nsLabels: NamespaceLabels): boolean {
  if (!term.namespaces.has(target.namespace)) {
    if (term.namespaceSelector === null || !term.namespaceSelector(nsLabels(target.namespace))) return false;
  }
  return term.selector(target.labels);
}

/** Folds matchLabelKeys / mismatchLabelKeys into the selector as the API server does. */
function effectiveSelector(term: PodAffinityTerm, podLabels: Labels): LabelSelector | null | undefined {
  const add = (term.matchLabelKeys ?? []).filter((k) => podLabels && k in podLabels);
  const mis = (term.mismatchLabelKeys ?? []).filter((k) => podLabels && k in podLabels);
  if (add.length === 0 && mis.length === 0) return term.labelSelector;
  const base: LabelSelector = term.labelSelector ?? {};
  return {
    matchLabels: base.matchLabels,
    matchExpressions: [
      ...(base.matchExpressions ?? []),
      ...add.map((k) => ({ key: k, operator: 'In' as const, values: [podLabels![k]] })),
      ...mis.map((k) => ({ key: k, operator: 'NotIn' as const, values: [podLabels![k]] })),
    ],
  };
}

/** Compiles a PodAffinityTerm owned by a pod in `namespace` (framework.newAffinityTerm). */
export function compileAffinityTerm(term: PodAffinityTerm, namespace: string, podLabels: Labels): AffinityTerm {
  const hasNsSelector = term.namespaceSelector !== null && term.namespaceSelector !== undefined;
  const explicit = term.namespaces ?? [];
  const namespaces = new Set(explicit.length === 0 && !hasNsSelector ? [namespace] : explicit);
  return {
    namespaces,
    namespaceSelector: hasNsSelector ? compileSelector(term.namespaceSelector, MATCH_EVERYTHING) : null,
    selector: compileSelector(effectiveSelector(term, podLabels)),
    topologyKey: term.topologyKey,
  };
}

let nextSeq = 0;

/** What a PodInfo derives from the spec alone; shared by pods created from one template. */
interface SpecDerived {
  requests: Resource;
  nonZeroMilliCPU: number;
  nonZeroMemory: number;
  hostPorts: readonly HostPort[];
}

// Controllers' pods share their template's spec object: derive requests and ports once per spec.
const specCache = new WeakMap<PodSpec, SpecDerived>();
const NO_TERMS: readonly never[] = Object.freeze([]);

function deriveFromSpec(pod: Pod): SpecDerived {
  const spec = pod.spec;
  const hit = specCache.get(spec);
  if (hit) return hit;
  const requests = podRequests(pod);
  const nonZero = podRequests(pod, { nonZeroDefaults: true });
  const hostPorts: HostPort[] = [];
  const addPorts = (c: { ports?: { hostPort?: number; hostIP?: string; protocol?: string }[] }): void => {
    for (const p of c.ports ?? []) {
      if (p.hostPort && p.hostPort > 0) hostPorts.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  };
  for (const c of spec.containers ?? []) addPorts(c);
  for (const c of spec.initContainers ?? []) if (c.restartPolicy === 'Always') addPorts(c);
  const d: SpecDerived = { requests, nonZeroMilliCPU: nonZero.milliCPU, nonZeroMemory: nonZero.memory, hostPorts: hostPorts.length ? hostPorts : NO_TERMS };
  specCache.set(spec, d);
  return d;
}

/** A preferred term as written in the pod spec. */
type WeightedPodAffinityTerm = { weight: number; podAffinityTerm: PodAffinityTerm };

/**
 * Compiled terms per raw term object and namespace. Pods created from one template share the
 * raw term objects, so they share one compiled term: less memory, and InterPodAffinity's
 * cluster-level index (affinity-index.ts) groups them into one entry. Terms with
 * matchLabelKeys/mismatchLabelKeys depend on the pod's labels and are compiled per pod.
 */
const termCache = new WeakMap<object, Map<string, AffinityTerm>>();

function dependsOnLabels(t: PodAffinityTerm): boolean {
  return (t.matchLabelKeys?.length ?? 0) > 0 || (t.mismatchLabelKeys?.length ?? 0) > 0;
}

function sharedTerm(t: PodAffinityTerm, ns: string, labels: Labels): AffinityTerm {
  if (dependsOnLabels(t)) return compileAffinityTerm(t, ns, labels);
  let byNs = termCache.get(t);
  if (byNs === undefined) termCache.set(t, (byNs = new Map()));
  let c = byNs.get(ns);
  if (c === undefined) byNs.set(ns, (c = compileAffinityTerm(t, ns, labels)));
  return c;
}

function sharedWeightedTerm(t: WeightedPodAffinityTerm, ns: string, labels: Labels): WeightedAffinityTerm {
  if (dependsOnLabels(t.podAffinityTerm)) return { ...compileAffinityTerm(t.podAffinityTerm, ns, labels), weight: t.weight };
  let byNs = termCache.get(t);
  if (byNs === undefined) termCache.set(t, (byNs = new Map()));
  let c = byNs.get(ns) as WeightedAffinityTerm | undefined;
  if (c === undefined) {
    c = { ...compileAffinityTerm(t.podAffinityTerm, ns, labels), weight: t.weight };
    byNs.set(ns, c);
  }
  return c;
}

/**
 * Compiled term lists per raw list and namespace: the pods of one template share the list itself,
 * not only its terms (one array instead of one per pod). Lists with a term depending on the pod's
 * labels are built per pod.
 */
const termListCache = new WeakMap<readonly object[], Map<string, readonly AffinityTerm[]>>();

function requiredTerms(terms: PodAffinityTerm[] | undefined, ns: string, labels: Labels): readonly AffinityTerm[] {
  if (terms === undefined || terms.length === 0) return NO_TERMS;
  let byNs = termListCache.get(terms);
  const hit = byNs?.get(ns);
  if (hit !== undefined) return hit;
  const out = terms.map((t) => sharedTerm(t, ns, labels));
  if (terms.some(dependsOnLabels)) return out;
  if (byNs === undefined) termListCache.set(terms, (byNs = new Map()));
  byNs.set(ns, out);
  return out;
}

function preferredTerms(terms: WeightedPodAffinityTerm[] | undefined, ns: string, labels: Labels): readonly WeightedAffinityTerm[] {
  if (terms === undefined || terms.length === 0) return NO_TERMS;
  let byNs = termListCache.get(terms);
  const hit = byNs?.get(ns) as readonly WeightedAffinityTerm[] | undefined;
  if (hit !== undefined) return hit;
  const out = terms.map((t) => sharedWeightedTerm(t, ns, labels));
  if (terms.some((t) => dependsOnLabels(t.podAffinityTerm))) return out;
  if (byNs === undefined) termListCache.set(terms, (byNs = new Map()));
  byNs.set(ns, out);
  return out;
}

/** Builds the PodInfo of a pod. Throws for invalid quantities (manifests are validated before). */
export function newPodInfo(pod: Pod): PodInfo {
  const ns = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name ?? '';
  const labels = pod.metadata.labels;
  const spec = pod.spec;
  const d = deriveFromSpec(pod);
  const affinity = spec.affinity;
  const pa = affinity?.podAffinity;
  const paa = affinity?.podAntiAffinity;
  // terms depend on the pod's namespace (and labels with matchLabelKeys): shared per raw list/term and namespace
  return {
    pod,
    key: `${ns}/${name}`,
    namespace: ns,
    name,
    labels,
    priority: spec.priority ?? 0,
    // shared with every pod of the same spec: never mutated
    requests: d.requests,
    nonZeroMilliCPU: d.nonZeroMilliCPU,
    nonZeroMemory: d.nonZeroMemory,
    hostPorts: d.hostPorts,
    requiredAffinityTerms: requiredTerms(pa?.requiredDuringSchedulingIgnoredDuringExecution, ns, labels),
    requiredAntiAffinityTerms: requiredTerms(paa?.requiredDuringSchedulingIgnoredDuringExecution, ns, labels),
    preferredAffinityTerms: preferredTerms(pa?.preferredDuringSchedulingIgnoredDuringExecution, ns, labels),
    preferredAntiAffinityTerms: preferredTerms(paa?.preferredDuringSchedulingIgnoredDuringExecution, ns, labels),
    nodeName: spec.nodeName ?? '',
    seq: nextSeq++,
    gpu: podGpuOf(pod),
    gpuIndex: null,
    queued: null,
  };
}

/** True when the pod has any pod affinity or anti-affinity (NodeInfo.PodsWithAffinity). */
export function hasAffinity(p: PodInfo): boolean {
  return (
    p.requiredAffinityTerms.length > 0 ||
    p.requiredAntiAffinityTerms.length > 0 ||
    p.preferredAffinityTerms.length > 0 ||
    p.preferredAntiAffinityTerms.length > 0
  );
}
