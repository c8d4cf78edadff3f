/**
 * Bench runs: every scenario × policy × seed, the policy replacing the scenario's scheduler
 * configuration and plugins. Checked up front (scenarios, configurations and plugins load in
 * this thread, so bad input fails before any run with a located error), then run in this
 * thread or spread over worker threads; values are kept in job order.
 */
import { availableParallelism } from 'node:os';
import { UserError } from '../cli/errors.ts';
import { runScenario } from '../engine/simulation.ts';
import { ClusterState } from '../model/cluster.ts';
import { loadScenario } from '../scenario/load.ts';
import { buildSchedulerProfiles } from '../scheduler/setup.ts';
import type { BenchSpec } from './load.ts';
import { computeMetrics, type MetricName } from './metrics.ts';
import { runInWorkers, type SerializedError } from './pool.ts';
import { estimateRunCost } from './shard.ts';
import { Checker, type JsonObject } from '../manifests/check.ts';
import { autoscalingOptions } from '../scenario/autoscaler.ts';

/** One run, as sent to a worker (plain data). */
export interface BenchJob {
  scenarioFile: string;
  /** Scenario name (for messages). */
  scenario: string;
  policy: string;
  configFile?: string;
  pluginFiles: string[];
  /** cluster-autoscaler flags over the scenario's own (as written in the policy). */
  clusterAutoscaler?: Record<string, unknown>;
  seed: number | string;
  /** Overrides the scenario's duration (seconds). */
  duration?: number;
  metrics: MetricName[];
}

/** The metric values of one run, in the bench's metric order (null: no data). */
export type RunValues = (number | null)[];

/** A bench with its scenarios loaded and named, and the runs it needs in output order. */
export interface PreparedBench {
  spec: BenchSpec;
  /** Scenario names, in bench order. */
  scenarioNames: string[];
  /** scenario-major, then policy, then seed. */
  jobs: BenchJob[];
  /** Expected cost of each job (same order; {@link estimateRunCost}), for balancing shards. */
  costs: number[];
}

/** Runs one job in this thread and returns its metric values. */
export async function runJob(job: BenchJob): Promise<RunValues> {
  // a fresh load per run: runs never share mutable objects, so results cannot depend on which runs a thread did before
  const loaded = loadScenario(job.scenarioFile);
  const scenario = { ...loaded, duration: job.duration ?? loaded.duration, scheduler: { configFile: job.configFile, plugins: job.pluginFiles } };
  if (job.clusterAutoscaler && scenario.controllers.clusterAutoscaler) {
    const c = new Checker({ file: job.scenarioFile, document: 0, base: [], location: { file: job.scenarioFile }, locate: () => ({ file: job.scenarioFile }) }, `policy ${job.policy}`);
    scenario.controllers = { ...scenario.controllers, clusterAutoscaler: autoscalingOptions(c, job.clusterAutoscaler as JsonObject, ['clusterAutoscaler'], scenario.controllers.clusterAutoscaler) };
  }
  const r = await runScenario(scenario, { seed: job.seed });
  return computeMetrics(
    { recorder: r.recorder, events: r.engine.events, expectations: r.expectations, duration: scenario.duration, podWaits: waitsWithPending(r), cost: r.clusterAutoscaler?.cost(scenario.duration) },
    job.metrics,
  );
}

/** Scheduled pods' waits plus the age at the end of pods still pending (a pod never scheduled waited the longest). */
function waitsWithPending(r: { engine: { schedulingWaits: readonly number[]; now: number; cluster: { pendingPods: Map<string, unknown> }; runtime: Map<unknown, { createdAt: number }> } }): number[] {
  const out = [...r.engine.schedulingWaits];
  for (const p of r.engine.cluster.pendingPods.values()) {
    const rt = r.engine.runtime.get(p);
    if (rt) out.push(r.engine.now - rt.createdAt);
  }
  return out;
}

/** An error as plain data, for postMessage. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof UserError) return { message: err.message, userError: { location: err.location, object: err.object, field: err.field } };
  if (err instanceof Error) return { message: err.message, stack: err.stack };
  return { message: String(err) };
}

/** The Error a serialized failure of `job` stands for (a UserError stays one). */
export function deserializeError(e: SerializedError, job: BenchJob): Error {
  if (e.userError) return new UserError(e.message, e.userError);
  const err = new Error(`run ${job.scenario} × ${job.policy} × seed ${String(job.seed)} failed: ${e.message}`);
  if (e.stack) err.stack = `${err.message}\n(worker) ${e.stack}`;
  return err;
}

/**
 * Loads every scenario (naming it) and builds every policy's profiles once, so bad scenario
 * files, scheduler configurations and plugins are reported before any run.
 */
export async function prepareBench(spec: BenchSpec): Promise<PreparedBench> {
  const scenarioNames: string[] = [];
  const scenarioCosts: number[] = [];
  const seen = new Map<string, number>();
  spec.scenarios.forEach((s, i) => {
    // loading validates the scenario file (located errors point into it)
    const loaded = loadScenario(s.file);
    const name = s.name ?? loaded.name;
    const prev = seen.get(name);
    if (prev !== undefined) {
      throw new UserError(`two scenarios are named ${JSON.stringify(name)} (also scenarios[${prev}]): give one a \`name\` ({file: ..., name: ...})`, {
        location: spec.locate(['scenarios', i]),
        object: `Bench ${spec.name}`,
        field: `scenarios[${i}]`,
      });
    }
    seen.set(name, i);
    scenarioNames.push(name);
    scenarioCosts.push(estimateRunCost(loaded, spec.duration));
  });
  for (const p of spec.policies) await buildSchedulerProfiles(new ClusterState(), { configFile: p.configFile, pluginFiles: p.pluginFiles });
  const jobs: BenchJob[] = [];
  const costs: number[] = [];
  spec.scenarios.forEach((s, i) => {
    for (const p of spec.policies) {
      for (const seed of spec.seeds) {
        costs.push(scenarioCosts[i]);
        jobs.push({
          scenarioFile: s.file,
          scenario: scenarioNames[i],
          policy: p.name,
          configFile: p.configFile,
          pluginFiles: p.pluginFiles,
          ...(p.clusterAutoscaler ? { clusterAutoscaler: p.clusterAutoscaler } : {}),
          seed,
          duration: spec.duration,
          metrics: spec.metrics,
        });
      }
    }
  });
  return { spec, scenarioNames, jobs, costs };
}

/** Options of {@link executeJobs}. */
export interface ExecuteOptions {
  /** Worker threads; 1 runs in this thread. Default: the available parallelism, at most one per run. */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

/** The default worker count for `runs` runs. */
export function defaultWorkers(runs: number): number {
  return Math.max(1, Math.min(availableParallelism(), runs));
}

/** Runs every job (in this thread or on worker threads) and returns the values in job order. */
export async function executeJobs(jobs: readonly BenchJob[], opts: ExecuteOptions = {}): Promise<RunValues[]> {
  const workers = opts.workers ?? defaultWorkers(jobs.length);
  if (workers <= 1 || jobs.length <= 1) {
    const out: RunValues[] = [];
    for (const job of jobs) {
      try {
        out.push(await runJob(job));
      } catch (err) {
        throw err instanceof UserError ? err : deserializeError(serializeError(err), job);
      }
      opts.onProgress?.(out.length, jobs.length);
    }
    return out;
  }
  return runInWorkers<BenchJob, RunValues>(jobs, workers, new URL('./worker-entry.mjs', import.meta.url), (e, i) => deserializeError(e, jobs[i]), {
    onProgress: opts.onProgress,
  });
}
