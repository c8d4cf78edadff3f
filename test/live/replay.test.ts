/**
 * `kubesim replay` against a fake API server on 127.0.0.1 (test/live/fake-apiserver.ts): dry run
 * (requests carry dryRun=All, the store does not change), for real (it does), API failures
 * reported per write with exit 1, bad input with exit 2, and the import → run → replay loop.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { runScenario } from '../../src/engine/simulation.ts';
import { loadKubeConfig } from '../../src/live/kubeconfig.ts';
import { executeReplay, parseObjectRef, planReplay, replayDelays, type RunEvent } from '../../src/live/replay.ts';
import { writeRunOutputs } from '../../src/report/outputs.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { FakeApiServer } from './fake-apiserver.ts';
import { fixtureCluster } from './fixtures.ts';

let out = '';
let err = '';
const root = mkdtempSync(join(tmpdir(), 'kubesim-replay-'));
let server: FakeApiServer;
let kubeconfig = '';
let runs = 0;

beforeEach(async () => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (out += a.join(' ') + '\n'));
  server = new FakeApiServer(fixtureCluster());
  await server.start();
  kubeconfig = server.writeKubeconfig(root, `kc-${++runs}.yaml`);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server.close();
});

/** A run folder holding these events (and a result.json). */
function runDir(events: object[], result: object | undefined = { scenario: 'demo', seed: 7, duration: 7200 }): string {
  const dir = join(root, `run-${++runs}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'events.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  if (result) writeFileSync(join(dir, 'result.json'), JSON.stringify(result));
  return dir;
}

const CLEAN = [
  { t: 0, kind: 'ScalingReplicaSet', object: 'Deployment shop/web', replicaSet: 'web-abc', from: 0, to: 3 },
  { t: 0, kind: 'Scheduled', object: 'Pod shop/web-abc-3', node: 'node-a' },
  { t: 0, kind: 'Scheduled', object: 'Pod shop/web-0', node: 'node-b' },
  { t: 0, kind: 'Scheduled', object: 'Pod shop/web-abc-1', node: 'node-a' },
  { t: 600, kind: 'ScaleRequested', object: 'Deployment shop/web', replicas: 5 },
  { t: 615, kind: 'SuccessfulRescale', object: 'HorizontalPodAutoscaler shop/web', hpa: 'shop/web', from: 5, to: 7, reason: 'cpu resource utilization (percentage of request) above target' },
  { t: 900, kind: 'ScaleRequested', object: 'StatefulSet shop/db', replicas: 2 },
  { t: 3600, kind: 'RolloutStarted', object: 'Deployment shop/web', image: 'web:v2' },
  { t: 3700, kind: 'Paused', object: 'Deployment shop/web' },
  { t: 3800, kind: 'Resumed', object: 'Deployment shop/web' },
  { t: 3900, kind: 'Paused', object: 'CronJob shop/nightly' },
  { t: 4000, kind: 'Killing', object: 'Pod shop/web-abc-2' },
  { t: 4000, kind: 'NodeNotSchedulable', object: 'Node node-a' },
];

describe('kubesim replay', () => {
  it('--dry-run=server (the default): every write carries dryRun=All and the cluster does not change', async () => {
    const before = server.snapshot();
    expect(await main(['replay', runDir(CLEAN), '--kubeconfig', kubeconfig, '--no-wait'])).toBe(0);
    expect(server.snapshot()).toEqual(before);
    const writes = server.writes();
    expect(writes.map((w) => `${w.method} ${w.path} ${w.contentType} ${JSON.stringify(w.body)}`)).toEqual([
      'PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale application/merge-patch+json {"spec":{"replicas":5}}',
      'PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale application/merge-patch+json {"spec":{"replicas":7}}',
      'PATCH /apis/apps/v1/namespaces/shop/statefulsets/db/scale application/merge-patch+json {"spec":{"replicas":2}}',
      'PATCH /apis/apps/v1/namespaces/shop/deployments/web application/strategic-merge-patch+json {"spec":{"template":{"spec":{"containers":[{"name":"main","image":"web:v2"}]}}}}',
      'PATCH /apis/apps/v1/namespaces/shop/deployments/web application/merge-patch+json {"spec":{"paused":true}}',
      'PATCH /apis/apps/v1/namespaces/shop/deployments/web application/merge-patch+json {"spec":{"paused":false}}',
      'PATCH /apis/batch/v1/namespaces/shop/cronjobs/nightly application/merge-patch+json {"spec":{"suspend":true}}',
    ]);
    expect(writes.every((w) => w.query.dryRun === 'All')).toBe(true);
    expect(out).toContain('server-side dry run: nothing is persisted');
    expect(out).toContain('[10m0s] scale Deployment shop/web to 5 (ScaleRequested, events.jsonl:5) → ok: spec.replicas 5 (dry run)');
    expect(out).toContain('[10m15s] scale the target of HorizontalPodAutoscaler shop/web to 7 (SuccessfulRescale, events.jsonl:6) → ok: Deployment shop/web spec.replicas 7 (dry run)');
    expect(out).toContain('7 writes: 7 ok, 0 failed; 0 skipped (dry run: nothing persisted)');
    expect(out).toContain('Not replayed, the cluster\'s own decisions: Killing 1, ScalingReplicaSet 1, Scheduled 3 (Scheduled: pass --bind');
    expect(out).toContain('Not replayed, scripted changes kubesim does not write: NodeNotSchedulable 1');
    expect(err).toBe('');
  });

  it('--dry-run=none applies for real: scale, HPA rescale, image, pause/resume, and with --bind the same-named unbound pod', async () => {
    expect(await main(['replay', runDir(CLEAN), '--kubeconfig', kubeconfig, '--dry-run=none', '--no-wait', '--bind'])).toBe(0);
    expect(server.writes().every((w) => w.query.dryRun === undefined)).toBe(true);
    const web = server.get('Deployment', 'shop', 'web')!;
    expect(web.spec.replicas).toBe(7);
    expect(web.spec.template.spec.containers[0].image).toBe('web:v2');
    expect(web.spec.paused).toBe(false);
    expect(web.metadata.generation).toBeGreaterThan(4);
    expect(server.get('StatefulSet', 'shop', 'db')!.spec.replicas).toBe(2);
    expect(server.get('CronJob', 'shop', 'nightly')!.spec.suspend).toBe(true);
    expect(server.get('Pod', 'shop', 'web-abc-3')!.spec.nodeName).toBe('node-a');
    expect(server.get('Pod', 'shop', 'web-abc-3')!.status.conditions).toMatchObject([{ type: 'PodScheduled', status: 'True' }]);
    const binding = server.writes().find((w) => w.path.endsWith('/binding'))!;
    expect(binding.path).toBe('/api/v1/namespaces/shop/pods/web-abc-3/binding');
    expect(binding.body).toEqual({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web-abc-3', namespace: 'shop' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-a' } });
    expect(out).toContain('bind Pod shop/web-0 to node-b (Scheduled, events.jsonl:3) → skipped: no pod of that name in the cluster');
    expect(out).toContain('bind Pod shop/web-abc-1 to node-a (Scheduled, events.jsonl:4) → skipped: already bound to node-a');
    expect(out).toContain('FOR REAL');
    expect(out).toContain('8 writes: 8 ok, 0 failed; 2 skipped\n');
  });

  it('404, 409 and 422 from the API are reported per write with their Status message; a dry run goes on to validate the other writes; exit 1', async () => {
    const events = [
      { t: 10, kind: 'ScaleRequested', object: 'Deployment shop/gone', replicas: 2 },
      { t: 20, kind: 'ScaleRequested', object: 'Deployment shop/web', replicas: 4 },
      { t: 30, kind: 'ScaleRequested', object: 'StatefulSet shop/db', replicas: -1 },
      { t: 40, kind: 'ScaleRequested', object: 'Deployment shop/web', replicas: 6 },
      { t: 50, kind: 'SuccessfulRescale', object: 'HorizontalPodAutoscaler shop/nohpa', hpa: 'shop/nohpa', from: 1, to: 3 },
      { t: 60, kind: 'RolloutStarted', object: 'Deployment shop/web', image: '' },
    ];
    server.inject({
      method: 'PATCH',
      path: /deployments\/web\/scale$/,
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again',
    });
    expect(await main(['replay', runDir(events), '--kubeconfig', kubeconfig, '--no-wait'])).toBe(1);
    expect(out).toContain('[10s] scale Deployment shop/gone to 2 (ScaleRequested, events.jsonl:1) → FAILED 404 NotFound: deployments.apps "gone" not found');
    expect(out).toContain('[20s] scale Deployment shop/web to 4 (ScaleRequested, events.jsonl:2) → FAILED 409 Conflict: Operation cannot be fulfilled on deployments.apps "web": the object has been modified');
    expect(out).toContain('[30s] scale StatefulSet shop/db to -1 (ScaleRequested, events.jsonl:3) → FAILED 422 Invalid: Scale.autoscaling "db" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(out).toContain('[40s] scale Deployment shop/web to 6 (ScaleRequested, events.jsonl:4) → ok: spec.replicas 6 (dry run)\n');
    expect(out).toContain('→ FAILED 404 NotFound: reading the HPA: horizontalpodautoscalers.autoscaling "nohpa" not found');
    expect(out).toContain('[1m0s] set image Deployment shop/web *= (RolloutStarted, events.jsonl:6) → FAILED 422 Invalid: Deployment.apps "web" is invalid: spec.template.spec.containers[0].image: Invalid value: "": must not be empty');
    expect(out).toContain('6 writes: 1 ok, 5 failed; 0 skipped');
    expect(err.split('\n')[0]).toBe('5 write(s) failed:');
    expect(err).toContain('deployments.apps "gone" not found');
    // a dry run persists nothing (a real replay stops at the first failure: test/live/faults.test.ts)
    expect(server.get('Deployment', 'shop', 'web')!.spec.replicas).toBe(3);
    expect(server.get('Deployment', 'shop', 'web')!.spec.template.spec.containers[0].image).toBe('web:v1');
    expect(server.get('StatefulSet', 'shop', 'db')!.spec.replicas).toBe(1);
  });

  it('a binding that loses a race gets the 409 of pods/binding', async () => {
    server.inject({ method: 'POST', path: /\/binding$/, code: 409, reason: 'Conflict', message: 'Operation cannot be fulfilled on pods/binding "web-abc-3": pod web-abc-3 is already assigned to node "node-b"' });
    const dir = runDir([{ t: 5, kind: 'Scheduled', object: 'Pod shop/web-abc-3', node: 'node-a' }]);
    expect(await main(['replay', dir, '--kubeconfig', kubeconfig, '--bind', '--no-wait'])).toBe(1);
    expect(out).toContain('bind Pod shop/web-abc-3 to node-a (Scheduled, events.jsonl:1) → FAILED 409 Conflict: Operation cannot be fulfilled on pods/binding "web-abc-3": pod web-abc-3 is already assigned to node "node-b"');
  });

  it('RolloutStarted: named container only, `set` as a merge patch, and a warning when the event has no image', async () => {
    const events = [
      { t: 1, kind: 'RolloutStarted', object: 'StatefulSet shop/db', image: 'postgres:18', container: 'main' },
      { t: 2, kind: 'RolloutStarted', object: 'Deployment shop/web', set: { metadata: { annotations: { team: 'a' } } } },
      { t: 3, kind: 'RolloutStarted', object: 'Deployment shop/web' },
      { t: 4, kind: 'RolloutStarted', object: 'Job shop/report', image: 'report:2' },
    ];
    expect(await main(['replay', runDir(events), '--kubeconfig', kubeconfig, '--dry-run=none', '--no-wait'])).toBe(0);
    expect(server.get('StatefulSet', 'shop', 'db')!.spec.template.spec.containers[0].image).toBe('postgres:18');
    expect(server.get('Deployment', 'shop', 'web')!.spec.template.metadata.annotations).toEqual({ team: 'a' });
    // no read of the StatefulSet was needed: the container was named
    expect(server.requests.some((r) => r.method === 'GET' && r.path.endsWith('/statefulsets/db'))).toBe(false);
    expect(out).toContain('[3s] Deployment shop/web (RolloutStarted, events.jsonl:3) → skipped: the event carries no image (nor `set`)');
    expect(out).toContain('[4s] Job shop/report (RolloutStarted, events.jsonl:4) → skipped: Job has no pod template to roll out');
    expect(out).toContain('2 writes: 2 ok, 0 failed; 2 skipped');
  });

  it('compressed timing (the default) with --max-gap; a bad --max-gap exits 2', async () => {
    const events = [
      { t: 0, kind: 'ScaleRequested', object: 'Deployment shop/web', replicas: 4 },
      { t: 3600, kind: 'ScaleRequested', object: 'Deployment shop/web', replicas: 5 },
    ];
    const started = performance.now();
    expect(await main(['replay', runDir(events), '--kubeconfig', kubeconfig, '--max-gap', '50ms'])).toBe(0);
    const took = performance.now() - started;
    // an hour of simulated gap compressed to 50 ms
    expect(took).toBeGreaterThanOrEqual(45);
    expect(took).toBeLessThan(3000);
    expect(server.writes()).toHaveLength(2);
    expect(await main(['replay', runDir(events), '--kubeconfig', kubeconfig, '--max-gap', 'soon'])).toBe(2);
    expect(err).toContain('--max-gap must be a duration such as 1s or 500ms, got soon');
  });

  it('--namespace replays only that namespace', async () => {
    const events = [
      { t: 1, kind: 'ScaleRequested', object: 'Deployment shop/web', replicas: 4 },
      { t: 2, kind: 'ScaleRequested', object: 'Deployment other/web', replicas: 4 },
    ];
    expect(await main(['replay', runDir(events), '--kubeconfig', kubeconfig, '-n', 'shop', '--no-wait'])).toBe(0);
    expect(server.writes().map((w) => w.path)).toEqual(['/apis/apps/v1/namespaces/shop/deployments/web/scale']);
    expect(out).toContain('Outside namespace shop: 1 events');
  });

  it('--namespace is repeatable: a real replay writes only in the namespaces named (issue 14)', async () => {
    const events = [
      { t: 1, kind: 'ScaleRequested', object: 'Deployment shop/web', replicas: 3 },
      { t: 2, kind: 'ScaleRequested', object: 'Deployment other/web', replicas: 3 },
      { t: 3, kind: 'ScaleRequested', object: 'Deployment kube-system/web', replicas: 3 },
    ];
    const before = server.writes().length;
    const code = await main(['replay', runDir(events), '--kubeconfig', kubeconfig, '-n', 'shop', '-n', 'other', '--dry-run=none', '--no-wait']);
    const paths = server.writes().slice(before).map((w) => w.path);
    expect(paths.every((p) => p.includes('/namespaces/shop/') || p.includes('/namespaces/other/'))).toBe(true);
    expect(paths.some((p) => p.includes('/namespaces/kube-system/'))).toBe(false);
    expect(out).toContain('Outside namespaces shop, other: 1 events (not replayed)');
    expect([0, 1]).toContain(code); // other/web may not exist on the fake server: that write fails and stops the replay
  });
});

describe('bad input exits 2, located', () => {
  it('a folder without events.jsonl', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty, { recursive: true });
    expect(await main(['replay', empty, '--kubeconfig', kubeconfig])).toBe(2);
    expect(err).toBe(`error: ${join(empty, 'events.jsonl')}: no events.jsonl here: is this the output folder of \`kubesim run\`?\n`);
    expect(server.requests).toEqual([]);
  });

  it('a malformed events.jsonl line names file and line', async () => {
    const dir = runDir([{ t: 0, kind: 'Scheduled', object: 'Pod a/b', node: 'n' }]);
    writeFileSync(join(dir, 'events.jsonl'), '{"t":0,"kind":"ScaleRequested","object":"Deployment a/b","replicas":1}\n\n{"t":"soon","kind":"X","object":"Y"}\n');
    expect(await main(['replay', dir, '--kubeconfig', kubeconfig])).toBe(2);
    expect(err).toBe(`error: ${join(dir, 'events.jsonl')}:3: t: t must be a non-negative number of seconds\n`);
  });

  it('a missing --kubeconfig', async () => {
    const missing = join(root, 'no-such-kubeconfig');
    expect(await main(['replay', runDir(CLEAN), '--kubeconfig', missing])).toBe(2);
    expect(err).toBe(`error: ${missing}: kubeconfig: no such file\n`);
  });

  it('--dry-run=client is not a choice; --speed with --no-wait contradicts', async () => {
    expect(await main(['replay', runDir(CLEAN), '--kubeconfig', kubeconfig, '--dry-run=client'])).toBe(2);
    expect(err).toContain('Invalid values');
    err = '';
    expect(await main(['replay', runDir(CLEAN), '--kubeconfig', kubeconfig, '--speed', '10', '--no-wait'])).toBe(2);
    expect(err).toContain('--speed and --no-wait contradict');
    expect(server.writes()).toEqual([]);
  });
});

describe('planning and timing', () => {
  const ev = (t: number, kind: string, object: string, extra: object = {}, line = t): RunEvent => ({ t, kind, object, line, ...extra });

  it('replayDelays: compressed caps each gap, speed divides it, none writes back to back', () => {
    const times = [0, 0, 30, 3600, 3600.5];
    expect(replayDelays(times, { mode: 'compressed', maxGap: 1 })).toEqual([0, 0, 1, 1, 0.5]);
    expect(replayDelays(times, { mode: 'speed', speed: 60 })).toEqual([0, 0, 0.5, 59.5, 0.5 / 60]);
    expect(replayDelays(times, { mode: 'none' })).toEqual([0, 0, 0, 0, 0]);
  });

  it('executeReplay waits the planned delays between writes (--speed)', async () => {
    const { kc } = loadKubeConfig({ kubeconfig });
    const plan = planReplay([ev(600, 'ScaleRequested', 'Deployment shop/web', { replicas: 4 }), ev(1200, 'ScaleRequested', 'Deployment shop/web', { replicas: 5 }), ev(4800, 'Paused', 'Deployment shop/web')]);
    const waits: number[] = [];
    const s = await executeReplay(kc, plan, { dryRun: true, timing: { mode: 'speed', speed: 600 }, sleep: async (sec) => void waits.push(sec) });
    expect(waits).toEqual([1, 6]);
    expect([s.ok, s.failed, s.skipped]).toEqual([3, 0, 0]);
  });

  it('planReplay: scale kinds, crashLoop and set with an image, parseObjectRef', () => {
    const plan = planReplay([
      ev(1, 'ScaleRequested', 'Job shop/report', { replicas: 3 }),
      ev(2, 'RolloutStarted', 'Deployment shop/web', { image: 'web:v3', set: { spec: { terminationGracePeriodSeconds: 5 } }, crashLoop: true }),
      ev(3, 'Scheduled', 'Pod shop/p', { node: 'n' }),
      ev(4, 'FailedScheduling', 'Pod shop/q'),
    ]);
    expect(plan.steps.map((s) => s.action.type)).toEqual(['skip', 'image', 'template', 'skip']);
    expect(plan.steps[0].action).toMatchObject({ reason: 'Job has no scale subresource' });
    expect(plan.steps[3].action).toMatchObject({ reason: expect.stringContaining('crashLoop is a simulation-only setting') });
    expect(plan.notReplayed).toEqual({ Scheduled: 1, FailedScheduling: 1 });
    expect(planReplay([ev(3, 'Scheduled', 'Pod shop/p', { node: 'n' })], { bind: true }).steps[0].action).toEqual({ type: 'bind', pod: { kind: 'Pod', namespace: 'shop', name: 'p' }, node: 'n' });
    expect(parseObjectRef('Node node-3')).toEqual({ kind: 'Node', namespace: undefined, name: 'node-3' });
    expect(parseObjectRef('Scenario')).toBeUndefined();
  });
});

describe('import → run → replay', () => {
  it('a scenario over the imported snapshot scales and rolls out; replaying it for real leaves the cluster as simulated', async () => {
    expect(await main(['import', '--kubeconfig', kubeconfig, '-o', join(root, 'loop', 'snapshot.yaml')])).toBe(0);
    const scenarioFile = join(root, 'loop', 'scenario.yaml');
    writeFileSync(
      scenarioFile,
      `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: loop }
seed: 1
duration: 10m
cluster:
  manifests: [ ./snapshot.yaml ]
events:
  - at: 1m
    scale: { target: Deployment/shop/web, replicas: 4 }
  - at: 2m
    rollout: { target: Deployment/shop/web, image: "web:v2" }
`,
    );
    const result = await runScenario(loadScenario(scenarioFile));
    const dir = writeRunOutputs(result, join(root, 'loop', 'run')).dir;
    out = '';
    expect(await main(['replay', dir, '--kubeconfig', kubeconfig, '--dry-run=none', '--no-wait'])).toBe(0);
    expect(out).toContain('[1m0s] scale Deployment shop/web to 4 (ScaleRequested');
    expect(out).toContain('[2m0s] set image Deployment shop/web *=web:v2 (RolloutStarted');
    const web = server.get('Deployment', 'shop', 'web')!;
    const simulated = result.engine.cluster.workloads.Deployment.get('shop/web')!;
    expect(web.spec.template.spec.containers[0].image).toBe('web:v2');
    expect((simulated.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image).toBe('web:v2');
    // the live HPA and the simulated one may rescale after the scripted scale: the last replayed size is the simulated one
    expect(web.spec.replicas).toBe((simulated.spec as { replicas: number }).replicas);
  });
});
