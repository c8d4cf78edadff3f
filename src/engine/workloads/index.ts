/**
 * Every controller the engine runs, in step 3's order: the HPA first (it writes scales the
 * workload controllers read), then Deployment before ReplicaSet (so a ReplicaSet resized this
 * tick creates its pods this tick), then StatefulSet, DaemonSet, CronJob before Job.
 * Each entry builds its controllers for a scenario (none when the scenario does not need it).
 */
import type { Scenario } from '../../scenario/types.ts';
import type { Engine, EngineController } from '../engine.ts';
import { DaemonSetController } from './daemonset.ts';
import { DeploymentController } from './deployment.ts';
import { hpaControllers } from './hpa.ts';
import { CronJobController, JobController } from './job.ts';
import { ReplicaSetController } from './replicaset.ts';
import { StatefulSetController } from './statefulset.ts';

/** Builds the controllers of one kind for a scenario. */
type ControllerFactory = (scenario: Scenario, engine: Engine) => EngineController[];

const CONTROLLERS: readonly ControllerFactory[] = [
  hpaControllers,
  () => [new DeploymentController()],
  (_s, e) => [new ReplicaSetController(e.seed)],
  () => [new StatefulSetController()],
  (_s, e) => [new DaemonSetController(e.seed)],
  () => [new CronJobController()],
  (_s, e) => [new JobController(e.seed)],
];

/** The engine's controllers for `scenario`, in registration (= sync) order. */
export function controllersFor(scenario: Scenario, engine: Engine): EngineController[] {
  return CONTROLLERS.flatMap((f) => f(scenario, engine));
}
