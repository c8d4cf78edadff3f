import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/simulation.ts';
import { writeRunOutputs } from '../../src/report/outputs.ts';
import { loadScenario } from '../../src/scenario/load.ts';

const tmp = mkdtempSync(join(tmpdir(), 'kubesim-scen-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const bundled = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();

describe('bundled scenarios', () => {
  it('there are at least six', () => expect(bundled.length).toBeGreaterThanOrEqual(6));
  for (const f of bundled) {
    it(`${f}: every expectation holds`, async () => {
      const r = await runScenario(loadScenario(join('scenarios', f)));
      const failed = r.expectations.filter((x) => !x.passed).map((x) => `${x.text}: ${x.observed}`);
      expect(failed).toEqual([]);
      expect(r.expectations.length).toBeGreaterThan(0);
    });
  }
});

describe('determinism', () => {
  it('the same scenario and seed write byte-identical files', async () => {
    const sc = loadScenario('scenarios/quickstart.yaml');
    const a = writeRunOutputs(await runScenario(sc), join(tmp, 'a'));
    const b = writeRunOutputs(await runScenario(loadScenario('scenarios/quickstart.yaml')), join(tmp, 'b'));
    for (let i = 0; i < a.files.length; i++) expect(readFileSync(b.files[i])).toEqual(readFileSync(a.files[i]));
  });

  it('another seed changes the random choices (pod names)', async () => {
    const sc = loadScenario('scenarios/quickstart.yaml');
    const a = await runScenario(sc, { seed: 1 });
    const b = await runScenario(sc, { seed: 2 });
    const names = (r: typeof a): string[] => r.engine.events.filter((e) => e.kind === 'Scheduled').map((e) => e.object);
    expect(names(a)).not.toEqual(names(b));
  });

  it('leaves no partial output folder when writing succeeds, and replaces an old one', async () => {
    const dir = join(tmp, 'c');
    writeRunOutputs(await runScenario(loadScenario('scenarios/binpack-most.yaml')), dir);
    writeRunOutputs(await runScenario(loadScenario('scenarios/binpack-most.yaml')), dir);
    expect(readdirSync(tmp).filter((n) => n.includes('.tmp-'))).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['events.jsonl', 'report.html', 'result.json', 'summary.md']);
  });
});
