/**
 * The decision-equivalence cases: small seeded synthetic clusters scheduled to the end, every
 * scheduler event recorded in order (node per pod, failures with their message and plugins,
 * preemptions with victims). test/scheduler/equivalence.test.ts compares these with
 * test/fixtures/scheduler/equivalence.json, which was written by
 *
 *   node bin/run-ts.mjs bench/equivalence-cases.ts --write
 *
 * on the unoptimised scheduler (commit noted in the fixture) before any hot-path optimisation,
 * so the optimisations are shown not to change a single decision.
 */
import { writeFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { KubeSchedulerConfiguration } from '../src/scheduler/config.ts';
import type { SchedulerEvent } from '../src/scheduler/scheduler.ts';
import { buildScheduler } from '../src/scheduler/setup.ts';
import { syntheticCluster, type SyntheticOptions } from './synthetic.ts';

/** One case: a cluster, a percentageOfNodesToScore, a scheduler seed. */
export interface EquivalenceCase {
  name: string;
  cluster: SyntheticOptions;
  percentageOfNodesToScore?: number;
  seed: number;
  /** Pods are queued in this many waves (arrival order), each scheduled to the end before the next. */
  waves?: number;
}

/** The cases (kept small: the whole set schedules in a second or two). */
export const EQUIVALENCE_CASES: readonly EquivalenceCase[] = [
  // 150 nodes, adaptive: a 100-node window, so the round-robin start index matters.
  { name: 'mixed-150-adaptive', cluster: { seed: 'equiv-a', nodes: 150, pods: 700, workload: 'mixed', podsPerReplicaSet: 25 }, seed: 1 },
  { name: 'mixed-60-all-nodes', cluster: { seed: 'equiv-b', nodes: 60, pods: 500, workload: 'mixed', podsPerReplicaSet: 15 }, percentageOfNodesToScore: 100, seed: 2 },
  { name: 'mixed-300-pct-40', cluster: { seed: 'equiv-c', nodes: 300, pods: 500, workload: 'mixed', podsPerReplicaSet: 30 }, percentageOfNodesToScore: 40, seed: 3 },
  { name: 'plain-120-all-nodes', cluster: { seed: 'equiv-d', nodes: 120, pods: 500, workload: 'plain' }, percentageOfNodesToScore: 100, seed: 4 },
  // Overcommitted: most pods do not fit, so preemption and nominated pods are exercised.
  { name: 'mixed-6-overcommitted', cluster: { seed: 'equiv-e', nodes: 6, pods: 500, workload: 'mixed', podsPerReplicaSet: 10 }, seed: 5, waves: 4 },
  { name: 'mixed-25-waves', cluster: { seed: 'equiv-f', nodes: 25, pods: 1200, workload: 'mixed', podsPerReplicaSet: 20 }, seed: 6, waves: 5 },
];

/** One event as a compact string. */
export function eventString(e: SchedulerEvent): string {
  switch (e.kind) {
    case 'Scheduled':
      return `S ${e.pod} ${e.node} ${e.feasibleNodes}/${e.evaluatedNodes}`;
    case 'FailedScheduling':
      return `F ${e.pod} [${e.plugins.join(',')}] ${e.message}`;
    case 'Preempted':
      return `P ${e.pod} ${e.node} ${e.victims.join(',')}`;
  }
}

/** Schedules one case to the end and returns its events in order. */
export async function caseEvents(c: EquivalenceCase): Promise<string[]> {
  const { cluster, podKeys } = syntheticCluster(c.cluster);
  const events: string[] = [];
  const config: KubeSchedulerConfiguration | undefined =
    c.percentageOfNodesToScore === undefined
      ? undefined
      : { apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration', percentageOfNodesToScore: c.percentageOfNodesToScore };
  const sched = await buildScheduler(cluster, { seed: c.seed, config, onEvent: (e) => events.push(eventString(e)) });
  const waves = c.waves ?? 1;
  const per = Math.ceil(podKeys.length / waves);
  for (let w = 0; w < waves; w++) {
    for (const key of podKeys.slice(w * per, (w + 1) * per)) {
      const p = cluster.pods.get(key);
      if (p) sched.enqueue(p);
    }
    sched.runUntilIdle(w, 20_000);
  }
  return events;
}

/** The fixture's shape. */
export interface EquivalenceFixture {
  recordedAt: string;
  commit: string;
  cases: Record<string, string[]>;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const fixture: EquivalenceFixture = {
    recordedAt: new Date().toISOString(),
    // EQUIVALENCE_COMMIT: when recording from an exported tree (git archive) of that commit
    commit: process.env.EQUIVALENCE_COMMIT ?? execSync('git rev-parse HEAD', { cwd: root, encoding: 'utf8' }).trim(),
    cases: {},
  };
  for (const c of EQUIVALENCE_CASES) {
    const t0 = Date.now();
    fixture.cases[c.name] = await caseEvents(c);
    const ev = fixture.cases[c.name];
    const count = (k: string): number => ev.filter((x) => x.startsWith(k)).length;
    console.log(`${c.name}: ${ev.length} events (S ${count('S ')}, F ${count('F ')}, P ${count('P ')}) in ${Date.now() - t0} ms`);
  }
  const file = resolve(root, 'test/fixtures/scheduler/equivalence.json');
  writeFileSync(file, JSON.stringify(fixture, null, 1) + '\n');
  console.log(`wrote ${file}`);
}
