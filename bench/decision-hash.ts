/**
 * A hash of every decision the scheduler makes on a synthetic cluster (the Scheduled /
 * FailedScheduling / Preempted event stream), for checking that an optimisation moved nothing:
 * run it in two trees and compare the lines.
 *
 *   node bin/run-ts.mjs bench/decision-hash.ts NODES PODS mixed|plain [percentageOfNodesToScore]
 *
 * The cluster is bench/scheduler.ts's (seed `bench-NODES`); prints nodes, pods, workload,
 * percentage, events and the first 16 hex digits of the SHA-256 of the events.
 */
import { createHash } from 'node:crypto';
import { syntheticCluster } from './synthetic.ts';
import { buildScheduler } from '../src/scheduler/setup.ts';

const [nodes, pods] = [Number(process.argv[2]), Number(process.argv[3])];
const workload = process.argv[4] === 'plain' ? 'plain' : 'mixed';
const pct = process.argv[5];
if (!Number.isInteger(nodes) || !Number.isInteger(pods) || nodes < 1 || pods < 0) {
  process.stderr.write('usage: bench/decision-hash.ts NODES PODS mixed|plain [percentageOfNodesToScore]\n');
  process.exit(2);
}
const { cluster } = syntheticCluster({ seed: `bench-${nodes}`, nodes, pods, workload });
const h = createHash('sha256');
let events = 0;
const config = pct ? { apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration' as const, percentageOfNodesToScore: Number(pct) } : undefined;
const sched = await buildScheduler(cluster, {
  seed: 1,
  config,
  onEvent: (e) => {
    h.update(JSON.stringify(e));
    events++;
  },
});
sched.enqueueAllPending();
sched.runUntilIdle(0);
console.log(nodes, pods, workload, pct ?? '', events, h.digest('hex').slice(0, 16));
