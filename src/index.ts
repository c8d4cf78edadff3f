/**
 * kubesim's library API (the package entry, `import { ... } from 'kubesim'`): the model loader,
 * the scheduler (profiles from configuration, one scheduling cycle per pod), the HPA controller's
 * one-reconcile function and fast-check arbitraries for property tests, the Deployment
 * controller's sync step, and the engine that runs scenarios.
 */

// model and manifests
export { ClusterState, objectKey } from './model/cluster.ts';
export { NodeInfo } from './model/node-info.ts';
export { newPodInfo, type PodInfo } from './model/pod-info.ts';
export { parseQuantity, formatQuantity, quantityValue, quantityMilliValue, compareQuantities, QuantityError, type Quantity } from './model/quantity.ts';
export { podRequests, type Resource } from './model/resources.ts';
export type * from './model/types.ts';
export { loadManifests, buildCluster, parseManifests, type LoadedManifests } from './manifests/index.ts';
export { UserError } from './cli/errors.ts';

// scheduler
export { Scheduler, type SchedulerEvent, type SchedulerOptions } from './scheduler/scheduler.ts';
export { buildScheduler, buildSchedulerProfiles, loadSchedulerConfig } from './scheduler/setup.ts';
export { buildProfiles, type KubeSchedulerConfiguration } from './scheduler/config.ts';
export { Framework, numFeasibleNodesToFind, selectHost, type ScheduleResult } from './scheduler/framework/framework.ts';
export { CycleState, type SchedulerPlugin, type Status, type PluginFactory } from './scheduler/framework/types.ts';
export { IN_TREE_PLUGINS } from './scheduler/registry.ts';
export { loadPluginModule, type UserPlugin } from './scheduler/custom-plugins.ts';

// HPA: reconcile() is one upstream reconcileAutoscaler; arbitraries for fast-check
export { reconcile, DEFAULT_HPA_OPTIONS, arbitraries, toAutoscalingV2 } from './hpa/index.ts';
export type * from './hpa/types.ts';

// node autoscaling (cluster-autoscaler 1.35): pure pieces named after upstream, the loop, arbitraries
export * as autoscaler from './autoscaler/index.ts';

// workload controllers (pure upstream logic)
export { syncDeployment, type DeploymentView, type DeploymentSyncResult } from './controllers/deployment/index.ts';

// engine and scenarios
export { loadScenario } from './scenario/load.ts';
export type { Scenario } from './scenario/types.ts';
export { runScenario, buildSimulation, type SimulationResult } from './engine/simulation.ts';
export { Engine } from './engine/engine.ts';
export { simulateWorkload, type WorkloadRunInput, type WorkloadRunResult } from './engine/workload-run.ts';
export { writeRunOutputs } from './report/outputs.ts';
