/**
 * `kubesim schedule`: every pending pod of the manifests (bare Pods and the pods workloads would
 * create) through the scheduler in one pass, no time: where each went, what stayed pending and
 * why, preemptions; the bindings written as JSON.
 */
import { mkdirSync, writeFileSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Argv } from 'yargs';
import type { ClusterState } from '../../model/cluster.ts';
import type { Pod } from '../../model/types.ts';
import type { Scheduler } from '../../scheduler/scheduler.ts';
import type { CommandModule } from './index.ts';
import { createProgress, formatCount, formatWall, progressMode } from '../progress.ts';

/** The JSON written by `schedule`. */
export interface ScheduleJson {
  seed: string;
  nodes: number;
  bindings: { pod: string; node: string }[];
  pending: { pod: string; message: string; plugins: string[] }[];
  preemptions: { pod: string; node: string; victims: string[] }[];
  /** Victims owned by a controller come back as new pending pods (the controller replaces them). */
  recreated: { victim: string; pod: string }[];
}

/** Schedules every pending pod of `manifests` once; returns bindings, pending pods and preemptions. */
export async function scheduleManifests(opts: {
  manifests: string[];
  config?: string;
  plugins?: string[];
  seed: string;
  percentageOfNodesToScore?: number;
  /** Called after each scheduling attempt: pods bound so far, failed attempts, pods to place. */
  onProgress?: (scheduled: number, failed: number, total: number) => void;
}): Promise<ScheduleJson> {
  // loaded here, not at the top, so that `kubesim --help` does not load the scheduler
  const { buildCluster, loadManifests } = await import('../../manifests/index.ts');
  const { podsForWorkloads } = await import('../../model/expand.ts');
  const { buildScheduler } = await import('../../scheduler/setup.ts');
  const cluster = buildCluster(loadManifests(opts.manifests));
  for (const pod of podsForWorkloads(cluster)) cluster.addPod(pod);
  // bindings and preemptions in event order, built as the events come (no list of every event)
  const bindings: ScheduleJson['bindings'] = [];
  const preemptions: ScheduleJson['preemptions'] = [];
  const recreated: ScheduleJson['recreated'] = [];
  let scheduled = 0;
  let failed = 0;
  let total = 0;
  // set right below; victims are evicted only while the scheduler runs
  let scheduler!: Scheduler;
  scheduler = await buildScheduler(cluster, {
    configFile: opts.config,
    config: opts.percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore: opts.percentageOfNodesToScore } : undefined,
    pluginFiles: opts.plugins,
    seed: opts.seed,
    onEvent: (e) => {
      if (e.kind === 'Scheduled') bindings.push({ pod: e.pod, node: e.node });
      else if (e.kind === 'Preempted') preemptions.push({ pod: e.pod, node: e.node, victims: e.victims });
      if (!opts.onProgress) return;
      if (e.kind === 'Scheduled') scheduled++;
      else if (e.kind === 'FailedScheduling') failed++;
      else return;
      opts.onProgress(scheduled, failed, total);
    },
    evictVictim: (v) => {
      cluster.removePod(v.key);
      scheduler.podDeleted(v);
      const replacement = replacementPod(v.pod, cluster);
      if (replacement) {
        const p = cluster.addPod(replacement);
        recreated.push({ victim: v.key, pod: p.key });
        scheduler.enqueue(p);
      }
    },
  });
  scheduler.enqueueAllPending();
  total = cluster.pendingPods.size;
  scheduler.runUntilIdle();
  const pending: ScheduleJson['pending'] = [];
  for (const p of cluster.pendingPods.values()) {
    const u = scheduler.unschedulable.get(p.key);
    pending.push({ pod: p.key, message: u?.message ?? 'not scheduled (scheduling gates or no profile for its schedulerName)', plugins: u ? [...u.plugins].sort() : [] });
  }
  // Bindings of preempted victims no longer hold: keep only pods still bound.
  const live = preemptions.length === 0 && recreated.length === 0 ? bindings : bindings.filter((b) => cluster.pods.get(b.pod)?.nodeName === b.node);
  return { seed: opts.seed, nodes: cluster.nodes.size, bindings: live, pending, preemptions, recreated };
}

/**
 * The pod a victim's controller creates in its place (none for bare pods): the same template,
 * unbound; a StatefulSet reuses the name, other controllers take the next free `owner-N` name
 * (the naming of {@link podsForWorkloads}).
 */
export function replacementPod(victim: Pod, cluster: ClusterState): Pod | undefined {
  const owner = victim.metadata.ownerReferences?.find((r) => r.controller);
  if (!owner) return undefined;
  const ns = victim.metadata.namespace ?? 'default';
  let name = victim.metadata.name!;
  if (owner.kind !== 'StatefulSet') {
    let i = 0;
    while (cluster.pods.has(`${ns}/${owner.name}-${i}`) || `${owner.name}-${i}` === victim.metadata.name) i++;
    name = `${owner.name}-${i}`;
  }
  const { deletionTimestamp: _d, uid: _u, ...metadata } = victim.metadata;
  return { ...victim, metadata: { ...metadata, name }, spec: { ...victim.spec, nodeName: undefined }, status: { phase: 'Pending' } };
}

/** Writes a file atomically (temp file then rename), so a failed run never leaves a half file. */
export function writeFileAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

/**
 * Writes `value` as `JSON.stringify(value, null, 2) + '\n'` atomically, streamed: a million
 * bindings never become one string.
 */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const { writeJsonFile } = await import('../../report/outputs.ts');
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeJsonFile(tmp, value);
  renameSync(tmp, file);
}

/** Above this many bindings (or pending pods) the summary lists the first ones and says where the rest are. */
export const LISTED_AT_MOST = 10_000;
/** How many are listed then. */
const LISTED_HEAD = 20;

/** The `schedule` command. */
export const scheduleCommand: CommandModule = {
  command: 'schedule',
  describe: 'Schedule every pending pod of the manifests in one pass (no time) and write the bindings',
  builder: (y: Argv) =>
    y
      .option('manifests', { alias: 'm', type: 'array', string: true, demandOption: true, describe: 'Files or folders: Nodes, bound Pods, and the Pods and workloads to place (repeatable)' })
      .option('config', { alias: 'c', type: 'string', describe: 'KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1); pods pick a profile by spec.schedulerName. Default: the v1.35 default profile' })
      .option('plugin', { type: 'array', string: true, describe: 'Custom plugin module (.ts or .js), repeatable' })
      .option('seed', { type: 'string', default: '0', describe: 'Seed of tie-breaks and preemption offsets: the same seed gives the same bindings' })
      .option('percentage-of-nodes-to-score', { type: 'number', describe: 'percentageOfNodesToScore (0 = adaptive, 100 = all nodes) when no --config is given' })
      .option('out', { alias: 'o', type: 'string', default: 'reports/schedule/bindings.json', describe: 'Where to write the JSON: {seed, nodes, bindings, pending, preemptions, recreated}' })
      .option('json', { type: 'boolean', default: false, describe: 'Print that JSON instead of the summary' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No progress (a redrawn line on a terminal, a line every 5 s elsewhere)' })
      .example('$0 schedule -m test/fixtures/scheduler/clusters/small.yaml -m test/fixtures/scheduler/clusters/workloads.yaml', 'place a Deployment and two pods, one by preemption')
      .example('$0 schedule -m test/fixtures/manifests/alibaba_open-simulator --seed 7 -o out/bindings.json', 'the open-simulator example apps')
      .epilog('Workloads are expanded into the pods their controllers would create (Deployment/ReplicaSet/StatefulSet replicas, Job parallelism, one DaemonSet pod per eligible node); pods go through the queue by priority, then arrival. Exit 2 on bad input.'),
  run: async (args) => {
    const progress = createProgress({ mode: progressMode(args.quiet === true), label: 'kubesim schedule' });
    const onProgress = (scheduled: number, failed: number, total: number): void =>
      progress.report((wall) => {
        const text = `${formatCount(scheduled)} / ${formatCount(total)} pods scheduled, ${formatCount(failed)} failed attempts`;
        const rate = wall > 0 ? `, ${formatCount(scheduled / wall)} pods/s` : '';
        return { bar: `schedule: ${text}`, line: `${text}, ${formatWall(wall)} wall${rate}` };
      });
    const result = await scheduleManifests({
      onProgress,
      manifests: args.manifests as string[],
      config: args.config as string | undefined,
      plugins: args.plugin as string[] | undefined,
      seed: String(args.seed),
      percentageOfNodesToScore: args['percentage-of-nodes-to-score'] as number | undefined,
    });
    progress.done((wall) => `done: ${formatCount(result.bindings.length)} scheduled, ${formatCount(result.pending.length)} pending in ${formatWall(wall)} wall`);
    await writeJsonAtomic(args.out as string, result);
    if (args.json) {
      // the file just written, in pieces (the same bytes as JSON.stringify(result, null, 2))
      const { createReadStream } = await import('node:fs');
      const { pipeline } = await import('node:stream/promises');
      await pipeline(createReadStream(args.out as string), process.stdout, { end: false });
      return 0;
    }
    // a huge run lists its first bindings (and pending pods) only: all of them are in the JSON
    const head = <T>(list: readonly T[]): readonly T[] => (list.length > LISTED_AT_MOST ? list.slice(0, LISTED_HEAD) : list);
    const out = new StdoutLines();
    const shown = head(result.bindings);
    let width = 3;
    for (const b of shown) if (b.pod.length > width) width = b.pod.length;
    for (const b of shown) out.line(`${b.pod.padEnd(width)}  → ${b.node}`);
    if (shown.length < result.bindings.length) out.line(`… and ${formatCount(result.bindings.length - shown.length)} more bindings in ${args.out as string}`);
    for (const pe of result.preemptions) out.line(`${pe.pod} preempted ${pe.victims.join(', ')} on ${pe.node}`);
    for (const r of result.recreated) out.line(`${r.pod} replaces preempted ${r.victim}`);
    if (result.pending.length) {
      out.line('');
      out.line(`Pending (${result.pending.length}):`);
      const pendingShown = head(result.pending);
      for (const p of pendingShown) out.line(`  ${p.pod}: ${p.message}`);
      if (pendingShown.length < result.pending.length) out.line(`  … and ${formatCount(result.pending.length - pendingShown.length)} more in ${args.out as string}`);
    }
    out.line('');
    out.line(`${result.bindings.length} scheduled, ${result.pending.length} pending, ${result.preemptions.length} preemptions on ${result.nodes} nodes. Bindings written to ${args.out as string}`);
    out.end();
    return 0;
  },
};

/** Lines to stdout in chunks of about 1 MiB (the text of a long list is never one string). */
class StdoutLines {
  private parts: string[] = [];
  private size = 0;

  line(text: string): void {
    this.parts.push(text, '\n');
    this.size += text.length + 1;
    if (this.size >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    process.stdout.write(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }

  end(): void {
    this.flush();
  }
}
