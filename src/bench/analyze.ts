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
 * What a bench report needs besides its runs: names, orders and settings (bench.json without
 * runs, summary and comparisons; metrics by name). A shard file carries it, so `kubesim bench
 * merge` rebuilds the report without the bench file.
 */
export interface BenchHeader {
  name: string;
  description: string;
  confidenceLevel: number;
  seeds: (number | string)[];
  duration: number | null;
  baseline: string;
  scenarios: { name: string; file: string }[];
  /** Baseline first. */
  policies: { name: string; config: string | null; plugins: string[] }[];
  metrics: MetricName[];
}

/** The header of a loaded bench whose scenarios are named `scenarioNames`. */
export function benchHeader(spec: BenchSpec, scenarioNames: readonly string[]): BenchHeader {
  return {
    name: spec.name,
    description: spec.description,
    confidenceLevel: spec.level,
    seeds: spec.seeds,
    duration: spec.duration ?? null,
    baseline: spec.baseline,
    scenarios: spec.scenarios.map((sc, i) => ({ name: scenarioNames[i], file: sc.path })),
    policies: spec.policies.map((p) => ({ name: p.name, config: p.configPath ?? null, plugins: p.pluginPaths })),
    metrics: [...spec.metrics],
  };
}

/**
 * Run records from `values` (one entry per run in {@link PreparedBench} job order: scenario,
 * then policy, then seed), metrics at full precision.
 */
export function runRecords(header: BenchHeader, values: readonly RunValues[]): BenchRunRecord[] {
  const runs: BenchRunRecord[] = [];
  let i = 0;
  for (const s of header.scenarios) {
    for (const p of header.policies) {
      for (const seed of header.seeds) {
        const v = values[i++];
        const metrics: BenchRunRecord['metrics'] = {};
        header.metrics.forEach((m, j) => (metrics[m] = v[j]));
        runs.push({ scenario: s.name, policy: p.name, seed, metrics });
      }
    }
  }
  if (i !== values.length) throw new RangeError('one value list per run expected');
  return runs;
}

const recordKey = (scenario: string, policy: string, seed: number | string): string => JSON.stringify([scenario, policy, seed]);

/**
 * The report (bench.json's content) from run records at full precision, in any order: the one
 * function behind `kubesim bench` on one machine and `kubesim bench merge`, so the same runs give
 * the same bytes. Every run of the header must be there exactly once (RangeError otherwise).
 */
export function buildBenchResult(header: BenchHeader, records: readonly BenchRunRecord[]): BenchResult {
  const byKey = new Map<string, BenchRunRecord>();
  for (const r of records) {
    const k = recordKey(r.scenario, r.policy, r.seed);
    if (byKey.has(k)) throw new RangeError(`run ${k} given twice`);
    byKey.set(k, r);
  }
  const nRuns = header.scenarios.length * header.policies.length * header.seeds.length;
  if (byKey.size !== nRuns) throw new RangeError(`${nRuns} runs expected, got ${byKey.size}`);
  const value = (scenario: string, policy: string, seed: number | string, m: MetricName): number | null => {
    const r = byKey.get(recordKey(scenario, policy, seed));
    if (!r) throw new RangeError(`run ${recordKey(scenario, policy, seed)} missing`);
    const v = r.metrics[m];
    return v === undefined ? null : v;
  };
  const level = header.confidenceLevel;
  const runs: BenchRunRecord[] = [];
  const summary: BenchResult['summary'] = {};
  const comparisons: BenchResult['comparisons'] = {};
  const baseline = header.policies[0].name;
  for (const { name: scenario } of header.scenarios) {
    summary[scenario] = {};
    comparisons[scenario] = {};
    header.policies.forEach((policy, p) => {
      for (const seed of header.seeds) {
        const metrics: BenchRunRecord['metrics'] = {};
        for (const m of header.metrics) {
          const v = value(scenario, policy.name, seed, m);
          metrics[m] = v === null ? null : round6(v);
        }
        runs.push({ scenario, policy: policy.name, seed, metrics });
      }
      const bySeed = (pol: string, m: MetricName): (number | null)[] => header.seeds.map((seed) => value(scenario, pol, seed, m));
      const sum: Partial<Record<MetricName, Summary>> = {};
      for (const m of header.metrics) sum[m] = roundSummary(summarize(bySeed(policy.name, m), level));
      summary[scenario][policy.name] = sum;
      if (p === 0) return;
      const cmp: Partial<Record<MetricName, PairedDifference>> = {};
      for (const m of header.metrics) cmp[m] = roundSummary(pairedDifference(bySeed(baseline, m), bySeed(policy.name, m), level));
      comparisons[scenario][policy.name] = cmp;
    });
  }
  return {
    apiVersion: 'kubesim.io/v1alpha1',
    kind: 'BenchResult',
    name: header.name,
    description: header.description,
    confidenceLevel: level,
    seeds: header.seeds,
    duration: header.duration,
    baseline: header.baseline,
    scenarios: header.scenarios,
    policies: header.policies,
    metrics: header.metrics.map((m) => {
      const d = METRICS[m] as MetricDefinition;
      return { name: m, description: d.description, unit: d.unit, better: d.better ?? null };
    }),
    runs,
    summary,
    comparisons,
  };
}

/**
 * Builds the result from `values` (one entry per run, in {@link PreparedBench} job order:
 * scenario, then policy, then seed).
 */
export function analyzeBench(spec: BenchSpec, scenarioNames: readonly string[], values: readonly RunValues[]): BenchResult {
  const header = benchHeader(spec, scenarioNames);
  if (values.length !== scenarioNames.length * spec.policies.length * spec.seeds.length) throw new RangeError('one value list per run expected');
  return buildBenchResult(header, runRecords(header, values));
}
