/**
 * A bench as a Kubernetes Indexed Job, end to end: `--emit-job` prints a ConfigMap and a Job that
 * pass `kubesim validate`; kubesim simulates that Job on a cluster (one pod per completion index,
 * parallelism honoured, JOB_COMPLETION_INDEX from the index annotation); each simulated pod's
 * command then runs here, with the env and the ConfigMap volume it would get, and prints its
 * shard to its "log"; `bench collect` reads the logs back through client-node from the fake API
 * server; `bench merge` gives bench.json and bench.md byte-identical to a single-machine run.
 */
import { load, loadAll } from 'js-yaml';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { runScenario, type SimulationResult } from '../../src/engine/simulation.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { shardFileName } from '../../src/bench/shard.ts';
import { FakeApiServer } from '../live/fake-apiserver.ts';

const BENCH = resolve('test/bench/fixtures/least-vs-most.yaml');
const tmp = mkdtempSync(join(tmpdir(), 'kubesim-benchjob-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Obj = Record<string, any>;

/** Runs the CLI, returning exit code, stdout and stderr. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const saved = { out: process.stdout.write, err: process.stderr.write };
  let out = '';
  let err = '';
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    return { code: await main(args), out, err };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
  }
}

const SHARDS = 3;
let yamlText = '';
let configMap: Obj;
let job: Obj;
let sim: SimulationResult;

beforeAll(async () => {
  const r = await cli(['bench', BENCH, '--emit-job', '--shards', String(SHARDS), '--parallelism', '2', '--image', 'example.com/kubesim:0.1.0', '--memory', '256Mi', '-q']);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  yamlText = r.out;
  writeFileSync(join(tmp, 'job.yaml'), yamlText);
  [configMap, job] = loadAll(yamlText) as Obj[];
  // the emitted Job on a simulated 2-node cluster, each shard running a minute
  writeFileSync(
    join(tmp, 'scenario.yaml'),
    [
      'apiVersion: kubesim.io/v1alpha1',
      'kind: Scenario',
      'metadata: { name: bench-job }',
      'duration: 15m',
      'cluster:',
      '  nodes:',
      '    - count: 2',
      '      template: { status: { allocatable: { cpu: "4", memory: 8Gi, pods: "110" } } }',
      '  manifests: [ job.yaml ]',
      'workloads:',
      `  - { target: Job/${job.metadata.name}, startup: { pull: 10s, ready: 0s, run: 1m } }`,
      '',
    ].join('\n'),
  );
  sim = await runScenario(loadScenario(join(tmp, 'scenario.yaml')));
});

describe('kubesim bench --emit-job', () => {
  it('a ConfigMap with every input and an Indexed Job: completions, parallelism, backoffLimitPerIndex, the shard command, requests', () => {
    expect(configMap).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
    expect(Object.keys(configMap.data)).toHaveLength(6);
    expect(job).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'kubesim-bench-least-vs-most', annotations: { 'kubesim.io/runs': '12', 'kubesim.io/inputs-sha256': expect.stringMatching(/^[0-9a-f]{64}$/) } },
      spec: { completionMode: 'Indexed', completions: 3, parallelism: 2, backoffLimitPerIndex: 2, template: { spec: { restartPolicy: 'Never' } } },
    });
    const c = job.spec.template.spec.containers[0];
    expect(c.image).toBe('example.com/kubesim:0.1.0');
    expect(c.args).toEqual(['bench', '/bench/test/bench/fixtures/least-vs-most.yaml', '--shard', '$(JOB_COMPLETION_INDEX)/3', '--workers', '1']);
    expect(c.resources).toEqual({ requests: { cpu: '1', memory: '256Mi' }, limits: { memory: '512Mi' } });
    const vol = job.spec.template.spec.volumes[0];
    expect(vol.configMap.name).toBe(configMap.metadata.name);
    expect(vol.configMap.items.map((i: Obj) => i.path)).toContain('scenarios/config/most-allocated.yaml');
  });

  it('passes kubesim validate', async () => {
    const r = await cli(['validate', join(tmp, 'job.yaml')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Job +1/);
  });

  it('without --memory, one run is measured and sizes the requests', async () => {
    const r = await cli(['bench', BENCH, '--emit-job', '--shards', '2', '--image', 'x/kubesim:0.1.0']);
    expect(r.code).toBe(0);
    const j = (loadAll(r.out) as Obj[])[1];
    expect(j.spec.parallelism).toBe(2);
    expect(j.spec.template.spec.containers[0].resources.requests.memory).toMatch(/^\d+Mi$/);
    expect(Number.parseInt(j.spec.template.spec.containers[0].resources.requests.memory)).toBeGreaterThanOrEqual(256);
    expect(j.metadata.annotations['kubesim.io/measured-run']).toMatch(/^bookinfo(-node-failure)? × (least|most) × seed 1: [\d.]+ s, peak RSS \d+Mi$/);
    expect(r.err).toMatch(/Measured .* → requests cpu 1, memory \d+Mi/);
  });

  it('refuses a missing --shards or --image, and more shards than runs', async () => {
    expect((await cli(['bench', BENCH, '--emit-job', '--image', 'x'])).err).toMatch(/--emit-job needs --shards N/);
    expect((await cli(['bench', BENCH, '--emit-job', '--shards', '2'])).err).toMatch(/--emit-job needs --image IMAGE/);
    const r = await cli(['bench', BENCH, '--emit-job', '--shards', '13', '--image', 'x', '--memory', '1Gi']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--shards 13 is more than the bench's 12 runs/);
  });
});

describe('the emitted Job on a simulated cluster', () => {
  it('runs to completion with one pod per index, at most 2 at a time, each with its index', () => {
    const status = sim.engine.cluster.workloads.Job.get(`default/${job.metadata.name}`)!.status as Obj;
    expect(status).toMatchObject({ succeeded: 3, failed: 0, completedIndexes: '0-2', conditions: [{ type: 'Complete', status: 'True' }] });
    const pods = [...sim.engine.cluster.pods.values()].map((p) => p.pod);
    expect(pods).toHaveLength(SHARDS);
    expect(pods.map((p) => p.metadata.annotations!['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['0', '1', '2']);
    for (const p of pods) {
      const i = p.metadata.annotations!['batch.kubernetes.io/job-completion-index'];
      expect(p.metadata.name).toMatch(new RegExp(`^${job.metadata.name}-${i}-[a-z0-9]{5}$`));
      expect(p.metadata.labels!['batch.kubernetes.io/job-completion-index']).toBe(i);
      expect(p.spec.hostname).toBe(`${job.metadata.name}-${i}`);
      expect(p.spec.containers[0].env).toEqual([{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }]);
      expect(p.status?.phase).toBe('Succeeded');
    }
    const created = sim.engine.events.filter((e) => e.kind === 'SuccessfulCreate' && e.object === `Job default/${job.metadata.name}`);
    // indexes 0 and 1 first (parallelism 2), 2 once one of them is done
    expect(created.map((e) => e.t)).toEqual([0, 0, created[2].t]);
    expect(created[2].t).toBeGreaterThanOrEqual(60);
    expect(sim.recorder.max('runningPods')).toBe(2);
  });

  it('the committed example (scenarios/manifests/kubesim/bench-indexed-job.yaml) is what --emit-job prints today', async () => {
    const r = await cli(['bench', 'scenarios/bench/indexed-job.yaml', '--emit-job', '--shards', '4', '--parallelism', '2', '--image', 'ghcr.io/example/kubesim:0.1.0', '--memory', '256Mi', '-q']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(readFileSync('scenarios/manifests/kubesim/bench-indexed-job.yaml', 'utf8'));
  });
});

describe('the pods run their shards; collect and merge give the single-machine report', () => {
  const server = new FakeApiServer();
  const mount = join(tmp, 'mount');
  let kubeconfig = '';
  const jobUid = 'job-uid-1';

  beforeAll(async () => {
    // the ConfigMap volume, as the kubelet would mount it at /bench
    for (const item of job.spec.template.spec.volumes[0].configMap.items as Obj[]) {
      const f = join(mount, item.path);
      mkdirSync(dirname(f), { recursive: true });
      writeFileSync(f, configMap.data[item.key]);
    }
    await server.start();
    kubeconfig = server.writeKubeconfig(tmp);
    server.add({ ...job, metadata: { ...job.metadata, namespace: 'default', uid: jobUid } });
    // every simulated pod: env from the downward API, $(VAR) expanded in args as the kubelet does, stdout is its log
    for (const info of sim.engine.cluster.pods.values()) {
      const pod = info.pod;
      const c = pod.spec.containers[0] as Obj;
      const env: Record<string, string> = {};
      for (const e of c.env as Obj[]) {
        const m = /^metadata\.annotations\['(.+)'\]$/.exec(e.valueFrom.fieldRef.fieldPath)!;
        env[e.name] = pod.metadata.annotations![m[1]];
      }
      const args = (c.args as string[]).map((a) => a.replace(/\$\((\w+)\)/g, (_, v: string) => env[v]).replace(/^\/bench\//, mount + '/'));
      process.env.JOB_COMPLETION_INDEX = env.JOB_COMPLETION_INDEX;
      let r;
      try {
        r = await cli(args);
      } finally {
        delete process.env.JOB_COMPLETION_INDEX;
      }
      expect(r.code).toBe(0);
      const apiPod = { ...pod, metadata: { ...pod.metadata, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, uid: jobUid, controller: true }] } };
      server.add(apiPod);
      server.setLog('default', pod.metadata.name!, r.out);
    }
    // an earlier, failed attempt at index 1 (backoffLimitPerIndex retried it): collect skips it
    const failed = [...sim.engine.cluster.pods.values()].find((p) => p.pod.metadata.annotations!['batch.kubernetes.io/job-completion-index'] === '1')!.pod;
    server.add({ ...failed, metadata: { ...failed.metadata, name: `${job.metadata.name}-1-zzzzz`, uid: undefined, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, uid: jobUid, controller: true }] }, status: { phase: 'Failed' } });
    server.setLog('default', `${job.metadata.name}-1-zzzzz`, 'OOMKilled\n');
  });
  afterAll(() => server.close());

  it('each shard hashes the mounted inputs as the bench hashes the originals', async () => {
    const text = server.logs.get(`default/${[...sim.engine.cluster.pods.values()][0].pod.metadata.name}`)!;
    const header = JSON.parse(text.split('\n')[1]);
    expect(header.inputsSha256).toBe(job.metadata.annotations['kubesim.io/inputs-sha256']);
  });

  it('collect writes one file per shard from the Succeeded pods; merge equals the single-machine bench byte for byte', async () => {
    const shards = join(tmp, 'collected');
    const c = await cli(['bench', 'collect', '--job', job.metadata.name, '--kubeconfig', kubeconfig, '--out', shards]);
    expect(c.err).toMatch(/Collected 3 of 3 shard\(s\) of Job default\/kubesim-bench-least-vs-most/);
    expect(c.code).toBe(0);
    for (let i = 0; i < SHARDS; i++) expect(c.out).toContain(`→ ${join(shards, shardFileName(i, SHARDS))}`);
    const logReads = server.requests.filter((r) => r.path.endsWith('/log'));
    expect(logReads).toHaveLength(3);
    expect(logReads.every((r) => r.query.container === 'kubesim')).toBe(true);
    expect(server.writes()).toEqual([]);

    const merged = join(tmp, 'merged');
    const single = join(tmp, 'single');
    expect((await cli(['bench', 'merge', shards, '--out', merged, '-q'])).code).toBe(0);
    expect((await cli(['bench', BENCH, '--out', single, '-w', '1', '-q'])).code).toBe(0);
    expect(readFileSync(join(merged, 'bench.json'), 'utf8')).toBe(readFileSync(join(single, 'bench.json'), 'utf8'));
    expect(readFileSync(join(merged, 'bench.md'), 'utf8')).toBe(readFileSync(join(single, 'bench.md'), 'utf8'));
    expect((load(readFileSync(join(merged, 'bench.json'), 'utf8')) as Obj).runs).toHaveLength(12);
  });

  it('a shard still running: collect writes the others, names it, exit 1; merge then refuses', async () => {
    const pod = [...sim.engine.cluster.pods.values()].find((p) => p.pod.metadata.annotations!['batch.kubernetes.io/job-completion-index'] === '2')!.pod;
    const stored = server.get('Pod', 'default', pod.metadata.name!)!;
    stored.status = { phase: 'Running' };
    const shards = join(tmp, 'partial');
    const c = await cli(['bench', 'collect', '--job', job.metadata.name, '--kubeconfig', kubeconfig, '--out', shards]);
    expect(c.code).toBe(1);
    expect(c.err).toMatch(new RegExp(`shard 2/3: not collected: no Succeeded pod \\(${pod.metadata.name} Running\\)`));
    const m = await cli(['bench', 'merge', shards]);
    expect(m.code).toBe(2);
    expect(m.err).toMatch(/runs are missing \(no file for shard 2\/3\)/);
    stored.status = { phase: 'Succeeded' };
  });

  it('collect: exit 1 naming the Job when it does not exist; exit 2 without --job or --out', async () => {
    const r = await cli(['bench', 'collect', '--job', 'nope', '--kubeconfig', kubeconfig, '--out', join(tmp, 'x')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/reading Job default\/nope: 404 NotFound: jobs.batch "nope" not found/);
    expect((await cli(['bench', 'collect', '--kubeconfig', kubeconfig, '--out', join(tmp, 'x')])).err).toMatch(/--job NAME is required/);
    expect((await cli(['bench', 'collect', '--job', 'x', '--kubeconfig', kubeconfig])).err).toMatch(/--out DIR is required/);
  });
});

describe('Indexed Jobs in the Job controller', () => {
  it('backoffLimitPerIndex: each index retried alone, then failed; the Job fails with FailedIndexes', async () => {
    writeFileSync(
      join(tmp, 'failing-job.yaml'),
      `apiVersion: batch/v1
kind: Job
metadata: { name: flaky }
spec:
  completionMode: Indexed
  completions: 2
  parallelism: 2
  backoffLimitPerIndex: 1
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: c, image: busybox, resources: { requests: { cpu: 100m } } }]
`,
    );
    writeFileSync(
      join(tmp, 'failing.yaml'),
      `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: flaky }
duration: 10m
cluster:
  nodes: [{ count: 1, template: { status: { allocatable: { cpu: "2", memory: 4Gi, pods: "110" } } } }]
  manifests: [ failing-job.yaml ]
workloads:
  - { target: Job/flaky, startup: { pull: 0s, crashLoop: true } }
`,
    );
    const r = await runScenario(loadScenario(join(tmp, 'failing.yaml')));
    const status = r.engine.cluster.workloads.Job.get('default/flaky')!.status as Obj;
    expect(status).toMatchObject({ failed: 4, succeeded: 0, failedIndexes: '0-1', conditions: [{ type: 'Failed', reason: 'FailedIndexes' }] });
    const perIndex = [...r.engine.cluster.pods.values()].map((p) => p.pod.metadata.annotations!['batch.kubernetes.io/job-completion-index']).sort();
    expect(perIndex).toEqual(['0', '0', '1', '1']);
  });
});
