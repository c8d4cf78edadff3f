/**
 * A longer fuzz campaign than `npm test`'s (issue 14): `npx tsx bench/fuzz.ts --runs 10000
 * [--seed N]` mutates the bundled scenarios and their manifests (test/robustness/fuzz-mutants.ts),
 * loads every mutant and runs those that load (the autoscaler scenarios too), and reports the
 * outcomes: results, located UserErrors, anything else (with the mutant, to reproduce), and the
 * slowest cases. Exit 1 when anything escaped.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { UserError } from '../src/cli/errors.ts';
import { runScenario } from '../src/engine/simulation.ts';
import { loadScenario } from '../src/scenario/load.ts';
import { FUZZ_SCENARIOS, mutantArbitrary, prepareScenario } from '../test/robustness/fuzz-mutants.ts';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const runs = arg('runs', 1000);
const seed = arg('seed', 14);
const dir = mkdtempSync(join(tmpdir(), 'kubesim-fuzz-campaign-'));
const bases = FUZZ_SCENARIOS.map((f) => prepareScenario(resolve(f)));
const samples = fc.sample(mutantArbitrary(bases, dir), { seed, numRuns: runs });
const counts = { result: 0, userError: 0, escaped: 0 };
const slow: { ms: number; how: string }[] = [];
const escaped: string[] = [];
const started = performance.now();
for (let i = 0; i < samples.length; i++) {
  const m = samples[i];
  const file = join(dir, `m${i}.yaml`);
  writeFileSync(file, m.text);
  if (m.manifest !== undefined) writeFileSync(join(dir, 'mutated-manifest.yaml'), m.manifest);
  const t0 = performance.now();
  try {
    const sc = loadScenario(file);
    // a guard of the campaign itself: runs of more than 10^6 ticks are loaded, not run
    if (sc.duration / sc.tick <= 1e6) await runScenario(sc);
    counts.result++;
  } catch (err) {
    if (err instanceof UserError && err.location?.file) counts.userError++;
    else {
      counts.escaped++;
      escaped.push(`#${i} ${m.how}: ${(err as Error)?.stack?.split('\n').slice(0, 3).join(' | ') ?? String(err)}`);
    }
  }
  slow.push({ ms: performance.now() - t0, how: `#${i} ${m.how}` });
  if ((i + 1) % 500 === 0) process.stderr.write(`${i + 1}/${runs} (${Math.round((performance.now() - started) / 1000)} s)\n`);
}
slow.sort((a, b) => b.ms - a.ms);
console.log(`kubesim fuzz campaign: ${runs} mutants, seed ${seed}, ${Math.round((performance.now() - started) / 1000)} s`);
console.log(`  results ${counts.result}, located UserErrors ${counts.userError}, escaped ${counts.escaped}`);
console.log(`  slowest: ${slow.slice(0, 5).map((s) => `${Math.round(s.ms)} ms (${s.how})`).join('; ')}`);
for (const e of escaped) console.log(`  ESCAPED ${e}`);
process.exitCode = counts.escaped ? 1 : 0;
