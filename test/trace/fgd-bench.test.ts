/**
 * The TraceBench file of the FGD experiment (scenarios/bench/fgd-openb.yaml), its located errors,
 * a tiny bench run in this thread and on worker threads (same results), and the report files.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/cli/errors.ts';
import { fgdJobs, loadFgdBench, runFgdBench } from '../../src/trace/fgd-bench.ts';
import { curveSvg, familiesSvg, summarizeFgd, writeFgdReport } from '../../src/trace/fgd-report.ts';

const tmp = mkdtempSync(join(tmpdir(), 'kubesim-fgdbench-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const CSV = 'scenarios/traces/alibaba-gpu-v2023/csv';

function err(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e.format();
    throw e;
  }
  throw new Error('no error');
}

/** A small trace folder: every 25th node, a slice of two pod lists (one per family prefix). */
function tinyTrace(): string {
  const dir = join(tmp, 'csv');
  mkdirSync(dir, { recursive: true });
  const nodes = readFileSync(`${CSV}/openb_node_list_gpu_node.csv`, 'utf8').trim().split('\n');
  writeFileSync(join(dir, 'nodes.csv'), [nodes[0], ...nodes.slice(1).filter((_, i) => i % 25 === 0)].join('\n') + '\n');
  for (const l of ['default', 'gpushare40']) {
    const pods = readFileSync(`${CSV}/openb_pod_list_${l}.csv`, 'utf8').trim().split('\n');
    writeFileSync(join(dir, `openb_pod_list_${l}.csv`), [pods[0], ...pods.slice(1).filter((_, i) => i % 30 === 0)].join('\n') + '\n');
  }
  return dir;
}

function benchFile(name: string, spec: string): string {
  const f = join(tmp, `${name}.yaml`);
  writeFileSync(f, `apiVersion: kubesim.io/v1alpha1\nkind: TraceBench\nmetadata: { name: ${name} }\nspec:\n${spec}\n`);
  return f;
}

describe('TraceBench file', () => {
  it('the bundled one: 17 lists × 6 policies × 10 seeds = 1,020 runs; quick = default × 6 × 2', () => {
    const s = loadFgdBench('scenarios/bench/fgd-openb.yaml');
    expect(s.podLists).toHaveLength(17);
    expect(s.seeds).toEqual([42, 43, 44, 45, 46, 47, 48, 49, 50, 51]);
    expect(fgdJobs(s)).toHaveLength(1020);
    expect(fgdJobs(s, true)).toHaveLength(12);
    expect(s.reference).toMatch(/fgd-paper-results\.json$/);
  });

  it('bad fields are located errors', () => {
    const dir = tinyTrace();
    expect(err(() => loadFgdBench(benchFile('badpol', `  trace: ${dir}\n  nodeList: nodes.csv\n  podLists: [default]\n  policies: [FGD, Tetris]`)))).toMatch(/badpol\.yaml:8:\d+.*spec\.policies\.1.*unknown policy "Tetris"/s);
    expect(err(() => loadFgdBench(benchFile('badlist', `  trace: ${dir}\n  nodeList: nodes.csv\n  podLists: [default, nope]`)))).toMatch(/spec\.podLists\.1.*no pod list nope/s);
    expect(err(() => loadFgdBench(benchFile('badfield', `  trace: ${dir}\n  podLists: [default]\n  sedes: [1]`)))).toMatch(/unknown field spec\.sedes/);
    expect(err(() => loadFgdBench(benchFile('badseeds', `  trace: ${dir}\n  nodeList: nodes.csv\n  podLists: [default]\n  seeds: 5-1`)))).toMatch(/spec\.seeds/);
  });
});

describe('a tiny bench', () => {
  it('runs the same in this thread and on worker threads, and writes the report', async () => {
    const dir = tinyTrace();
    const f = benchFile('tiny', `  trace: ${dir}\n  nodeList: nodes.csv\n  podLists: [default, gpushare40]\n  policies: [BestFit, FGD]\n  seeds: [1, 2]\n  reference: ${join(process.cwd(), 'bench/reference/fgd-paper-results.json')}`);
    const spec = loadFgdBench(f);
    const one = await runFgdBench(spec, { workers: 1 });
    const two = await runFgdBench(spec, { workers: 2 });
    const strip = (rs: typeof one.runs): unknown[] => rs.map(({ seconds: _s, ...r }) => r);
    expect(one.runs).toHaveLength(8);
    expect(strip(two.runs)).toEqual(strip(one.runs));
    const files = writeFgdReport(one, join(tmp, 'out'));
    const md = readFileSync(files.markdown, 'utf8');
    expect(md).toContain('![unallocated GPU vs arrived workload, default list](bench-tiny-curve.svg)');
    expect(md).toMatch(/\| gpushare40 \| .* ± /);
    expect(files.svgs.map((s) => s.split('/').pop())).toEqual(['bench-tiny-curve.svg', 'bench-tiny-families.svg']);
    const json = JSON.parse(readFileSync(files.json, 'utf8'));
    expect(json.runs).toHaveLength(8);
    expect(json.summary.default.FGD.curve.median).toHaveLength(56);
  });

  it('the figures: a curve per policy with its band, bars per family', () => {
    const run = (policy: 'FGD' | 'BestFit', seed: number, list: string, u: number) => ({
      list, policy, seed, pods: 10, scheduled: 10, failed: 0, totalGpus: 8, finalAlloc: 100 - u, seconds: 0.1,
      alloc: Array.from({ length: 131 }, (_, x) => (x < 75 ? null : 100 - u - (130 - x) / 10)),
      fragRatio: Array.from({ length: 131 }, () => 50),
    });
    const runs = [run('FGD', 1, 'default', 5), run('FGD', 2, 'default', 6), run('BestFit', 1, 'default', 7), run('BestFit', 2, 'default', 8), run('FGD', 1, 'cpu050', 4), run('BestFit', 1, 'cpu050', 6)];
    const s = summarizeFgd(runs);
    expect(s.default.FGD!.unalloc100.mean).toBeCloseTo(8.5, 5); // u + (130 − 100) / 10
    expect(s.default.FGD!.unalloc100.sd).toBeCloseTo(Math.SQRT1_2, 2);
    const svg = curveSvg('default', s, 'curve');
    expect(svg.match(/<path d="M/g)?.length).toBe(4); // two bands, two medians
    expect(svg).toContain('Arrived workload');
    const bars = familiesSvg(s, 'bars')!;
    expect(bars).toContain('cpu lists');
    expect(bars.match(/<\/title><\/rect>/g)?.length).toBe(2); // one bar per list × policy
    expect(familiesSvg(summarizeFgd(runs.filter((r) => r.list === 'default')), 'none')).toBeNull();
  });
});
