/**
 * `kubesim why`: the cluster-autoscaler's reasons, read back from a run folder — why a node is not
 * removed at a time (unneeded since when, or upstream's UnremovableReason with the blocking pod),
 * and why a pod did or did not trigger a scale-up (the groups considered, their estimates, the
 * expander's choice, the NotTriggerScaleUp reasons).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import type { LoopRecord } from '../../autoscaler/static-autoscaler.ts';
import { unremovableReasonMessage, blockingPodReasonMessage, type UnremovableReason, type BlockingPodReason } from '../../autoscaler/simulator/reasons.ts';
import { formatDuration, parseDuration } from '../../engine/time.ts';
import { UserError } from '../errors.ts';
import type { CommandModule } from './index.ts';

/** The answer of `why`, as `--json` prints it. */
export interface WhyAnswer {
  subject: string;
  at: number;
  /** The loop the answer comes from (the last one at or before `at`). */
  loop?: number;
  verdict: string;
  details: string[];
}

interface RunFolder {
  loops: LoopRecord[];
  options: { scaleDownUnneededTime: number; scaleDownUnreadyTime: number };
  groups: { name: string; minSize: number; maxSize: number }[];
  events: { t: number; kind: string; object: string; message?: string; [k: string]: unknown }[];
  duration: number;
}

function readRun(dir: string): RunFolder {
  const resultFile = join(dir, 'result.json');
  if (!existsSync(resultFile)) throw new UserError('not a run folder: result.json is missing (write one with `kubesim run SCENARIO --out DIR`)', { location: { file: dir } });
  let res: { duration: number; autoscaler?: { loops: LoopRecord[]; options: RunFolder['options']; nodeGroups: RunFolder['groups'] } };
  try {
    res = JSON.parse(readFileSync(resultFile, 'utf8'));
  } catch (err) {
    throw new UserError(`result.json does not parse: ${(err as Error).message}`, { location: { file: resultFile } });
  }
  if (!res.autoscaler) throw new UserError('this run has no cluster-autoscaler (the scenario has no cluster.nodeGroups)', { location: { file: resultFile } });
  const eventsFile = join(dir, 'events.jsonl');
  const events = existsSync(eventsFile)
    ? readFileSync(eventsFile, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as RunFolder['events'][number])
    : [];
  return { loops: res.autoscaler.loops, options: res.autoscaler.options, groups: res.autoscaler.nodeGroups, events, duration: res.duration };
}

function loopAt(loops: readonly LoopRecord[], at: number): LoopRecord | undefined {
  let found: LoopRecord | undefined;
  for (const l of loops) {
    if (l.t > at) break;
    found = l;
  }
  return found;
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

/** Why node `name` is (not) removed at `at`. */
export function whyNode(run: RunFolder, name: string, at: number): WhyAnswer {
  const out: WhyAnswer = { subject: `Node ${name}`, at, verdict: '', details: [] };
  const removed = run.events.find((e) => e.t <= at && e.object === `Node ${name}` && /removed/.test(String(e.message ?? '')));
  if (removed) {
    out.verdict = `removed at ${formatDuration(removed.t)}: ${removed.message}`;
    return out;
  }
  const loop = loopAt(run.loops, at);
  if (!loop) {
    out.verdict = 'no autoscaler loop ran yet at that time';
    return out;
  }
  out.loop = loop.t;
  const started = run.events.filter((e) => e.t <= at && e.object === `Node ${name}` && (e.kind === 'ScaleDown' || e.kind === 'ScaleDownEmpty')).at(-1);
  if (started && loop.scaleDown.deleted.includes(name)) {
    out.verdict = `being removed: ${started.message}`;
    return out;
  }
  const un = loop.scaleDown.unneeded.find((u) => u.node === name);
  const unr = loop.scaleDown.unremovable.find((u) => u.node === name);
  if (unr) {
    const reason = unr.reason as UnremovableReason;
    out.verdict = `not removed: ${reason} (${unremovableReasonMessage[reason] ?? reason})`;
    const prev = (unr as { previousReason?: UnremovableReason; recheckAt?: number }).previousReason;
    const recheck = (unr as { recheckAt?: number }).recheckAt;
    if (prev) out.details.push(`found unremovable earlier: ${prev} (${unremovableReasonMessage[prev] ?? prev})${recheck !== undefined ? `; checked again at ${formatDuration(recheck)} (unremovable-node-recheck-timeout)` : ''}`);
    if (unr.blockingPod) out.details.push(`blocking pod ${unr.blockingPod.pod}: ${unr.blockingPod.reason} (${blockingPodReasonMessage[unr.blockingPod.reason as BlockingPodReason] ?? ''})`);
    if (unr.utilization) out.details.push(`utilization ${pct(unr.utilization.utilization)} (cpu ${pct(unr.utilization.cpuUtil)}, memory ${pct(unr.utilization.memUtil)}) against the threshold`);
    if (un) out.details.push(`unneeded since ${formatDuration(un.since)}; removable after ${formatDuration(un.since + run.options.scaleDownUnneededTime)} (scale-down-unneeded-time)`);
  } else if (un) {
    out.verdict = `unneeded since ${formatDuration(un.since)}${un.empty ? ' (empty)' : ''}; removable after ${formatDuration(un.since + run.options.scaleDownUnneededTime)}`;
    out.details.push(`scale-down result of the loop: ${loop.scaleDown.result}`);
  } else {
    const group = loop.nodeGroups.find((g) => name.startsWith(`${g.name}-`));
    const cfg = group ? run.groups.find((g) => g.name === group.name) : undefined;
    if (group && cfg && group.target <= cfg.minSize) out.verdict = `not a scale-down candidate: node group ${group.name} is at its min size (${group.target} ≤ minSize ${cfg.minSize})`;
    else if (!group) out.verdict = 'not a scale-down candidate: not in an autoscaled node group';
    else out.verdict = `not a scale-down candidate at ${formatDuration(loop.t)} (not registered yet, or the loop did not evaluate scale-down: ${loop.scaleDown.result})`;
  }
  return out;
}

/** Why pod `key` did (not) trigger a scale-up, up to `at`. */
export function whyPod(run: RunFolder, key: string, at: number): WhyAnswer {
  const out: WhyAnswer = { subject: `Pod ${key}`, at, verdict: '', details: [] };
  const evs = run.events.filter((e) => e.t <= at && e.object === `Pod ${key}`);
  const trig = evs.filter((e) => e.kind === 'TriggeredScaleUp').at(-1);
  const not = evs.filter((e) => e.kind === 'NotTriggerScaleUp').at(-1);
  const sched = evs.filter((e) => e.kind === 'Scheduled').at(-1);
  const last = [trig, not].filter((e) => e !== undefined).sort((a, b) => a!.t - b!.t).at(-1);
  if (!last) {
    out.verdict = sched ? `scheduled at ${formatDuration(sched.t)} without needing a scale-up` : 'never considered by the autoscaler (not unschedulable, younger than new-pod-scale-up-delay, expendable, or fits an existing or upcoming node)';
    return out;
  }
  const loop = loopAt(run.loops, last.t);
  out.loop = loop?.t;
  out.verdict = `${last.kind} at ${formatDuration(last.t)}: ${last.message}`;
  if (loop) {
    for (const c of loop.scaleUp.considered) {
      if (c.skipped) out.details.push(`node group ${c.group}: skipped (${c.skipped})`);
      else if (c.nodeCount === undefined) out.details.push(`node group ${c.group}: no pending pod fits its template`);
      else {
        const w = c.waste ? `; would waste ${c.waste.cpu}% CPU, ${c.waste.memory}% memory (${c.waste.blended}% blended)` : '';
        out.details.push(`node group ${c.group}: estimate ${c.nodeCount} node(s) for ${c.pods} pod(s)${w}${c.chosen ? ' — chosen by the expander' : ''}`);
      }
    }
    if (loop.scaleUp.plan.length) out.details.push(`plan: ${loop.scaleUp.plan.join(' ')}`);
  }
  if (sched) out.details.push(`scheduled at ${formatDuration(sched.t)} on ${String(sched.node ?? '')}`);
  return out;
}

function parseAt(v: unknown, duration: number): number {
  if (v === undefined) return duration;
  const d = parseDuration(String(v));
  if (d === undefined) throw new UserError(`--at: invalid duration ${JSON.stringify(v)}: use Go's form like "1h30m"`);
  return d;
}

/** The `why` command. */
export const whyCommand: CommandModule = {
  command: 'why <run>',
  describe: "explain the cluster-autoscaler's decisions in a run folder: why a node is not removed, why a pod did not trigger a scale-up",
  builder: (y: Argv) =>
    y
      .positional('run', { type: 'string', describe: 'a run folder written by `kubesim run --out`' })
      .option('node', { type: 'string', describe: 'node name: why it is (not) removed' })
      .option('pod', { type: 'string', describe: 'pod as namespace/name: why it did (not) trigger a scale-up' })
      .option('at', { type: 'string', describe: 'simulated time, e.g. 1h30m (default: the end of the run)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the answer as JSON' })
      .example('$0 why reports/ca --node pool-3 --at 20m', 'why pool-3 is still there 20 minutes in')
      .example('$0 why reports/ca --pod default/web-7d9f-abcde', 'why this pod did not trigger a scale-up'),
  run: async (args) => {
    const run = readRun(String(args.run));
    if ((args.node === undefined) === (args.pod === undefined)) throw new UserError('give exactly one of --node NAME or --pod NAMESPACE/NAME');
    const at = parseAt(args.at, run.duration);
    const pod = args.pod === undefined ? undefined : String(args.pod).includes('/') ? String(args.pod) : `default/${String(args.pod)}`;
    const answer = args.node !== undefined ? whyNode(run, String(args.node), at) : whyPod(run, pod!, at);
    if (args.json) process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
    else {
      const lines = [`${answer.subject} at ${formatDuration(answer.at)}${answer.loop !== undefined ? ` (autoscaler loop at ${formatDuration(answer.loop)})` : ''}:`, `  ${answer.verdict}`, ...answer.details.map((d) => `  - ${d}`)];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return 0;
  },
};
