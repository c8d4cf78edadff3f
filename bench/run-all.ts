/**
 * Runs every benchmark in turn (`npm run bench`), each in its own Node process so that one
 * bench's heap and peak RSS do not show up in the next one's figures. Arguments are passed to
 * the scheduler bench (e.g. `--quick`). Add new benches to the list below.
 */
import { spawnSync } from 'node:child_process';

const benches: { name: string; file: string; nodeArgs: string[]; args: string[] }[] = [
  { name: 'scheduler', file: 'bench/scheduler.ts', nodeArgs: [], args: process.argv.slice(2) },
  // --expose-gc: the model bench measures the heap after a full collection
  { name: 'model', file: 'bench/model.ts', nodeArgs: ['--expose-gc', '--max-old-space-size=4096'], args: [] },
  { name: 'engine', file: 'bench/engine.ts', nodeArgs: [], args: [] },
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
