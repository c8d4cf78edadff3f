/**
 * One workload under one load curve, through the whole engine (HPA, Deployment and ReplicaSet
 * controllers, scheduler, kubelet model) — the library call behind property tests of autoscaler
 * settings that need more than a single reconcile: scale-up latency, pending pods, rollouts.
 */
import { loadManifestSources } from '../manifests/index.ts';
import type { Deployment, HorizontalPodAutoscaler, KubeObject } from '../model/types.ts';
import type { HpaSettings, LoadModel, Scenario, ScenarioEvent } from '../scenario/types.ts';
import type { EngineEvent } from './engine.ts';
import { runScenario, workloadSeries } from './simulation.ts';

/** Input of {@link simulateWorkload}. */
export interface WorkloadRunInput {
  /** The Deployment (apps/v1, as in a manifest; defaulted and admitted like one). */
  deployment: Deployment;
  /** Its HorizontalPodAutoscaler (autoscaling/v2 or v1), targeting the Deployment. */
  hpa?: HorizontalPodAutoscaler | KubeObject;
  /** A load model, or a series of load values, one per `stepSeconds`. */
  load: LoadModel | readonly number[];
  /** Seconds per value when `load` is an array (default 60). */
  stepSeconds?: number;
  /** CPU millicores per unit of load, spread over ready pods. */
  cpuPerRequest: number;
  /** Baseline CPU millicores per pod (default 0). */
  baseCpu?: number;
  /** Relative noise of the usage (default 0). */
  noise?: number;
  /** Simulated seconds (default: the length of the load series, else 1 h). */
  duration?: number;
  seed?: number | string;
  /** Pod start-up: image pull and readiness delay in seconds (defaults 10 and 5). */
  startup?: { pull?: number; ready?: number };
  /** Nodes: how many and their allocatable (default 20 × 8 CPU / 32Gi / 110 pods). */
  nodes?: { count?: number; allocatable?: Record<string, string> };
  /** HPA controller settings (kube-controller-manager defaults when absent). */
  hpaSettings?: Partial<HpaSettings>;
  /** Image rollouts of the Deployment at these times (seconds). */
  rollouts?: readonly { at: number; image: string }[];
}

/** What {@link simulateWorkload} returns. */
export interface WorkloadRunResult {
  /** Change points of the Deployment's spec.replicas (what the HPA wrote). */
  desiredReplicas: { t: number[]; v: number[] };
  readyReplicas: { t: number[]; v: number[] };
  pendingPods: { t: number[]; v: number[] };
  peakReplicas: number;
  /** First time spec.replicas reached its peak. */
  timeToPeak: number;
  events: readonly EngineEvent[];
}

/** Runs one Deployment (and its HPA) over a load curve and returns its replica history. */
export async function simulateWorkload(input: WorkloadRunInput): Promise<WorkloadRunResult> {
  const docs = [input.deployment, ...(input.hpa ? [input.hpa] : [])].map((o) => JSON.stringify(o)).join('\n---\n');
  const loaded = loadManifestSources([{ file: '<simulateWorkload input>', text: docs }]);
  const objects = loaded.objects.map((o) => o.object);
  const d = objects.find((o) => o.kind === 'Deployment');
  if (!d) throw new Error('simulateWorkload: the input has no Deployment');
  const ns = d.metadata.namespace ?? 'default';
  const name = d.metadata.name ?? '';
  const step = input.stepSeconds ?? 60;
  const load: LoadModel = Array.isArray(input.load)
    ? { type: 'csv', file: '<array>', column: 'load', step, scale: 1, loop: false, values: [...(input.load as readonly number[])] }
    : (input.load as LoadModel);
  const duration = input.duration ?? (Array.isArray(input.load) ? (input.load as readonly number[]).length * step : 3600);
  const events: ScenarioEvent[] = (input.rollouts ?? []).map((r, i) => ({
    at: r.at,
    index: i,
    action: { type: 'rollout', target: { kind: 'Deployment', namespace: ns, name }, image: r.image },
  }));
  const scenario: Scenario = {
    name: `workload-${name}`,
    description: 'simulateWorkload',
    file: '<simulateWorkload>',
    seed: input.seed ?? 0,
    duration,
    tick: 1,
    sampleEvery: 60,
    nodeGroups: [
      {
        count: input.nodes?.count ?? 20,
        namePrefix: 'node',
        zones: ['a', 'b', 'c'],
        template: { apiVersion: 'v1', kind: 'Node', metadata: {}, status: { allocatable: { cpu: '8', memory: '32Gi', pods: '110', ...(input.nodes?.allocatable ?? {}) } } },
      },
    ],
    objects,
    notSimulated: {},
    scheduler: { plugins: [] },
    workloads: [
      {
        target: { kind: 'Deployment', namespace: ns, name },
        startup: { pull: input.startup?.pull ?? 10, ready: input.startup?.ready ?? 5, shutdown: 0, crashLoop: false },
        load,
        cpuPerRequest: input.cpuPerRequest,
        baseCpu: input.baseCpu ?? 0,
        noise: input.noise ?? 0,
      },
    ],
    events,
    controllers: {
      hpa: { syncPeriod: 15, tolerance: 0.1, cpuInitializationPeriod: 300, initialReadinessDelay: 30, downscaleStabilization: 300, metricResolution: 15, ...(input.hpaSettings ?? {}) },
      nodeLifecycle: { nodeMonitorGracePeriod: 40 },
    },
    expect: [],
  };
  const r = await runScenario(scenario);
  const series = (metric: string): { t: number[]; v: number[] } => r.recorder.series.get(workloadSeries('Deployment', ns, name, metric)) ?? { t: [], v: [] };
  const desired = series('desiredReplicas');
  let peak = 0;
  let at = 0;
  desired.v.forEach((v, i) => {
    if (v > peak) [peak, at] = [v, desired.t[i]];
  });
  return {
    desiredReplicas: desired,
    readyReplicas: series('readyReplicas'),
    pendingPods: r.recorder.series.get('pendingPods') ?? { t: [], v: [] },
    peakReplicas: peak,
    timeToPeak: at,
    events: r.engine.events,
  };
}
