/**
 * Manifests → model: the public API of src/manifests.
 *
 * - {@link loadManifests} reads files and folders into {@link LoadedManifests}: simulated
 *   objects (checked, converted, defaulted and admitted as the API server would) with their
 *   source locations, per-kind counts, the kinds not simulated, and warnings.
 * - {@link buildCluster} turns them into a ClusterState.
 * - Bad input throws a UserError naming file:line:column, the object and the field path.
 */
import type { KubeObject } from '../model/types.ts';
import { loadManifests, type LoadedManifests, type ManifestWarning } from './loader.ts';

export { buildCluster } from './cluster-build.ts';
export {
  loadManifests,
  loadManifestSources,
  parseManifests,
  listManifestFiles,
  podSpecOf,
  SIMULATED_KINDS,
  PDB_V1BETA1_LABEL,
  type LoadedManifests,
  type LoadedObject,
  type ManifestInput,
  type ManifestWarning,
  type SimulatedKind,
} from './loader.ts';
export { parseDocuments, type SourceDocument } from './yaml-source.ts';
export { formatPath, type FieldPath, type PathSegment } from './path.ts';
export { Checker, isObject, type JsonObject, type ObjectSource } from './check.ts';
export { convertHpa, defaultScalingRules, METRIC_SPECS_ANNOTATION, DEFAULT_CPU_UTILIZATION, type HpaVersion } from './hpa.ts';
export { SYSTEM_PRIORITY_CLASSES, DEFAULT_TOLERATION_SECONDS, addDefaultTolerations, applyLimitRanges, applyPriority, globalDefaultClass } from './admission.ts';
export { DEFAULT_SCHEDULER_NAME, defaultPodSpec } from './defaults.ts';
export { summarizeManifests, type ManifestSummary, type UnfitPod, type ResourceTotal } from './summary.ts';

/** Plain objects of {@link loadManifestFiles}: the loaded objects without their locations. */
export interface ManifestObjects {
  objects: KubeObject[];
  counts: Record<string, number>;
  notSimulated: Record<string, number>;
  warnings: ManifestWarning[];
  /** The full result, with source locations. */
  loaded: LoadedManifests;
}

/** {@link loadManifests}, returning the objects themselves (for scenario files and controllers). */
export function loadManifestFiles(paths: readonly string[]): ManifestObjects {
  const loaded = loadManifests(paths);
  return { objects: loaded.objects.map((o) => o.object), counts: loaded.counts, notSimulated: loaded.notSimulated, warnings: loaded.warnings, loaded };
}
