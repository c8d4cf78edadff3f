/** Bench statistics: Student's t (against published quantiles and closed forms), summaries, paired differences. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { logGamma, pairedDifference, regularizedIncompleteBeta, studentTCdf, studentTQuantile, summarize, tHalfWidth } from '../../src/bench/stats.ts';

describe('logGamma and the incomplete beta function', () => {
  it('lnΓ at known points: Γ(1) = 1, Γ(5) = 24, Γ(1/2) = √π, Γ(10.5)', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    // Γ(10.5) = 1133278.3889487855...
    expect(Math.exp(logGamma(10.5))).toBeCloseTo(1133278.3889487855, 4);
  });

  it('I_x(1, 1) = x, I_x(a, 1) = x^a, I_x(1, b) = 1 − (1 − x)^b, I_½(a, a) = ½', () => {
    for (const x of [0.01, 0.2, 0.5, 0.77, 0.99]) {
      expect(regularizedIncompleteBeta(x, 1, 1)).toBeCloseTo(x, 13);
      expect(regularizedIncompleteBeta(x, 3.5, 1)).toBeCloseTo(x ** 3.5, 12);
      expect(regularizedIncompleteBeta(x, 1, 4)).toBeCloseTo(1 - (1 - x) ** 4, 12);
    }
    for (const a of [0.5, 2, 7.5, 40]) expect(regularizedIncompleteBeta(0.5, a, a)).toBeCloseTo(0.5, 12);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });
});

describe('Student t distribution', () => {
  it('CDF matches the closed forms for 1 (Cauchy) and 2 degrees of freedom', () => {
    for (const t of [-30, -4.3, -1, -0.2, 0, 0.5, 1, 2.5, 12.7, 100]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
      expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 12);
    }
  });

  // two-sided 95% critical values, as printed in t tables (R: qt(0.975, df))
  const T975: [number, number][] = [
    [1, 12.706204736],
    [2, 4.30265273],
    [3, 3.182446305],
    [4, 2.776445105],
    [5, 2.570581836],
    [6, 2.446911851],
    [7, 2.364624252],
    [9, 2.262157163],
    [10, 2.228138852],
    [20, 2.085963447],
    [29, 2.045229642],
    [30, 2.042272456],
    [60, 2.000297822],
    [100, 1.983971519],
    [120, 1.979930405],
  ];
  it.each(T975)('t(0.975, df = %i) = %f', (df, t) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 8);
  });

  it('other quantiles from the tables: one-sided 95%, 99.5%, 90%', () => {
    expect(studentTQuantile(0.95, 1)).toBeCloseTo(6.313751515, 8);
    expect(studentTQuantile(0.95, 5)).toBeCloseTo(2.015048373, 8);
    expect(studentTQuantile(0.95, 10)).toBeCloseTo(1.812461123, 8);
    expect(studentTQuantile(0.995, 3)).toBeCloseTo(5.840909309, 8);
    expect(studentTQuantile(0.995, 10)).toBeCloseTo(3.169272673, 8);
    expect(studentTQuantile(0.9, 4)).toBeCloseTo(1.533206274, 8);
  });

  it('approaches the normal quantile for large df (Cornish–Fisher: z + (z³ + z) / 4df + (5z⁵ + 16z³ + 3z) / 96df²)', () => {
    const z = 1.959963984540054;
    for (const df of [1000, 1e5]) {
      const approx = z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
      expect(studentTQuantile(0.975, df)).toBeCloseTo(approx, 8);
    }
  });

  it('is antisymmetric, 0 at the median, and inverts the CDF (property)', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    fc.assert(
      fc.property(fc.double({ min: 0.0005, max: 0.9995, noNaN: true }), fc.double({ min: 1, max: 200, noNaN: true }), (p, df) => {
        const q = studentTQuantile(p, df);
        expect(studentTCdf(q, df)).toBeCloseTo(p, 9);
        expect(studentTQuantile(1 - p, df)).toBeCloseTo(-q, 8);
      }),
      { numRuns: 200 },
    );
  });

  it('rejects p outside (0, 1) and non-positive degrees of freedom', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
    expect(() => studentTCdf(1, -1)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('hand-computed: 2 4 4 4 5 5 7 9', () => {
    // mean 40/8 = 5; Σ(x − 5)² = 9+1+1+1+0+0+4+16 = 32; sd = √(32/7) = 2.138089935
    // half-width = t(0.975, 7) · sd / √8 = 2.364624252 · 2.138089935 / 2.828427125 = 1.787487918
    const s = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.n).toBe(8);
    expect(s.mean).toBe(5);
    expect(s.sd).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(s.sd).toBeCloseTo(2.138089935, 9);
    expect(s.halfWidth).toBeCloseTo(1.787487918, 8);
    expect(s.ci![0]).toBeCloseTo(5 - 1.787487918, 8);
    expect(s.ci![1]).toBeCloseTo(5 + 1.787487918, 8);
    expect([s.min, s.max]).toEqual([2, 9]);
  });

  it('hand-computed: three values 10 12 17 (t with 2 degrees of freedom)', () => {
    // mean 13; Σ(x − 13)² = 9+1+16 = 26; sd = √13 = 3.605551275; hw = 4.30265273 · 3.605551275 / √3 = 4.30265273 · 2.081666 = 8.956686
    const s = summarize([10, 12, 17]);
    expect(s.mean).toBe(13);
    expect(s.sd).toBeCloseTo(Math.sqrt(13), 12);
    expect(s.halfWidth).toBeCloseTo((4.30265273 * Math.sqrt(13)) / Math.sqrt(3), 6);
    expect(s.halfWidth).toBeCloseTo(8.956686, 5);
  });

  it('a 90% interval is narrower than the 95% one (t(0.95, 2) = 2.919986)', () => {
    const s90 = summarize([10, 12, 17], 0.9);
    expect(s90.halfWidth).toBeCloseTo((2.91998558 * Math.sqrt(13)) / Math.sqrt(3), 6);
    expect(s90.halfWidth!).toBeLessThan(summarize([10, 12, 17]).halfWidth!);
  });

  it('identical values: sd 0 and a zero-width interval', () => {
    const s = summarize([3, 3, 3, 3]);
    expect(s).toEqual({ n: 4, mean: 3, sd: 0, ci: [3, 3], halfWidth: 0, min: 3, max: 3 });
  });

  it('one value: no sd, no interval; none: all null; nulls and NaN are skipped', () => {
    expect(summarize([7])).toEqual({ n: 1, mean: 7, sd: null, ci: null, halfWidth: null, min: 7, max: 7 });
    expect(summarize([])).toEqual({ n: 0, mean: null, sd: null, ci: null, halfWidth: null, min: null, max: null });
    expect(summarize([null, 10, NaN, 12, null, 17])).toEqual(summarize([10, 12, 17]));
  });

  it('tHalfWidth needs two values', () => {
    expect(() => tHalfWidth(1, 1)).toThrow(RangeError);
    expect(tHalfWidth(2, 4)).toBeCloseTo((3.182446305 * 2) / 2, 8);
  });
});

describe('pairedDifference', () => {
  it('hand-computed: differences −2 −3 −2 exclude 0', () => {
    // diffs: 8−10, 9−12, 9−11 = −2, −3, −2; mean −7/3; sd = √(1/3); hw = 4.30265273 · √(1/3) / √3 = 1.43421758
    const d = pairedDifference([10, 12, 11], [8, 9, 9]);
    expect(d.n).toBe(3);
    expect(d.mean).toBeCloseTo(-7 / 3, 12);
    expect(d.sd).toBeCloseTo(Math.sqrt(1 / 3), 12);
    expect(d.halfWidth).toBeCloseTo(1.43421758, 7);
    expect(d.ci![1]).toBeCloseTo(-7 / 3 + 1.43421758, 7);
    expect(d.significant).toBe(true);
  });

  it('differences 1 −1 0 do not exclude 0', () => {
    const d = pairedDifference([1, 2, 3], [2, 1, 3]);
    expect(d.mean).toBe(0);
    expect(d.significant).toBe(false);
  });

  it('pairing by seed finds a difference that unpaired intervals would miss', () => {
    // seeds shift both policies alike; the policy is always 1 lower
    const base = [10, 20, 30, 40];
    const other = [9, 19, 29, 39];
    const a = summarize(base);
    const b = summarize(other);
    expect(a.ci![0]).toBeLessThan(b.ci![1]); // the unpaired intervals overlap
    const d = pairedDifference(base, other);
    expect(d).toMatchObject({ mean: -1, sd: 0, ci: [-1, -1], significant: true });
  });

  it('skips seeds where either side has no value; one pair is never significant', () => {
    const d = pairedDifference([1, null, 3, 4], [2, 5, null, 6]);
    expect(d.n).toBe(2);
    expect(d.mean).toBe(1.5);
    expect(pairedDifference([1], [5])).toMatchObject({ n: 1, mean: 4, ci: null, significant: false });
    expect(() => pairedDifference([1, 2], [1])).toThrow(RangeError);
  });
});
