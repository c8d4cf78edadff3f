/**
 * The client-side rate limit of import and replay: client-go's token bucket (QPS 5, burst 10 by
 * default; every attempt takes a token), through the real client-node path against the fake API
 * server (issue 14, point 2).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { importCluster } from '../../src/live/import.ts';
import { loadKubeConfig } from '../../src/live/kubeconfig.ts';
import { DEFAULT_BURST, DEFAULT_QPS, TokenBucket } from '../../src/live/http.ts';
import { captureOutput } from '../helpers/capture.ts';
import { FakeApiServer } from './fake-apiserver.ts';
import { fixtureCluster } from './fixtures.ts';

let err = '';
captureOutput(
  () => {
    err = '';
  },
  () => undefined,
  (s) => void (err += s),
);

describe('TokenBucket (flowcontrol.NewTokenBucketRateLimiter)', () => {
  it('lets a burst through, then one request per 1/qps seconds; idle time refills up to the burst', () => {
    let t = 0;
    const b = new TokenBucket(5, 10, () => t);
    const waits = Array.from({ length: 12 }, () => b.reserve());
    expect(waits.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(waits[10]).toBeCloseTo(0.2);
    expect(waits[11]).toBeCloseTo(0.4);
    t = 100; // long idle: full again, never more than the burst
    expect(Array.from({ length: 10 }, () => b.reserve())).toEqual(Array(10).fill(0));
    expect(b.reserve()).toBeCloseTo(0.2);
  });

  it("client-go's defaults", () => {
    expect([DEFAULT_QPS, DEFAULT_BURST]).toEqual([5, 10]);
    expect(() => new TokenBucket(0, 1)).toThrow(/qps/);
    expect(() => new TokenBucket(1, 0)).toThrow(/burst/);
  });
});

describe('import and replay are rate limited', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-ratelimit-'));
  const server = new FakeApiServer(fixtureCluster());
  let kubeconfig = '';
  beforeAll(async () => {
    await server.start();
    kubeconfig = server.writeKubeconfig(dir);
  });
  afterAll(() => server.close());

  it('every request waits for its token: n requests at q QPS with burst 1 take at least (n − 1)/q seconds', async () => {
    const { kc } = loadKubeConfig({ kubeconfig });
    const qps = 40;
    const before = server.requests.length;
    const t0 = performance.now();
    await importCluster(kc, { pageSize: 1, requests: { rateLimiter: new TokenBucket(qps, 1) } });
    const elapsed = (performance.now() - t0) / 1000;
    const n = server.requests.length - before;
    expect(n).toBeGreaterThan(10);
    expect(elapsed).toBeGreaterThanOrEqual(((n - 1) / qps) * 0.95);
  });

  it('--qps and --burst are checked', async () => {
    expect(await main(['import', '--kubeconfig', kubeconfig, '--qps', '0', '-o', join(dir, 'x.yaml')])).toBe(2);
    expect(err).toMatch(/--qps must be a positive number/);
    expect(await main(['import', '--kubeconfig', kubeconfig, '--burst', '1.5', '-o', join(dir, 'x.yaml')])).toBe(2);
    expect(err).toMatch(/--burst must be a positive integer/);
    expect(await main(['import', '--kubeconfig', kubeconfig, '--qps', '1000', '--burst', '100', '-o', join(dir, 'x.yaml')])).toBe(0);
  });
});
