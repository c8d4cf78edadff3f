/**
 * Statistics of a bench: Student's t distribution (CDF and quantile, written here so the
 * intervals do not depend on a statistics package), summaries of the values over seeds with a
 * confidence interval of the mean, and paired differences between policies over the same seeds.
 */
import { deviation, max, mean, min } from 'd3-array';

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7, 9 coefficients; ~15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // reflection: Γ(x) Γ(1 − x) = π / sin(πx)
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0];
  const t = z + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz's method). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const eps = 1e-16;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    // even step
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    // odd step
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < eps) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b), for 0 ≤ x ≤ 1 and a, b > 0. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  const front = Math.exp(lnFront);
  // the continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** P(T ≤ t) for Student's t distribution with `df` (> 0) degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, got ${df}`);
  if (t === 0) return 0.5;
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  // P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2)
  const tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/**
 * The p-quantile of Student's t distribution with `df` degrees of freedom: the t with
 * P(T ≤ t) = p. Bisection on {@link studentTCdf} to full double precision; closed forms for
 * df 1 (Cauchy) and 2.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError(`degrees of freedom must be positive and finite, got ${df}`);
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  if (df === 1) return Math.tan(Math.PI * (p - 0.5));
  if (df === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A confidence interval [low, high]. */
export type Interval = [number, number];

/** n, mean, sample standard deviation, confidence interval of the mean, min and max of some values. */
export interface Summary {
  n: number;
  mean: number | null;
  /** Sample standard deviation (n − 1 in the denominator); null for n < 2. */
  sd: number | null;
  /** Student-t confidence interval of the mean; null for n < 2. */
  ci: Interval | null;
  /** Half the interval's width (the ± of `mean ± halfWidth`); null for n < 2. */
  halfWidth: number | null;
  min: number | null;
  max: number | null;
}

/**
 * Half-width of the Student-t confidence interval of the mean of `n` values with sample
 * standard deviation `sd`: t_{(1+level)/2, n−1} · sd / √n.
 */
export function tHalfWidth(sd: number, n: number, level = 0.95): number {
  if (n < 2) throw new RangeError('a confidence interval needs at least 2 values');
  return sd === 0 ? 0 : (studentTQuantile((1 + level) / 2, n - 1) * sd) / Math.sqrt(n);
}

/** Summarizes `values` (NaN and nulls are skipped) with a `level` confidence interval of the mean. */
export function summarize(values: readonly (number | null)[], level = 0.95): Summary {
  const xs = values.filter((v): v is number => v !== null && !Number.isNaN(v));
  const n = xs.length;
  if (n === 0) return { n, mean: null, sd: null, ci: null, halfWidth: null, min: null, max: null };
  const m = mean(xs)!;
  const sd = n >= 2 ? deviation(xs)! : null;
  const hw = sd !== null ? tHalfWidth(sd, n, level) : null;
  return { n, mean: m, sd, ci: hw !== null ? [m - hw, m + hw] : null, halfWidth: hw, min: min(xs)!, max: max(xs)! };
}

/** A paired comparison: the summary of the differences, and whether its interval excludes 0. */
export interface PairedDifference extends Summary {
  /** The confidence interval of the mean difference lies entirely above or below 0. */
  significant: boolean;
}

/**
 * Paired comparison of `values` against `baseline`, both indexed by seed: the summary of
 * values[i] − baseline[i] over the seeds where both are known. A difference is significant when
 * its confidence interval excludes 0 (a paired t-test at 1 − level).
 */
export function pairedDifference(baseline: readonly (number | null)[], values: readonly (number | null)[], level = 0.95): PairedDifference {
  if (baseline.length !== values.length) throw new RangeError('paired values need the same length');
  const diffs: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const a = baseline[i];
    const b = values[i];
    if (a !== null && b !== null && !Number.isNaN(a) && !Number.isNaN(b)) diffs.push(b - a);
  }
  const s = summarize(diffs, level);
  return { ...s, significant: s.ci !== null && (s.ci[0] > 0 || s.ci[1] < 0) };
}
