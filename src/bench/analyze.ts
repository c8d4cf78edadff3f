/**
 * From the runs' values to the bench result (the documented bench.json shape): per scenario ×
 * policy × metric a summary over seeds, and per scenario × metric the paired difference of each
 * policy against the baseline over the same seeds.
 */
import type { BenchSpec } from './load.ts';
import { METRICS, type MetricDefinition, type MetricName } from './metrics.ts';
import type { RunValues } from './run.ts';
import { pairedDifference, summarize, type PairedDifference, type Summary } from './stats.ts';

/** One run's values, by metric name. */
export interface BenchRunRecord {
  scenario: string;
  policy: string;
  seed: number | string;
  metrics: Partial<Record<MetricName, number | null>>;
}

/** The whole result, as bench.json holds it (and `--json` prints). */
export interface BenchResult {
  apiVersion: 'kubesim.io/v1alpha1';
  kind: 'BenchResult';
  name: string;
  description: string;
  /** Confidence level of every interval (0.95). */
  confidenceLevel: number;
  seeds: (number | string)[];
  /** The duration override in seconds, or null when each scenario keeps its own. */
  duration: number | null;
  /** The policy the others are compared with. */
  baseline: string;
  /** Paths as written in the bench file (relative to it). */
  scenarios: { name: string; file: string }[];
  policies: { name: string; config: string | null; plugins: string[] }[];
  metrics: { name: MetricName; description: string; unit: string; better: 'lower' | 'higher' | null }[];
  /** Every run, scenario-major, then policy, then seed (the bench file's orders). */
  runs: BenchRunRecord[];
  /** summary[scenario][policy][metric]. */
  summary: Record<string, Record<string, Partial<Record<MetricName, Summary>>>>;
  /** comparisons[scenario][policy][metric]: policy − baseline, paired by seed; every policy but the baseline. */
  comparisons: Record<string, Record<string, Partial<Record<MetricName, PairedDifference>>>>;
}

/** Rounds to 6 decimals: floating-point noise out of the files, and shorter JSON. */
export function round6(x: number): number {
  const r = Math.round(x * 1e6) / 1e6;
  return r === 0 ? 0 : r;
}

function roundSummary<T extends Summary>(s: T): T {
  const r = (v: number | null): number | null => (v === null ? null : round6(v));
  return { ...s, mean: r(s.mean), sd: r(s.sd), ci: s.ci ? [round6(s.ci[0]), round6(s.ci[1])] : null, halfWidth: r(s.halfWidth), min: r(s.min), max: r(s.max) };
}

/**
 * Builds the result from `values` (one entry per run, in {@link PreparedBench} job order:
 * scenario, then policy, then seed).
 */
export function analyzeBench(spec: BenchSpec, scenarioNames: readonly string[], values: readonly RunValues[]): BenchResult {
  const nSeeds = spec.seeds.length;
  const nPolicies = spec.policies.length;
  if (values.length !== scenarioNames.length * nPolicies * nSeeds) throw new RangeError('one value list per run expected');
  const at = (s: number, p: number, seed: number): RunValues => values[(s * nPolicies + p) * nSeeds + seed];
  const runs: BenchRunRecord[] = [];
  const summary: BenchResult['summary'] = {};
  const comparisons: BenchResult['comparisons'] = {};
  scenarioNames.forEach((scenario, s) => {
    summary[scenario] = {};
    comparisons[scenario] = {};
    spec.policies.forEach((policy, p) => {
      spec.seeds.forEach((seed, k) => {
        const metrics: BenchRunRecord['metrics'] = {};
        spec.metrics.forEach((m, j) => (metrics[m] = at(s, p, k)[j] === null ? null : round6(at(s, p, k)[j]!)));
        runs.push({ scenario, policy: policy.name, seed, metrics });
      });
      const bySeed = (pi: number, j: number): (number | null)[] => spec.seeds.map((_, k) => at(s, pi, k)[j]);
      const sum: Partial<Record<MetricName, Summary>> = {};
      spec.metrics.forEach((m, j) => (sum[m] = roundSummary(summarize(bySeed(p, j), spec.level))));
      summary[scenario][policy.name] = sum;
      if (p === 0) return;
      const cmp: Partial<Record<MetricName, PairedDifference>> = {};
      spec.metrics.forEach((m, j) => (cmp[m] = roundSummary(pairedDifference(bySeed(0, j), bySeed(p, j), spec.level))));
      comparisons[scenario][policy.name] = cmp;
    });
  });
  return {
    apiVersion: 'kubesim.io/v1alpha1',
    kind: 'BenchResult',
    name: spec.name,
    description: spec.description,
    confidenceLevel: spec.level,
    seeds: spec.seeds,
    duration: spec.duration ?? null,
    baseline: spec.baseline,
    scenarios: spec.scenarios.map((sc, i) => ({ name: scenarioNames[i], file: sc.path })),
    policies: spec.policies.map((p) => ({ name: p.name, config: p.configPath ?? null, plugins: p.pluginPaths })),
    metrics: spec.metrics.map((m) => {
      const d = METRICS[m] as MetricDefinition;
      return { name: m, description: d.description, unit: d.unit, better: d.better ?? null };
    }),
    runs,
    summary,
    comparisons,
  };
}
