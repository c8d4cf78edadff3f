/**
 * The FGD paper's experiment (USENIX ATC '23 §6) on the Alibaba openb trace, as
 * `kubesim bench scenarios/bench/fgd-openb.yaml` runs it (src/trace/fgd-bench.ts): lists × policies ×
 * seeds on worker threads, then the report with the paper's figures (src/trace/fgd-report.ts).
 *
 *   node bin/run-ts.mjs bench/fgd-openb.ts [--quick] [--workers 2] [--out reports] [--name STEM (default bench-fgd-openb[-quick])]
 * --quick = default list, 6 policies, seeds 42 and 43. Without it: 17 lists × 6 × seeds 42–51 (1,020 runs).
 */
import { loadFgdBench, runFgdBench } from '../src/trace/fgd-bench.ts';
import { writeFgdReport } from '../src/trace/fgd-report.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const quick = process.argv.includes('--quick');
const spec = loadFgdBench(arg('bench') ?? 'scenarios/bench/fgd-openb.yaml');
const workers = arg('workers') === undefined ? undefined : Number(arg('workers'));
let last = 0;
const b = await runFgdBench(spec, {
  quick,
  workers,
  onProgress: (done, total) => {
    const now = performance.now();
    if (done === total || now - last > 5000) {
      last = now;
      process.stderr.write(`[${done}/${total}] runs\n`);
    }
  },
});
const files = writeFgdReport(b, arg('out') ?? 'reports', arg('name'));
process.stderr.write(`${b.runs.length} runs in ${b.wallSeconds.toFixed(1)} s on ${b.workers} workers; wrote ${files.markdown}, ${files.json}, ${files.svgs.join(', ')}\n`);
