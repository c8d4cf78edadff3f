/**
 * `kubesim bench BENCH.yaml`: runs every scenario × policy × seed of a bench file (on worker
 * threads) and prints mean ± 95% interval per metric, policies as rows, grouped by scenario,
 * with paired differences against the baseline policy. Exit 0, or 2 on bad input.
 *
 * Beyond one machine: `--shard I/N` runs one shard and writes its result file (JSON lines),
 * `--emit-job` prints a ConfigMap and an Indexed Job that run every shard on a cluster,
 * `bench collect --job NAME` reads the shards back from the pod logs, and `bench merge DIR...`
 * checks them and writes the same report as a single-machine run.
 */
import type { Argv } from 'yargs';
import { EXIT_OK, UserError } from '../errors.ts';
import { createProgress, formatWall, progressMode } from '../progress.ts';
import type { CommandModule } from './index.ts';

/** Exit code when collect could not read the cluster or found shards missing. */
const EXIT_COLLECT_INCOMPLETE = 1;

/** A positive integer option, or undefined when absent. */
function positiveInt(args: Record<string, unknown>, name: string): number | undefined {
  const v = args[name];
  if (v === undefined) return undefined;
  const s = String(v);
  if (!/^[1-9]\d*$/.test(s)) throw new UserError(`--${name} must be a positive integer, got ${JSON.stringify(s)}`);
  return Number(s);
}

/** Options that only some modes take: a UserError when one is given to another mode. */
function only(args: Record<string, unknown>, mode: string, names: readonly string[]): void {
  for (const n of names) if (args[n] !== undefined && args[n] !== false) throw new UserError(`--${n} does not apply to ${mode}`);
}

const RUN_ONLY = ['workers', 'shard', 'emit-job', 'shards', 'parallelism', 'image', 'name', 'cpu', 'memory', 'backoff-limit-per-index'] as const;
const COLLECT_ONLY = ['job', 'namespace', 'kubeconfig', 'context'] as const;

/** The `bench` command. */
export const benchCommand: CommandModule = {
  command: 'bench <file> [paths..]',
  describe: 'Compare scheduler policies (configurations and plugins) over scenarios × seeds: mean and 95% interval per metric',
  builder: (y: Argv) =>
    y
      .positional('file', { type: 'string', describe: 'Bench file (kind: Bench, apiVersion kubesim.io/v1alpha1), or `merge` / `collect`' })
      .positional('paths', { type: 'string', array: true, describe: 'merge: shard files or folders of bench-shard-*.jsonl' })
      .option('workers', { alias: 'w', type: 'string', describe: 'Worker threads (default: available CPUs; 1 runs in-process)' })
      .option('out', { alias: 'o', type: 'string', describe: 'Also write bench.json and bench.md into this folder (--shard: the shard file; collect: the shard files)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print bench.json to stdout instead of the table' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No progress (a redrawn line on a terminal, a line every 5 s elsewhere) and no closing timing line' })
      .option('shard', { type: 'string', describe: 'Run only shard I of N (I/N, 0 ≤ I < N; `$(JOB_COMPLETION_INDEX)/N` reads I from the env): prints its result file between markers, or writes it to --out' })
      .option('emit-job', { type: 'boolean', describe: 'Print a ConfigMap with the bench inputs and an Indexed Job running its shards (needs --shards, --image)' })
      .option('shards', { type: 'string', describe: '--emit-job: number of shards (the Job\'s completions)' })
      .option('parallelism', { type: 'string', describe: '--emit-job: pods at a time (default: --shards)' })
      .option('image', { type: 'string', describe: '--emit-job: container image with kubesim as entrypoint (see the Dockerfile)' })
      .option('name', { type: 'string', describe: '--emit-job: Job name (default kubesim-bench-BENCHNAME)' })
      .option('cpu', { type: 'string', describe: '--emit-job: CPU request per pod (default 1: one worker)' })
      .option('memory', { type: 'string', describe: '--emit-job: memory request per pod (default: the peak RSS of one measured run × 1.25)' })
      .option('backoff-limit-per-index', { type: 'string', describe: '--emit-job: retries of a failed shard (default 2)' })
      .option('job', { type: 'string', describe: 'collect: the Job\'s name' })
      .option('namespace', { alias: 'n', type: 'string', describe: '--emit-job / collect: namespace (collect default: the context\'s, else default)' })
      .option('kubeconfig', { type: 'string', describe: 'collect: kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster)' })
      .option('context', { type: 'string', describe: 'collect: kubeconfig context' })
      .option('quick', { type: 'boolean', describe: 'TraceBench file: only its quick lists and seeds (spec.quick)' })
      .example('$0 bench scenarios/bench/scheduler-policies.yaml', 'compare the policies of the example bench')
      .example('$0 bench scenarios/bench/scheduler-policies.yaml --workers 1 --out reports/bench', 'in-process, writing bench.json and bench.md')
      .example('$0 bench scenarios/bench/scheduler-policies.yaml --emit-job --shards 8 --parallelism 4 --image IMAGE > job.yaml', 'an Indexed Job running 8 shards')
      .example('$0 bench collect --job kubesim-bench-scheduler-policies --out shards/', 'the shard files from the pod logs')
      .example('$0 bench merge shards/ --out reports/bench', 'the same report as one machine')
      .example('$0 bench scenarios/bench/fgd-openb.yaml --quick --out reports', "the FGD paper's experiment on the openb trace (TraceBench), quick variant"),
  run: async (args) => {
    const file = args.file as string;
    const paths = ((args.paths as unknown[] | undefined) ?? []).map(String);
    if (file === 'merge') return merge(args, paths);
    if (file === 'collect') return collect(args, paths);
    const traceBench = await import('./trace-bench.ts');
    if (traceBench.isTraceBenchFile(file)) return traceBench.runTraceBench(args, file);
    if (paths.length) throw new UserError(`one bench file expected, got also ${paths.join(' ')} (merge shards with \`kubesim bench merge DIR...\`)`);
    only(args, 'a bench run', COLLECT_ONLY.filter((n) => n !== 'namespace'));
    if (args['emit-job']) return emitJobCommand(args, file);
    only(args, 'a bench run (without --emit-job)', ['shards', 'parallelism', 'image', 'name', 'cpu', 'memory', 'backoff-limit-per-index', 'namespace']);
    return runBench(args, file);
  },
};

async function runBench(args: Record<string, unknown>, file: string): Promise<number> {
  // loaded here, not at the top, so that `kubesim --help` does not load the engine
  const { benchHeader, buildBenchResult, runRecords } = await import('../../bench/analyze.ts');
  const { loadBench } = await import('../../bench/load.ts');
  const { defaultWorkers, executeJobs, prepareBench } = await import('../../bench/run.ts');
  const workers = positiveInt(args, 'workers');
  const shardArg = args.shard as string | undefined;
  let shard: { index: number; count: number } | undefined;
  if (shardArg !== undefined) {
    const { parseShardArg } = await import('../../bench/shard.ts');
    shard = parseShardArg(shardArg);
    if (args.json) throw new UserError('--json does not apply to --shard (the shard file is JSON lines)');
  }
  const spec = loadBench(file);
  const prepared = await prepareBench(spec);
  let jobs = prepared.jobs;
  if (shard) {
    const { shardJobs } = await import('../../bench/sharded.ts');
    jobs = shardJobs(prepared, shard.index, shard.count).map((i) => prepared.jobs[i]);
  }
  const threads = Math.max(1, Math.min(workers ?? defaultWorkers(jobs.length), jobs.length));
  const progress = createProgress({ mode: progressMode(args.quiet === true), label: 'kubesim bench' });
  const started = performance.now();
  const threadText = `${threads} worker${threads === 1 ? '' : 's'}`;
  const onProgress = (done: number, total: number): void =>
    progress.report((wall) => {
      const text = `${done}/${total} runs${shard ? ` of shard ${shard.index}/${shard.count}` : ''} (${threadText})`;
      return { bar: `bench: ${text}`, line: `${text}, ${formatWall(wall)} wall` };
    });
  onProgress(0, jobs.length);
  if (shard) {
    const { runShard } = await import('../../bench/sharded.ts');
    const { shardFileName, wrapShard } = await import('../../bench/shard.ts');
    const { text } = await runShard(prepared, shard.index, shard.count, { workers: threads, onProgress });
    progress.done();
    if (args.out !== undefined) {
      const { mkdirSync, writeFileSync } = await import('node:fs');
      const { join } = await import('node:path');
      mkdirSync(args.out as string, { recursive: true });
      const out = join(args.out as string, shardFileName(shard.index, shard.count));
      writeFileSync(out, text);
      process.stdout.write(`Wrote ${out} (shard ${shard.index}/${shard.count}: ${jobs.length} of ${prepared.jobs.length} runs)\n`);
    } else process.stdout.write(wrapShard(text, shard.index, shard.count));
  } else {
    const values = await executeJobs(jobs, { workers: threads, onProgress });
    progress.done();
    const header = benchHeader(spec, prepared.scenarioNames);
    await printReport(buildBenchResult(header, runRecords(header, values)), args);
  }
  if (!args.quiet) {
    const secs = (performance.now() - started) / 1000;
    process.stderr.write(`${jobs.length} runs in ${secs.toFixed(1)} s on ${threads} thread${threads === 1 ? '' : 's'}\n`);
  }
  return EXIT_OK;
}

/** The report of a bench (one machine or merged): the table or bench.json on stdout, bench.json and bench.md in --out. */
async function printReport(result: import('../../bench/analyze.ts').BenchResult, args: Record<string, unknown>): Promise<void> {
  const { benchJson, formatBenchTable, writeBenchOutputs } = await import('../../bench/report.ts');
  const written = args.out !== undefined ? writeBenchOutputs(result, args.out as string) : undefined;
  if (args.json) process.stdout.write(benchJson(result));
  else {
    process.stdout.write(formatBenchTable(result, Math.max(80, process.stdout.columns || 120)));
    if (written) process.stdout.write(`\nWrote ${written.json}, ${written.markdown} and ${written.html}\n`);
  }
}

async function merge(args: Record<string, unknown>, paths: string[]): Promise<number> {
  only(args, 'merge', [...RUN_ONLY, ...COLLECT_ONLY]);
  if (paths.length === 0) throw new UserError('merge: name the shard files or folders (kubesim bench merge DIR... --out DIR)');
  const { mergeShards, readShardFiles } = await import('../../bench/sharded.ts');
  const { kubesimVersion } = await import('../../bench/shard.ts');
  const files = readShardFiles(paths);
  const result = mergeShards(files);
  const version = files[0].header.kubesimVersion;
  if (version !== kubesimVersion()) process.stderr.write(`warning: the shards were run by kubesim ${version}, this is kubesim ${kubesimVersion()}: the report may differ from a single-machine run of either\n`);
  await printReport(result, args);
  if (!args.quiet) process.stderr.write(`Merged ${files.length} shard file(s): ${result.runs.length} runs of bench ${result.name}\n`);
  return EXIT_OK;
}

async function collect(args: Record<string, unknown>, paths: string[]): Promise<number> {
  only(args, 'collect', [...RUN_ONLY, 'json']);
  if (paths.length) throw new UserError(`collect takes no paths (got ${paths.join(' ')}): use --job NAME --out DIR`);
  const job = args.job as string | undefined;
  const out = args.out as string | undefined;
  if (!job) throw new UserError('collect: --job NAME is required (the Job printed by --emit-job)');
  if (!out) throw new UserError('collect: --out DIR is required (where the shard files go)');
  const { loadKubeConfig } = await import('../../live/kubeconfig.ts');
  const { collectShards, CollectError } = await import('../../bench/collect.ts');
  const { kc, context, server } = loadKubeConfig({ kubeconfig: args.kubeconfig as string | undefined, context: args.context as string | undefined });
  const namespace = (args.namespace as string | undefined) ?? kc.getContextObject(context)?.namespace ?? 'default';
  let result;
  try {
    result = await collectShards(kc, { job, namespace, out });
  } catch (err) {
    if (err instanceof CollectError) {
      process.stderr.write(`error: ${server} (context ${context}): ${err.message}\n`);
      return EXIT_COLLECT_INCOMPLETE;
    }
    throw err;
  }
  for (const w of result.written) process.stdout.write(`shard ${w.index}/${result.shards}: ${w.runs} runs from pod ${w.pod} → ${w.file}\n`);
  for (const m of result.missing) process.stderr.write(`shard ${m.index}/${result.shards}: not collected: ${m.reason}\n`);
  process.stderr.write(`Collected ${result.written.length} of ${result.shards} shard(s) of Job ${namespace}/${job} from ${server}\n`);
  return result.missing.length ? EXIT_COLLECT_INCOMPLETE : EXIT_OK;
}

async function emitJobCommand(args: Record<string, unknown>, file: string): Promise<number> {
  only(args, '--emit-job', ['shard', 'workers', 'json', 'out']);
  const shards = positiveInt(args, 'shards');
  if (shards === undefined) throw new UserError('--emit-job needs --shards N');
  const parallelism = positiveInt(args, 'parallelism');
  const image = args.image as string | undefined;
  if (!image) throw new UserError('--emit-job needs --image IMAGE (a kubesim image: see the Dockerfile)');
  let backoffLimitPerIndex: number | undefined;
  if (args['backoff-limit-per-index'] !== undefined) {
    const s = String(args['backoff-limit-per-index']);
    if (!/^\d+$/.test(s)) throw new UserError(`--backoff-limit-per-index must be a non-negative integer, got ${JSON.stringify(s)}`);
    backoffLimitPerIndex = Number(s);
  }
  const { loadBench } = await import('../../bench/load.ts');
  const { prepareBench } = await import('../../bench/run.ts');
  const { benchInputs } = await import('../../bench/shard.ts');
  const { emitJob, sizeJob } = await import('../../bench/job.ts');
  const spec = loadBench(file);
  const prepared = await prepareBench(spec);
  if (shards > prepared.jobs.length) throw new UserError(`--shards ${shards} is more than the bench's ${prepared.jobs.length} runs`);
  const opts = {
    shards,
    parallelism,
    image,
    name: args.name as string | undefined,
    namespace: args.namespace as string | undefined,
    backoffLimitPerIndex,
    cpu: args.cpu as string | undefined,
    memory: args.memory as string | undefined,
    inputs: benchInputs(spec),
  };
  if (!args.quiet && opts.memory === undefined) process.stderr.write('kubesim bench: measuring one run to size the pods (--memory skips this)\n');
  const sizing = await sizeJob(prepared, opts);
  process.stdout.write(emitJob(prepared, opts, sizing));
  if (!args.quiet && sizing.measured) {
    process.stderr.write(
      `Measured ${sizing.measured.run}: ${sizing.measured.seconds.toFixed(2)} s, peak RSS ${Math.ceil(sizing.measured.maxRssBytes / 2 ** 20)}Mi → requests cpu ${sizing.cpu}, memory ${sizing.memory}; the costliest shard ≈ ${sizing.shardSeconds} s\n`,
    );
  }
  return EXIT_OK;
}
