/**
 * Resource vectors as the scheduler holds them (pkg/scheduler/framework/types.go Resource):
 * cpu in millicores, memory / ephemeral-storage in bytes, pod count, and scalar (extended,
 * hugepages) resources by name. Plain numbers so the hot path never parses quantities.
 */
import { milliValueOf, valueOf } from './quantity.ts';
import type { Container, Pod, ResourceList } from './types.ts';

/** A resource vector in the scheduler's units. */
export interface Resource {
  milliCPU: number;
  memory: number;
  ephemeralStorage: number;
  allowedPodNumber: number;
  /** Extended resources, hugepages-*, and other non-core names. Absent = 0. */
  scalar: Record<string, number>;
}

/** Resource names with dedicated fields. */
export const CPU = 'cpu';
export const MEMORY = 'memory';
export const EPHEMERAL_STORAGE = 'ephemeral-storage';
export const PODS = 'pods';

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

/** Builds a Resource from a manifest ResourceList (framework.NewResource). */
export function resourceFromList(list: ResourceList | undefined): Resource {
  const r = emptyResource();
  if (!list) return r;
  for (const name of Object.keys(list)) setResource(r, name, quantityForResource(name, list[name]));
  return r;
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

/** r = max(r, o) per resource. */
function maxResource(r: Resource, o: Resource): void {
  r.milliCPU = Math.max(r.milliCPU, o.milliCPU);
  r.memory = Math.max(r.memory, o.memory);
  r.ephemeralStorage = Math.max(r.ephemeralStorage, o.ephemeralStorage);
  r.allowedPodNumber = Math.max(r.allowedPodNumber, o.allowedPodNumber);
  for (const k in o.scalar) r.scalar[k] = Math.max(r.scalar[k] ?? 0, o.scalar[k]);
}

/** Options of {@link podRequests}. */
export interface PodRequestsOptions {
  /**
   * Count 100m CPU / 200Mi memory for every container that does not list them
   * (scheduler scoring only, pkg/scheduler/util GetNonzeroRequests).
   */
  nonZeroDefaults?: boolean;
}

function containerRequests(c: Container, nonZero: boolean): Resource {
  const requests = c.resources?.requests;
  // The API server defaults requests from limits when only limits are set; manifests are
  // read raw, so do it here per resource name.
  const limits = c.resources?.limits;
  const merged: ResourceList = { ...(limits ?? {}), ...(requests ?? {}) };
  const r = resourceFromList(merged);
  if (nonZero) {
    if (!(CPU in merged)) r.milliCPU = DEFAULT_MILLI_CPU_REQUEST;
    if (!(MEMORY in merged)) r.memory = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

const POD_LEVEL_RESOURCES = (name: string): boolean => name === CPU || name === MEMORY || name.startsWith('hugepages-');

/**
 * The pod's effective request vector as the scheduler sees it.
 * mirrors staging/src/k8s.io/component-helpers/resource/helpers.go PodRequests
 * (sidecar-aware init container max, pod-level resources, overhead) and, with
 * `nonZeroDefaults`, pkg/scheduler/framework/types.go calculateResource's non-zero variant.
 */
export function podRequests(pod: Pod, opts: PodRequestsOptions = {}): Resource {
  const nonZero = opts.nonZeroDefaults ?? false;
  const spec = pod.spec;
  const sum = emptyResource();
  for (const c of spec.containers ?? []) addResource(sum, containerRequests(c, nonZero));
  const initMax = emptyResource();
  const sidecarSum = emptyResource();
  for (const c of spec.initContainers ?? []) {
    const req = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      addResource(sum, req);
      addResource(sidecarSum, req);
      maxResource(initMax, sidecarSum);
    } else {
      const usage = cloneResource(req);
      addResource(usage, sidecarSum);
      maxResource(initMax, usage);
    }
  }
  maxResource(sum, initMax);
  const podLevel = spec.resources?.requests;
  if (podLevel) {
    for (const name of Object.keys(podLevel)) {
      if (POD_LEVEL_RESOURCES(name)) setResource(sum, name, quantityForResource(name, podLevel[name]));
    }
  }
  if (spec.overhead) addResource(sum, resourceFromList(spec.overhead));
  return sum;
}
