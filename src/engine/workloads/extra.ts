/**
 * Controllers other than Deployment/ReplicaSet, in the engine's step-3 order: the HPA runs
 * before the workload controllers ('before'); StatefulSet, DaemonSet, Job and CronJob after.
 * Each entry builds its controllers for a scenario (none when the scenario does not need it).
 */
import type { Scenario } from '../../scenario/types.ts';
import type { Engine, EngineController } from '../engine.ts';
import { hpaControllers } from './hpa.ts';

/** Builds the controllers of one kind for a scenario. */
type ControllerFactory = (scenario: Scenario, engine: Engine) => EngineController[];

/** Registered before the Deployment/ReplicaSet pair, in this order. */
const BEFORE: ControllerFactory[] = [hpaControllers];

/** Registered after the Deployment/ReplicaSet pair, in this order. */
const AFTER: ControllerFactory[] = [];

/** The controllers to register before or after the Deployment/ReplicaSet pair. */
export function extraControllers(scenario: Scenario, engine: Engine, where: 'before' | 'after'): EngineController[] {
  return (where === 'before' ? BEFORE : AFTER).flatMap((f) => f(scenario, engine));
}
