/**
 * A scenario (kubesim.io/v1alpha1 Scenario) after validation: durations in seconds, paths
 * resolved against the scenario file, every field defaulted.
 */
import type { KubeObject, Node } from '../model/types.ts';
import type { AutoscalingOptions, NodeGroupConfig } from '../autoscaler/options.ts';
import type { PriorityConfigMap } from '../autoscaler/expander/index.ts';

/** A group of identical nodes made from a template. */
export interface NodeGroup {
  count: number;
  namePrefix: string;
  /** Node names get zone labels round-robin from this list (topology.kubernetes.io/zone). */
  zones: string[];
  template: Node;
}

/** A workload reference `Kind/name` or `Kind/namespace/name`. */
export interface WorkloadRef {
  kind: string;
  namespace: string;
  name: string;
}

/** How load turns into usage (the HPA issue's load models). */
export type LoadModel =
  | { type: 'constant'; value: number }
  | { type: 'step'; steps: { at: number; value: number }[] }
  | { type: 'ramp'; from: number; to: number; start: number; end: number }
  | { type: 'diurnal'; min: number; max: number; peakAt: number; period: number }
  | { type: 'spike'; base: number; peak: number; at: number; duration: number; rampUp: number; rampDown: number }
  | { type: 'csv'; file: string; column: string; timeColumn?: string; step: number; scale: number; loop: boolean; values: number[] };

/** Per-workload behaviour: start-up timing and (for the HPA) load and per-request usage. */
export interface WorkloadSpec {
  target: WorkloadRef;
  startup: { pull: number; ready: number; shutdown: number; crashLoop: boolean; run?: number };
  load?: LoadModel;
  /** CPU millicores per unit of load, spread over ready pods. */
  cpuPerRequest?: number;
  /** Baseline CPU millicores per pod. */
  baseCpu?: number;
  /** Memory bytes per pod (constant). */
  memoryPerPod?: number;
  /** Relative noise (0.05 = ±5% Gaussian-ish), seeded. */
  noise: number;
  /** Custom per-pod metrics: name → units per pod per unit of load ÷ ready pods (e.g. requests per second). */
  podMetrics?: Record<string, { perRequest: number }>;
  /**
   * External metrics: name → value = load × factor (e.g. messages in flight). With
   * `servicePerPod` the metric is a queue backlog instead: it grows by load × perRequest per
   * second and every ready pod drains `servicePerPod` per second (never below 0).
   */
  externalMetrics?: Record<string, { perRequest: number; servicePerPod?: number }>;
  /** Object metrics (custom.metrics.k8s.io for one object, e.g. an Ingress's requests per second): name → value = load × factor. */
  objectMetrics?: Record<string, { perRequest: number }>;
}

/** A scripted event: what happens and when. */
export type ScenarioAction =
  | { type: 'rollout'; target: WorkloadRef; image?: string; container?: string; set?: Record<string, unknown>; crashLoop?: boolean }
  | { type: 'scale'; target: WorkloadRef; replicas: number }
  | { type: 'pause'; target: WorkloadRef }
  | { type: 'resume'; target: WorkloadRef }
  | { type: 'rollback'; target: WorkloadRef; revision?: number }
  | { type: 'nodeFailure'; node: string }
  | { type: 'nodeRecovery'; node: string }
  | { type: 'cordon'; node: string }
  | { type: 'uncordon'; node: string }
  | { type: 'drain'; node: string }
  | { type: 'addNodes'; group: NodeGroup }
  | { type: 'removeNodes'; nodes: string[] }
  | { type: 'apply'; objects: KubeObject[] };

/** An event at a simulated time (seconds). */
export interface ScenarioEvent {
  at: number;
  action: ScenarioAction;
  /** Index in the scenario's events list (for messages). */
  index: number;
}

/** An assertion over the run's time series or events. */
export interface Expectation {
  index: number;
  /** The text of the assertion, as written, for messages. */
  text: string;
  /** Time-series metric (pendingPods, readyReplicas, ...) or event kind count. */
  metric?: string;
  event?: string;
  target?: WorkloadRef;
  min?: number;
  max?: number;
  /** Window of the check: [after, before]; `at` checks one instant. */
  after?: number;
  before?: number;
  at?: number;
  /** Time-to-reach: the metric must reach `reaches` (≥) within `within` seconds of `after` (default 0). */
  reaches?: number;
  within?: number;
}

/** HPA controller settings (kube-controller-manager flags). */
export interface HpaSettings {
  syncPeriod: number;
  tolerance: number;
  cpuInitializationPeriod: number;
  initialReadinessDelay: number;
  downscaleStabilization: number;
  metricResolution: number;
}

/** Node lifecycle settings. */
export interface NodeLifecycleSettings {
  /** Time without heartbeats before a node is marked NotReady/Unknown (node-monitor-grace-period). */
  nodeMonitorGracePeriod: number;
}

/** A validated scenario. */
export interface Scenario {
  name: string;
  description: string;
  file: string;
  seed: number | string;
  duration: number;
  tick: number;
  sampleEvery: number;
  nodeGroups: NodeGroup[];
  /** Autoscaled node groups (cluster.nodeGroups), driven by the cluster-autoscaler. */
  autoscaledNodeGroups?: NodeGroupConfig[];
  /** Objects from manifests (nodes included), in file order. */
  objects: KubeObject[];
  notSimulated: Record<string, number>;
  scheduler: { configFile?: string; plugins: string[] };
  workloads: WorkloadSpec[];
  events: ScenarioEvent[];
  controllers: {
    hpa: HpaSettings;
    nodeLifecycle: NodeLifecycleSettings;
    /** cluster-autoscaler flags; undefined when the scenario has no autoscaled node groups. */
    clusterAutoscaler?: AutoscalingOptions;
  };
  /** kube-system/cluster-autoscaler-priority-expander from the manifests, for the priority expander. */
  priorityConfigMap?: PriorityConfigMap;
  expect: Expectation[];
}
