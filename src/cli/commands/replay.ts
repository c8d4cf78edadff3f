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
      .option('namespace', { alias: 'n', type: 'string', describe: 'Only replay events about objects in this namespace; repeatable: no write goes to any other namespace' })
      .option('dry-run', { type: 'string', choices: ['server', 'none'], default: 'server', describe: 'server: every write carries dryRun=All (validated, not persisted); none: apply for real' })
      .option('speed', { type: 'number', describe: 'Wait simulated gaps divided by N (1 = real time, 60 = a minute per second)' })
      .option('max-gap', { type: 'string', default: '1s', describe: 'Compressed timing (the default): each gap between writes lasts at most this long' })
      .option('wait', { type: 'boolean', default: true, describe: 'Use --no-wait to write back to back' })
      .option('bind', { type: 'boolean', default: false, describe: 'Replay Scheduled events as pods/binding for pods that exist unbound under the simulated name' })
      .option('request-timeout', { type: 'string', default: '30s', describe: 'Abandon a request after this long (then retried like a connection error)' })
      .option('qps', { type: 'number', default: 5, describe: 'Client-side rate limit: requests per second (client-go\'s default 5), retries included' })
      .option('burst', { type: 'number', default: 10, describe: 'Requests allowed at once above --qps (client-go\'s default 10)' })
      .option('retries', { type: 'number', default: 5, describe: 'Retries per request on 429, 5xx, timeouts and connection errors (exponential back-off with jitter, Retry-After honoured; at most 2 minutes per request)' })
      .option('resume', { type: 'boolean', default: false, describe: `Continue a real replay that stopped: the writes recorded in DIR/replay-journal.jsonl are skipped (a rerun skips them too; --resume also requires the journal)` })
      .example('$0 replay reports/quickstart --kubeconfig kind.yaml', 'validate every write server-side, change nothing')
      .example('$0 replay reports/quickstart --dry-run=none --no-wait -n shop', 'apply for real, one namespace, no pauses')
      .example('$0 replay reports/quickstart --dry-run=none --resume', 'after a failure: apply what the journal does not record yet')
      .epilog(
        'Replayed: ScaleRequested and SuccessfulRescale (scale subresource), RolloutStarted (container images / template), Paused and Resumed, Scheduled with --bind. ' +
          'Everything else (ScalingReplicaSet, Killing, Preempted, NodeNotReady, ...) is what the live controllers do themselves. A live HPA keeps reconciling its target. ' +
          'A real replay (--dry-run=none) stops at the first write that fails for good (after retries), applies nothing after it, and records each applied write in DIR/replay-journal.jsonl so a rerun or --resume applies only what is missing.',
      ),
  run: async (args) => {
    // loaded here, not at the top: the Kubernetes client takes ~0.4 s to load and `--help` needs none of it
    const { executeReplay, formatResult, planReplay, readRunDir } = await import('../../live/replay.ts');
    const { loadKubeConfig } = await import('../../live/kubeconfig.ts');
    const { credentialStrings, redact, TokenBucket } = await import('../../live/http.ts');
    const { ReplayJournal, fileDigest, JOURNAL_FILE } = await import('../../live/journal.ts');
    const run = readRunDir(args.dir as string);
    const timing = timingOf(args);
    const timeout = parseDuration(String(args['request-timeout']));
    if (timeout === undefined || timeout <= 0) throw new UserError(`--request-timeout must be a positive duration such as 30s, got ${String(args['request-timeout'])}`);
    const retries = Number(args.retries);
    if (!Number.isInteger(retries) || retries < 0 || retries > 100) throw new UserError(`--retries must be an integer in [0, 100], got ${String(args.retries)}`);
    const rateLimiter = rateLimiterOf(args, TokenBucket);
    const { kc, context, server } = loadKubeConfig({ kubeconfig: args.kubeconfig as string | undefined, context: args.context as string | undefined });
    // no credential of the kubeconfig is ever printed, whatever a server echoes back
    const secrets = credentialStrings(kc);
    const out = (s: string): void => void process.stdout.write(redact(s, secrets) + '\n');
    const errOut = (s: string): void => void process.stderr.write(redact(s, secrets));
    const dryRun = args['dry-run'] !== 'none';
    if (args.resume && dryRun) throw new UserError('--resume continues a real replay: pass --dry-run=none with it');
    const journal = dryRun ? undefined : ReplayJournal.open(run.dir, { server, context, events: fileDigest(run.eventsFile) }, { resume: args.resume as boolean });
    const namespaces = args.namespace === undefined ? undefined : [args.namespace].flat().map(String);
    const plan = planReplay(run.events, { bind: args.bind as boolean, namespace: namespaces });
    const about = [run.info.scenario ? `scenario ${run.info.scenario}` : undefined, run.info.seed !== undefined ? `seed ${String(run.info.seed)}` : undefined, run.info.duration !== undefined ? `${formatDuration(run.info.duration)} simulated` : undefined]
      .filter(Boolean)
      .join(', ');
    out(`Replaying ${run.dir}${about ? ` (${about})` : ''} against ${server} (context ${context}), ${dryRun ? 'server-side dry run: nothing is persisted' : 'FOR REAL (--dry-run=none)'}`);
    if (journal && journal.earlier.size) out(`${journal.earlier.size} write(s) already applied by an earlier replay (${journal.file}): skipped`);
    const hpas = new Set(plan.steps.filter((s) => s.action.type === 'hpaScale').map((s) => s.event.object));
    if (hpas.size) out(`note: ${[...hpas].join(', ')} may also exist live; a live HPA keeps reconciling its target and may undo replayed rescales`);
    let summary;
    try {
      summary = await executeReplay(kc, plan, {
        dryRun,
        timing,
        journal,
        onResult: (r) => out(formatResult(r, dryRun)),
        requests: {
          timeoutSeconds: timeout,
          retries,
          rateLimiter,
          onRetry: (i) => errOut(`retry ${i.attempt}/${retries}: ${i.method} ${i.path} got ${i.reason}; waiting ${i.waitSeconds.toFixed(1)}s\n`),
        },
      });
    } catch (err) {
      // never a stack trace, never a credential
      throw new UserError(redact(`replay failed: ${(err as Error).message ?? String(err)}`, secrets));
    }
    out('');
    const notApplied = summary.notApplied ? `; ${summary.notApplied} not applied (stopped)` : '';
    out(`${summary.ok + summary.failed} writes: ${summary.ok} ok, ${summary.failed} failed; ${summary.skipped} skipped${notApplied}${dryRun ? ' (dry run: nothing persisted)' : ''}`);
    if (Object.keys(plan.notReplayed).length) {
      out(`Not replayed, the cluster's own decisions: ${countList(plan.notReplayed)}${plan.notReplayed.Scheduled ? ' (Scheduled: pass --bind to bind same-named unbound pods)' : ''}`);
    }
    if (Object.keys(plan.unsupported).length) out(`Not replayed, scripted changes kubesim does not write: ${countList(plan.unsupported)}`);
    if (plan.otherNamespaces) out(`Outside namespace${namespaces!.length > 1 ? 's' : ''} ${namespaces!.join(', ')}: ${plan.otherNamespaces} events (not replayed)`);
    if (summary.failed) {
      errOut(`${summary.failed} write(s) failed:\n${summary.results.filter((r) => r.outcome === 'failed').map((r) => `  ${formatResult(r, dryRun)}\n`).join('')}`);
      if (summary.stoppedAt) {
        const applied = journal ? journal.earlier.size + journal.now.length : summary.ok;
        const resume = ['kubesim replay', run.dir, '--dry-run=none', '--resume', ...(args.kubeconfig ? ['--kubeconfig', String(args.kubeconfig)] : []), ...(args.context ? ['--context', String(args.context)] : []), ...(namespaces ?? []).flatMap((n) => ['-n', n]), ...(args.bind ? ['--bind'] : [])].join(' ');
        errOut(
          `Stopped at events.jsonl:${summary.stoppedAt.step.event.line}: nothing after it was applied.\n` +
            `Applied: ${applied} write(s) in all (${summary.ok} now${journal?.earlier.size ? `, ${journal.earlier.size} by earlier replays` : ''}), recorded in ${journal?.file ?? JOURNAL_FILE}.\n` +
            `Not applied: the failed write and ${summary.notApplied} after it.\n` +
            `Fix the cause, then resume with:\n  ${resume}\n`,
        );
      }
      return EXIT_WRITES_FAILED;
    }
    return EXIT_OK;
  },
};

/** The client-side rate limiter of `--qps` and `--burst` (client-go's token bucket), checked. */
export function rateLimiterOf<T>(args: Record<string, unknown>, Bucket: new (qps: number, burst: number) => T): T {
  const qps = Number(args.qps);
  const burst = Number(args.burst);
  if (!Number.isFinite(qps) || qps <= 0) throw new UserError(`--qps must be a positive number, got ${String(args.qps)}`);
  if (!Number.isInteger(burst) || burst < 1) throw new UserError(`--burst must be a positive integer, got ${String(args.burst)}`);
  return new Bucket(qps, burst);
}
