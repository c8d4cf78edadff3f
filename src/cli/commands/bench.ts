/**
 * `kubesim bench BENCH.yaml`: runs every scenario × policy × seed of a bench file (on worker
 * threads) and prints mean ± 95% interval per metric, policies as rows, grouped by scenario,
 * with paired differences against the baseline policy. Exit 0, or 2 on bad input.
 */
import type { Argv } from 'yargs';
import { analyzeBench } from '../../bench/analyze.ts';
import { loadBench } from '../../bench/load.ts';
import { benchJson, formatBenchTable, writeBenchOutputs } from '../../bench/report.ts';
import { defaultWorkers, executeJobs, prepareBench } from '../../bench/run.ts';
import { EXIT_OK, UserError } from '../errors.ts';
import type { CommandModule } from './index.ts';

/** A one-line run counter on stderr, only when it is a terminal. */
function progressLine(enabled: boolean, workers: number): { update: (done: number, total: number) => void; done: () => void } {
  if (!enabled) return { update: () => {}, done: () => {} };
  let last = '';
  return {
    update(done, total) {
      const text = `\rbench: ${done}/${total} runs (${workers} worker${workers === 1 ? '' : 's'})`;
      if (text !== last) process.stderr.write(text);
      last = text;
    },
    done() {
      if (last) process.stderr.write('\r' + ' '.repeat(last.length) + '\r');
    },
  };
}

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
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No progress line' })
      .example('$0 bench scenarios/bench/binpack.yaml', 'compare the policies of the example bench')
      .example('$0 bench scenarios/bench/binpack.yaml --workers 1 --out reports/bench', 'in-process, writing bench.json and bench.md'),
  run: async (args) => {
    let workers: number | undefined;
    if (args.workers !== undefined) {
      const w = String(args.workers);
      if (!/^[1-9]\d*$/.test(w)) throw new UserError(`--workers must be a positive integer, got ${JSON.stringify(w)}`);
      workers = Number(w);
    }
    const spec = loadBench(args.file as string);
    const prepared = await prepareBench(spec);
    const threads = Math.min(workers ?? defaultWorkers(prepared.jobs.length), prepared.jobs.length);
    const bar = progressLine(!args.quiet && process.stderr.isTTY === true && !process.env.CI, threads);
    const started = performance.now();
    bar.update(0, prepared.jobs.length);
    const values = await executeJobs(prepared.jobs, { workers: threads, onProgress: bar.update });
    bar.done();
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
