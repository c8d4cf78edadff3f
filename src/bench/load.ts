/**
 * BENCH.yaml (kubesim.io/v1alpha1 Bench): which scenarios, which scheduler policies, which seeds
 * and which metrics. Validated field by field with located errors (file:line:column and the
 * field path); paths are relative to the bench file and must exist.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError, type SourceLocation } from '../cli/errors.ts';
import { parseDuration } from '../engine/time.ts';
import { Checker, isObject, type JsonObject, type ObjectSource } from '../manifests/check.ts';
import { autoscalingOptions } from '../scenario/autoscaler.ts';
import type { FieldPath } from '../manifests/path.ts';
import { parseDocuments } from '../manifests/yaml-source.ts';
import { DEFAULT_METRICS, METRIC_NAMES, type MetricName } from './metrics.ts';

/** A scenario of the bench. */
export interface BenchScenario {
  /** Name in tables and JSON keys (the scenario's metadata.name unless the bench renames it). */
  name?: string;
  /** The path as written in the bench file. */
  path: string;
  /** Absolute path. */
  file: string;
}

/** A scheduler policy: a KubeSchedulerConfiguration and/or plugins, replacing the scenario's own. */
export interface BenchPolicy {
  name: string;
  /** The config path as written (undefined: the default profile). */
  configPath?: string;
  /** Absolute config path. */
  configFile?: string;
  /** Plugin paths as written. */
  pluginPaths: string[];
  /** Absolute plugin paths. */
  pluginFiles: string[];
  /** cluster-autoscaler flags this policy sets over the scenario's own (node autoscaling benches). */
  clusterAutoscaler?: Record<string, unknown>;
}

/** A validated bench file. */
export interface BenchSpec {
  name: string;
  description: string;
  file: string;
  scenarios: BenchScenario[];
  /** In file order; the baseline first. */
  policies: BenchPolicy[];
  /** The policy the others are compared with (the first one unless `baseline` names another). */
  baseline: string;
  seeds: (number | string)[];
  metrics: MetricName[];
  /** Overrides every scenario's duration (seconds). */
  duration?: number;
  /** Confidence level of the intervals. */
  level: number;
  /** file:line:column of a field of the bench file (for errors found after loading). */
  locate: (path: FieldPath) => SourceLocation;
}

/** Most runs one bench may ask for (a typo like `count: 1e9` should fail fast, not hang). */
export const MAX_SEEDS = 100_000;

class BenchChecker extends Checker {
  known(obj: JsonObject, path: FieldPath, allowed: readonly string[]): void {
    for (const k of Object.keys(obj)) if (!allowed.includes(k)) this.fail([...path, k], `unknown field (known: ${allowed.join(', ')})`);
  }

  /** A path value at `path`, resolved against the bench file's folder; it must exist. */
  pathAt(v: unknown, path: FieldPath, dir: string): string {
    if (typeof v !== 'string' || v === '') this.fail(path, 'must be a file path');
    const full = resolve(dir, v as string);
    if (!existsSync(full)) this.fail(path, `file not found: ${v as string} (paths are relative to the bench file)`);
    return full;
  }
}

/** Reads and validates a bench file. Throws UserError with a location on bad input. */
export function loadBench(file: string): BenchSpec {
  if (!existsSync(file)) throw new UserError('bench file not found', { location: { file } });
  const docs = parseDocuments(readFileSync(file, 'utf8'), file).filter((d) => d.value !== null && d.value !== undefined);
  if (docs.length !== 1) throw new UserError(`a bench file holds exactly one YAML document, found ${docs.length}`, { location: { file, line: 1, column: 1 } });
  const doc = docs[0];
  const source: ObjectSource = { file, document: 0, base: [], location: doc.locate([]), locate: (p) => doc.locate(p) };
  const c = new BenchChecker(source, 'Bench');
  if (!isObject(doc.value)) c.fail([], 'a bench file must be a map');
  const obj = doc.value as JsonObject;
  const dir = dirname(resolve(file));
  c.known(obj, [], ['apiVersion', 'kind', 'metadata', 'scenarios', 'policies', 'baseline', 'seeds', 'metrics', 'duration', 'confidenceLevel']);
  const apiVersion = c.string(obj, 'apiVersion', [], true);
  if (apiVersion !== 'kubesim.io/v1alpha1') c.fail(['apiVersion'], `must be "kubesim.io/v1alpha1", got ${JSON.stringify(apiVersion)}`);
  const kind = c.string(obj, 'kind', [], true);
  if (kind !== 'Bench') c.fail(['kind'], `must be "Bench", got ${JSON.stringify(kind)}`);
  const meta = c.object(obj, 'metadata', [], true)!;
  c.known(meta, ['metadata'], ['name', 'description']);
  const name = c.string(meta, 'name', ['metadata'], true)!;
  c.ref = `Bench ${name}`;
  const description = c.string(meta, 'description', ['metadata']) ?? '';

  const scenarios = scenarioList(c, obj, dir);
  const policies = policyList(c, obj, dir);
  const baseline = c.string(obj, 'baseline', []) ?? policies[0].name;
  if (!policies.some((p) => p.name === baseline)) c.fail(['baseline'], `no policy named ${JSON.stringify(baseline)} (policies: ${policies.map((p) => p.name).join(', ')})`);
  const seeds = seedList(c, obj);

  const metricsRaw = c.stringList(obj, 'metrics', []);
  if (metricsRaw?.length === 0) c.fail(['metrics'], 'must name at least one metric (or leave it out for the defaults)');
  const metrics = (metricsRaw ?? [...DEFAULT_METRICS]).map((m, i) => {
    if (!(METRIC_NAMES as string[]).includes(m)) c.fail(['metrics', i], `unknown metric ${JSON.stringify(m)} (known: ${METRIC_NAMES.join(', ')})`);
    if (metricsRaw && metricsRaw.indexOf(m) !== i) c.fail(['metrics', i], `duplicate metric ${JSON.stringify(m)}`);
    return m as MetricName;
  });

  let duration: number | undefined;
  if (obj.duration !== undefined && obj.duration !== null) {
    const v = obj.duration;
    const d = typeof v === 'string' || typeof v === 'number' ? parseDuration(v) : undefined;
    if (d === undefined) return c.fail(['duration'], `invalid duration ${JSON.stringify(v)}: use Go's form like "30s", "5m", "1h30m"`);
    if (d <= 0) c.fail(['duration'], 'must be positive');
    duration = d;
  }
  const level = obj.confidenceLevel ?? 0.95;
  if (typeof level !== 'number' || !(level > 0 && level < 1)) return c.fail(['confidenceLevel'], `must be a number between 0 and 1 (exclusive), got ${JSON.stringify(level)}`);

  // with a baseline other than the first policy, list it first: tables show it on top
  const ordered = [...policies.filter((p) => p.name === baseline), ...policies.filter((p) => p.name !== baseline)];
  return { name, description, file, scenarios, policies: ordered, baseline, seeds, metrics, duration, level, locate: (p) => doc.locate(p) };
}

function scenarioList(c: BenchChecker, obj: JsonObject, dir: string): BenchScenario[] {
  const items = c.list(obj, 'scenarios', [], true)!;
  if (items.length === 0) c.fail(['scenarios'], 'must list at least one scenario file');
  const names = new Map<string, number>();
  return items.map((it, i) => {
    const sp: FieldPath = ['scenarios', i];
    if (typeof it === 'string') return { path: it, file: c.pathAt(it, sp, dir) };
    if (!isObject(it)) return c.fail(sp, 'must be a scenario file path or a map {file, name}');
    c.known(it, sp, ['file', 'name']);
    const path = c.string(it, 'file', sp, true)!;
    const name = c.string(it, 'name', sp);
    if (name !== undefined) {
      if (name === '') c.fail([...sp, 'name'], 'must not be empty');
      if (names.has(name)) c.fail([...sp, 'name'], `duplicate scenario name ${JSON.stringify(name)} (also scenarios[${names.get(name)}])`);
      names.set(name, i);
    }
    return { name, path, file: c.pathAt(path, [...sp, 'file'], dir) };
  });
}

function policyList(c: BenchChecker, obj: JsonObject, dir: string): BenchPolicy[] {
  const map = c.object(obj, 'policies', [], true)!;
  const names = Object.keys(map);
  if (names.length === 0) c.fail(['policies'], 'must name at least one policy, e.g. `default: {}`');
  return names.map((name) => {
    const pp: FieldPath = ['policies', name];
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) c.fail(pp, 'a policy name is letters, digits, ".", "_" and "-"');
    const body = map[name] ?? {};
    if (!isObject(body)) return c.fail(pp, 'must be a map {config?, plugins?, clusterAutoscaler?} ({} for the default profile)');
    c.known(body, pp, ['config', 'plugins', 'clusterAutoscaler']);
    const configPath = c.string(body, 'config', pp);
    const configFile = configPath !== undefined ? c.pathAt(configPath, [...pp, 'config'], dir) : undefined;
    const pluginPaths = c.stringList(body, 'plugins', pp) ?? [];
    const pluginFiles = pluginPaths.map((p, i) => c.pathAt(p, [...pp, 'plugins', i], dir));
    const ca = c.object(body, 'clusterAutoscaler', pp);
    // validated as a scenario's controllers.clusterAutoscaler (located errors); kept as written, applied per run
    if (ca) autoscalingOptions(c, ca, [...pp, 'clusterAutoscaler']);
    return { name, configPath, configFile, pluginPaths, pluginFiles, ...(ca ? { clusterAutoscaler: ca as Record<string, unknown> } : {}) };
  });
}

function seedList(c: BenchChecker, obj: JsonObject): (number | string)[] {
  const raw = obj.seeds;
  if (raw === undefined || raw === null) return c.missing(['seeds']);
  if (isObject(raw)) {
    c.known(raw, ['seeds'], ['from', 'count']);
    const from = c.int(raw, 'from', ['seeds']) ?? 1;
    if (!Number.isSafeInteger(from)) c.fail(['seeds', 'from'], 'must be a safe integer');
    const count = c.int(raw, 'count', ['seeds'], { required: true, min: 1, max: MAX_SEEDS })!;
    if (!Number.isSafeInteger(from + count)) c.fail(['seeds', 'count'], 'the seeds run past the largest safe integer');
    return Array.from({ length: count }, (_, i) => from + i);
  }
  if (!Array.isArray(raw)) return c.fail(['seeds'], 'must be a list of seeds or a map {from, count}');
  if (raw.length === 0) c.fail(['seeds'], 'must list at least one seed');
  if (raw.length > MAX_SEEDS) c.fail(['seeds'], `at most ${MAX_SEEDS} seeds`);
  const seen = new Map<string, number>();
  return raw.map((s, i) => {
    if (typeof s === 'number') {
      if (!Number.isSafeInteger(s)) c.fail(['seeds', i], `a seed is an integer or a string, got ${s}`);
    } else if (typeof s !== 'string' || s === '') c.fail(['seeds', i], `a seed is an integer or a non-empty string, got ${JSON.stringify(s)}`);
    const key = `${typeof s}:${String(s)}`;
    if (seen.has(key)) c.fail(['seeds', i], `duplicate seed ${JSON.stringify(s)} (also seeds[${seen.get(key)}])`);
    seen.set(key, i);
    return s as number | string;
  });
}
