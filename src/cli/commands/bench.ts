/**
 * `kubesim bench BENCH.yaml`: runs every scenario × policy × seed of a bench file (on worker
 * threads) and prints mean ± 95% interval per metric, policies as rows, grouped by scenario,
 * with paired differences against the baseline policy. Exit 0, or 2 on bad input.
 */
import type { Argv } from 'yargs';
import { EXIT_OK, UserError } from '../errors.ts';
import { createProgress, formatWall, progressMode } from '../progress.ts';
import type { CommandModule } from './index.ts';

/** The `bench` command. */
export const benchCommand: CommandModule = {
  command: 'bench <file>',
  describe: 'Compare scheduler policies (configurations and plugins) over scenarios × seeds: mean and 95% interval per metric',
  builder: (y: Argv) =>
    y
      .positional('file', { type: 'string', describe: 'Bench file (kind: Bench, apiVersion kubesim.io/v1alpha1)' })
      .option('workers', { alias: 'w', type: 'string', describe: 'Worker threads (default: available CPUs; 1 runs in-process)' })
      .option('out', { alias: 'o', type: 'string', describe: 'Also write bench.json and bench.md into this folder' })
      .option('json', { type: 'boolean', default: false, describe: 'Print bench.json to stdout instead of the table' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No progress (a redrawn line on a terminal, a line every 5 s elsewhere) and no closing timing line' })
      .example('$0 bench scenarios/bench/binpack.yaml', 'compare the policies of the example bench')
      .example('$0 bench scenarios/bench/binpack.yaml --workers 1 --out reports/bench', 'in-process, writing bench.json and bench.md'),
  run: async (args) => {
    // loaded here, not at the top, so that `kubesim --help` does not load the engine
    const { analyzeBench } = await import('../../bench/analyze.ts');
    const { loadBench } = await import('../../bench/load.ts');
    const { benchJson, formatBenchTable, writeBenchOutputs } = await import('../../bench/report.ts');
    const { defaultWorkers, executeJobs, prepareBench } = await import('../../bench/run.ts');
    let workers: number | undefined;
    if (args.workers !== undefined) {
      const w = String(args.workers);
      if (!/^[1-9]\d*$/.test(w)) throw new UserError(`--workers must be a positive integer, got ${JSON.stringify(w)}`);
      workers = Number(w);
    }
    const spec = loadBench(args.file as string);
    const prepared = await prepareBench(spec);
    const threads = Math.min(workers ?? defaultWorkers(prepared.jobs.length), prepared.jobs.length);
    const progress = createProgress({ mode: progressMode(args.quiet === true), label: 'kubesim bench' });
    const started = performance.now();
    const threadText = `${threads} worker${threads === 1 ? '' : 's'}`;
    const onProgress = (done: number, total: number): void =>
      progress.report((wall) => {
        const text = `${done}/${total} runs (${threadText})`;
        return { bar: `bench: ${text}`, line: `${text}, ${formatWall(wall)} wall` };
      });
    onProgress(0, prepared.jobs.length);
    const values = await executeJobs(prepared.jobs, { workers: threads, onProgress });
    progress.done();
    const result = analyzeBench(spec, prepared.scenarioNames, values);
    const written = args.out !== undefined ? writeBenchOutputs(result, args.out as string) : undefined;
    if (args.json) process.stdout.write(benchJson(result));
    else {
      process.stdout.write(formatBenchTable(result, Math.max(80, process.stdout.columns || 120)));
      if (written) process.stdout.write(`\nWrote ${written.json} and ${written.markdown}\n`);
    }
    if (!args.quiet) {
      const secs = (performance.now() - started) / 1000;
      process.stderr.write(`${prepared.jobs.length} runs in ${secs.toFixed(1)} s on ${threads} thread${threads === 1 ? '' : 's'}\n`);
    }
    return EXIT_OK;
  },
};
