/**
 * Loaded manifests → ClusterState: nodes first (so bound pods land on them), then pods,
 * workloads, HPAs, PDBs, PriorityClasses (with the built-in system classes), namespaces,
 * LimitRanges and Services.
 */
import { ClusterState, objectKey, WORKLOAD_KINDS, type WorkloadKind } from '../model/cluster.ts';
import type {
  HorizontalPodAutoscaler,
  KubeObject,
  LimitRange,
  Namespace,
  Node,
  Pod,
  PodDisruptionBudget,
  PriorityClass,
  Service,
} from '../model/types.ts';
import { SYSTEM_PRIORITY_CLASSES } from './admission.ts';
import type { LoadedManifests } from './loader.ts';

const WORKLOADS = new Set<string>(WORKLOAD_KINDS);

/**
 * Builds the cluster from loaded manifests (or from plain objects already checked and
 * defaulted by the loader). Pods with spec.nodeName are bound; a pod bound to a node that is
 * not loaded counts on no node (the loader warns about it).
 */
export function buildCluster(loaded: LoadedManifests | readonly KubeObject[]): ClusterState {
  const cluster = new ClusterState();
  const objects: readonly KubeObject[] = Array.isArray(loaded) ? loaded : (loaded as LoadedManifests).objects.map((o) => o.object);
  for (const pc of SYSTEM_PRIORITY_CLASSES) cluster.priorityClasses.set(pc.metadata.name!, pc);
  for (const o of objects) if (o.kind === 'Node') cluster.addNode(o as Node);
  for (const o of objects) {
    const key = objectKey(o);
    switch (o.kind) {
      case 'Node':
        break;
      case 'Pod':
        cluster.addPod(o as Pod);
        break;
      case 'HorizontalPodAutoscaler':
        cluster.hpas.set(key, o as HorizontalPodAutoscaler);
        break;
      case 'PodDisruptionBudget':
        cluster.pdbs.set(key, o as PodDisruptionBudget);
        break;
      case 'PriorityClass':
        cluster.priorityClasses.set(o.metadata.name ?? '', o as PriorityClass);
        break;
      case 'Namespace':
        cluster.namespaces.set(o.metadata.name ?? '', o as Namespace);
        break;
      case 'LimitRange':
        cluster.limitRanges.set(key, o as LimitRange);
        break;
      case 'Service':
        cluster.services.set(key, o as Service);
        break;
      default:
        if (WORKLOADS.has(o.kind)) cluster.workloads[o.kind as WorkloadKind].set(key, o);
    }
  }
  return cluster;
}
