/**
 * `kubesim bench` end to end, in-process: LeastAllocated vs MostAllocated over 2 short scenarios
 * × 3 seeds, failing runs, the outputs, and the CLI's exit codes (workers.test.ts: threads).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { captureOutput } from '../helpers/capture.ts';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { analyzeBench, type BenchResult } from '../../src/bench/analyze.ts';
import { loadBench } from '../../src/bench/load.ts';
import { benchJson, formatBenchMarkdown, formatBenchTable, formatNumber, stringifyCompact } from '../../src/bench/report.ts';
import { executeJobs, prepareBench, type PreparedBench } from '../../src/bench/run.ts';

const FIX = resolve('test/bench/fixtures');
const BENCH = join(FIX, 'least-vs-most.yaml');
const dir = mkdtempSync(join(tmpdir(), 'kubesim-bench-'));

let prepared: PreparedBench;
let inProcess: BenchResult;
beforeAll(async () => {
  prepared = await prepareBench(loadBench(BENCH));
  inProcess = analyzeBench(prepared.spec, prepared.scenarioNames, await executeJobs(prepared.jobs, { workers: 1 }));
});

describe('LeastAllocated vs MostAllocated, 2 scenarios × 3 seeds', () => {
  it('MostAllocated uses fewer nodes in both scenarios, and the paired interval excludes 0', () => {
    for (const sc of ['bookinfo', 'bookinfo-node-failure']) {
      const least = inProcess.summary[sc].least.meanUsedNodes!;
      const most = inProcess.summary[sc].most.meanUsedNodes!;
      expect(least.n).toBe(3);
      expect(most.mean!).toBeLessThan(least.mean!);
      const d = inProcess.comparisons[sc].most.meanUsedNodes!;
      expect(d.n).toBe(3);
      expect(d.mean!).toBeLessThan(0);
      expect(d.ci![1]).toBeLessThan(0);
      expect(d.significant).toBe(true);
      expect(inProcess.comparisons[sc].most.maxUsedNodes!.significant).toBe(true);
    }
  });

  it('Bookinfo schedules its 6 pods under both policies: no difference, not significant', () => {
    expect(inProcess.summary.bookinfo.least.podsScheduled).toMatchObject({ n: 3, mean: 6, sd: 0 });
    expect(inProcess.comparisons.bookinfo.most.podsScheduled).toMatchObject({ mean: 0, significant: false });
  });

  it('seeds matter when LeastAllocated spreads pods onto the failing node: a non-degenerate interval from the runs', () => {
    const runs = inProcess.runs.filter((r) => r.scenario === 'bookinfo-node-failure' && r.policy === 'least').map((r) => r.metrics.meanReadyPods!);
    expect(new Set(runs).size).toBeGreaterThan(1);
    const s = inProcess.summary['bookinfo-node-failure'].least.meanReadyPods!;
    const mean = runs.reduce((a, b) => a + b, 0) / 3;
    const sd = Math.sqrt(runs.reduce((a, b) => a + (b - mean) ** 2, 0) / 2);
    expect(s.mean).toBeCloseTo(mean, 6);
    expect(s.sd).toBeCloseTo(sd, 6);
    expect(s.halfWidth).toBeCloseTo((4.30265273 * sd) / Math.sqrt(3), 5);
  });

  it('runs are listed scenario, policy, seed in the bench order', () => {
    expect(inProcess.runs.map((r) => `${r.scenario}/${r.policy}/${r.seed}`).slice(0, 4)).toEqual(['bookinfo/least/1', 'bookinfo/least/2', 'bookinfo/least/3', 'bookinfo/most/1']);
    expect(inProcess.runs).toHaveLength(12);
    expect(Object.keys(inProcess.comparisons.bookinfo)).toEqual(['most']);
  });
});

describe('failing runs', () => {
  it('a plugin that throws fails the bench, naming the run', async () => {
    const f = join(dir, 'throwing.yaml');
    writeFileSync(
      f,
      `apiVersion: kubesim.io/v1alpha1\nkind: Bench\nmetadata: { name: boom }\nscenarios: [ ${FIX}/bookinfo.yaml ]\npolicies:\n  bad: { plugins: [ ${FIX}/throwing-plugin.ts ] }\nseeds: [1, 2]\n`,
    );
    const p = await prepareBench(loadBench(f));
    await expect(executeJobs(p.jobs, { workers: 1 })).rejects.toThrow(/run bookinfo × bad × seed 1 failed: score exploded/);
  });
});

describe('outputs', () => {
  it('the table: policies as rows per scenario, mean ± half-width, Δ rows marked * when significant', () => {
    const t = formatBenchTable(inProcess, 200);
    expect(t).toContain('Bench least-vs-most: 2 scenario(s) × 2 policies × 3 seed(s) = 12 runs');
    expect(t).toMatch(/\nbookinfo \(bookinfo\.yaml\)\n {2}policy +meanUsedNodes +maxUsedNodes/);
    expect(t).toMatch(/\n {2}least +4 ± 0 +4 ± 0/);
    expect(t).toMatch(/\n {2}most +1 ± 0 +1 ± 0/);
    expect(t).toMatch(/\n {4}Δ vs least +-3 ± 0 \* +-3 ± 0 \*/);
  });

  it('the table wraps metric columns into blocks that fit the width', () => {
    const t = formatBenchTable(inProcess, 80);
    for (const line of t.split('\n').filter((l) => l.startsWith('  '))) expect(line.length).toBeLessThanOrEqual(80);
    expect(t.match(/ {2}policy/g)!.length).toBeGreaterThan(2);
  });

  it('bench.md: a table per scenario with bold significant Δ, details and the metric descriptions', () => {
    const md = formatBenchMarkdown(inProcess);
    expect(md).toContain('# Bench `least-vs-most`');
    expect(md).toContain('## bookinfo-node-failure');
    expect(md).toContain('| policy | meanUsedNodes | maxUsedNodes | meanReadyPods | podsScheduled | timeToAllReady | expectationsPassed |');
    expect(md).toMatch(/\| Δ most − least \| \*\*-3 ± 0\*\* \| \*\*-3 ± 0\*\* \|/);
    expect(md).toContain('| meanUsedNodes | least | 3 | 4 | 0 | [4, 4] | 4 | 4 |');
    expect(md).toContain('| timeToAllReady | s | lower | First time the number of ready pods reaches its final value |');
  });

  it('compact JSON keeps flat lists and short flat maps on one line and parses back', () => {
    const v = { a: [1, 2, null], b: { x: 1, y: 'z', c: [0.5, 1] }, d: [{ e: 1 }], f: {}, g: [] };
    const s = stringifyCompact(v);
    expect(JSON.parse(s)).toEqual(v);
    expect(s).toContain('"a": [1, 2, null]');
    expect(s).toContain('"b": {"x": 1, "y": "z", "c": [0.5, 1]}');
    expect(s).toContain('"d": [\n    {"e": 1}\n  ]');
    expect(stringifyCompact({ long: 'x'.repeat(250) })).toBe(`{\n  "long": "${'x'.repeat(250)}"\n}`);
  });
});

describe('kubesim bench CLI', () => {
  let out = '';
  let err = '';
  captureOutput(
    () => {
      out = '';
      err = '';
    },
    (s) => void (out += s),
    (s) => void (err += s),
  );

  it('exit 0; --json prints bench.json, --out writes it (the same as in-process) with bench.md', async () => {
    const o = join(dir, 'out');
    const code = await main(['bench', BENCH, '--json', '--out', o, '--workers', '1', '--quiet']);
    expect(code).toBe(0);
    expect(out).toBe(benchJson(inProcess));
    expect(JSON.parse(out).kind).toBe('BenchResult');
    expect(readFileSync(join(o, 'bench.json'), 'utf8')).toBe(benchJson(inProcess));
    expect(readFileSync(join(o, 'bench.md'), 'utf8')).toBe(formatBenchMarkdown(inProcess));
  });

  it('without --json: the table, and where the files went', async () => {
    const o = join(dir, 'out2');
    expect(await main(['bench', BENCH, '--out', o, '-w', '1', '-q'])).toBe(0);
    expect(out).toContain('Δ vs least');
    expect(out).toContain(`Wrote ${join(o, 'bench.json')}, ${join(o, 'bench.md')} and ${join(o, 'bench.html')}`);
    expect(existsSync(join(o, 'bench.md'))).toBe(true);
  });

  it('exit 2 with file:line for a bad bench file', async () => {
    const f = join(dir, 'bad.yaml');
    writeFileSync(f, `apiVersion: kubesim.io/v1alpha1\nkind: Bench\nmetadata: { name: bad }\nscenarios: [ ${FIX}/bookinfo.yaml ]\npolicies: { default: {} }\nseeds: [1, 1.5]\n`);
    expect(await main(['bench', f, '-q'])).toBe(2);
    expect(err).toMatch(new RegExp(`error: ${f}:6:\\d+: Bench bad: seeds\\[1\\]: a seed is an integer or a string, got 1\\.5`));
  });

  it('exit 2 for a missing file, a bad --workers, and no file', async () => {
    expect(await main(['bench', join(dir, 'nope.yaml')])).toBe(2);
    expect(err).toMatch(/nope\.yaml: bench file not found/);
    expect(await main(['bench', BENCH, '--workers', '0'])).toBe(2);
    expect(err).toMatch(/--workers must be a positive integer, got "0"/);
    expect(await main(['bench'])).toBe(2);
  });
});

describe('the example bench (scenarios/bench/scheduler-policies.yaml)', () => {
  it('loads, names its scenarios, and its pod-count plugin packs the Sock Shop onto one node', async () => {
    const p = await prepareBench(loadBench('scenarios/bench/scheduler-policies.yaml'));
    expect(p.scenarioNames).toEqual(['sock-shop', 'quickstart', 'node-failure', 'preemption-storm', 'hpa-flash-spike']);
    expect(p.spec.policies.map((x) => x.name)).toEqual(['default', 'most-allocated', 'pod-count-packing']);
    expect(p.jobs).toHaveLength(5 * 3 * 5);
    const pick = (policy: string): typeof p.jobs => p.jobs.filter((j) => j.scenario === 'sock-shop' && j.policy === policy && j.seed === 1);
    const i = p.spec.metrics.indexOf('maxUsedNodes');
    const [packed, spread] = await executeJobs([...pick('pod-count-packing'), ...pick('default')], { workers: 1 });
    expect(packed[i]).toBe(1);
    expect(spread[i]).toBe(10);
  });
});

describe('formatNumber', () => {
  it('integers as they are, 2 decimals below 100, 1 below 1000, none above; no "-0.00"', () => {
    expect([7, -9, 1.095278, 11.934, 123.456, 4408.2, -0.004, -0.0004].map(formatNumber)).toEqual(['7', '-9', '1.10', '11.93', '123.5', '4408', '0.00', '0.00']);
  });
});
