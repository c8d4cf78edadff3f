/**
 * API server defaulting for the fields simulation reads (what `kubectl get -o yaml` would show
 * right after `kubectl apply`). Mutates the (freshly decoded) objects in place.
 * mirrors pkg/apis/core/v1/defaults.go, pkg/apis/apps/v1/defaults.go, pkg/apis/batch/v1/defaults.go,
 * pkg/apis/scheduling/v1/defaults.go
 */
import type {
  Container,
  CronJob,
  DaemonSet,
  Deployment,
  Job,
  LimitRange,
  Node,
  PodSpec,
  PriorityClass,
  ReplicaSet,
  StatefulSet,
} from '../model/types.ts';

/** The default scheduler's name (v1.DefaultSchedulerName). */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** Requests default to limits per resource for every container (SetDefaults_Pod; done for pods, here for templates too). */
function defaultRequestsFromLimits(containers: Container[] | undefined): void {
  for (const c of containers ?? []) {
    const limits = c.resources?.limits;
    if (!limits) continue;
    const requests = (c.resources!.requests ??= {});
    for (const k of Object.keys(limits)) if (!(k in requests)) requests[k] = limits[k];
  }
}

/** With hostNetwork, every container port is also a host port (defaultHostNetworkPorts). */
function defaultHostNetworkPorts(containers: Container[] | undefined): void {
  for (const c of containers ?? []) for (const p of c.ports ?? []) if (!p.hostPort) p.hostPort = p.containerPort;
}

/**
 * PodSpec defaults: restartPolicy Always, terminationGracePeriodSeconds 30, schedulerName
 * default-scheduler, port protocol TCP, host ports under hostNetwork, requests from limits.
 * mirrors pkg/apis/core/v1/defaults.go SetDefaults_PodSpec, SetDefaults_Pod, SetDefaults_ContainerPort
 */
export function defaultPodSpec(spec: PodSpec): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.schedulerName ??= DEFAULT_SCHEDULER_NAME;
  spec.dnsPolicy ??= 'ClusterFirst';
  if (spec.hostNetwork) {
    defaultHostNetworkPorts(spec.containers);
    defaultHostNetworkPorts(spec.initContainers);
  }
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  }
  defaultRequestsFromLimits(spec.containers);
  defaultRequestsFromLimits(spec.initContainers);
}

/** mirrors pkg/apis/apps/v1/defaults.go SetDefaults_Deployment */
export function defaultDeployment(d: Deployment): void {
  const s = d.spec;
  s.replicas ??= 1;
  const strategy = (s.strategy ??= {});
  strategy.type ??= 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= '25%';
    ru.maxSurge ??= '25%';
  }
  s.revisionHistoryLimit ??= 10;
  s.progressDeadlineSeconds ??= 600;
  s.minReadySeconds ??= 0;
  defaultPodSpec(s.template.spec);
}

/** mirrors pkg/apis/apps/v1/defaults.go SetDefaults_ReplicaSet */
export function defaultReplicaSet(rs: ReplicaSet): void {
  rs.spec.replicas ??= 1;
  rs.spec.minReadySeconds ??= 0;
  defaultPodSpec(rs.spec.template.spec);
}

/**
 * mirrors pkg/apis/apps/v1/defaults.go SetDefaults_StatefulSet (MaxUnavailableStatefulSet is beta
 * and on in v1.35, so rollingUpdate.maxUnavailable defaults to 1).
 */
export function defaultStatefulSet(ss: StatefulSet): void {
  const s = ss.spec;
  s.podManagementPolicy ??= 'OrderedReady';
  const us = (s.updateStrategy ??= {});
  if (us.type === undefined) {
    us.type = 'RollingUpdate';
    us.rollingUpdate ??= {};
  }
  if (us.type === 'RollingUpdate' && us.rollingUpdate) {
    us.rollingUpdate.partition ??= 0;
    us.rollingUpdate.maxUnavailable ??= 1;
  }
  s.replicas ??= 1;
  s.revisionHistoryLimit ??= 10;
  s.minReadySeconds ??= 0;
  defaultPodSpec(s.template.spec);
}

/** mirrors pkg/apis/apps/v1/defaults.go SetDefaults_DaemonSet */
export function defaultDaemonSet(ds: DaemonSet): void {
  const s = ds.spec;
  const us = (s.updateStrategy ??= {});
  us.type ??= 'RollingUpdate';
  if (us.type === 'RollingUpdate') {
    const ru = (us.rollingUpdate ??= {});
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  s.revisionHistoryLimit ??= 10;
  s.minReadySeconds ??= 0;
  defaultPodSpec(s.template.spec);
}

/**
 * Both unset → completions = parallelism = 1; parallelism alone defaults to 1 (completions stay
 * unset: a work-queue Job); backoffLimit 6; completionMode NonIndexed; suspend false.
 * mirrors pkg/apis/batch/v1/defaults.go SetDefaults_Job
 */
export function defaultJobSpec(s: Job['spec']): void {
  if (s.completions === undefined && s.parallelism === undefined) {
    s.completions = 1;
    s.parallelism = 1;
  }
  s.parallelism ??= 1;
  s.backoffLimit ??= s.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  s.completionMode ??= 'NonIndexed';
  s.suspend ??= false;
  defaultPodSpec(s.template.spec);
}

/** A Job: spec defaults, and the Job's labels default to its template's labels. */
export function defaultJob(j: Job): void {
  defaultJobSpec(j.spec);
  const tl = j.spec.template.metadata?.labels;
  if (tl && Object.keys(j.metadata.labels ?? {}).length === 0) j.metadata.labels = { ...tl };
}

/**
 * mirrors pkg/apis/batch/v1/defaults.go SetDefaults_CronJob. The job template's spec is not a Job,
 * so only its pod spec is defaulted here; the CronJob controller's Jobs get Job defaults when created.
 */
export function defaultCronJob(cj: CronJob): void {
  const s = cj.spec;
  s.concurrencyPolicy ??= 'Allow';
  s.suspend ??= false;
  s.successfulJobsHistoryLimit ??= 3;
  s.failedJobsHistoryLimit ??= 1;
  defaultPodSpec(s.jobTemplate.spec.template.spec);
}

/** mirrors pkg/apis/scheduling/v1/defaults.go SetDefaults_PriorityClass */
export function defaultPriorityClass(pc: PriorityClass): void {
  pc.preemptionPolicy ??= 'PreemptLowerPriority';
  pc.globalDefault ??= false;
}

/** Allocatable defaults to capacity when absent (mirrors pkg/apis/core/v1/defaults.go SetDefaults_NodeStatus). */
export function defaultNode(n: Node): void {
  if (n.status && !n.status.allocatable && n.status.capacity) n.status.allocatable = { ...n.status.capacity };
}

/**
 * Container items: default limit = max, default request = default limit, else min.
 * mirrors pkg/apis/core/v1/defaults.go SetDefaults_LimitRangeItem
 */
export function defaultLimitRange(lr: LimitRange): void {
  for (const item of lr.spec.limits) {
    if (item.type !== 'Container') continue;
    const def = (item.default ??= {});
    const req = (item.defaultRequest ??= {});
    for (const k of Object.keys(item.max ?? {})) if (!(k in def)) def[k] = item.max![k];
    for (const k of Object.keys(def)) if (!(k in req)) req[k] = def[k];
    for (const k of Object.keys(item.min ?? {})) if (!(k in req)) req[k] = item.min![k];
  }
}
