/**
 * `kubesim bench BENCH.yaml --emit-job`: a ConfigMap holding the bench and every input file, and
 * a batch/v1 Indexed Job whose pod I runs `kubesim bench /bench/BENCH.yaml --shard I/N` (I from
 * JOB_COMPLETION_INDEX) and prints its shard file between markers on stdout, where `kubesim bench
 * collect` reads it back from the pod logs. Resource requests come from one run measured here.
 */
import { dump } from 'js-yaml';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { UserError } from '../cli/errors.ts';
import { parseQuantity, quantityValue } from '../model/quantity.ts';
import { describeRun, inputsHash, kubesimVersion, partitionRuns, type BenchInput } from './shard.ts';
import { runJob, type PreparedBench } from './run.ts';
import { readFileSync } from 'node:fs';

/** Options of {@link emitJob}. */
export interface EmitJobOptions {
  shards: number;
  /** Pods at a time (default: shards). */
  parallelism?: number;
  image: string;
  /** Job name (default kubesim-bench-NAME). */
  name?: string;
  namespace?: string;
  /** Retries of one shard before it is failed (default 2). */
  backoffLimitPerIndex?: number;
  /** Requests; when memory is not given, one run is measured. */
  cpu?: string;
  memory?: string;
  /** The bench's inputs (default: read now). */
  inputs: BenchInput[];
}

/** What the emitted Job is sized from. */
export interface JobSizing {
  cpu: string;
  memory: string;
  memoryLimit: string;
  /** The run measured, its wall time and peak RSS, when measured. */
  measured?: { run: string; seconds: number; maxRssBytes: number };
  /** Estimated wall time of the costliest shard, when measured. */
  shardSeconds?: number;
}

/** ConfigMap data holds at most 1 MiB (etcd's object limit, with some room for the rest). */
export const CONFIGMAP_LIMIT = 1024 * 1024 - 16 * 1024;

const MI = 1024 * 1024;

/** A DNS-1123 label from `s` (lower case, [a-z0-9-], at most `max` characters). */
export function dnsLabel(s: string, max = 63): string {
  const out = s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
  return out || 'bench';
}

/** The deepest folder holding every file. */
function commonFolder(files: readonly string[]): string {
  let dir = dirname(files[0]);
  for (const f of files) while (relative(dir, f).startsWith('..') || relative(dir, f) === '') dir = dirname(dir);
  return dir;
}

/**
 * Measures one run (the costliest by estimate) in this process: its wall time, and the
 * process's peak RSS, which is what one pod running its shard with one worker needs.
 */
export async function measureRun(prepared: PreparedBench): Promise<{ run: string; seconds: number; maxRssBytes: number; cost: number }> {
  let k = 0;
  for (let i = 1; i < prepared.costs.length; i++) if (prepared.costs[i] > prepared.costs[k]) k = i;
  const job = prepared.jobs[k];
  const started = performance.now();
  await runJob(job);
  const seconds = (performance.now() - started) / 1000;
  return { run: describeRun(job), seconds, maxRssBytes: process.resourceUsage().maxRSS * 1024, cost: prepared.costs[k] };
}

/** Requests from a measurement: memory = peak RSS × 1.25 rounded up to 64 MiB (at least 256 MiB), limit twice that; one CPU (one worker). */
export async function sizeJob(prepared: PreparedBench, opts: Pick<EmitJobOptions, 'cpu' | 'memory' | 'shards'>): Promise<JobSizing> {
  const cpu = opts.cpu ?? '1';
  if (opts.memory !== undefined) {
    let bytes = 0;
    try {
      bytes = quantityValue(parseQuantity(opts.memory));
    } catch {
      /* reported below */
    }
    if (!(bytes > 0)) throw new UserError(`--memory must be a quantity like 512Mi, got ${JSON.stringify(opts.memory)}`);
    return { cpu, memory: opts.memory, memoryLimit: `${Math.ceil((2 * bytes) / MI)}Mi` };
  }
  const m = await measureRun(prepared);
  const request = Math.max(256, Math.ceil((m.maxRssBytes * 1.25) / MI / 64) * 64);
  const shardCosts = partitionRuns(prepared.costs, opts.shards).map((s) => s.reduce((a, i) => a + prepared.costs[i], 0));
  const shardSeconds = Math.ceil((m.seconds * Math.max(...shardCosts)) / m.cost);
  return { cpu, memory: `${request}Mi`, memoryLimit: `${2 * request}Mi`, measured: { run: m.run, seconds: m.seconds, maxRssBytes: m.maxRssBytes }, shardSeconds };
}

/** The ConfigMap and the Job, as a YAML stream (ConfigMap first). */
export function emitJob(prepared: PreparedBench, opts: EmitJobOptions, sizing: JobSizing): string {
  const { shards } = opts;
  const parallelism = opts.parallelism ?? shards;
  const backoffLimitPerIndex = opts.backoffLimitPerIndex ?? 2;
  const inputs = opts.inputs;
  const hash = inputsHash(inputs);
  const total = inputs.reduce((a, i) => a + i.bytes, 0);
  if (total > CONFIGMAP_LIMIT) {
    throw new UserError(
      `the bench's ${inputs.length} input files hold ${(total / MI).toFixed(2)} MiB, more than a ConfigMap takes (1 MiB): build an image with the inputs in it, or split the bench`,
      { location: { file: prepared.spec.file } },
    );
  }
  const name = opts.name ?? dnsLabel(`kubesim-bench-${prepared.spec.name}`, 52);
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name) || name.length > 52) {
    throw new UserError(`--name must be a DNS label of at most 52 characters (pods are named NAME-INDEX-xxxxx), got ${JSON.stringify(name)}`);
  }
  const configMap = `${name}-${hash.slice(0, 10)}`;
  const root = commonFolder(inputs.map((i) => i.file));
  const data: Record<string, string> = {};
  const binaryData: Record<string, string> = {};
  const items = inputs.map((input, i) => {
    // a ConfigMap key is [-._a-zA-Z0-9]+; the volume item puts it back at its relative path
    const key = `${String(i).padStart(3, '0')}-${basename(input.file).replace(/[^-._a-zA-Z0-9]+/g, '-').slice(-200)}`;
    const bytes = readFileSync(input.file);
    const text = bytes.toString('utf8');
    if (Buffer.from(text, 'utf8').equals(bytes)) data[key] = text;
    else binaryData[key] = bytes.toString('base64');
    return { key, path: relative(root, input.file).split(sep).join('/') };
  });
  const benchPath = `/bench/${relative(root, resolve(prepared.spec.file)).split(sep).join('/')}`;
  const version = kubesimVersion();
  const labels = { 'app.kubernetes.io/name': 'kubesim-bench', 'app.kubernetes.io/instance': name, 'app.kubernetes.io/version': version };
  const ns = opts.namespace ? { namespace: opts.namespace } : {};
  const annotations: Record<string, string> = {
    'kubesim.io/bench': prepared.spec.name,
    'kubesim.io/inputs-sha256': hash,
    'kubesim.io/runs': String(prepared.jobs.length),
  };
  if (sizing.measured) {
    annotations['kubesim.io/measured-run'] = `${sizing.measured.run}: ${sizing.measured.seconds.toFixed(2)} s, peak RSS ${Math.ceil(sizing.measured.maxRssBytes / MI)}Mi`;
  }
  if (sizing.shardSeconds !== undefined) annotations['kubesim.io/estimated-shard-seconds'] = String(sizing.shardSeconds);
  const cm = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: configMap, ...ns, labels, annotations: { 'kubesim.io/bench': prepared.spec.name, 'kubesim.io/inputs-sha256': hash } },
    ...(Object.keys(data).length ? { data } : {}),
    ...(Object.keys(binaryData).length ? { binaryData } : {}),
  };
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, ...ns, labels, annotations },
    spec: {
      completionMode: 'Indexed',
      completions: shards,
      parallelism,
      backoffLimitPerIndex,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          containers: [
            {
              name: 'kubesim',
              image: opts.image,
              // kubelet expands $(JOB_COMPLETION_INDEX) from the env var the Job controller adds to every container
              args: ['bench', benchPath, '--shard', `$(JOB_COMPLETION_INDEX)/${shards}`, '--workers', '1'],
              resources: { requests: { cpu: sizing.cpu, memory: sizing.memory }, limits: { memory: sizing.memoryLimit } },
              volumeMounts: [{ name: 'bench', mountPath: '/bench', readOnly: true }],
            },
          ],
          volumes: [{ name: 'bench', configMap: { name: configMap, items } }],
        },
      },
    },
  };
  const header = [
    `# kubesim ${version}: bench ${prepared.spec.name}, ${prepared.jobs.length} runs in ${shards} shard(s), ${parallelism} at a time`,
    `# kubectl apply -f THIS_FILE; kubectl wait --for=condition=complete job/${name} --timeout=24h`,
    `# kubesim bench collect --job ${name}${opts.namespace ? ` --namespace ${opts.namespace}` : ''} --out shards/ && kubesim bench merge shards/ --out report/`,
  ];
  const yaml = (o: unknown): string => dump(o, { noRefs: true, lineWidth: -1 });
  return `${header.join('\n')}\n---\n${yaml(cm)}---\n${yaml(job)}`;
}
