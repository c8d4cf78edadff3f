/**
 * A bench over several machines: `--shard I/N` runs one shard of the partition and returns its
 * result file; `merge` checks that a set of shard files is one whole bench (same inputs, same
 * kubesim version, every run exactly once) and builds the same report as a single-machine run.
 */
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../cli/errors.ts';
import { statOrFail } from '../util/files.ts';
import { benchHeader, buildBenchResult, type BenchResult } from './analyze.ts';
import { executeJobs, type ExecuteOptions, type PreparedBench } from './run.ts';
import {
  benchInputs,
  describeRun,
  expectedRuns,
  formatShardFile,
  inputsHash,
  kubesimVersion,
  parseShardFile,
  partitionRuns,
  runId,
  type BenchInput,
  type ShardFile,
  type ShardHeader,
  type ShardRunLine,
} from './shard.ts';

/** The runs (job indexes, ascending) of shard `index` of `count`. */
export function shardJobs(prepared: PreparedBench, index: number, count: number): number[] {
  return partitionRuns(prepared.costs, count)[index];
}

/** Runs shard `index` of `count` and returns its result file text and header. */
export async function runShard(prepared: PreparedBench, index: number, count: number, opts: ExecuteOptions & { inputs?: BenchInput[] } = {}): Promise<{ header: ShardHeader; text: string }> {
  const indexes = shardJobs(prepared, index, count);
  const values = await executeJobs(
    indexes.map((i) => prepared.jobs[i]),
    opts,
  );
  const bench = benchHeader(prepared.spec, prepared.scenarioNames);
  // full-precision records of the whole bench's job order, picked by index
  const keys = expectedRuns(bench);
  const records: ShardRunLine[] = indexes.map((run, k) => {
    const metrics: ShardRunLine['metrics'] = {};
    bench.metrics.forEach((m, j) => (metrics[m] = values[k][j]));
    return { run, ...keys[run], metrics };
  });
  const inputs = opts.inputs ?? benchInputs(prepared.spec);
  const header: ShardHeader = {
    apiVersion: 'kubesim.io/v1alpha1',
    kind: 'BenchShard',
    shard: index,
    shards: count,
    kubesimVersion: kubesimVersion(),
    inputsSha256: inputsHash(inputs),
    inputs: inputs.map((i) => ({ path: i.path, sha256: i.sha256 })),
    totalRuns: prepared.jobs.length,
    runs: records.length,
    bench,
  };
  return { header, text: formatShardFile(header, records) };
}

/** Shard files named by `paths`: files as they are, folders' `bench-shard-*.jsonl` (sorted); the same file twice counts once. */
export function readShardFiles(paths: readonly string[]): ShardFile[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (f: string): void => {
    const real = realpathSync(f);
    if (seen.has(real)) return;
    seen.add(real);
    files.push(f);
  };
  for (const p of paths) {
    const st = statOrFail(p, 'shard file or folder');
    if (st.isDirectory()) {
      const names = readdirSync(p)
        .filter((n) => /^bench-shard-.*\.jsonl$/.test(n))
        .sort();
      if (names.length === 0) throw new UserError('folder holds no bench-shard-*.jsonl files', { location: { file: p } });
      for (const n of names) add(join(p, n));
    } else add(p);
  }
  return files.map((f) => parseShardFile(readFileSync(f, 'utf8'), f));
}

/** At most `max` items of a list for a message, then "and K more". */
function some(items: readonly string[], max = 8): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/** Groups file names by a value: `0.1.0 (a.jsonl, b.jsonl); 0.2.0 (c.jsonl)`. */
function groups(files: readonly ShardFile[], value: (f: ShardFile) => string): string {
  const by = new Map<string, string[]>();
  for (const f of files) by.set(value(f), [...(by.get(value(f)) ?? []), f.source]);
  return [...by].map(([v, fs]) => `${v} (${some(fs, 4)})`).join('; ');
}

/**
 * Checks that `files` are the shards of one bench, every run exactly once, and builds its
 * report. Throws a UserError (exit 2) naming the mismatching version or inputs, or the missing
 * and duplicated runs and shards.
 */
export function mergeShards(files: readonly ShardFile[]): BenchResult {
  if (files.length === 0) throw new UserError('merge: no shard files');
  const first = files[0];
  if (files.some((f) => f.header.kubesimVersion !== first.header.kubesimVersion)) {
    throw new UserError(`merge: the shards were written by different kubesim versions: ${groups(files, (f) => f.header.kubesimVersion)}; rerun them with one version`);
  }
  if (files.some((f) => f.header.inputsSha256 !== first.header.inputsSha256)) {
    const other = files.find((f) => f.header.inputsSha256 !== first.header.inputsSha256)!;
    const a = new Map(first.header.inputs.map((i) => [i.path, i.sha256]));
    const b = new Map(other.header.inputs.map((i) => [i.path, i.sha256]));
    const differ = [...new Set([...a.keys(), ...b.keys()])].filter((p) => a.get(p) !== b.get(p)).sort();
    throw new UserError(
      `merge: the shards come from different bench inputs (SHA-256 ${groups(files, (f) => f.header.inputsSha256.slice(0, 12))}); ` +
        `${first.source} and ${other.source} differ in ${some(differ.map((p) => (!a.has(p) || !b.has(p) ? `${p} (only in one)` : p)))}`,
    );
  }
  if (files.some((f) => f.header.shards !== first.header.shards)) {
    throw new UserError(`merge: the shards split the bench differently: ${groups(files, (f) => `${f.header.shards} shards`)}`);
  }
  const n = first.header.shards;
  const bench = first.header.bench;
  // shards: each index once
  const byShard = new Map<number, string[]>();
  for (const f of files) byShard.set(f.header.shard, [...(byShard.get(f.header.shard) ?? []), f.source]);
  const problems: string[] = [];
  const missingShards = Array.from({ length: n }, (_, i) => i).filter((i) => !byShard.has(i));
  const dupShards = [...byShard].filter(([, fs]) => fs.length > 1).sort((x, y) => x[0] - y[0]);
  // runs: each expected run exactly once, at its index
  const expected = expectedRuns(bench);
  const index = new Map(expected.map((k, i) => [runId(k), i]));
  const seen = new Map<string, string[]>();
  const unexpected: string[] = [];
  const records: ShardRunLine[] = [];
  for (const f of files) {
    for (const r of f.runs) {
      const id = runId(r);
      if (index.get(id) !== r.run) {
        unexpected.push(`${describeRun(r)} as run ${r.run} in ${f.source}`);
        continue;
      }
      seen.set(id, [...(seen.get(id) ?? []), f.source]);
      records.push(r);
    }
  }
  const missing = expected.filter((k) => !seen.has(runId(k)));
  const duplicated = expected.filter((k) => (seen.get(runId(k))?.length ?? 0) > 1);
  if (missing.length) {
    const shardNote = missingShards.length ? ` (no file for shard${missingShards.length > 1 ? 's' : ''} ${some(missingShards.map((i) => `${i}/${n}`))})` : '';
    problems.push(`${missing.length} of ${expected.length} runs are missing${shardNote}: ${some(missing.map(describeRun))}`);
  }
  if (duplicated.length) {
    const shardNote = dupShards.length ? ` (shard ${dupShards.map(([i, fs]) => `${i}/${n} is in ${fs.join(' and ')}`).join('; ')})` : '';
    problems.push(
      `${duplicated.length} run${duplicated.length > 1 ? 's are' : ' is'} in more than one file${shardNote}: ${some(duplicated.map((k) => (dupShards.length ? describeRun(k) : `${describeRun(k)} (${seen.get(runId(k))!.join(', ')})`)))}`,
    );
  }
  if (unexpected.length) problems.push(`${unexpected.length} run line(s) do not belong to this bench: ${some(unexpected)}`);
  if (problems.length) throw new UserError(`merge: the shards are not one whole bench ${JSON.stringify(bench.name)}:\n  ${problems.join('\n  ')}`);
  return buildBenchResult(bench, records);
}

/** The shard header as JSON without the runs (for `--json` summaries and tests). */
export function describeShard(h: ShardHeader): string {
  return `shard ${h.shard}/${h.shards} of bench ${h.bench.name}: ${h.runs} of ${h.totalRuns} runs (inputs ${h.inputsSha256.slice(0, 12)}, kubesim ${h.kubesimVersion})`;
}
