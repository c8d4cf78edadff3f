/**
 * The fast paths added for engine speed give the same answers as the plain ones: resource samples
 * as a Map or as an object, utilization totals in doubles or BigInt, canonical quantities, and the
 * Deployment controller's plain deepCopy and copyForWrite.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyForWrite, deepCopy } from '../../src/controllers/common/owner.ts';
import { getResourceMetric, getResourceUtilizationRatio } from '../../src/hpa/metrics.ts';
import type { ContainerUsage, MetricsSnapshot } from '../../src/hpa/types.ts';
import { formatMilliQuantity } from '../../src/hpa/util.ts';

const usage = fc.dictionary(fc.constantFrom('cpu', 'memory'), fc.integer({ min: 0, max: 5000 }), { minKeys: 0, maxKeys: 2 });
const pods = fc.uniqueArray(
  fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), fc.dictionary(fc.constantFrom('app', 'sidecar'), usage, { maxKeys: 2 })),
  { selector: ([name]) => name, maxLength: 6 },
);

describe('speed fast paths', () => {
  it('getResourceMetric reads a Map of pod samples as it reads the same object', () => {
    fc.assert(
      fc.property(pods, fc.constantFrom('cpu', 'memory'), fc.constantFrom('', 'app'), (list, resource, container) => {
        const asObject: MetricsSnapshot = { resource: { timestamp: 10, windowSeconds: 15, pods: Object.fromEntries(list) as Record<string, Record<string, ContainerUsage>> } };
        const asMap: MetricsSnapshot = { resource: { timestamp: 10, windowSeconds: 15, pods: new Map(list as [string, Record<string, ContainerUsage>][]) } };
        const run = (s: MetricsSnapshot) => {
          try {
            const r = getResourceMetric(s, resource, container);
            return { metrics: [...r.metrics], timestamp: r.timestamp };
          } catch (e) {
            return { error: (e as Error).message };
          }
        };
        expect(run(asMap)).toEqual(run(asObject));
      }),
    );
  });

  it('getResourceUtilizationRatio in doubles equals the BigInt arithmetic (large totals fall back to it)', () => {
    const big = (ms: number[], rs: number[], target: number) => {
      let m = 0n;
      let r = 0n;
      for (let i = 0; i < ms.length; i++) {
        m += BigInt(ms[i]);
        r += BigInt(rs[i]);
      }
      const pct = (m * 100n) / r;
      const utilization = pct > 2147483647n ? 2147483647 : Number(pct);
      return { usageRatio: utilization / target, utilization, rawAverageValue: Number(m / BigInt(ms.length)) };
    };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 2 ** 52 })), fc.integer({ min: 1, max: 2 ** 40 })), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 200 }),
        (entries, target) => {
          const metrics = new Map(entries.map(([v], i) => [`p${i}`, { value: v, timestamp: 0, window: 15 }]));
          const requests = new Map(entries.map(([, r], i) => [`p${i}`, r]));
          expect(getResourceUtilizationRatio(metrics, requests, target)).toEqual(
            big(
              entries.map(([v]) => v),
              entries.map(([, r]) => r),
              target,
            ),
          );
        },
      ),
    );
  });

  it('formatMilliQuantity in doubles equals the BigInt rendering', () => {
    const viaBigInt = (milli: number): string => {
      const suffix: Record<number, string> = { [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
      let m = BigInt(Math.trunc(milli));
      if (m === 0n) return '0';
      let exp = -3;
      while (exp < 18 && m % 1000n === 0n) {
        m /= 1000n;
        exp += 3;
      }
      return `${m}${suffix[exp]}`;
    };
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.constantFrom(0, -0.5, 1000, 3e6, 2e15, -4e12)), (v) => {
        expect(formatMilliQuantity(v)).toBe(viaBigInt(v));
      }),
    );
  });

  it('deepCopy equals structuredClone on JSON-shaped objects and shares nothing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const c = deepCopy(v);
        expect(c).toStrictEqual(structuredClone(v));
        if (v !== null && typeof v === 'object') expect(c).not.toBe(v);
      }),
    );
  });

  it('copyForWrite copies metadata and status deeply and the spec one level down', () => {
    const rs = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-1', annotations: { a: '1' } },
      spec: { replicas: 2, template: { spec: { containers: [] } } },
      status: { replicas: 2, conditions: [{ type: 'X' }] },
    };
    const c = copyForWrite(rs);
    expect(c).toStrictEqual(rs);
    expect(Object.keys(c)).toEqual(Object.keys(rs));
    expect(c.metadata.annotations).not.toBe(rs.metadata.annotations);
    expect(c.status.conditions).not.toBe(rs.status.conditions);
    expect(c.spec).not.toBe(rs.spec);
    // the template is shared: writes replace it, never write into it
    expect(c.spec.template).toBe(rs.spec.template);
    c.spec.replicas = 5;
    c.metadata.annotations.a = '2';
    expect(rs.spec.replicas).toBe(2);
    expect(rs.metadata.annotations.a).toBe('1');
  });
});
