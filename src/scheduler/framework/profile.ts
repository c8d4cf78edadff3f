/**
 * A scheduling profile: the plugins at each extension point, in order, with score weights
 * (pkg/scheduler/framework/runtime/framework.go frameworkImpl).
 */
import type { SchedulerPlugin } from './types.ts';

/** A score plugin with its weight. */
export interface WeightedScorePlugin {
  plugin: SchedulerPlugin;
  weight: number;
}

/** A profile as built from KubeSchedulerConfiguration (or the default one). */
export interface Profile {
  schedulerName: string;
  preFilter: SchedulerPlugin[];
  filter: SchedulerPlugin[];
  /** PostFilter plugins (DefaultPreemption), run when no node is feasible. */
  postFilter: PostFilterPlugin[];
  preScore: SchedulerPlugin[];
  score: WeightedScorePlugin[];
  /**
   * How equal top scores are broken: 'random' (default, kube-scheduler's selectHost) or 'nodeName'
   * (the smallest node name, as the FGD paper's simulator's patched scheduler does for
   * reproducibility: kubernetes-scheduler-simulator vendor/.../core/generic_scheduler.go selectHost).
   */
  tieBreak?: 'random' | 'nodeName';
  /** Reserve plugins, run on the chosen node before binding (absent = none). */
  reserve?: SchedulerPlugin[];
  /** 0 or undefined = adaptive; 1..100 = fixed percentage. */
  percentageOfNodesToScore?: number;
}

/** A PostFilter plugin; preemption is the only one upstream ships. */
export interface PostFilterPlugin extends SchedulerPlugin {
  readonly postFilterKind: 'preemption';
}

/** Default score weights of the v1.35 default profile (pkg/scheduler/apis/config/v1/default_plugins.go). */
export const DEFAULT_SCORE_WEIGHTS: Readonly<Record<string, number>> = {
  TaintToleration: 3,
  NodeAffinity: 2,
  NodeResourcesFit: 1,
  PodTopologySpread: 2,
  InterPodAffinity: 2,
  NodeResourcesBalancedAllocation: 1,
  ImageLocality: 1,
};

/** The default profile's multiPoint plugins in execution order (volume/DRA plugins are not simulated). */
export const DEFAULT_PLUGIN_ORDER: readonly string[] = [
  'PrioritySort',
  'NodeUnschedulable',
  'NodeName',
  'TaintToleration',
  'NodeAffinity',
  'NodePorts',
  'NodeResourcesFit',
  'PodTopologySpread',
  'InterPodAffinity',
  'DefaultPreemption',
  'NodeResourcesBalancedAllocation',
  'ImageLocality',
];

/** The default scheduler name. */
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
