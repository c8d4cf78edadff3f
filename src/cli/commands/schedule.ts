/**
 * `kubesim schedule`: every pending pod of the manifests (bare Pods and the pods workloads would
 * create) through the scheduler in one pass, no time: where each went, what stayed pending and
 * why, preemptions; the bindings written as JSON.
 */
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Argv } from 'yargs';
import { buildCluster, loadManifests } from '../../manifests/index.ts';
import { podsForWorkloads } from '../../model/expand.ts';
import { buildScheduler } from '../../scheduler/setup.ts';
import type { SchedulerEvent } from '../../scheduler/scheduler.ts';
import type { CommandModule } from './index.ts';

/** The JSON written by `schedule`. */
export interface ScheduleJson {
  seed: string;
  nodes: number;
  bindings: { pod: string; node: string }[];
  pending: { pod: string; message: string; plugins: string[] }[];
  preemptions: { pod: string; node: string; victims: string[] }[];
}

/** Schedules every pending pod of `manifests` once; returns bindings, pending pods and preemptions. */
export async function scheduleManifests(opts: { manifests: string[]; config?: string; plugins?: string[]; seed: string; percentageOfNodesToScore?: number }): Promise<ScheduleJson> {
  const cluster = buildCluster(loadManifests(opts.manifests));
  for (const pod of podsForWorkloads(cluster)) cluster.addPod(pod);
  const events: SchedulerEvent[] = [];
  const scheduler = await buildScheduler(cluster, {
    configFile: opts.config,
    config: opts.percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore: opts.percentageOfNodesToScore } : undefined,
    pluginFiles: opts.plugins,
    seed: opts.seed,
    onEvent: (e) => events.push(e),
  });
  scheduler.enqueueAllPending();
  scheduler.runUntilIdle();
  const bindings: ScheduleJson['bindings'] = [];
  const preemptions: ScheduleJson['preemptions'] = [];
  for (const e of events) {
    if (e.kind === 'Scheduled') bindings.push({ pod: e.pod, node: e.node });
    if (e.kind === 'Preempted') preemptions.push({ pod: e.pod, node: e.node, victims: e.victims });
  }
  const pending: ScheduleJson['pending'] = [];
  for (const p of cluster.pendingPods.values()) {
    const u = scheduler.unschedulable.get(p.key);
    pending.push({ pod: p.key, message: u?.message ?? 'not scheduled (scheduling gates or no profile for its schedulerName)', plugins: u ? [...u.plugins].sort() : [] });
  }
  // Bindings of preempted victims no longer hold: keep only pods still bound.
  const live = bindings.filter((b) => cluster.pods.get(b.pod)?.nodeName === b.node);
  return { seed: opts.seed, nodes: cluster.nodes.size, bindings: live, pending, preemptions };
}

/** Writes a file atomically (temp file then rename), so a failed run never leaves a half file. */
export function writeFileAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

/** The `schedule` command. */
export const scheduleCommand: CommandModule = {
  command: 'schedule',
  describe: 'Schedule every pending pod of the manifests in one pass (no time) and write the bindings',
  builder: (y: Argv) =>
    y
      .option('manifests', { alias: 'm', type: 'array', string: true, demandOption: true, describe: 'Files or folders: Nodes plus Pods and workloads to place' })
      .option('config', { alias: 'c', type: 'string', describe: 'KubeSchedulerConfiguration file (default profile when absent)' })
      .option('plugin', { type: 'array', string: true, describe: 'Custom plugin module(s) (.ts or .js)' })
      .option('seed', { type: 'string', default: '0', describe: 'Seed of tie-breaks and preemption offsets' })
      .option('percentage-of-nodes-to-score', { type: 'number', describe: 'Override percentageOfNodesToScore (0 = adaptive) when no --config is given' })
      .option('out', { alias: 'o', type: 'string', default: 'reports/schedule/bindings.json', describe: 'Where to write the bindings JSON' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the JSON instead of the summary' })
      .example('$0 schedule -m test/fixtures/manifests/alibaba_open-simulator', 'place the open-simulator example apps'),
  run: async (args) => {
    const result = await scheduleManifests({
      manifests: args.manifests as string[],
      config: args.config as string | undefined,
      plugins: args.plugin as string[] | undefined,
      seed: String(args.seed),
      percentageOfNodesToScore: args['percentage-of-nodes-to-score'] as number | undefined,
    });
    const json = JSON.stringify(result, null, 2) + '\n';
    writeFileAtomic(args.out as string, json);
    if (args.json) {
      process.stdout.write(json);
      return 0;
    }
    const lines: string[] = [];
    const width = Math.max(3, ...result.bindings.map((b) => b.pod.length));
    for (const b of result.bindings) lines.push(`${b.pod.padEnd(width)}  → ${b.node}`);
    for (const pe of result.preemptions) lines.push(`${pe.pod} preempted ${pe.victims.join(', ')} on ${pe.node}`);
    if (result.pending.length) {
      lines.push('', `Pending (${result.pending.length}):`);
      for (const p of result.pending) lines.push(`  ${p.pod}: ${p.message}`);
    }
    lines.push('', `${result.bindings.length} scheduled, ${result.pending.length} pending, ${result.preemptions.length} preemptions on ${result.nodes} nodes. Bindings written to ${args.out as string}`);
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};
