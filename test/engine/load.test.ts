import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bucketCounts, csvAt, gaussianish, loadAt, meanLoad } from '../../src/engine/load.ts';
import { MetricsPipeline } from '../../src/engine/metrics.ts';
import { componentRng } from '../../src/engine/rng.ts';
import { buildSimulation } from '../../src/engine/simulation.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import type { LoadModel } from '../../src/scenario/types.ts';

const csv = (values: number[], step = 60, scale = 1, loop = true): LoadModel => ({ type: 'csv', file: 'x.csv', column: 'count', step, scale, loop, values });

describe('load models', () => {
  it('constant', () => {
    expect(loadAt({ type: 'constant', value: 42 }, 0)).toBe(42);
    expect(loadAt({ type: 'constant', value: 42 }, 86_400)).toBe(42);
  });

  it('step: 0 before the first step, then the last step at or before t', () => {
    const m: LoadModel = { type: 'step', steps: [{ at: 60, value: 10 }, { at: 120, value: 30 }, { at: 300, value: 5 }] };
    expect(loadAt(m, 0)).toBe(0);
    expect(loadAt(m, 59)).toBe(0);
    expect(loadAt(m, 60)).toBe(10);
    expect(loadAt(m, 119)).toBe(10);
    expect(loadAt(m, 120)).toBe(30);
    expect(loadAt(m, 299.5)).toBe(30);
    expect(loadAt(m, 10_000)).toBe(5);
  });

  it('ramp: held before start and after end, linear between', () => {
    const m: LoadModel = { type: 'ramp', from: 100, to: 500, start: 100, end: 500 };
    expect(loadAt(m, 0)).toBe(100);
    expect(loadAt(m, 100)).toBe(100);
    expect(loadAt(m, 300)).toBe(300);
    expect(loadAt(m, 400)).toBe(400);
    expect(loadAt(m, 500)).toBe(500);
    expect(loadAt(m, 9000)).toBe(500);
  });

  it('diurnal: max at peakAt (and one period later), min half a period away, mean a quarter away', () => {
    const m: LoadModel = { type: 'diurnal', min: 200, max: 1200, peakAt: 14 * 3600, period: 86_400 };
    expect(loadAt(m, 14 * 3600)).toBeCloseTo(1200, 9);
    expect(loadAt(m, 14 * 3600 + 86_400)).toBeCloseTo(1200, 9);
    expect(loadAt(m, 2 * 3600)).toBeCloseTo(200, 9);
    expect(loadAt(m, 8 * 3600)).toBeCloseTo(700, 9);
    expect(loadAt(m, 20 * 3600)).toBeCloseTo(700, 9);
    for (let t = 0; t < 86_400; t += 977) {
      const v = loadAt(m, t);
      expect(v).toBeGreaterThanOrEqual(200 - 1e-9);
      expect(v).toBeLessThanOrEqual(1200 + 1e-9);
    }
  });

  it('spike: base, linear ramp up from `at`, peak held for `duration`, linear ramp down, base', () => {
    const m: LoadModel = { type: 'spike', base: 10, peak: 110, at: 100, rampUp: 20, duration: 60, rampDown: 40 };
    expect(loadAt(m, 99)).toBe(10);
    expect(loadAt(m, 100)).toBe(10);
    expect(loadAt(m, 110)).toBe(60);
    expect(loadAt(m, 120)).toBe(110);
    expect(loadAt(m, 179)).toBe(110);
    expect(loadAt(m, 180)).toBe(110);
    expect(loadAt(m, 200)).toBe(60);
    expect(loadAt(m, 220)).toBe(10);
    expect(loadAt(m, 5000)).toBe(10);
    // an instant spike (no ramps)
    const sharp: LoadModel = { type: 'spike', base: 1, peak: 9, at: 10, rampUp: 0, duration: 5, rampDown: 0 };
    expect([9, 10, 14, 15].map((t) => loadAt(sharp, t))).toEqual([1, 9, 9, 1]);
  });

  it('csv: one value per step, scaled; loops or holds the last value', () => {
    const values = [1, 2, 3, 4];
    expect(loadAt(csv(values, 60, 10), 0)).toBe(10);
    expect(loadAt(csv(values, 60, 10), 59)).toBe(10);
    expect(loadAt(csv(values, 60, 10), 60)).toBe(20);
    expect(loadAt(csv(values, 60, 10), 239)).toBe(40);
    // looped: t = 240 is the first value again, 5 min → second
    expect(loadAt(csv(values, 60, 10, true), 240)).toBe(10);
    expect(loadAt(csv(values, 60, 10, true), 300)).toBe(20);
    expect(loadAt(csv(values, 60, 10, true), 4 * 240 + 130)).toBe(30);
    // held
    expect(loadAt(csv(values, 60, 10, false), 240)).toBe(40);
    expect(loadAt(csv(values, 60, 10, false), 1e6)).toBe(40);
    expect(csvAt([], 60, 1, true, 100)).toBe(0);
  });

  it('meanLoad: the mean over (t − window, t] (what a rate over a scrape interval sees)', () => {
    const m: LoadModel = { type: 'step', steps: [{ at: 0, value: 20 }, { at: 70, value: 100 }] };
    expect(meanLoad(m, 60, 60)).toBe(20);
    // 61..69 at 20, 70..120 at 100
    expect(meanLoad(m, 120, 60)).toBeCloseTo((9 * 20 + 51 * 100) / 60, 9);
    expect(meanLoad(m, 180, 60)).toBe(100);
    expect(meanLoad({ type: 'constant', value: 7 }, 15, 15)).toBe(7);
  });

  it('gaussianish: mean ≈ 0, variance ≈ 1, bounded by ±2√3, same draws for the same stream', () => {
    const rng = componentRng(7, 'load/test');
    const n = 20_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const g = gaussianish(rng);
      expect(Math.abs(g)).toBeLessThanOrEqual(2 * Math.sqrt(3));
      sum += g;
      sq += g * g;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.03);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.05);
    const a = componentRng(7, 'load/x');
    const b = componentRng(7, 'load/x');
    const c = componentRng(8, 'load/x');
    const da = [gaussianish(a), gaussianish(a)];
    expect([gaussianish(b), gaussianish(b)]).toEqual(da);
    expect([gaussianish(c), gaussianish(c)]).not.toEqual(da);
  });

  it('bucketCounts: a per-request trace becomes per-interval counts (empty intervals are 0)', () => {
    expect(bucketCounts([0, 1, 14.9, 15, 47, 61], 15)).toEqual([3, 1, 0, 1, 1]);
    expect(bucketCounts([100, 130], 15, 90)).toEqual([1, 0, 1]);
  });
});

/** Writes a scenario (and its manifests) to a temp folder and loads it. */
function scenarioWith(manifests: string, body: string): ReturnType<typeof loadScenario> {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-load-'));
  writeFileSync(join(dir, 'm.yaml'), manifests);
  writeFileSync(join(dir, 'curve.csv'), 'minute,count\n0,10\n1,20\n2,30\n');
  writeFileSync(join(dir, 's.yaml'), body);
  return loadScenario(join(dir, 's.yaml'));
}

const deployment = (name: string, replicas: number): string => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: main
          image: ${name}:1
          resources: { requests: { cpu: 100m, memory: 64Mi } }
        - name: sidecar
          image: proxy:1
          resources: { requests: { cpu: 100m } }
`;

const workload = (name: string, noise: number): string => `  - target: Deployment/${name}
    load: { type: constant, value: 100 }
    cpuPerRequest: 2m
    baseCpu: 10m
    noise: ${noise}
    startup: { pull: 0s, ready: 0s }
`;

function scenarioText(names: string[], noise = 0.1): string {
  return `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: t }
seed: 3
duration: 2m
cluster:
  nodes:
    - count: 2
      template: { status: { allocatable: { cpu: "16", memory: 64Gi, pods: "110" } } }
  manifests: [ ./m.yaml ]
workloads:
${names.map((n) => workload(n, noise)).join('')}`;
}

/** CPU of every container of every pod of `key` after scraping at t = 60 with `seed`. */
async function scrapedCpu(names: string[], key: string, seed: number, noise = 0.1): Promise<number[]> {
  const s = scenarioWith(names.map((n) => deployment(n, 3)).join('---\n'), scenarioText(names, noise));
  const sim = await buildSimulation(s, seed);
  const pipeline = new MetricsPipeline(sim.engine, s.workloads, 15);
  pipeline.install();
  sim.engine.run(60);
  const sample = pipeline.sampleOf(key)!;
  return [...sample.pods.values()].flatMap((p) => Object.values(p.containers).map((c) => c.cpu));
}

describe('per-pod usage from a load model', () => {
  it('spreads the load over ready pods (base + perRequest × load / ready) and splits by container CPU request', async () => {
    const cpu = await scrapedCpu(['web'], 'Deployment/default/web', 1, 0);
    // 3 ready pods: 10m + 2m × 100 / 3 each, half per container (equal requests)
    expect(cpu).toHaveLength(6);
    for (const c of cpu) expect(c).toBeCloseTo((10 + 200 / 3) / 2, 5);
  });

  it('noise is deterministic per seed and per workload stream: adding a workload does not change the others', async () => {
    const a1 = await scrapedCpu(['web'], 'Deployment/default/web', 1);
    const a2 = await scrapedCpu(['web'], 'Deployment/default/web', 1);
    const withOther = await scrapedCpu(['web', 'api'], 'Deployment/default/web', 1);
    const otherSeed = await scrapedCpu(['web'], 'Deployment/default/web', 2);
    expect(a2).toEqual(a1);
    expect(withOther).toEqual(a1);
    expect(otherSeed).not.toEqual(a1);
    // noisy, but around the noiseless value
    const mean = a1.reduce((x, y) => x + y, 0) / a1.length;
    expect(new Set(a1).size).toBeGreaterThan(1);
    expect(Math.abs(mean - (10 + 200 / 3) / 2)).toBeLessThan(8);
  });

  it('a CSV load reads its column from the scenario folder and loops by default', () => {
    const s = scenarioWith(
      deployment('web', 1),
      scenarioText(['web']).replace('load: { type: constant, value: 100 }', 'load: { csv: ./curve.csv, column: count, step: 15s, scale: 2 }'),
    );
    const m = s.workloads[0].load!;
    expect(m.type).toBe('csv');
    expect([0, 15, 30, 45, 60].map((t) => loadAt(m, t))).toEqual([20, 40, 60, 20, 40]);
  });
});
