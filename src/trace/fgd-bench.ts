/**
 * The FGD paper's experiment as a bench (`kubesim bench scenarios/bench/fgd-openb.yaml`): a
 * TraceBench file names the openb trace folder, the pod lists, the policies, the seeds and the
 * tune factor; every list × policy × seed is one run of fgd-experiment.ts, on worker threads
 * (fgd-worker.ts), and fgd-report.ts writes the paper's figures and the tables behind them.
 *
 * ```yaml
 * apiVersion: kubesim.io/v1alpha1
 * kind: TraceBench
 * metadata: { name: fgd-openb }
 * spec:
 *   experiment: fgd                       # the only one so far
 *   trace: ../traces/alibaba-gpu-v2023/csv # folder of the openb CSVs (relative to this file)
 *   nodeList: openb_node_list_gpu_node.csv
 *   podLists: [default, cpu050, ...]      # openb_pod_list_<name>.csv
 *   policies: [Random, DotProd, GpuClustering, GpuPacking, BestFit, FGD]
 *   seeds: [42, 43, ...]                  # or "42-51"
 *   tune: 1.3
 *   quick: { podLists: [default], seeds: [42, 43] }
 *   reference: ../../bench/reference/fgd-paper-results.json   # optional: the paper's runs
 * ```
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { UserError } from '../cli/errors.ts';
import { runInWorkers, type SerializedError } from '../bench/pool.ts';
import type { FieldPath } from '../manifests/path.ts';
import { parseDocuments, type SourceDocument } from '../manifests/yaml-source.ts';
import { FGD_POLICIES, runFgdExperiment, type FgdPolicy, type FgdRunResult } from './fgd-experiment.ts';
import { parseOpenbNodes, parseOpenbPods, type OpenbNode, type OpenbPod } from './openb.ts';

export const TRACE_BENCH_KIND = 'TraceBench';

/** A TraceBench file, checked, with absolute paths. */
export interface FgdBenchSpec {
  name: string;
  file: string;
  /** Folder of the CSVs. */
  traceDir: string;
  nodeList: string;
  podLists: string[];
  policies: FgdPolicy[];
  seeds: number[];
  tune: number;
  quick: { podLists: string[]; seeds: number[] };
  /** The paper's published results (bench/reference/fgd-paper-results.json), when named and present. */
  reference?: string;
}

/** One run for a worker. */
export interface FgdJob {
  nodeFile: string;
  podFile: string;
  list: string;
  policy: FgdPolicy;
  seed: number;
  tune: number;
}

function seedList(v: unknown, fail: (msg: string) => never): number[] {
  if (typeof v === 'string' && /^\d+-\d+$/.test(v.trim())) {
    const [a, b] = v.trim().split('-').map(Number);
    if (b < a) fail(`seed range ${v} is empty`);
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  }
  if (!Array.isArray(v) || v.length === 0 || !v.every((s) => Number.isInteger(s) && s >= 0)) fail('must be a non-empty list of non-negative integers, or a range "42-51"');
  return v as number[];
}

/** Reads and checks a TraceBench file (located errors: file:line:column and the field). */
export function loadFgdBench(file: string): FgdBenchSpec {
  const abs = resolve(file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const docs = parseDocuments(text, file);
  const doc: SourceDocument | undefined = docs.find((d) => d.value !== null);
  if (!doc) throw new UserError(`${file}: empty bench file`, { location: { file, line: 1, column: 1 } });
  const fail = (path: FieldPath, msg: string): never => {
    throw new UserError(msg, { location: doc.locate(path), field: path.join('.') });
  };
  const root = doc.value as Record<string, unknown>;
  if (root?.kind !== TRACE_BENCH_KIND) fail(['kind'], `kind must be ${TRACE_BENCH_KIND}`);
  const spec = root.spec as Record<string, unknown> | undefined;
  if (!spec || typeof spec !== 'object') fail(['spec'], 'spec is required');
  const s = spec!;
  const known = ['experiment', 'trace', 'nodeList', 'podLists', 'policies', 'seeds', 'tune', 'quick', 'reference'];
  for (const k of Object.keys(s)) if (!known.includes(k)) fail(['spec', k], `unknown field spec.${k} (known: ${known.join(', ')})`);
  if ((s.experiment ?? 'fgd') !== 'fgd') fail(['spec', 'experiment'], 'experiment must be fgd (the FGD paper\'s, USENIX ATC \'23 §6)');
  const base = dirname(abs);
  if (typeof s.trace !== 'string') fail(['spec', 'trace'], 'spec.trace must name the folder of the openb CSV files');
  const traceDir = resolve(base, s.trace as string);
  if (!existsSync(traceDir) || !statSync(traceDir).isDirectory()) fail(['spec', 'trace'], `no such folder: ${traceDir}`);
  const nodeList = resolve(traceDir, typeof s.nodeList === 'string' ? s.nodeList : 'openb_node_list_gpu_node.csv');
  if (!existsSync(nodeList)) fail(['spec', 'nodeList'], `no such file: ${nodeList}`);
  const lists = (v: unknown, path: FieldPath): string[] => {
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string')) fail(path, 'must be a non-empty list of pod list names (openb_pod_list_<name>.csv)');
    (v as string[]).forEach((l, i) => {
      if (!existsSync(resolve(traceDir, `openb_pod_list_${l}.csv`))) fail([...path, i], `no pod list ${l}: ${resolve(traceDir, `openb_pod_list_${l}.csv`)} does not exist`);
    });
    return v as string[];
  };
  const podLists = lists(s.podLists, ['spec', 'podLists']);
  const policies = (s.policies ?? Object.keys(FGD_POLICIES)) as unknown;
  if (!Array.isArray(policies) || policies.length === 0) fail(['spec', 'policies'], `must be a non-empty list of ${Object.keys(FGD_POLICIES).join(', ')}`);
  (policies as unknown[]).forEach((p, i) => {
    if (typeof p !== 'string' || !(p in FGD_POLICIES)) fail(['spec', 'policies', i], `unknown policy ${JSON.stringify(p)} (known: ${Object.keys(FGD_POLICIES).join(', ')})`);
  });
  const seeds = seedList(s.seeds ?? '42-51', (m) => fail(['spec', 'seeds'], `spec.seeds ${m}`));
  const tune = s.tune ?? 1.3;
  if (typeof tune !== 'number' || !(tune >= 0) || tune > 10) fail(['spec', 'tune'], 'spec.tune must be a number in [0, 10] (1.3: pods until 130 % of the GPUs)');
  const q = (s.quick ?? {}) as Record<string, unknown>;
  const quick = {
    podLists: q.podLists === undefined ? [podLists[0]] : lists(q.podLists, ['spec', 'quick', 'podLists']),
    seeds: q.seeds === undefined ? seeds.slice(0, 2) : seedList(q.seeds, (m) => fail(['spec', 'quick', 'seeds'], `spec.quick.seeds ${m}`)),
  };
  let reference: string | undefined;
  if (s.reference !== undefined) {
    if (typeof s.reference !== 'string') fail(['spec', 'reference'], 'spec.reference must be a path');
    const r = resolve(base, s.reference as string);
    if (existsSync(r)) reference = r;
  }
  const meta = root.metadata as Record<string, unknown> | undefined;
  const name = typeof meta?.name === 'string' ? meta.name : 'trace-bench';
  return { name, file: abs, traceDir, nodeList, podLists, policies: policies as FgdPolicy[], seeds, tune: tune as number, quick, reference };
}

/** The runs of a bench (list × policy × seed, in that order). */
export function fgdJobs(spec: FgdBenchSpec, quick = false): FgdJob[] {
  const lists = quick ? spec.quick.podLists : spec.podLists;
  const seeds = quick ? spec.quick.seeds : spec.seeds;
  return lists.flatMap((list) =>
    spec.policies.flatMap((policy) => seeds.map((seed) => ({ nodeFile: spec.nodeList, podFile: resolve(spec.traceDir, `openb_pod_list_${list}.csv`), list, policy, seed, tune: spec.tune }))),
  );
}

// parsed lists, once per thread
const nodeCache = new Map<string, OpenbNode[]>();
const podCache = new Map<string, OpenbPod[]>();

/** Runs one job (in this thread). */
export function runFgdJob(job: FgdJob): FgdRunResult {
  let nodes = nodeCache.get(job.nodeFile);
  if (nodes === undefined) nodeCache.set(job.nodeFile, (nodes = parseOpenbNodes(readFileSync(job.nodeFile, 'utf8'), job.nodeFile)));
  let pods = podCache.get(job.podFile);
  if (pods === undefined) podCache.set(job.podFile, (pods = parseOpenbPods(readFileSync(job.podFile, 'utf8'), job.podFile)));
  return runFgdExperiment({ list: job.list, nodes, pods, policy: job.policy, seed: job.seed, tune: job.tune });
}

/** The worker entry: the compiled worker beside this module, or (from the sources) one that loads tsx first. */
function workerEntry(): URL {
  const here = import.meta.url;
  if (here.endsWith('.js')) return new URL('./fgd-worker.js', here);
  const tsx = import.meta.resolve('tsx/esm/api');
  const target = new URL('./fgd-worker.ts', here).href;
  const code = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(target)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** Options of {@link runFgdBench}. */
export interface FgdBenchOptions {
  quick?: boolean;
  /** Worker threads (default: available CPUs; 1 runs in this thread). */
  workers?: number;
  onProgress?: (done: number, total: number, last: FgdRunResult | undefined) => void;
}

/** Result of a bench: every run (job order), the wall time and the threads used. */
export interface FgdBenchRun {
  spec: FgdBenchSpec;
  quick: boolean;
  runs: FgdRunResult[];
  wallSeconds: number;
  workers: number;
}

/** Runs every job of the bench, on worker threads when more than one. */
export async function runFgdBench(spec: FgdBenchSpec, opts: FgdBenchOptions = {}): Promise<FgdBenchRun> {
  const jobs = fgdJobs(spec, opts.quick ?? false);
  const workers = Math.max(1, Math.min(opts.workers ?? availableParallelism(), jobs.length));
  const t0 = performance.now();
  let runs: FgdRunResult[];
  if (workers === 1) {
    runs = [];
    for (const job of jobs) {
      runs.push(runFgdJob(job));
      opts.onProgress?.(runs.length, jobs.length, runs[runs.length - 1]);
    }
  } else {
    runs = await runInWorkers<FgdJob, FgdRunResult>(
      jobs,
      workers,
      workerEntry(),
      (e: SerializedError, i: number) => (e.userError ? new UserError(e.message, e.userError) : new Error(`run ${jobs[i].list} × ${jobs[i].policy} × seed ${jobs[i].seed} failed: ${e.message}`)),
      { onProgress: (done, total) => opts.onProgress?.(done, total, undefined) },
    );
  }
  return { spec, quick: opts.quick ?? false, runs, wallSeconds: (performance.now() - t0) / 1000, workers };
}
