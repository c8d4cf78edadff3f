/**
 * Controllers other than Deployment/ReplicaSet, in the engine's step-3 order: the HPA runs
 * before the workload controllers ('before'); StatefulSet, DaemonSet, Job and CronJob after.
 */
import type { Scenario } from '../../scenario/types.ts';
import type { Engine, EngineController } from '../engine.ts';

/** The controllers to register before or after the Deployment/ReplicaSet pair. */
export function extraControllers(_scenario: Scenario, _engine: Engine, _where: 'before' | 'after'): EngineController[] {
  return [];
}
