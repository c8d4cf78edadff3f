/**
 * Issue 14: replay and import against a flaky API server (the fake on 127.0.0.1): timeouts,
 * 429 with Retry-After, 5xx, dropped connections, retries bounded in count and time; a real
 * replay stops at the first failure, journals what it applied, and a rerun or `--resume`
 * applies only what is missing; seeded random faults over many replays end in the simulated
 * state with no step applied twice; no credential is ever printed.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadKubeConfig } from '../../src/live/kubeconfig.ts';
import { ReplayJournal, JOURNAL_FILE, fileDigest } from '../../src/live/journal.ts';
import { executeReplay, planReplay, readRunDir } from '../../src/live/replay.ts';
import { credentialStrings, redact, retryAfterSeconds } from '../../src/live/http.ts';
import { FakeApiServer } from './fake-apiserver.ts';
import { fixtureCluster } from './fixtures.ts';

let out = '';
let err = '';
const root = mkdtempSync(join(tmpdir(), 'kubesim-faults-'));
let server: FakeApiServer;
let kubeconfig = '';
let n = 0;

beforeEach(async () => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  server = new FakeApiServer(fixtureCluster());
  await server.start();
  kubeconfig = server.writeKubeconfig(root, `kc-${++n}.yaml`);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await server.close();
  // the kubeconfig's bearer token never reaches the output, whatever happened
  expect(out + err).not.toContain('fake-token');
});

function runDir(events: object[]): string {
  const dir = join(root, `run-${++n}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'events.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  return dir;
}

const WRITES = [
  { t: 600, kind: 'ScaleRequested', object: 'Deployment shop/web', replicas: 5 },
  { t: 615, kind: 'SuccessfulRescale', object: 'HorizontalPodAutoscaler shop/web', hpa: 'shop/web', from: 5, to: 7 },
  { t: 900, kind: 'ScaleRequested', object: 'StatefulSet shop/db', replicas: 2 },
  { t: 3600, kind: 'RolloutStarted', object: 'Deployment shop/web', image: 'web:v2' },
  { t: 3700, kind: 'Paused', object: 'Deployment shop/web' },
  { t: 3800, kind: 'Resumed', object: 'Deployment shop/web' },
  { t: 3900, kind: 'Paused', object: 'CronJob shop/nightly' },
];

const REAL = (dir: string, ...extra: string[]): string[] => ['replay', dir, '--kubeconfig', kubeconfig, '--dry-run=none', '--no-wait', ...extra];

describe('timeouts and retries', () => {
  it('a slow server: the request is abandoned after --request-timeout, bounded in time, exit 1', async () => {
    server.inject({ method: 'PATCH', path: /deployments\/web\/scale$/, code: 0, reason: '', message: '', delayMs: 3000 });
    const started = performance.now();
    expect(await main(REAL(runDir(WRITES.slice(0, 1)), '--request-timeout', '200ms', '--retries', '0'))).toBe(1);
    expect(performance.now() - started).toBeLessThan(2500);
    expect(out).toContain('→ FAILED no response within 0.2s (--request-timeout)');
  });

  it('a slow answer is retried: the second attempt succeeds', async () => {
    server.inject({ method: 'PATCH', path: /deployments\/web\/scale$/, code: 0, reason: '', message: '', delayMs: 1500 });
    expect(await main(REAL(runDir(WRITES.slice(0, 1)), '--request-timeout', '200ms', '--retries', '2'))).toBe(0);
    expect(err).toMatch(/retry 1\/2: PATCH \/apis\/apps\/v1\/namespaces\/shop\/deployments\/web\/scale got timeout after 0.2s; waiting \d\.\ds/);
    expect(server.get('Deployment', 'shop', 'web')!.spec.replicas).toBe(5);
  });

  it('429 with Retry-After is honoured; 500 and 503 are retried with back-off; a reset connection is retried', async () => {
    server.inject({ method: 'PATCH', path: /deployments\/web\/scale$/, code: 429, reason: 'TooManyRequests', message: 'slow down', retryAfter: 1 });
    server.inject({ method: 'PATCH', path: /statefulsets\/db\/scale$/, code: 500, reason: 'InternalError', message: 'etcd leader changed', times: 1 });
    server.inject({ method: 'PATCH', path: /statefulsets\/db\/scale$/, code: 503, reason: 'ServiceUnavailable', message: 'unavailable', times: 1 });
    server.inject({ method: 'PATCH', path: /cronjobs\/nightly$/, code: 0, reason: '', message: '', reset: true });
    const started = performance.now();
    expect(await main(REAL(runDir(WRITES)))).toBe(0);
    expect(performance.now() - started).toBeGreaterThanOrEqual(950); // the Retry-After second
    expect(err).toContain('got 429; waiting 1.0s');
    expect(err).toMatch(/statefulsets\/db\/scale got 500; waiting 0\.\ds/);
    expect(err).toMatch(/statefulsets\/db\/scale got 503; waiting \d\.\ds/);
    expect(err).toMatch(/cronjobs\/nightly got (ECONNRESET|EPIPE)/);
    expect(server.get('StatefulSet', 'shop', 'db')!.spec.replicas).toBe(2);
    expect(server.get('CronJob', 'shop', 'nightly')!.spec.suspend).toBe(true);
  });

  it('retries are bounded: a server that always answers 503 gets --retries + 1 attempts', async () => {
    server.inject({ method: 'PATCH', path: /deployments\/web\/scale$/, code: 503, reason: 'ServiceUnavailable', message: 'down', times: 100, retryAfter: 0 });
    expect(await main(REAL(runDir(WRITES.slice(0, 1)), '--retries', '3'))).toBe(1);
    expect(server.requests.filter((r) => r.method === 'PATCH')).toHaveLength(4);
    expect(out).toContain('→ FAILED 503 ServiceUnavailable: down');
  });

  it('Retry-After: seconds or an HTTP date', () => {
    expect(retryAfterSeconds('3')).toBe(3);
    expect(retryAfterSeconds(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(10);
    expect(retryAfterSeconds('soon')).toBeUndefined();
    expect(retryAfterSeconds(undefined)).toBeUndefined();
  });
});

describe('stop, journal, resume', () => {
  it('a real replay stops at the first failure: nothing after it is applied; the output says what was and how to resume', async () => {
    const dir = runDir(WRITES);
    server.inject({ method: 'PATCH', path: /statefulsets\/db\/scale$/, code: 403, reason: 'Forbidden', message: 'statefulsets.apps "db" is forbidden: User cannot patch resource' });
    expect(await main(REAL(dir))).toBe(1);
    expect(out).toContain('[15m0s] scale StatefulSet shop/db to 2 (ScaleRequested, events.jsonl:3) → FAILED 403 Forbidden');
    expect(out).toContain('[1h0m0s] set image Deployment shop/web *=web:v2 (RolloutStarted, events.jsonl:4) → not applied (stopped)');
    expect(out).toContain('3 writes: 2 ok, 1 failed; 0 skipped; 4 not applied (stopped)');
    expect(err).toContain('Stopped at events.jsonl:3: nothing after it was applied.');
    expect(err).toContain(`Applied: 2 write(s) in all (2 now), recorded in ${join(dir, JOURNAL_FILE)}.`);
    expect(err).toContain(`kubesim replay ${dir} --dry-run=none --resume --kubeconfig ${kubeconfig}`);
    // only the first two writes reached the cluster
    expect(server.get('Deployment', 'shop', 'web')!.spec.template.spec.containers[0].image).toBe('web:v1');
    expect(server.get('CronJob', 'shop', 'nightly')!.spec.suspend).not.toBe(true);
    const journal = readFileSync(join(dir, JOURNAL_FILE), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(journal[0]).toMatchObject({ journal: 1, server: server.url, context: 'fake' });
    expect(journal.slice(1).map((e) => e.step)).toEqual(['1.0', '2.0']);

    // --resume: the journaled writes are not sent again; the rest are applied
    const before = server.writes().length;
    out = '';
    err = '';
    expect(await main(REAL(dir, '--resume'))).toBe(0);
    expect(out).toContain('2 write(s) already applied by an earlier replay');
    expect(out).toContain('→ skipped: already applied by an earlier replay (replay-journal.jsonl)');
    const sent = server.writes().slice(before).map((w) => w.path);
    expect(sent).toEqual([
      '/apis/apps/v1/namespaces/shop/statefulsets/db/scale',
      '/apis/apps/v1/namespaces/shop/deployments/web',
      '/apis/apps/v1/namespaces/shop/deployments/web',
      '/apis/apps/v1/namespaces/shop/deployments/web',
      '/apis/batch/v1/namespaces/shop/cronjobs/nightly',
    ]);
    expect(server.get('Deployment', 'shop', 'web')!.spec.template.spec.containers[0].image).toBe('web:v2');

    // a rerun after completion writes nothing
    const done = server.writes().length;
    expect(await main(REAL(dir))).toBe(0);
    expect(server.writes().length).toBe(done);
  });

  it('--resume without a journal, with a dry run, or against another cluster or another run → exit 2', async () => {
    const dir = runDir(WRITES.slice(0, 1));
    expect(await main(REAL(dir, '--resume'))).toBe(2);
    expect(err).toContain(`nothing to resume: no ${JOURNAL_FILE} here`);
    err = '';
    expect(await main(['replay', dir, '--kubeconfig', kubeconfig, '--resume'])).toBe(2);
    expect(err).toContain('--resume continues a real replay: pass --dry-run=none');
    expect(await main(REAL(dir))).toBe(0);
    // another cluster
    const other = new FakeApiServer(fixtureCluster());
    await other.start();
    try {
      err = '';
      expect(await main(['replay', dir, '--kubeconfig', other.writeKubeconfig(root, `other-${n}.yaml`), '--dry-run=none', '--no-wait'])).toBe(2);
      expect(err).toContain('this journal records writes to another cluster');
      expect(other.writes()).toEqual([]);
    } finally {
      await other.close();
    }
    // another events.jsonl
    writeFileSync(join(dir, 'events.jsonl'), JSON.stringify(WRITES[2]) + '\n');
    err = '';
    expect(await main(REAL(dir))).toBe(2);
    expect(err).toContain('events.jsonl changed since this journal was written');
  });

  it('no credential is printed, even when the server echoes the Authorization header in an error', async () => {
    server.inject({ method: 'PATCH', path: /deployments\/web\/scale$/, code: 403, reason: 'Forbidden', message: 'forbidden', echoAuth: true });
    expect(await main(REAL(runDir(WRITES.slice(0, 1))))).toBe(1);
    expect(out + err).toContain('[REDACTED]');
    const { kc } = loadKubeConfig({ kubeconfig });
    expect(credentialStrings(kc)).toContain('fake-token');
    expect(redact('Authorization: Bearer abcdefghijkl', [])).toBe('Authorization: Bearer [REDACTED]');
  });

  it('import retries through a flaky server too', async () => {
    server.inject({ method: 'GET', path: /\/nodes$/, code: 503, reason: 'ServiceUnavailable', message: 'down', retryAfter: 0 });
    server.inject({ method: 'GET', path: /\/pods$/, code: 0, reason: '', message: '', reset: true });
    expect(await main(['import', '--kubeconfig', kubeconfig, '-o', join(root, `snap-${n}.yaml`)])).toBe(0);
    expect(err).toContain('got 503');
    expect(existsSync(join(root, `snap-${n}.yaml`))).toBe(true);
  });
});

describe('seeded random faults (429/500/503/409, resets, lost answers, slow answers)', () => {
  it('every replay ends complete or stopped with a journal; after resuming, the objects equal a fault-free replay, each step journaled once', async () => {
    // the end state of a fault-free replay
    const cleanDir = runDir(WRITES);
    expect(await main(REAL(cleanDir))).toBe(0);
    const spec = (s: FakeApiServer): unknown => ['Deployment', 'StatefulSet', 'CronJob'].map((k) => [...(s.store.get(k)?.values() ?? [])].map((o) => [o.metadata.name, o.spec]));
    const expected = spec(server);
    const started = performance.now();
    let stops = 0;
    let faults = 0;
    const SEEDS = 200;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const s = new FakeApiServer(fixtureCluster());
      await s.start();
      try {
        s.randomFaults({ seed, rate: 0.3, max: 6, slowMs: 5 });
        const kc = loadKubeConfig({ kubeconfig: s.writeKubeconfig(root, `rk-${seed}.yaml`) }).kc;
        const dir = runDir(WRITES);
        const run = readRunDir(dir);
        const plan = planReplay(run.events);
        let rng = seed;
        const random = (): number => ((rng = (rng * 16807) % 2147483647) / 2147483647);
        let attempts = 0;
        for (;;) {
          attempts++;
          const journal = ReplayJournal.open(dir, { server: s.url, context: 'fake', events: fileDigest(run.eventsFile) }, { resume: attempts > 1 });
          const r = await executeReplay(kc, plan, {
            dryRun: false,
            timing: { mode: 'none' },
            journal,
            requests: { retries: 3, timeoutSeconds: 2, sleep: async () => {}, random },
          });
          if (!r.stoppedAt) break;
          stops++;
          // stopped: the journal holds exactly the writes before the failure
          const failedAt = r.results.indexOf(r.stoppedAt);
          expect(r.results.slice(failedAt + 1).every((x) => x.outcome === 'not-applied')).toBe(true);
          expect(attempts).toBeLessThan(10);
        }
        faults += s.faults.length;
        expect(spec(s)).toEqual(expected);
        const steps = readFileSync(join(dir, JOURNAL_FILE), 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l).step);
        expect(new Set(steps).size).toBe(steps.length);
        expect(steps).toHaveLength(7);
      } finally {
        await s.close();
      }
    }
    expect(faults).toBeGreaterThan(SEEDS); // the faults did happen
    expect(stops).toBeGreaterThan(0); // and some stopped a replay (409s are not retried)
    expect(performance.now() - started).toBeLessThan(60_000);
  }, 90_000);
});
