/**
 * Sharding a bench: the partition (a property over random benches and shard counts), `--shard`
 * parsing, the shard file format, and `kubesim bench merge`: the merged report is byte-identical
 * to a single-machine run, and mismatched, missing, duplicated or cut-off shards are refused
 * (exit 2) with a message naming them.
 */
import fc from 'fast-check';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadBench } from '../../src/bench/load.ts';
import { prepareBench } from '../../src/bench/run.ts';
import { benchInputs, parseShardArg, parseShardFile, partitionRuns, shardFileName, unwrapShard, wrapShard } from '../../src/bench/shard.ts';
import { captureOutput } from '../helpers/capture.ts';

const FIX = resolve('test/bench/fixtures');
const BENCH = join(FIX, 'least-vs-most.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'kubesim-shard-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('partitionRuns', () => {
  /** A random bench's run costs: scenarios with a cost each, × policies × seeds (job order). */
  const bench = fc
    .record({
      scenarioCosts: fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 6 }),
      policies: fc.integer({ min: 1, max: 4 }),
      seeds: fc.integer({ min: 1, max: 12 }),
    })
    .map(({ scenarioCosts, policies, seeds }) => scenarioCosts.flatMap((c) => Array.from({ length: policies * seeds }, () => c)));

  it('every run is in exactly one shard, shards ascending, the same partition every time', () => {
    fc.assert(
      fc.property(bench, fc.integer({ min: 1, max: 16 }), (costs, n) => {
        const shards = partitionRuns(costs, n);
        expect(shards).toHaveLength(n);
        const all = shards.flat().sort((a, b) => a - b);
        expect(all).toEqual(costs.map((_, i) => i));
        for (const s of shards) expect(s).toEqual([...s].sort((a, b) => a - b));
        expect(partitionRuns([...costs], n)).toEqual(shards);
      }),
    );
  });

  it('balanced: no shard costs more than total/N + (1 − 1/N) · the costliest run (the list-scheduling bound)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 20 }), (costs, n) => {
        const loads = partitionRuns(costs, n).map((s) => s.reduce((a, i) => a + costs[i], 0));
        const total = costs.reduce((a, b) => a + b, 0);
        expect(Math.max(...loads)).toBeLessThanOrEqual(total / n + (1 - 1 / n) * Math.max(...costs) + 1e-9);
      }),
    );
  });

  it('runs of equal cost: shard sizes differ by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 20 }), (runs, n) => {
        const sizes = partitionRuns(new Array<number>(runs).fill(7), n).map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('the costliest runs go to different shards first (LPT), ties by run index', () => {
    // 9 → shard 0, 8 → shard 1, then the 1s (by index) to the lighter shard, ties to shard 0
    expect(partitionRuns([1, 9, 1, 8, 1, 1], 2)).toEqual([[1, 2, 5], [0, 3, 4]]);
    expect(() => partitionRuns([1], 0)).toThrow(RangeError);
  });
});

describe('--shard I/N', () => {
  it('parses I/N, and the index from $JOB_COMPLETION_INDEX when it is left unexpanded', () => {
    expect(parseShardArg('2/5')).toEqual({ index: 2, count: 5 });
    expect(parseShardArg('$(JOB_COMPLETION_INDEX)/5', { JOB_COMPLETION_INDEX: '4' })).toEqual({ index: 4, count: 5 });
    expect(parseShardArg('/3', { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 0, count: 3 });
  });

  it('refuses an index out of range, a bad count, no slash, and an unset $JOB_COMPLETION_INDEX', () => {
    expect(() => parseShardArg('5/5')).toThrow(/the index 5 is not below the shard count 5/);
    expect(() => parseShardArg('1/0')).toThrow(/shard count "0" is not a positive integer/);
    expect(() => parseShardArg('-1/2')).toThrow(/not a non-negative integer/);
    expect(() => parseShardArg('3')).toThrow(/no "\/"/);
    expect(() => parseShardArg('$(JOB_COMPLETION_INDEX)/2', {})).toThrow(/JOB_COMPLETION_INDEX, which is not set/);
  });
});

describe('inputs', () => {
  it('the bench file, its scenarios, their manifests and the policies\' configurations, sorted by relative path', () => {
    const inputs = benchInputs(loadBench(BENCH));
    expect(inputs.map((i) => i.path)).toEqual([
      '../../../scenarios/config/least-allocated.yaml',
      '../../../scenarios/config/most-allocated.yaml',
      '../../../scenarios/manifests/istio_istio/samples/bookinfo/platform/kube/bookinfo.yaml',
      'bookinfo-node-failure.yaml',
      'bookinfo.yaml',
      'least-vs-most.yaml',
    ]);
    for (const i of inputs) expect(i.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('plugins with their relative imports, but not type-only imports (erased when loaded)', () => {
    const paths = benchInputs(loadBench('scenarios/bench/scheduler-policies.yaml')).map((i) => i.path);
    expect(paths).toContain('plugins/pod-count-packing.ts');
    expect(paths).toContain('../load/azure-llm-code-15s.csv');
    expect(paths.some((p) => p.includes('src/'))).toBe(false);
  });
});

describe('the shard file', () => {
  it('markers carry the SHA-256 of the text: extra log lines around are fine, altered text is refused', () => {
    const text = '{"a":1}\n{"b":2}\n';
    const log = `progress line\n${wrapShard(text, 1, 3)}2 runs in 1.0 s\n`;
    expect(unwrapShard(log, 'pod x')).toEqual({ index: 1, count: 3, text });
    expect(() => unwrapShard(log.replace('"b":2', '"b":3'), 'pod x')).toThrow(/does not match its SHA-256/);
    expect(() => unwrapShard('nothing here', 'pod x')).toThrow(/no shard in the log/);
    expect(() => unwrapShard(wrapShard(text, 1, 3).split('\n').slice(0, 2).join('\n'), 'pod x')).toThrow(/cut off/);
  });

  it('refuses a file that is not a shard, and one cut off before its end line', () => {
    expect(() => parseShardFile('{"kind":"BenchResult"}\n', 'x.jsonl')).toThrow(/not a kubesim bench shard file/);
    expect(() => parseShardFile('not json\n', 'x.jsonl')).toThrow(/not a JSON object/);
  });
});

describe('kubesim bench merge', () => {
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
  const N = 3;
  const shardDir = join(tmp, 'shards');
  const single = join(tmp, 'single');
  let singleJson = '';

  beforeAll(async () => {
    // the single-machine run, then every shard as the Job's pods run it: the index from JOB_COMPLETION_INDEX, the file on stdout
    const saved = { out: process.stdout.write, err: process.stderr.write };
    let text = '';
    process.stdout.write = ((s: string) => ((text += s), true)) as typeof process.stdout.write;
    process.stderr.write = (() => true) as typeof process.stderr.write;
    try {
      expect(await main(['bench', BENCH, '--workers', '1', '--quiet', '--json', '--out', single])).toBe(0);
      singleJson = text;
      mkdirSync(shardDir, { recursive: true });
      for (let i = 0; i < N; i++) {
        text = '';
        process.env.JOB_COMPLETION_INDEX = String(i);
        expect(await main(['bench', BENCH, '--shard', `$(JOB_COMPLETION_INDEX)/${N}`, '--workers', '1', '--quiet'])).toBe(0);
        const shard = unwrapShard(text, `shard ${i}`);
        expect(shard).toMatchObject({ index: i, count: N });
        writeFileSync(join(shardDir, shardFileName(i, N)), shard.text);
      }
    } finally {
      delete process.env.JOB_COMPLETION_INDEX;
      process.stdout.write = saved.out;
      process.stderr.write = saved.err;
    }
  });

  const shardPath = (i: number): string => join(shardDir, shardFileName(i, N));
  /** A folder with copies of shards `which`, the last one passed through `edit`. */
  function variant(name: string, which: number[], edit?: (text: string) => string): string {
    const d = join(tmp, name);
    mkdirSync(d, { recursive: true });
    which.forEach((i, k) => {
      const target = join(d, k === which.length - 1 && edit ? `bench-shard-edited.jsonl` : shardFileName(i, N));
      if (k === which.length - 1 && edit) writeFileSync(target, edit(readFileSync(shardPath(i), 'utf8')));
      else copyFileSync(shardPath(i), target);
    });
    return d;
  }

  it('each shard holds its runs with their keys, the version and the inputs hash; together every run once', async () => {
    const files = [0, 1, 2].map((i) => parseShardFile(readFileSync(shardPath(i), 'utf8'), shardPath(i)));
    const prepared = await prepareBench(loadBench(BENCH));
    expect(files.map((f) => f.runs.length).reduce((a, b) => a + b)).toBe(prepared.jobs.length);
    expect(new Set(files.map((f) => f.header.inputsSha256)).size).toBe(1);
    expect(files[0].header).toMatchObject({ kind: 'BenchShard', shards: 3, kubesimVersion: '0.1.0', totalRuns: 12 });
    expect(files[0].runs[0]).toMatchObject({ scenario: expect.any(String), policy: expect.any(String), seed: expect.any(Number), metrics: { meanUsedNodes: expect.any(Number) } });
  });

  it('merging the shards writes bench.json and bench.md byte-identical to the single-machine run', async () => {
    const merged = join(tmp, 'merged');
    expect(await main(['bench', 'merge', shardDir, '--out', merged, '--json', '--quiet'])).toBe(0);
    expect(out).toBe(singleJson);
    expect(readFileSync(join(merged, 'bench.json'), 'utf8')).toBe(readFileSync(join(single, 'bench.json'), 'utf8'));
    expect(readFileSync(join(merged, 'bench.md'), 'utf8')).toBe(readFileSync(join(single, 'bench.md'), 'utf8'));
    // files in any order and spread over folders: the same table
    out = '';
    expect(await main(['bench', 'merge', shardPath(2), variant('split', [0, 1]), '--quiet'])).toBe(0);
    expect(out).toContain('Bench least-vs-most: 2 scenario(s) × 2 policies × 3 seed(s) = 12 runs');
  });

  it('a missing shard: exit 2, naming the shard and its runs', async () => {
    expect(await main(['bench', 'merge', variant('missing', [0, 2])])).toBe(2);
    expect(err).toMatch(/runs are missing \(no file for shard 1\/3\): /);
    expect(err).toMatch(/bookinfo(-node-failure)? × (least|most) × seed \d/);
  });

  it('a duplicated shard: exit 2, naming the runs and both files', async () => {
    const again = variant('again', [1]);
    expect(await main(['bench', 'merge', shardDir, again])).toBe(2);
    expect(err).toMatch(/4 runs are in more than one file \(shard 1\/3 is in .*bench-shard-1-of-3\.jsonl and .*again\/bench-shard-1-of-3\.jsonl\)/);
  });

  it('different inputs: exit 2, naming the file that differs', async () => {
    const d = variant('inputs', [0, 1, 2], (t) => {
      const [head, ...rest] = t.split('\n');
      const h = JSON.parse(head);
      h.inputs = h.inputs.map((i: { path: string; sha256: string }) => (i.path === 'bookinfo.yaml' ? { ...i, sha256: '0'.repeat(64) } : i));
      h.inputsSha256 = 'f'.repeat(64);
      return [JSON.stringify(h), ...rest].join('\n');
    });
    expect(await main(['bench', 'merge', d])).toBe(2);
    expect(err).toMatch(/the shards come from different bench inputs \(SHA-256 [0-9a-f]{12} \(.*\); ffffffffffff \(.*\)\); .* differ in bookinfo\.yaml/);
  });

  it('a different kubesim version: exit 2, naming the versions and files', async () => {
    const d = variant('version', [0, 1, 2], (t) => t.replace('"kubesimVersion":"0.1.0"', '"kubesimVersion":"0.0.9"'));
    expect(await main(['bench', 'merge', d])).toBe(2);
    expect(err).toMatch(/different kubesim versions: 0\.1\.0 \(.*\); 0\.0\.9 \(.*bench-shard-edited\.jsonl\)/);
  });

  it('a shard split differently, a cut-off file, a folder without shards: exit 2', async () => {
    const other = variant('split4', [0, 1, 2], (t) => t.replace('"shards":3', '"shards":4'));
    expect(await main(['bench', 'merge', other])).toBe(2);
    expect(err).toMatch(/split the bench differently: 3 shards .*; 4 shards/);
    const cut = variant('cut', [0, 1, 2], (t) => t.split('\n').slice(0, -2).join('\n') + '\n');
    expect(await main(['bench', 'merge', cut])).toBe(2);
    expect(err).toMatch(/bench-shard-edited\.jsonl:\d+: the file is cut off/);
    mkdirSync(join(tmp, 'empty'), { recursive: true });
    expect(await main(['bench', 'merge', join(tmp, 'empty')])).toBe(2);
    expect(err).toMatch(/folder holds no bench-shard-\*\.jsonl files/);
    expect(await main(['bench', 'merge'])).toBe(2);
    expect(err).toMatch(/merge: name the shard files or folders/);
  });

  it('--shard with --out writes the file; options of other modes are refused', async () => {
    expect(await main(['bench', BENCH, '--shard', '0/12', '--out', join(tmp, 'one'), '-w', '1', '-q'])).toBe(0);
    expect(parseShardFile(readFileSync(join(tmp, 'one', shardFileName(0, 12)), 'utf8'), 'x').runs).toHaveLength(1);
    expect(await main(['bench', BENCH, '--shard', '0/2', '--json'])).toBe(2);
    expect(err).toMatch(/--json does not apply to --shard/);
    expect(await main(['bench', 'merge', shardDir, '--shard', '0/2'])).toBe(2);
    expect(err).toMatch(/--shard does not apply to merge/);
  });
});
