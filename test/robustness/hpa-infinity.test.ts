/** Issue 14: infinite or huge simulated usage no longer throws `RangeError: ... cannot be converted to a BigInt`; int64 maths as upstream. */
import { describe, expect, it } from 'vitest';
import { getMetricUsageRatio, getResourceUtilizationRatio, toInt64, type PodMetricsInfo } from '../../src/hpa/metrics.ts';

const metrics = (values: number[]): PodMetricsInfo => new Map(values.map((v, i) => [`p${i}`, { value: v, timestamp: 0, window: 15 }]));
const requests = (values: number[]): Map<string, number> => new Map(values.map((v, i) => [`p${i}`, v]));

describe('HPA utilization with numbers beyond int64', () => {
  it('toInt64 saturates infinities, truncates fractions, reads NaN as 0', () => {
    expect(toInt64(Infinity)).toBe(2n ** 63n - 1n);
    expect(toInt64(-Infinity)).toBe(-(2n ** 63n));
    expect(toInt64(1e300)).toBe(2n ** 63n - 1n);
    expect(toInt64(12.9)).toBe(12n);
    expect(toInt64(NaN)).toBe(0n);
  });

  it('an infinite usage gives the int32-clamped utilization instead of a RangeError', () => {
    const r = getResourceUtilizationRatio(metrics([Infinity]), requests([500]), 50);
    // MaxInt64 × 100 wraps in int64 (-100), as upstream's int64 product would: -100 / 500 → 0
    expect(r.utilization).toBe(0);
    expect(Number.isFinite(r.usageRatio)).toBe(true);
    const big = getResourceUtilizationRatio(metrics([1e15, 2e15]), requests([1000, 1000]), 50);
    expect(big.utilization).toBe(2147483647);
  });

  it('fractional and infinite samples in pod metrics average without throwing', () => {
    expect(getMetricUsageRatio(metrics([1.5, 2.5]), 1).usage).toBe(1);
    expect(() => getMetricUsageRatio(metrics([Infinity, 1]), 10)).not.toThrow();
  });
});

describe('a scenario whose numbers make the utilization infinite', () => {
  it('runs to the end (it threw RangeError: The number Infinity cannot be converted to a BigInt)', async () => {
    const { readFileSync, writeFileSync, mkdtempSync } = await import('node:fs');
    const { join, resolve } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { loadScenario } = await import('../../src/scenario/load.ts');
    const { runScenario } = await import('../../src/engine/simulation.ts');
    const text = readFileSync('scenarios/hpa-flash-spike.yaml', 'utf8')
      .replace(/load: \{ csv:[^\n]*/, 'load: { type: constant, value: 1e308 }')
      .replace('cpuPerRequest: 25m', 'cpuPerRequest: "1e300"')
      .replaceAll('- manifests/', `- ${resolve('scenarios/manifests')}/`)
      .replace(/\nexpect:[\s\S]*$/, '\n');
    const f = join(mkdtempSync(join(tmpdir(), 'kubesim-inf-')), 's.yaml');
    writeFileSync(f, text);
    const r = await runScenario(loadScenario(f));
    expect(r.engine.events.some((e) => e.kind === 'SuccessfulRescale')).toBe(true);
  });
});
