/**
 * Runs every benchmark in turn (`npm run bench`). Each bench module exports `main()`; add new
 * ones to the list below. Arguments are passed to the scheduler bench (e.g. `--quick`).
 */
import { main as engine } from './engine.ts';
import { main as model } from './model.ts';
import { main as scheduler } from './scheduler.ts';

const benches: [string, () => Promise<unknown>][] = [
  ['scheduler', () => scheduler(process.argv.slice(2))],
  ['model', () => model()],
  ['engine', () => engine()],
];

for (const [name, run] of benches) {
  console.log(`== bench: ${name}`);
  await run();
}
