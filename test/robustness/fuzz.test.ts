/**
 * Issue 14, seeded and bounded fuzzing: 500 mutants of the bundled scenarios (byte flips,
 * truncation, deleted lines, values of the wrong type, huge and tiny numbers, deep nesting,
 * alias bombs, binary garbage, a mutated manifest next to them) are loaded, and those that load
 * are run when they are small. Every outcome must be a result or a located UserError (a file
 * at least), never another exception. A longer campaign: bench/fuzz.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/cli/errors.ts';
import { runScenario } from '../../src/engine/simulation.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { FUZZ_SCENARIOS, mutantArbitrary, prepareScenario, runnable, type Mutant } from './fuzz-mutants.ts';

const dir = mkdtempSync(join(tmpdir(), 'kubesim-fuzz-'));
const bases = FUZZ_SCENARIOS.map((f) => prepareScenario(resolve(f)));

/** Loads (and, when small, runs) one mutant; returns 'result' or throws what escaped. */
async function outcome(m: Mutant, i: number): Promise<'result' | 'user-error'> {
  const file = join(dir, `m${i}.yaml`);
  writeFileSync(file, m.text);
  if (m.manifest !== undefined) writeFileSync(join(dir, 'mutated-manifest.yaml'), m.manifest);
  try {
    const sc = loadScenario(file);
    if (runnable(sc)) await runScenario(sc);
    return 'result';
  } catch (err) {
    if (err instanceof UserError && err.location?.file) return 'user-error';
    throw new Error(`mutant ${i} (${m.how}) escaped: ${(err as Error)?.stack ?? String(err)}`);
  }
}

describe('fuzz: mutated scenarios and manifests end in a result or a located UserError', () => {
  it("500 seeded mutants", async () => {
    const started = performance.now();
    const counts = { result: 0, 'user-error': 0 };
    let i = 0;
    await fc.assert(
      fc.asyncProperty(mutantArbitrary(bases, dir), async (m) => {
        counts[await outcome(m, i++)]++;
      }),
      { seed: 14, numRuns: 500, endOnFailure: true },
    );
    // both kinds of outcome happen (the mutations are neither all fatal nor all harmless)
    expect(counts.result).toBeGreaterThan(10);
    expect(counts['user-error']).toBeGreaterThan(100);
    expect(performance.now() - started).toBeLessThan(60_000);
  }, 120_000);

  it('the bundled scenarios themselves load', () => {
    for (const b of bases) {
      writeFileSync(join(dir, 'base.yaml'), b.text);
      expect(() => loadScenario(join(dir, 'base.yaml'))).not.toThrow();
    }
    expect(readFileSync(join(dir, 'base.yaml'), 'utf8').length).toBeGreaterThan(0);
  });
});
