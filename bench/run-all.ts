/**
 * Runs every benchmark in turn (`npm run bench`), each in its own Node process so that one
 * bench's heap and peak RSS do not show up in the next one's figures. Arguments are passed to
 * the scheduler bench (e.g. `--quick`). Add new benches to the list below.
 */
import { spawnSync } from 'node:child_process';

// --quick: the scheduler bench's quick set, and the whole-run benches at a tenth to a fifth of their size
const quick = process.argv.includes('--quick');
const benches: { name: string; file: string; nodeArgs: string[]; args: string[] }[] = [
  { name: 'scheduler', file: 'bench/scheduler.ts', nodeArgs: [], args: process.argv.slice(2) },
  // --expose-gc: the model bench measures the heap after a full collection
  { name: 'model', file: 'bench/model.ts', nodeArgs: ['--expose-gc', '--max-old-space-size=4096'], args: [] },
  { name: 'engine', file: 'bench/engine.ts', nodeArgs: [], args: [] },
  // issue 9 item 2: the 24 h HPA day on 5,000 nodes (several minutes)
  { name: 'engine-day', file: 'bench/engine-day.ts', nodeArgs: [], args: quick ? ['--scale', '0.2', '--hours', '3'] : [] },
  // issue 9 item 3: kubesim schedule of 1,000,000 pods onto 20,000 nodes (a whole process; many minutes)
  { name: 'schedule-million', file: 'bench/schedule-million.ts', nodeArgs: [], args: quick ? ['--scale', '0.1'] : [] },
  // builds dist/ first (`npm run build`), then times whole `kubesim` processes
  { name: 'startup', file: 'bench/startup.ts', nodeArgs: [], args: [] },
];

let failed = 0;
for (const b of benches) {
  console.log(`== bench: ${b.name}`);
  const r = spawnSync(process.execPath, [...b.nodeArgs, 'bin/run-ts.mjs', b.file, ...b.args], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`bench ${b.name} failed (exit ${r.status ?? r.signal})`);
    failed++;
  }
}
process.exitCode = failed ? 1 : 0;
