/**
 * Resource vectors as the scheduler holds them (pkg/scheduler/framework/types.go Resource):
 * cpu in millicores, memory / ephemeral-storage in bytes, pod count, and scalar (extended,
 * hugepages) resources by name. Plain numbers so the hot path never parses quantities.
 *
 * {@link podRequests} computes a pod's request vector the way upstream does: exact quantity
 * arithmetic over the pod's containers (component-helpers resource.PodRequests), converted to
 * the scheduler's units only at the end (Resource.Add / SetMaxResource), after the API server's
 * Pod defaulting that a simulator reading raw manifests must apply itself.
 */
import { milliValueOf, parseQuantity, quantityRoundUp, quantityScaledValue, valueOf } from './quantity.ts';
import type { Quantity } from './quantity.ts';
import type { Container, Pod, ResourceList } from './types.ts';

/** A resource vector in the scheduler's units. */
export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  allowedPodNumber: number;
  /** Extended resources, hugepages-*, and other scalar names. Absent = 0; a listed 0 stays listed. */
  scalar: Record<string, number>;
}

/** Resource names with dedicated fields. */
export const CPU = 'cpu';
export const MEMORY = 'memory';
export const EPHEMERAL_STORAGE = 'ephemeral-storage';
export const PODS = 'pods';
/** Prefix of hugepage resource names (v1.ResourceHugePagesPrefix). */
export const HUGEPAGES_PREFIX = 'hugepages-';

/** Scheduler's default request for scoring only (pkg/scheduler/util DefaultMilliCPURequest). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** Scheduler's default request for scoring only (pkg/scheduler/util DefaultMemoryRequest, 200Mi). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** A zero resource vector. */
export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0, scalar: {} };
}

/** A deep copy of `r`. */
export function cloneResource(r: Resource): Resource {
  return { ...r, scalar: { ...r.scalar } };
}

/** Reads one quantity into the scheduler's unit for `name` (cpu → MilliValue, all else → Value). */
export function quantityForResource(name: string, q: string | number): number {
  return name === CPU ? milliValueOf(q) : valueOf(q);
}

// ---------------------------------------------------------------------------------------------
// Resource names (k8s.io/kubernetes pkg/apis/core/v1/helper, component-helpers resource)

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** apimachinery validation.IsQualifiedName: `[prefix/]name`, prefix a DNS subdomain, name ≤ 63. */
export function isQualifiedName(value: string): boolean {
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) return false;
    name = parts[1];
  } else return false;
  return name.length > 0 && name.length <= 63 && QUALIFIED_NAME_PART.test(name);
}

/** True for names in the kubernetes.io namespace (helper.IsPrefixedNativeResource). */
export function isPrefixedNativeResource(name: string): boolean {
  return name.includes('kubernetes.io/');
}

/** True for unprefixed or kubernetes.io names (helper.IsNativeResource). */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || isPrefixedNativeResource(name);
}

/** True for `hugepages-<size>` (helper.IsHugePageResourceName). */
export function isHugePageResourceName(name: string): boolean {
  return name.startsWith(HUGEPAGES_PREFIX);
}

/** Extended resources such as `nvidia.com/gpu` (helper.IsExtendedResourceName). */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith('requests.')) return false;
  // It must still be a qualified name once turned into a quota name.
  return isQualifiedName('requests.' + name);
}

/**
 * Names the scheduler tracks in Resource.ScalarResources: extended, hugepages, kubernetes.io-
 * prefixed and attachable-volumes-* resources. Any other name (e.g. `storage`) is not counted.
 * mirrors pkg/apis/core/v1/helper IsScalarResourceName
 */
export function isScalarResourceName(name: string): boolean {
  return isExtendedResourceName(name) || isHugePageResourceName(name) || isPrefixedNativeResource(name) || name.startsWith('attachable-volumes-');
}

/** cpu, memory and hugepages-* may be set at pod level (component-helpers IsSupportedPodLevelResource). */
export function isSupportedPodLevelResource(name: string): boolean {
  return name === CPU || name === MEMORY || isHugePageResourceName(name);
}

/** Reads the amount of `name` out of `r` (0 when absent). */
export function getResource(r: Resource, name: string): number {
  switch (name) {
    case CPU:
      return r.milliCPU;
    case MEMORY:
      return r.memory;
    case EPHEMERAL_STORAGE:
      return r.ephemeralStorage;
    case PODS:
      return r.allowedPodNumber;
    default:
      return r.scalar[name] ?? 0;
  }
}

/** Sets the amount of `name` in `r`. */
export function setResource(r: Resource, name: string, v: number): void {
  switch (name) {
    case CPU:
      r.milliCPU = v;
      break;
    case MEMORY:
      r.memory = v;
      break;
    case EPHEMERAL_STORAGE:
      r.ephemeralStorage = v;
      break;
    case PODS:
      r.allowedPodNumber = v;
      break;
    default:
      r.scalar[name] = v;
  }
}

/**
 * Builds a Resource from a manifest ResourceList; names that are neither core nor scalar
 * (e.g. `storage`) are not tracked, as upstream.
 * mirrors pkg/scheduler/framework/types.go NewResource / Resource.Add
 */
export function resourceFromList(list: ResourceList | undefined): Resource {
  const r = emptyResource();
  if (!list) return r;
  for (const name of Object.keys(list)) {
    if (isTrackedName(name)) setResource(r, name, quantityForResource(name, list[name]));
  }
  return r;
}

function isTrackedName(name: string): boolean {
  return name === CPU || name === MEMORY || name === EPHEMERAL_STORAGE || name === PODS || isScalarResourceName(name);
}

/** r += o (all resources, including scalars). */
export function addResource(r: Resource, o: Resource): void {
  r.milliCPU += o.milliCPU;
  r.memory += o.memory;
  r.ephemeralStorage += o.ephemeralStorage;
  r.allowedPodNumber += o.allowedPodNumber;
  for (const k in o.scalar) r.scalar[k] = (r.scalar[k] ?? 0) + o.scalar[k];
}

/** r -= o (all resources, including scalars). */
export function subtractResource(r: Resource, o: Resource): void {
  r.milliCPU -= o.milliCPU;
  r.memory -= o.memory;
  r.ephemeralStorage -= o.ephemeralStorage;
  r.allowedPodNumber -= o.allowedPodNumber;
  for (const k in o.scalar) r.scalar[k] = (r.scalar[k] ?? 0) - o.scalar[k];
}

// ---------------------------------------------------------------------------------------------
// Pod requests

/**
 * Which non-zero-request variant to compute (100m cpu / 200Mi memory for containers that list
 * none), both only for scheduler scoring:
 * - `'nodeInfo'`: how NodeInfo.NonZeroRequested counts a pod (framework/types.go calculateResource,
 *   getNonMissingContainerRequests): with pod-level requests set, a default is only offered for
 *   cpu / memory absent from the pod's whole request list;
 * - `'scoring'`: how NodeResourcesFit scores the incoming pod (noderesources/resource_allocation.go
 *   calculatePodResourceRequest): defaults always offered to containers missing cpu / memory.
 * The two differ only for pods with pod-level requests.
 */
export type NonZeroDefaults = 'nodeInfo' | 'scoring';

/** Options of {@link podRequests}. */
export interface PodRequestsOptions {
  /** Non-zero defaults (scoring only); `true` means `'nodeInfo'`. */
  nonZeroDefaults?: boolean | NonZeroDefaults;
  /** Leave out spec.overhead (PodResourcesOptions.ExcludeOverhead). */
  excludeOverhead?: boolean;
  /** Ignore pod-level resources, as with the PodLevelResources gate off (SkipPodLevelResources). */
  skipPodLevelResources?: boolean;
  /**
   * Apply the API server's Pod defaulting first (default true): container requests default to
   * limits, pod-level requests default from pod-level limits / container requests, and every
   * quantity is rounded up to milli scale (SetDefaults_ResourceList). Turn off
   * only for objects that never passed an API server and must be taken literally (upstream unit
   * tests); defaulting an already defaulted pod changes nothing.
   */
  apiDefaulting?: boolean;
}

/** Exact arithmetic on amounts of one representation (numbers in scheduler units, or nanos). */
interface AmountOps<T> {
  /** Reads a manifest value; with `milli`, rounded up to milli scale as SetDefaults_ResourceList does. */
  read(name: string, raw: string | number, milli: boolean): T;
  /** Rounds an amount up to milli scale (SetDefaults_ResourceList on a computed list). */
  roundMilli(v: T): T;
  add(a: T, b: T): T;
  greater(a: T, b: T): boolean;
  /** The non-zero default for cpu / memory. */
  nonZero(name: string): T;
}

/** A ResourceList of amounts; Map keeps "listed with 0" apart from "absent" as upstream. */
type AmountList<T> = Map<string, T>;

interface Reading {
  unit: number;
  exact: boolean;
}
const READINGS = new Map<string, Reading>();
const READING_LIMIT = 4096;

/**
 * Scheduler-unit numbers. Sums and maxima of such numbers equal upstream's (exact quantity
 * arithmetic, converted at the end) whenever each reading was exact, which `inexact` tracks.
 */
class UnitOps implements AmountOps<number> {
  inexact = false;
  read(name: string, raw: string | number, milli: boolean): number {
    const key = (name === CPU ? 'm' : 'u') + (milli ? 'r' : '') + (typeof raw === 'number' ? '#' : ':') + raw;
    let r = READINGS.get(key);
    if (r === undefined) {
      const parsed = parseQuantity(raw);
      const q = milli ? quantityRoundUp(parsed, -3).quantity : parsed;
      const scale = name === CPU ? -3 : 0;
      const unit = quantityScaledValue(q, scale);
      r = { unit, exact: isWholeAt(q, scale) };
      if (READINGS.size >= READING_LIMIT) READINGS.clear();
      READINGS.set(key, r);
    }
    if (!r.exact) this.inexact = true;
    return r.unit;
  }
  /** Whole scheduler units are whole millis already; anything else took the exact path. */
  roundMilli(v: number): number {
    return v;
  }
  add(a: number, b: number): number {
    return a + b;
  }
  greater(a: number, b: number): boolean {
    return a > b;
  }
  nonZero(name: string): number {
    return name === CPU ? DEFAULT_MILLI_CPU_REQUEST : DEFAULT_MEMORY_REQUEST;
  }
}

/** True when q is a whole number of 10^scale units. */
function isWholeAt(q: Quantity, scale: number): boolean {
  const n = scale <= 0 ? q.num * 10n ** BigInt(-scale) : q.num;
  const d = scale <= 0 ? q.den : q.den * 10n ** BigInt(scale);
  return n % d === 0n;
}

const NANO = 1_000_000_000n;
const NANOS_PER_MILLI = 1_000_000n;

/** Rounds nanos to a whole number of millis, away from zero (Quantity.RoundUp(Milli)). */
function roundNanosToMilli(n: bigint): bigint {
  const rem = n % NANOS_PER_MILLI;
  if (rem === 0n) return n;
  return n - rem + (n > 0n ? NANOS_PER_MILLI : -NANOS_PER_MILLI);
}

/** Exact amounts in nano units (every parsed quantity is a whole number of nanos). */
const NANO_OPS: AmountOps<bigint> = {
  read(_name: string, raw: string | number, milli: boolean): bigint {
    const q = parseQuantity(raw);
    const nanos = (q.num * NANO) / q.den;
    return milli ? roundNanosToMilli(nanos) : nanos;
  },
  roundMilli: roundNanosToMilli,
  add: (a, b) => a + b,
  greater: (a, b) => a > b,
  nonZero: (name) => (name === CPU ? BigInt(DEFAULT_MILLI_CPU_REQUEST) * 1_000_000n : BigInt(DEFAULT_MEMORY_REQUEST) * NANO),
};

function addList<T>(ops: AmountOps<T>, into: AmountList<T>, from: AmountList<T>): void {
  for (const [k, v] of from) {
    const cur = into.get(k);
    into.set(k, cur === undefined ? v : ops.add(cur, v));
  }
}

function maxList<T>(ops: AmountOps<T>, into: AmountList<T>, from: AmountList<T>): void {
  for (const [k, v] of from) {
    const cur = into.get(k);
    if (cur === undefined || ops.greater(v, cur)) into.set(k, v);
  }
}

function readList<T>(ops: AmountOps<T>, list: ResourceList | undefined, milli: boolean): AmountList<T> {
  const out: AmountList<T> = new Map();
  if (list) for (const k of Object.keys(list)) out.set(k, ops.read(k, list[k], milli));
  return out;
}

/**
 * A container's requests as the API server stores them: with `apiDefaulting`, limits fill in
 * missing requests (SetDefaults_Pod) and every value is rounded up to milli scale
 * (SetDefaults_ResourceList, so 0.5m cpu is stored as 1m); then the non-zero defaults for
 * names still missing (applyNonMissing). `milli` false reads the values as written, which
 * defaultPodRequests does because it runs before the lists are rounded.
 */
function containerRequests<T>(ops: AmountOps<T>, c: Container, apiDefaulting: boolean, milli: boolean, nonMissing: readonly string[]): AmountList<T> {
  const out = readList(ops, c.resources?.requests, milli);
  const limits = c.resources?.limits;
  if (apiDefaulting && limits) {
    for (const k of Object.keys(limits)) if (!out.has(k)) out.set(k, ops.read(k, limits[k], milli));
  }
  for (const k of nonMissing) if (!out.has(k)) out.set(k, ops.nonZero(k));
  return out;
}

/**
 * Sum of the regular and restartable (sidecar) init containers, raised to the peak any init
 * container needs while it runs next to the sidecars started before it.
 * mirrors component-helpers resource/helpers.go AggregateContainerRequests
 */
function aggregateContainerRequests<T>(ops: AmountOps<T>, pod: Pod, apiDefaulting: boolean, milli: boolean, nonMissing: readonly string[]): AmountList<T> {
  const reqs: AmountList<T> = new Map();
  for (const c of pod.spec.containers ?? []) addList(ops, reqs, containerRequests(ops, c, apiDefaulting, milli, nonMissing));
  const sidecars: AmountList<T> = new Map();
  const initPeak: AmountList<T> = new Map();
  for (const c of pod.spec.initContainers ?? []) {
    const r = containerRequests(ops, c, apiDefaulting, milli, nonMissing);
    if (c.restartPolicy === 'Always') {
      addList(ops, reqs, r);
      addList(ops, sidecars, r);
      maxList(ops, initPeak, sidecars);
    } else {
      const usage: AmountList<T> = new Map(r);
      addList(ops, usage, sidecars);
      maxList(ops, initPeak, usage);
    }
  }
  maxList(ops, reqs, initPeak);
  return reqs;
}

/**
 * The pod-level requests after API defaulting: when pod-level limits are set, cpu / memory
 * requests missing at pod level take the containers' aggregate, and anything still missing
 * takes the pod-level limit.
 * mirrors pkg/apis/core/v1/defaults.go defaultPodRequests (defaultHugePagePodLimits is not
 * needed: container hugepage requests equal their limits, so it never changes the result)
 */
function podLevelRequests<T>(ops: AmountOps<T>, pod: Pod, apiDefaulting: boolean): AmountList<T> {
  const res = pod.spec.resources;
  const out = readList(ops, res?.requests, apiDefaulting);
  const limits = res?.limits;
  if (!apiDefaulting || !limits || Object.keys(limits).length === 0) return out;
  // defaultPodRequests sees the container values before SetDefaults_ResourceList rounds them;
  // the pod-level list it fills is rounded afterwards.
  const containers = aggregateContainerRequests(ops, pod, true, false, []);
  for (const k of [CPU, MEMORY]) {
    const v = containers.get(k);
    if (!out.has(k) && v !== undefined) out.set(k, ops.roundMilli(v));
  }
  for (const k of Object.keys(limits)) {
    if (!out.has(k) && isSupportedPodLevelResource(k)) out.set(k, ops.read(k, limits[k], true));
  }
  return out;
}

function hasSupportedPodLevelResource<T>(list: AmountList<T>): boolean {
  for (const k of list.keys()) if (isSupportedPodLevelResource(k)) return true;
  return false;
}

interface RequestsPlan {
  apiDefaulting: boolean;
  excludeOverhead: boolean;
  skipPodLevel: boolean;
}

/**
 * The pod's request list: containers, then pod-level values for the names they set, then overhead.
 * mirrors component-helpers resource/helpers.go PodRequests
 */
function podRequestList<T>(ops: AmountOps<T>, pod: Pod, plan: RequestsPlan, podLevel: AmountList<T> | null, nonMissing: readonly string[]): AmountList<T> {
  const reqs = aggregateContainerRequests(ops, pod, plan.apiDefaulting, plan.apiDefaulting, nonMissing);
  if (podLevel !== null) {
    for (const [k, v] of podLevel) if (isSupportedPodLevelResource(k)) reqs.set(k, v);
  }
  if (!plan.excludeOverhead && pod.spec.overhead) addList(ops, reqs, readList(ops, pod.spec.overhead, plan.apiDefaulting));
  return reqs;
}

const BOTH_DEFAULTS: readonly string[] = [CPU, MEMORY];
const NO_DEFAULTS: readonly string[] = [];

/** The request list for the chosen non-zero variant. */
function requestList<T>(ops: AmountOps<T>, pod: Pod, plan: RequestsPlan, nonZero: NonZeroDefaults | null): AmountList<T> {
  const level = plan.skipPodLevel ? null : podLevelRequests(ops, pod, plan.apiDefaulting);
  const podLevel = level !== null && hasSupportedPodLevelResource(level) ? level : null;
  if (nonZero === null) return podRequestList(ops, pod, plan, podLevel, NO_DEFAULTS);
  if (nonZero === 'scoring' || podLevel === null) return podRequestList(ops, pod, plan, podLevel, BOTH_DEFAULTS);
  // calculateResource with pod-level requests: defaults only for names the pod requests nowhere.
  const requests = podRequestList(ops, pod, plan, podLevel, NO_DEFAULTS);
  const nonMissing = BOTH_DEFAULTS.filter((k) => !requests.has(k));
  return nonMissing.length === 0 ? requests : podRequestList(ops, pod, plan, podLevel, nonMissing);
}

function planOf(opts: PodRequestsOptions): { plan: RequestsPlan; nonZero: NonZeroDefaults | null } {
  const nz = opts.nonZeroDefaults;
  return {
    plan: {
      apiDefaulting: opts.apiDefaulting ?? true,
      excludeOverhead: opts.excludeOverhead ?? false,
      skipPodLevel: opts.skipPodLevelResources ?? false,
    },
    nonZero: nz === true ? 'nodeInfo' : nz === false || nz === undefined ? null : nz,
  };
}

/**
 * The pod's request list as exact quantities (component-helpers PodRequests after API
 * defaulting), every listed name included, even ones the scheduler does not track.
 */
export function podRequestQuantities(pod: Pod, opts: PodRequestsOptions = {}): Map<string, Quantity> {
  const { plan, nonZero } = planOf(opts);
  const out = new Map<string, Quantity>();
  for (const [k, nanos] of requestList(NANO_OPS, pod, plan, nonZero)) out.set(k, nanoQuantity(nanos));
  return out;
}

function nanoQuantity(nanos: bigint): Quantity {
  let num = nanos;
  let den = NANO;
  while (den > 1n && num % 10n === 0n) {
    num /= 10n;
    den /= 10n;
  }
  return { num, den, format: 'DecimalSI' };
}

/**
 * The pod's effective request vector as the scheduler sees it: requests of the containers
 * (sidecar-aware init container peak), pod-level requests for cpu / memory / hugepages where
 * set, plus overhead; each name converted once at the end (cpu → MilliValue, others → Value),
 * names that are neither core nor scalar dropped. With `nonZeroDefaults`, the scoring-only
 * variant with 100m / 200Mi for containers that do not request cpu / memory.
 * mirrors component-helpers resource/helpers.go PodRequests with
 * pkg/scheduler/framework/types.go calculateResource / Resource.Add and
 * noderesources/fit.go computePodResourceRequest (SetMaxResource)
 */
export function podRequests(pod: Pod, opts: PodRequestsOptions = {}): Resource {
  const { plan, nonZero } = planOf(opts);
  const unitOps = new UnitOps();
  const fast = requestList(unitOps, pod, plan, nonZero);
  const r = emptyResource();
  if (!unitOps.inexact) {
    for (const [k, v] of fast) if (isTrackedName(k)) setResource(r, k, v);
    return r;
  }
  // Some request is not a whole number of the scheduler's unit (e.g. 0.5m cpu): redo exactly,
  // rounding only the final sums as upstream does.
  for (const [k, nanos] of requestList(NANO_OPS, pod, plan, nonZero)) {
    if (isTrackedName(k)) setResource(r, k, quantityScaledValue({ num: nanos, den: NANO, format: 'DecimalSI' }, k === CPU ? -3 : 0));
  }
  return r;
}
