/**
 * `kubesim replay DIR`: applies the API writes of a run (scale, HPA rescale, rollout image,
 * pause/resume, optionally bindings) to a live cluster, in time order, server-side dry run by
 * default. One line per write, then a summary. Exit 0 when every write succeeded (skips are
 * reported, not failures), 1 when some failed, 2 on bad input.
 */
import type { Argv } from 'yargs';
import { formatDuration, parseDuration } from '../../engine/time.ts';
import type { ReplayTiming } from '../../live/replay.ts';
import { EXIT_OK, UserError } from '../errors.ts';
import type { CommandModule } from './index.ts';

/** Exit code when some writes failed. */
const EXIT_WRITES_FAILED = 1;

function countList(m: Record<string, number>): string {
  return Object.entries(m)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

/** Reads --speed / --no-wait / --max-gap into a timing. */
function timingOf(args: Record<string, unknown>): ReplayTiming {
  if (args.wait === false) {
    if (args.speed !== undefined) throw new UserError('--speed and --no-wait contradict each other; pass one');
    return { mode: 'none' };
  }
  if (args.speed !== undefined) {
    const speed = Number(args.speed);
    if (!Number.isFinite(speed) || speed <= 0) throw new UserError(`--speed must be a positive number, got ${String(args.speed)}`);
    return { mode: 'speed', speed };
  }
  const maxGap = parseDuration(String(args['max-gap']));
  if (maxGap === undefined) throw new UserError(`--max-gap must be a duration such as 1s or 500ms, got ${String(args['max-gap'])}`);
  return { mode: 'compressed', maxGap };
}

/** The `replay` command. */
export const replayCommand: CommandModule = {
  command: 'replay <dir>',
  describe: "Apply a run's scale / rescale / rollout / pause decisions (and, with --bind, bindings) to a live cluster; server-side dry run by default",
  builder: (y: Argv) =>
    y
      .positional('dir', { type: 'string', describe: 'Run folder written by `kubesim run --out DIR` (events.jsonl, result.json)' })
      .option('kubeconfig', { type: 'string', describe: 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster)' })
      .option('context', { type: 'string', describe: 'kubeconfig context (default: its current-context)' })
      .option('namespace', { alias: 'n', type: 'string', describe: 'Only replay events about objects in this namespace' })
      .option('dry-run', { type: 'string', choices: ['server', 'none'], default: 'server', describe: 'server: every write carries dryRun=All (validated, not persisted); none: apply for real' })
      .option('speed', { type: 'number', describe: 'Wait simulated gaps divided by N (1 = real time, 60 = a minute per second)' })
      .option('max-gap', { type: 'string', default: '1s', describe: 'Compressed timing (the default): each gap between writes lasts at most this long' })
      .option('wait', { type: 'boolean', default: true, describe: 'Use --no-wait to write back to back' })
      .option('bind', { type: 'boolean', default: false, describe: 'Replay Scheduled events as pods/binding for pods that exist unbound under the simulated name' })
      .example('$0 replay reports/quickstart --kubeconfig kind.yaml', 'validate every write server-side, change nothing')
      .example('$0 replay reports/quickstart --dry-run=none --no-wait -n shop', 'apply for real, one namespace, no pauses')
      .epilog(
        'Replayed: ScaleRequested and SuccessfulRescale (scale subresource), RolloutStarted (container images / template), Paused and Resumed, Scheduled with --bind. ' +
          'Everything else (ScalingReplicaSet, Killing, Preempted, NodeNotReady, ...) is what the live controllers do themselves. A live HPA keeps reconciling its target.',
      ),
  run: async (args) => {
    // loaded here, not at the top: the Kubernetes client takes ~0.4 s to load and `--help` needs none of it
    const { executeReplay, formatResult, planReplay, readRunDir } = await import('../../live/replay.ts');
    const { loadKubeConfig } = await import('../../live/kubeconfig.ts');
    const run = readRunDir(args.dir as string);
    const timing = timingOf(args);
    const { kc, context, server } = loadKubeConfig({ kubeconfig: args.kubeconfig as string | undefined, context: args.context as string | undefined });
    const dryRun = args['dry-run'] !== 'none';
    const plan = planReplay(run.events, { bind: args.bind as boolean, namespace: args.namespace as string | undefined });
    const out = (s: string): void => void process.stdout.write(s + '\n');
    const about = [run.info.scenario ? `scenario ${run.info.scenario}` : undefined, run.info.seed !== undefined ? `seed ${String(run.info.seed)}` : undefined, run.info.duration !== undefined ? `${formatDuration(run.info.duration)} simulated` : undefined]
      .filter(Boolean)
      .join(', ');
    out(`Replaying ${run.dir}${about ? ` (${about})` : ''} against ${server} (context ${context}), ${dryRun ? 'server-side dry run: nothing is persisted' : 'FOR REAL (--dry-run=none)'}`);
    const hpas = new Set(plan.steps.filter((s) => s.action.type === 'hpaScale').map((s) => s.event.object));
    if (hpas.size) out(`note: ${[...hpas].join(', ')} may also exist live; a live HPA keeps reconciling its target and may undo replayed rescales`);
    const summary = await executeReplay(kc, plan, { dryRun, timing, onResult: (r) => out(formatResult(r, dryRun)) });
    out('');
    out(`${summary.ok + summary.failed} writes: ${summary.ok} ok, ${summary.failed} failed; ${summary.skipped} skipped${dryRun ? ' (dry run: nothing persisted)' : ''}`);
    if (Object.keys(plan.notReplayed).length) {
      out(`Not replayed, the cluster's own decisions: ${countList(plan.notReplayed)}${plan.notReplayed.Scheduled ? ' (Scheduled: pass --bind to bind same-named unbound pods)' : ''}`);
    }
    if (Object.keys(plan.unsupported).length) out(`Not replayed, scripted changes kubesim does not write: ${countList(plan.unsupported)}`);
    if (plan.otherNamespaces) out(`Outside namespace ${String(args.namespace)}: ${plan.otherNamespaces} events`);
    if (summary.failed) {
      process.stderr.write(`${summary.failed} write(s) failed:\n${summary.results.filter((r) => r.outcome === 'failed').map((r) => `  ${formatResult(r, dryRun)}\n`).join('')}`);
      return EXIT_WRITES_FAILED;
    }
    return EXIT_OK;
  },
};
