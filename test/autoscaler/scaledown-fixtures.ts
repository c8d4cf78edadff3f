/**
 * Builders for the scale-down tests, shaped like cluster-autoscaler's utils/test helpers
 * (BuildTestPod, BuildTestNode, GenerateOwnerReferences, …) so ported tables read alike.
 */
import type { Node, ObjectMeta, OwnerReference, Pod, PodDisruptionBudget, PodSpec, PodStatus } from '../../src/model/types.ts';
import type { PdbWithDisruptions } from '../../src/autoscaler/simulator/drainability/pdb-tracker.ts';

/** 2020-12-18T17:00:00Z, upstream's testTime, in seconds since the epoch. */
export const testTime = Date.UTC(2020, 11, 18, 17, 0, 0) / 1000;

/** RFC 3339 form of `seconds` since the epoch. */
export function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

/** A controller owner reference list. mirrors utils/test GenerateOwnerReferences */
export function generateOwnerReferences(name: string, kind: string, apiVersion: string, uid = ''): OwnerReference[] {
  const ref: OwnerReference = { apiVersion, kind, name, blockOwnerDeletion: true, controller: true };
  if (uid) ref.uid = uid;
  return [ref];
}

/** A pod from metadata and optional spec / status (no containers unless given). */
export function pod(metadata: ObjectMeta, spec: Partial<PodSpec> = {}, status?: PodStatus): Pod {
  const p: Pod = { apiVersion: 'v1', kind: 'Pod', metadata, spec: { containers: [], ...spec } };
  if (status) p.status = status;
  return p;
}

/** A pod with one container requesting `cpu` millicores and `mem` bytes (-1 leaves it out). mirrors utils/test BuildTestPod */
export function buildTestPod(name: string, cpu: number, mem: number): Pod {
  const requests: Record<string, string> = {};
  if (cpu >= 0) requests.cpu = `${cpu}m`;
  if (mem >= 0) requests.memory = `${mem}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, uid: name, namespace: 'default', annotations: {} },
    spec: { containers: [{ name: 'c', resources: { requests } }] },
    status: { startTime: iso(0) },
  };
}

/** A node with `milliCpu` cpu and `mem` bytes (-1 leaves it out) and 100 pods. mirrors utils/test BuildTestNode */
export function buildTestNode(name: string, milliCpu: number, mem: number): Node {
  const capacity: Record<string, string> = { pods: '100' };
  if (milliCpu >= 0) capacity.cpu = `${milliCpu}m`;
  if (mem >= 0) capacity.memory = `${mem}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: {} },
    spec: { providerID: name },
    status: { capacity, allocatable: { ...capacity } },
  };
}

/** Sets the node's Ready condition (and the not-ready taint when unready). mirrors utils/test SetNodeReadyState */
export function setNodeReadyState(node: Node, ready: boolean): void {
  node.status ??= {};
  node.status.conditions = [...(node.status.conditions ?? []).filter((c) => c.type !== 'Ready'), { type: 'Ready', status: ready ? 'True' : 'False' }];
  if (!ready) {
    node.spec ??= {};
    node.spec.taints = [...(node.spec.taints ?? []), { key: 'node.kubernetes.io/not-ready', value: 'true', effect: 'NoSchedule' }];
  }
}

/** The GPU label utils/test uses. */
export const gpuLabel = 'cloud.google.com/gke-accelerator';

/** Adds the GPU label. mirrors utils/test AddGpuLabelToNode */
export function addGpuLabelToNode(node: Node): void {
  node.metadata.labels = { ...node.metadata.labels, [gpuLabel]: 'nvidia-tesla-k80' };
}

/** Adds `count` Nvidia GPUs (taint, capacity, allocatable, label). mirrors utils/test AddGpusToNode */
export function addGpusToNode(node: Node, count: number): void {
  node.spec ??= {};
  node.spec.taints = [...(node.spec.taints ?? []), { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }];
  node.status ??= {};
  node.status.capacity = { ...node.status.capacity, 'nvidia.com/gpu': `${count}` };
  node.status.allocatable = { ...node.status.allocatable, 'nvidia.com/gpu': `${count}` };
  addGpuLabelToNode(node);
}

/** Requests (and limits) `count` Nvidia GPUs in the first container. mirrors utils/test RequestGpuForPod */
export function requestGpuForPod(p: Pod, count: number): void {
  const r = (p.spec.containers[0].resources ??= {});
  r.limits = { ...r.limits, 'nvidia.com/gpu': `${count}` };
  r.requests = { ...r.requests, 'nvidia.com/gpu': `${count}` };
}

/** A PDB in `namespace` selecting `matchLabels` (undefined: nil selector), with its disruptions allowed. */
export function pdb(namespace: string | undefined, matchLabels: Record<string, string> | undefined, disruptionsAllowed: number, name = ''): PdbWithDisruptions {
  const metadata: ObjectMeta = { name };
  if (namespace !== undefined) metadata.namespace = namespace;
  const spec: PodDisruptionBudget['spec'] = { minAvailable: 1 };
  if (matchLabels !== undefined) spec.selector = { matchLabels };
  return { pdb: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata, spec }, disruptionsAllowed };
}

/** A controller lookup over `default/<name>` keys by kind, as upstream's test listers. */
export function ownerLookup(owners: Record<string, Record<string, number>>): (kind: string, namespace: string, name: string) => number | undefined {
  return (kind, namespace, name) => owners[kind]?.[`${namespace}/${name}`];
}
