/**
 * Facts about loaded manifests that `kubesim validate` prints: counts, allocatable vs requested
 * per resource, the pods to check for fit (explicit pending Pods and one pod per workload
 * template), and human-readable units.
 */
import type { ClusterState } from '../model/cluster.ts';
import type { KubeObject, ObjectMeta, Pod } from '../model/types.ts';
import type { SourceLocation } from '../cli/errors.ts';
import { podSpecOf, type LoadedManifests } from './loader.ts';

/** Allocatable and requested amount of one resource (cpu in millicores, others in base units). */
export interface ResourceTotal {
  resource: string;
  /** `millicores` for cpu, `bytes` for memory/ephemeral-storage/hugepages, `count` otherwise. */
  unit: 'millicores' | 'bytes' | 'count';
  allocatable: number;
  requested: number;
}

/** A pod to check against the nodes: an explicit Pod, or one pod of a workload's template. */
export interface CandidatePod {
  /** The object it comes from (`Pod default/x`, `Deployment default/web`). */
  object: string;
  /** True for a workload template's pod. */
  fromTemplate: boolean;
  pod: Pod;
  location: SourceLocation;
}

/** What {@link summarizeManifests} returns. */
export interface ManifestSummary {
  counts: Record<string, number>;
  notSimulated: Record<string, number>;
  nodes: number;
  boundPods: number;
  pendingPods: number;
  resources: ResourceTotal[];
  candidates: CandidatePod[];
}

/** A pod not fitting any node, as `kubesim validate` reports it. */
export interface UnfitPod {
  object: string;
  fromTemplate: boolean;
  location: SourceLocation;
  /** The pod's requests in the scheduler's units (cpu millicores, memory bytes, ...). */
  requests: Record<string, number>;
  /** Reason → number of nodes failing for it (`Insufficient cpu`, `Too many pods`). */
  reasons: Record<string, number>;
  /** As the scheduler words it: `0/3 nodes are available: 3 Insufficient cpu.` */
  message: string;
}

function unitOf(resource: string): ResourceTotal['unit'] {
  if (resource === 'cpu') return 'millicores';
  if (resource === 'memory' || resource === 'ephemeral-storage' || resource.startsWith('hugepages-')) return 'bytes';
  return 'count';
}

const CORE_ORDER = ['cpu', 'memory', 'ephemeral-storage', 'pods'];

/** Counts, totals and the pods to fit-check, from loaded manifests and the cluster built from them. */
export function summarizeManifests(loaded: LoadedManifests, cluster: ClusterState): ManifestSummary {
  const { allocatable, requested } = cluster.totals();
  const names = [...new Set([...Object.keys(allocatable), ...Object.keys(requested)])].filter(
    (n) => CORE_ORDER.includes(n) || (allocatable[n] ?? 0) > 0 || (requested[n] ?? 0) > 0,
  );
  names.sort((a, b) => {
    const ia = CORE_ORDER.indexOf(a);
    const ib = CORE_ORDER.indexOf(b);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const resources = names.map((resource) => ({
    resource,
    unit: unitOf(resource),
    allocatable: allocatable[resource] ?? 0,
    requested: requested[resource] ?? 0,
  }));
  const candidates: CandidatePod[] = [];
  for (const o of loaded.objects) {
    if (o.kind === 'Pod') {
      const pod = o.object as Pod;
      if (!pod.spec.nodeName) candidates.push({ object: o.ref, fromTemplate: false, pod, location: o.source.location });
      continue;
    }
    const ps = podSpecOf(o);
    if (!ps) continue;
    candidates.push({ object: o.ref, fromTemplate: true, pod: templatePod(o.object, ps.spec), location: o.source.location });
  }
  let bound = 0;
  for (const p of cluster.pods.values()) if (p.nodeName) bound++;
  return {
    counts: loaded.counts,
    notSimulated: loaded.notSimulated,
    nodes: cluster.nodes.size,
    boundPods: bound,
    pendingPods: cluster.pendingPods.size,
    resources,
    candidates,
  };
}

function templatePod(owner: KubeObject, spec: Pod['spec']): Pod {
  const tpl = (owner.spec as { template?: { metadata?: ObjectMeta }; jobTemplate?: { spec: { template: { metadata?: ObjectMeta } } } }) ?? {};
  const meta = tpl.template?.metadata ?? tpl.jobTemplate?.spec.template.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${owner.metadata.name ?? ''}-template`, namespace: owner.metadata.namespace, labels: meta.labels },
    spec,
  };
}

/** CPU millicores for people: `250m`, `4`, `3.5`. */
export function formatCpu(milli: number): string {
  if (milli % 1000 === 0) return String(milli / 1000);
  if (Math.abs(milli) < 1000) return `${milli}m`;
  return String(Math.round(milli / 10) / 100);
}

/** Bytes for people in binary units: `512Mi`, `7.5Gi`, `300`. */
export function formatBytes(bytes: number): string {
  const units: [string, number][] = [
    ['Pi', 2 ** 50],
    ['Ti', 2 ** 40],
    ['Gi', 2 ** 30],
    ['Mi', 2 ** 20],
    ['Ki', 2 ** 10],
  ];
  for (const [u, size] of units) {
    if (Math.abs(bytes) >= size) {
      const v = bytes / size;
      return `${Number.isInteger(v) ? v : Math.round(v * 10) / 10}${u}`;
    }
  }
  return String(bytes);
}

/** One amount in the unit of its resource, for people. */
export function formatAmount(resource: string, amount: number): string {
  const unit = unitOf(resource);
  return unit === 'millicores' ? formatCpu(amount) : unit === 'bytes' ? formatBytes(amount) : String(amount);
}
