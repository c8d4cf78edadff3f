/**
 * `kubesim bench TRACEBENCH.yaml [--quick]`: a bench file of kind TraceBench (src/trace/fgd-bench.ts)
 * runs the FGD paper's experiment on the openb trace over worker threads, with progress, and
 * writes the report with the paper's figures (SVG) and its tables (Markdown, JSON) into --out
 * (default: the current folder). Reached from the bench command when the file's kind is TraceBench.
 */
import { existsSync, readFileSync } from 'node:fs';
import { EXIT_OK, UserError } from '../errors.ts';
import { createProgress, formatWall, progressMode } from '../progress.ts';

/** Options of the bench command that a TraceBench run does not take. */
const NOT_FOR_TRACE = ['shard', 'emit-job', 'shards', 'parallelism', 'image', 'name', 'cpu', 'memory', 'backoff-limit-per-index', 'job', 'namespace', 'kubeconfig', 'context'];

/** Whether `file` is a bench file of kind TraceBench (a top-level `kind: TraceBench` line). */
export function isTraceBenchFile(file: string): boolean {
  if (!/\.ya?ml$/i.test(file) || !existsSync(file)) return false;
  return /^kind:\s*TraceBench\s*$/m.test(readFileSync(file, 'utf8'));
}

/** Runs a TraceBench file and writes its report. */
export async function runTraceBench(args: Record<string, unknown>, file: string): Promise<number> {
  for (const n of NOT_FOR_TRACE) if (args[n] !== undefined && args[n] !== false) throw new UserError(`--${n} does not apply to a TraceBench file (${file})`);
  const { loadFgdBench, fgdJobs, runFgdBench } = await import('../../trace/fgd-bench.ts');
  const { writeFgdReport, summarizeFgd } = await import('../../trace/fgd-report.ts');
  const spec = loadFgdBench(file);
  const quick = args.quick === true;
  const w = args.workers;
  let workers: number | undefined;
  if (w !== undefined) {
    if (!/^[1-9]\d*$/.test(String(w))) throw new UserError(`--workers must be a positive integer, got ${JSON.stringify(String(w))}`);
    workers = Number(w);
  }
  const total = fgdJobs(spec, quick).length;
  const progress = createProgress({ mode: progressMode(args.quiet === true), label: `kubesim bench ${spec.name}` });
  const onProgress = (done: number, n: number): void =>
    progress.report((wall) => {
      const eta = done > 0 ? ` (≈ ${formatWall((wall * (n - done)) / done)} left)` : '';
      return { bar: `bench ${spec.name}: ${done}/${n} runs${eta}`, line: `${done}/${n} runs, ${formatWall(wall)} wall${eta}` };
    });
  onProgress(0, total);
  const b = await runFgdBench(spec, { quick, workers, onProgress });
  progress.done();
  const out = (args.out as string | undefined) ?? '.';
  const files = writeFgdReport(b, out);
  if (args.json) process.stdout.write(JSON.stringify({ name: spec.name, quick, wallSeconds: b.wallSeconds, workers: b.workers, summary: summarizeFgd(b.runs) }, null, 1) + '\n');
  else process.stdout.write(`Wrote ${files.markdown}, ${files.json} and ${files.svgs.join(', ')}\n`);
  if (!args.quiet) process.stderr.write(`${b.runs.length} runs in ${b.wallSeconds.toFixed(1)} s on ${b.workers} thread${b.workers === 1 ? '' : 's'}\n`);
  return EXIT_OK;
}
