/**
 * Builders for small rollout scenarios made in code (as bench/engine.ts syntheticDay does) and
 * per-tick observers over the engine, shared by the engine rollout tests.
 */
import type { Engine } from '../../src/engine/engine.ts';
import { replicaSetsOf } from '../../src/engine/workloads/deployment.ts';
import { defaultDaemonSet, defaultDeployment, defaultStatefulSet } from '../../src/manifests/defaults.ts';
import type { PodInfo } from '../../src/model/pod-info.ts';
import type { DaemonSet, Deployment, IntOrString, KubeObject, PodTemplateSpec, StatefulSet } from '../../src/model/types.ts';
import type { Scenario, ScenarioAction, WorkloadRef } from '../../src/scenario/types.ts';

/** A one-container template `app=<name>`, image `<name>:v1`, 100m CPU. */
export function template(name: string, image = `${name}:v1`): PodTemplateSpec {
  return {
    metadata: { labels: { app: name } },
    spec: { containers: [{ name: 'c', image, resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
  };
}

/** A defaulted Deployment. */
export function deployment(name: string, replicas: number, strategy: Deployment['spec']['strategy'], minReadySeconds = 0): Deployment {
  const d: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', generation: 1 },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: template(name), strategy, minReadySeconds },
  };
  defaultDeployment(d);
  return d;
}

/** RollingUpdate with the given maxSurge / maxUnavailable. */
export function rolling(maxSurge: IntOrString, maxUnavailable: IntOrString): Deployment['spec']['strategy'] {
  return { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } };
}

/** A defaulted StatefulSet. */
export function statefulSet(name: string, replicas: number, updateStrategy: StatefulSet['spec']['updateStrategy'], extra: Partial<StatefulSet['spec']> = {}): StatefulSet {
  const s: StatefulSet = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'default', generation: 1 },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: template(name), serviceName: name, updateStrategy, ...extra },
  } as StatefulSet;
  defaultStatefulSet(s);
  return s;
}

/** A defaulted DaemonSet. */
export function daemonSet(name: string, updateStrategy: DaemonSet['spec']['updateStrategy'], minReadySeconds = 0): DaemonSet {
  const ds: DaemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default', generation: 1 },
    spec: { selector: { matchLabels: { app: name } }, template: template(name), updateStrategy, minReadySeconds },
  };
  defaultDaemonSet(ds);
  return ds;
}

/** Start-up timing of a workload's pods (seconds). */
export interface Startup {
  ready: number;
  shutdown?: number;
}

/** The reference of a workload object. */
export function ref(o: KubeObject): WorkloadRef {
  return { kind: o.kind, namespace: o.metadata.namespace ?? 'default', name: o.metadata.name ?? '' };
}

/** A scenario over `nodes` roomy nodes with the objects, their start-up timing and timed actions. */
export function scenario(
  objects: KubeObject[],
  opts: { nodes?: number; startup?: Startup | ((o: KubeObject) => Startup); events?: { at: number; action: ScenarioAction }[]; duration?: number; seed?: number } = {},
): Scenario {
  const startup = opts.startup ?? { ready: 5 };
  return {
    name: 'rollout-test',
    description: '',
    file: '<test>',
    seed: opts.seed ?? 1,
    duration: opts.duration ?? 3600,
    tick: 1,
    sampleEvery: 60,
    nodeGroups: [
      {
        count: opts.nodes ?? 4,
        namePrefix: 'node',
        zones: [],
        template: { apiVersion: 'v1', kind: 'Node', metadata: {}, status: { allocatable: { cpu: '64', memory: '256Gi', pods: '250' } } },
      },
    ],
    objects,
    notSimulated: {},
    scheduler: { plugins: [] },
    workloads: objects.map((o) => {
      const s = typeof startup === 'function' ? startup(o) : startup;
      return { target: ref(o), startup: { pull: 0, ready: s.ready, shutdown: s.shutdown ?? 0, crashLoop: false }, noise: 0 };
    }),
    events: (opts.events ?? []).map((e, index) => ({ ...e, index })),
    controllers: {
      hpa: { syncPeriod: 15, tolerance: 0.1, cpuInitializationPeriod: 300, initialReadinessDelay: 30, downscaleStabilization: 300, metricResolution: 15 },
      nodeLifecycle: { nodeMonitorGracePeriod: 40 },
    },
    expect: [],
  };
}

/** A rollout of `o` to image `<name>:<tag>` at `at`. */
export function rolloutAt(o: KubeObject, at: number, tag = 'v2'): { at: number; action: ScenarioAction } {
  return { at, action: { type: 'rollout', target: ref(o), image: `${o.metadata.name}:${tag}` } };
}

/** The image of a pod's first container. */
export function imageOf(p: PodInfo): string | undefined {
  return p.pod.spec.containers[0]?.image;
}

/** True while the pod is being deleted. */
export function terminating(p: PodInfo): boolean {
  return !!p.pod.metadata.deletionTimestamp;
}

/** Pods of a Deployment (through its ReplicaSets), with the RS name. */
export function deploymentPods(engine: Engine, d: Deployment): { rs: string; pod: PodInfo }[] {
  const out: { rs: string; pod: PodInfo }[] = [];
  const ns = d.metadata.namespace ?? 'default';
  for (const rs of replicaSetsOf(engine, d)) for (const p of engine.cluster.podsOwnedBy('ReplicaSet', ns, rs.metadata.name ?? '')) out.push({ rs: rs.metadata.name ?? '', pod: p });
  return out;
}

/** Pods owned directly by a workload (StatefulSet / DaemonSet). */
export function ownedPods(engine: Engine, o: KubeObject): PodInfo[] {
  return [...engine.cluster.podsOwnedBy(o.kind, o.metadata.namespace ?? 'default', o.metadata.name ?? '')];
}
