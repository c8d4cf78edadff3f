/**
 * The admission plugins that change what the scheduler sees, applied once every manifest is
 * loaded (they need PriorityClasses and LimitRanges from any file): LimitRanger defaults,
 * Priority, DefaultTolerationSeconds. Pods get them as on creation; pod templates get them too,
 * so the pods controllers stamp out of a template carry the same values.
 */
import type { LimitRange, PodSpec, PriorityClass, Toleration } from '../model/types.ts';
import type { Checker } from './check.ts';
import type { FieldPath } from './path.ts';

/** Built-in classes every API server creates (pkg/apis/scheduling SystemPriorityClasses). */
export const SYSTEM_PRIORITY_CLASSES: readonly PriorityClass[] = [
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-node-critical' },
    value: 2000001000,
    preemptionPolicy: 'PreemptLowerPriority',
    globalDefault: false,
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-cluster-critical' },
    value: 2000000000,
    preemptionPolicy: 'PreemptLowerPriority',
    globalDefault: false,
    description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

/** Seconds of the admission-added not-ready/unreachable tolerations (--default-not-ready-toleration-seconds). */
export const DEFAULT_TOLERATION_SECONDS = 300;
const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';

/**
 * Adds NoExecute tolerations for not-ready and unreachable (300 s) unless the pod already
 * tolerates them. mirrors plugin/pkg/admission/defaulttolerationseconds/admission.go Admit
 */
export function addDefaultTolerations(spec: PodSpec): void {
  let notReady = false;
  let unreachable = false;
  for (const t of spec.tolerations ?? []) {
    const key = t.key ?? '';
    const effectOk = t.effect === 'NoExecute' || !t.effect;
    if ((key === NOT_READY || key === '') && effectOk) notReady = true;
    if ((key === UNREACHABLE || key === '') && effectOk) unreachable = true;
  }
  if (notReady && unreachable) return;
  const tol: Toleration[] = (spec.tolerations ??= []);
  if (!notReady) tol.push({ key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  if (!unreachable) tol.push({ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
}

/**
 * Container defaults from the namespace's LimitRanges (type Container), per resource name:
 * default → limits, defaultRequest → requests, only where the container sets neither.
 * mirrors plugin/pkg/admission/limitranger/admission.go defaultContainerResourceRequirements + mergeContainerResources
 */
export function applyLimitRanges(spec: PodSpec, ranges: readonly LimitRange[]): void {
  for (const lr of ranges) {
    const requests: Record<string, string | number> = {};
    const limits: Record<string, string | number> = {};
    for (const item of lr.spec.limits) {
      if (item.type !== 'Container') continue;
      Object.assign(requests, item.defaultRequest ?? {});
      Object.assign(limits, item.default ?? {});
    }
    if (Object.keys(requests).length === 0 && Object.keys(limits).length === 0) continue;
    for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
      const res = (c.resources ??= {});
      const l = (res.limits ??= {});
      const r = (res.requests ??= {});
      for (const k of Object.keys(limits)) if (!(k in l)) l[k] = limits[k];
      for (const k of Object.keys(requests)) if (!(k in r)) r[k] = requests[k];
    }
  }
}

/** The class a pod without priorityClassName gets: the globalDefault one with the lowest value. */
export function globalDefaultClass(classes: Iterable<PriorityClass>): PriorityClass | undefined {
  let best: PriorityClass | undefined;
  // mirrors plugin/pkg/admission/priority/admission.go getDefaultPriorityClass
  for (const pc of classes) if (pc.globalDefault && (!best || pc.value < best.value)) best = pc;
  return best;
}

/**
 * Resolves spec.priority and spec.preemptionPolicy from the PriorityClass (or the global default,
 * else 0 / PreemptLowerPriority). An unknown class name, or a spec.priority that disagrees with
 * the class, is an error located at the field.
 * mirrors plugin/pkg/admission/priority/admission.go admitPod
 */
export function applyPriority(c: Checker, spec: PodSpec, path: FieldPath, classes: ReadonlyMap<string, PriorityClass>, globalDefault: PriorityClass | undefined): void {
  let priority: number;
  let policy: PriorityClass['preemptionPolicy'];
  if (!spec.priorityClassName) {
    if (globalDefault) {
      spec.priorityClassName = globalDefault.metadata.name;
      priority = globalDefault.value;
      policy = globalDefault.preemptionPolicy;
    } else {
      priority = 0;
      policy = 'PreemptLowerPriority';
    }
  } else {
    const pc = classes.get(spec.priorityClassName);
    if (!pc) {
      const known = [...classes.keys()].sort().join(', ');
      c.fail([...path, 'priorityClassName'], `no PriorityClass with name ${spec.priorityClassName} was found (known: ${known})`);
    }
    priority = pc.value;
    policy = pc.preemptionPolicy ?? 'PreemptLowerPriority';
  }
  if (spec.priority !== undefined && spec.priority !== priority) {
    c.fail([...path, 'priority'], `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
  }
  spec.priority = priority;
  if (policy) {
    if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== policy) {
      c.fail([...path, 'preemptionPolicy'], `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`);
    }
    spec.preemptionPolicy = policy;
  }
}

/**
 * The Priority admission plugin's verdict on a pod a controller creates (the ReplicaSet, Job,
 * StatefulSet or DaemonSet controller copies its template, which the API server accepted even
 * when its PriorityClass did not exist): the error the API server returns when the class does not
 * exist (now), else undefined after resolving spec.priority and spec.preemptionPolicy from it.
 * mirrors plugin/pkg/admission/priority/admission.go admitPod (the Forbidden error names the
 * pod by its generateName when it has no name yet, as admission.NewForbidden does)
 */
export function admitCreatedPodPriority(pod: { metadata: { name?: string; generateName?: string }; spec: PodSpec }, classes: ReadonlyMap<string, PriorityClass>): string | undefined {
  const spec = pod.spec;
  const name = spec.priorityClassName;
  if (!name || spec.priority !== undefined) return undefined;
  const pc = classes.get(name);
  if (!pc) return `pods "${pod.metadata.generateName ?? pod.metadata.name ?? ''}" is forbidden: no PriorityClass with name ${name} was found`;
  spec.priority = pc.value;
  spec.preemptionPolicy ??= pc.preemptionPolicy ?? 'PreemptLowerPriority';
  return undefined;
}
