/**
 * Sharding a bench: every run keyed by scenario × policy × seed, an expected cost per run, a
 * stable partition of the runs into N shards balanced by that cost (greedy LPT), the bench's
 * input files with their SHA-256, and the shard result file (JSON lines) that `kubesim bench
 * --shard I/N` writes and `kubesim bench merge` reads back.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { UserError } from '../cli/errors.ts';
import { isObject } from '../manifests/check.ts';
import { listManifestFiles } from '../manifests/loader.ts';
import { parseDocuments } from '../manifests/yaml-source.ts';
import type { Scenario } from '../scenario/types.ts';
import type { BenchHeader, BenchRunRecord } from './analyze.ts';
import type { BenchSpec } from './load.ts';

/** The kubesim version (package.json, two folders up from src/bench/ and dist/bench/ alike). */
export function kubesimVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

// ---- run keys ------------------------------------------------------------------------------

/** What identifies a run. */
export interface RunKey {
  scenario: string;
  policy: string;
  seed: number | string;
}

/** A unique text per run (a seed 1 and a seed "1" are different runs). */
export function runId(k: RunKey): string {
  return JSON.stringify([k.scenario, k.policy, k.seed]);
}

/** `bookinfo × most × seed 3` (a string seed in quotes). */
export function describeRun(k: RunKey): string {
  return `${k.scenario} × ${k.policy} × seed ${typeof k.seed === 'string' ? JSON.stringify(k.seed) : k.seed}`;
}

/** Every run of a bench in job order: scenario, then policy, then seed. */
export function expectedRuns(h: Pick<BenchHeader, 'scenarios' | 'policies' | 'seeds'>): RunKey[] {
  const out: RunKey[] = [];
  for (const s of h.scenarios) for (const p of h.policies) for (const seed of h.seeds) out.push({ scenario: s.name, policy: p.name, seed });
  return out;
}

// ---- cost and partition ----------------------------------------------------------------------

/**
 * Expected cost of one run of `scenario` (relative units): simulated minutes × nodes × pods,
 * each at least 1. Nodes: static nodes plus, for autoscaled groups, the middle of min..max.
 * Pods: the replicas of Deployments/ReplicaSets/StatefulSets, Jobs' parallelism, DaemonSets
 * times nodes, bare Pods. A coarse model (the scheduler's work grows with pods × nodes, the
 * controllers' with time); it only has to rank runs for balancing.
 */
export function estimateRunCost(scenario: Scenario, duration?: number): number {
  let nodes = 0;
  for (const g of scenario.nodeGroups) nodes += g.count;
  for (const g of scenario.autoscaledNodeGroups ?? []) nodes += Math.max(g.minSize, Math.ceil((g.minSize + g.maxSize) / 2));
  let daemonSets = 0;
  let pods = 0;
  for (const o of scenario.objects) {
    const spec = (o as { spec?: Record<string, unknown> }).spec ?? {};
    const int = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d);
    switch (o.kind) {
      case 'Node':
        nodes++;
        break;
      case 'Pod':
        pods++;
        break;
      case 'Deployment':
      case 'ReplicaSet':
      case 'StatefulSet':
        pods += int(spec.replicas, 1);
        break;
      case 'Job':
        pods += Math.max(int(spec.parallelism, 1), Math.min(int(spec.completions, 1), 1000));
        break;
      case 'CronJob':
        pods += 1;
        break;
      case 'DaemonSet':
        daemonSets++;
        break;
    }
  }
  nodes = Math.max(1, nodes);
  pods += daemonSets * nodes;
  const minutes = Math.max(1, Math.ceil((duration ?? scenario.duration) / 60));
  return minutes * nodes * Math.max(1, pods);
}

/**
 * Splits runs 0..costs.length−1 into `n` shards, balanced by cost: greedy LPT (runs by cost,
 * highest first, ties by run index; each to the shard with the least cost so far, ties to the
 * lowest shard). Deterministic: the same costs and n give the same partition on any machine.
 * Every shard lists its runs in ascending order. Bound (list scheduling): no shard costs more
 * than total/n + (1 − 1/n) · max cost.
 */
export function partitionRuns(costs: readonly number[], n: number): number[][] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError('shard count must be a positive integer');
  const shards: number[][] = Array.from({ length: n }, () => []);
  const load = new Array<number>(n).fill(0);
  const order = costs.map((_, i) => i).sort((a, b) => costs[b] - costs[a] || a - b);
  for (const i of order) {
    let best = 0;
    for (let s = 1; s < n; s++) if (load[s] < load[best]) best = s;
    shards[best].push(i);
    load[best] += costs[i];
  }
  for (const s of shards) s.sort((a, b) => a - b);
  return shards;
}

/** `I/N` → {index, count}; `$(JOB_COMPLETION_INDEX)/N` (unexpanded) or `/N` read the index from $JOB_COMPLETION_INDEX. */
export function parseShardArg(text: string, env: NodeJS.ProcessEnv = process.env): { index: number; count: number } {
  const m = /^(.*)\/(.*)$/.exec(text.trim());
  const bad = (why: string): never => {
    throw new UserError(`--shard ${JSON.stringify(text)}: ${why} (expected I/N with 0 ≤ I < N, e.g. --shard 0/4)`);
  };
  if (!m) return bad('no "/"');
  let idx = m[1];
  if (idx === '' || idx === '$(JOB_COMPLETION_INDEX)' || idx === '$JOB_COMPLETION_INDEX' || idx === '${JOB_COMPLETION_INDEX}') {
    const v = env.JOB_COMPLETION_INDEX;
    if (v === undefined) return bad('the index comes from $JOB_COMPLETION_INDEX, which is not set');
    idx = v;
  }
  if (!/^\d+$/.test(idx)) return bad(`the index ${JSON.stringify(idx)} is not a non-negative integer`);
  if (!/^[1-9]\d*$/.test(m[2])) return bad(`the shard count ${JSON.stringify(m[2])} is not a positive integer`);
  const index = Number(idx);
  const count = Number(m[2]);
  if (index >= count) return bad(`the index ${index} is not below the shard count ${count}`);
  return { index, count };
}

// ---- inputs --------------------------------------------------------------------------------

/** One input file of a bench. */
export interface BenchInput {
  /** Relative to the bench file's folder, with `/` separators (`../quickstart.yaml`). */
  path: string;
  /** Absolute path. */
  file: string;
  sha256: string;
  bytes: number;
}

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** Keys of a scenario whose string values (or string list items) are paths relative to it. */
const PATH_KEYS = new Set(['file', 'config', 'csv', 'manifests', 'plugins']);

/** The existing files a scenario refers to: manifests (folders expanded), node files, CSV load, scheduler config and plugins. */
function scenarioReferences(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const dir = dirname(file);
  const out: string[] = [];
  const add = (v: unknown): void => {
    if (typeof v !== 'string' || v === '') return;
    const full = resolve(dir, v);
    let st;
    try {
      st = statSync(full);
    } catch {
      return;
    }
    if (st.isDirectory()) out.push(...listManifestFiles([full]));
    else if (st.isFile()) out.push(full);
  };
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (PATH_KEYS.has(k)) {
          if (Array.isArray(x)) x.forEach(add);
          else add(x);
        }
        if (typeof x === 'object') walk(x);
      }
    }
  };
  for (const d of parseDocuments(text, file)) walk(d.value);
  return out;
}

/** Relative imports of a plugin module (`./helper.ts`, `../lib/x.js`) that exist, followed transitively. */
function pluginImports(file: string, seen: Set<string>): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  const out = [file];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return out;
  }
  // static imports and re-exports (not `import type` / `export type`: erased when the plugin loads), side-effect and dynamic imports
  const specs = [
    ...[...text.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^'";]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/gm)].filter((m) => !m[1]).map((m) => m[2]),
    ...[...text.matchAll(/^\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1]),
    ...[...text.matchAll(/\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)].map((m) => m[1]),
  ];
  for (const spec of specs) {
    const full = resolve(dirname(file), spec);
    try {
      if (statSync(full).isFile()) out.push(...pluginImports(full, seen));
    } catch {
      /* not a file: left to the loader */
    }
  }
  return out;
}

/**
 * Every file the bench reads: the bench file, its scenarios and what they refer to, the
 * policies' scheduler configurations and plugins (with their relative imports). Sorted by path
 * relative to the bench file, each once.
 */
export function benchInputs(spec: BenchSpec): BenchInput[] {
  const benchFile = resolve(spec.file);
  const files = new Set<string>([benchFile]);
  const seenPlugins = new Set<string>();
  for (const s of spec.scenarios) {
    files.add(s.file);
    for (const f of scenarioReferences(s.file)) {
      if (/\.(ts|mts|js|mjs)$/.test(f)) for (const g of pluginImports(f, seenPlugins)) files.add(g);
      else files.add(f);
    }
  }
  for (const p of spec.policies) {
    if (p.configFile) files.add(p.configFile);
    for (const f of p.pluginFiles) for (const g of pluginImports(f, seenPlugins)) files.add(g);
  }
  const base = dirname(benchFile);
  const out = [...files].map((file) => {
    const data = readFileSync(file);
    return { path: relative(base, file).split(sep).join('/'), file, sha256: sha256(data), bytes: data.length };
  });
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** SHA-256 over the inputs' relative paths and contents, in path order. */
export function inputsHash(inputs: readonly Pick<BenchInput, 'path' | 'sha256'>[]): string {
  return sha256(inputs.map((i) => `${i.path}\0${i.sha256}\n`).join(''));
}

// ---- the shard file ------------------------------------------------------------------------

/** First line of a shard file. */
export interface ShardHeader {
  apiVersion: 'kubesim.io/v1alpha1';
  kind: 'BenchShard';
  /** 0-based shard index and the shard count. */
  shard: number;
  shards: number;
  kubesimVersion: string;
  /** {@link inputsHash} of `inputs`. */
  inputsSha256: string;
  inputs: { path: string; sha256: string }[];
  /** Runs of the whole bench, and of this shard. */
  totalRuns: number;
  runs: number;
  /** What the report needs besides the runs. */
  bench: BenchHeader;
}

/** A run line: the run's index in the bench, its key and its metrics at full precision. */
export interface ShardRunLine extends BenchRunRecord {
  run: number;
}

/** Numbers survive JSON exactly; NaN and ±Infinity are written as strings. */
function encodeValue(v: number | null | undefined): number | string | null {
  if (v === null || v === undefined) return null;
  return Number.isFinite(v) ? v : String(v);
}

function decodeValue(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (v === 'NaN' || v === 'Infinity' || v === '-Infinity') return Number(v);
  return null;
}

/** The text of a shard file: the header line, one line per run, an end line (so a cut-off file is detected). */
export function formatShardFile(header: ShardHeader, runs: readonly ShardRunLine[]): string {
  const lines = [JSON.stringify(header)];
  for (const r of runs) {
    const metrics: Record<string, number | string | null> = {};
    for (const m of header.bench.metrics) metrics[m] = encodeValue(r.metrics[m]);
    lines.push(JSON.stringify({ run: r.run, scenario: r.scenario, policy: r.policy, seed: r.seed, metrics }));
  }
  lines.push(JSON.stringify({ end: true, runs: runs.length }));
  return lines.join('\n') + '\n';
}

/** A parsed shard file. */
export interface ShardFile {
  /** Where it was read from (for messages). */
  source: string;
  header: ShardHeader;
  runs: ShardRunLine[];
}

/** The shard file name for shard `index` of `count`. */
export function shardFileName(index: number, count: number): string {
  return `bench-shard-${index}-of-${count}.jsonl`;
}

/** Parses a shard file's text; a UserError naming `source` when it is not one, or is cut off. */
export function parseShardFile(text: string, source: string): ShardFile {
  const fail = (line: number | undefined, why: string): never => {
    throw new UserError(why, { location: { file: source, ...(line ? { line } : {}) } });
  };
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const parse = (i: number): Record<string, unknown> => {
    try {
      const v = JSON.parse(lines[i]) as unknown;
      if (!isObject(v)) throw new Error('not an object');
      return v as Record<string, unknown>;
    } catch {
      return fail(i + 1, 'not a JSON object: a shard file is JSON lines');
    }
  };
  if (lines.length === 0) return fail(undefined, 'empty file: not a kubesim bench shard file');
  const h = parse(0) as unknown as ShardHeader;
  if (h.kind !== 'BenchShard' || h.apiVersion !== 'kubesim.io/v1alpha1' || !isObject(h.bench) || !Number.isInteger(h.shard) || !Number.isInteger(h.shards)) {
    return fail(1, 'not a kubesim bench shard file (its first line is not a kind: BenchShard header)');
  }
  const runs: ShardRunLine[] = [];
  let ended = false;
  for (let i = 1; i < lines.length; i++) {
    const v = parse(i);
    if (ended) fail(i + 1, 'text after the end line');
    if (v.end === true) {
      if (v.runs !== runs.length) fail(i + 1, `the end line counts ${String(v.runs)} runs, the file holds ${runs.length}`);
      ended = true;
      continue;
    }
    if (!Number.isInteger(v.run) || typeof v.scenario !== 'string' || typeof v.policy !== 'string' || (typeof v.seed !== 'number' && typeof v.seed !== 'string') || !isObject(v.metrics)) {
      fail(i + 1, 'not a run line ({run, scenario, policy, seed, metrics})');
    }
    const metrics: BenchRunRecord['metrics'] = {};
    for (const m of h.bench.metrics) metrics[m] = decodeValue((v.metrics as Record<string, unknown>)[m]);
    runs.push({ run: v.run as number, scenario: v.scenario as string, policy: v.policy as string, seed: v.seed as number | string, metrics });
  }
  if (!ended) fail(lines.length, 'the file is cut off (no end line): was the shard interrupted, or its log truncated?');
  if (runs.length !== h.runs) fail(1, `the header announces ${h.runs} runs, the file holds ${runs.length}`);
  return { source, header: h, runs };
}

// ---- markers in a pod log ------------------------------------------------------------------

const BEGIN = '----- BEGIN kubesim bench shard';
const END = '----- END kubesim bench shard';

/** A shard file between marker lines (the end marker carries the SHA-256 of the text), as printed to a pod log. */
export function wrapShard(text: string, index: number, count: number): string {
  return `${BEGIN} ${index}/${count} -----\n${text}${END} ${index}/${count} sha256:${sha256(text)} -----\n`;
}

/**
 * The shard file printed between markers in `log` (other lines around it are ignored). Throws
 * a UserError naming `source` when the markers are missing or the text does not match its hash.
 */
export function unwrapShard(log: string, source: string): { index: number; count: number; text: string } {
  const lines = log.split('\n');
  const b = lines.findIndex((l) => l.startsWith(BEGIN));
  if (b < 0) throw new UserError('no shard in the log (no "----- BEGIN kubesim bench shard" line)', { location: { file: source } });
  const head = /^----- BEGIN kubesim bench shard (\d+)\/(\d+) -----$/.exec(lines[b].trimEnd());
  if (!head) throw new UserError(`bad begin marker: ${lines[b]}`, { location: { file: source } });
  const e = lines.findIndex((l, i) => i > b && l.startsWith(END));
  if (e < 0) throw new UserError('the shard in the log is cut off (no end marker)', { location: { file: source } });
  const tail = /^----- END kubesim bench shard (\d+)\/(\d+) sha256:([0-9a-f]{64}) -----$/.exec(lines[e].trimEnd());
  if (!tail || tail[1] !== head[1] || tail[2] !== head[2]) throw new UserError(`bad end marker: ${lines[e]}`, { location: { file: source } });
  const text = lines.slice(b + 1, e).join('\n') + '\n';
  if (sha256(text) !== tail[3]) throw new UserError('the shard in the log does not match its SHA-256 (altered or interleaved output)', { location: { file: source } });
  return { index: Number(head[1]), count: Number(head[2]), text };
}
