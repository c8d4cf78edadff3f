/**
 * Runs every benchmark in turn (`npm run bench`). Each bench module exports `main()`; add new
 * ones to the list below.
 */
import { main as scheduler } from './scheduler.ts';

const benches: [string, () => Promise<unknown>][] = [['scheduler', () => scheduler(process.argv.slice(2))]];

for (const [name, run] of benches) {
  console.log(`== bench: ${name}`);
  await run();
}
