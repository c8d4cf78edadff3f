/**
 * The node autoscaling parts of a scenario: `cluster.nodeGroups` (autoscaled node groups with
 * their template, sizes, price, provisioning and spot behaviour) and `controllers.clusterAutoscaler`
 * (cluster-autoscaler flags in camelCase, 1.35's defaults), validated with located errors; and
 * the priority expander's ConfigMap found among the scenario's manifests.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../cli/errors.ts';
import { AVAILABLE_EXPANDERS, GRPC_EXPANDER_NAME, parsePrioritiesYAMLString, PRIORITY_CONFIG_MAP_NAME, CONFIG_MAP_KEY, type PriorityConfigMap } from '../autoscaler/expander/index.ts';
import { DEFAULT_AUTOSCALING_OPTIONS, DURATION_OPTIONS, type AutoscalingOptions, type DelayDistribution, type NodeGroupConfig } from '../autoscaler/options.ts';
import { parseDuration } from '../engine/time.ts';
import type { Checker, JsonObject } from '../manifests/check.ts';
import { isObject } from '../manifests/check.ts';
import type { FieldPath } from '../manifests/path.ts';
import { parseDocuments } from '../manifests/yaml-source.ts';
import type { Node } from '../model/types.ts';

/** What the scenario checker offers (the helpers of src/scenario/load.ts). */
export interface ScenarioFieldChecker extends Checker {
  duration(parent: JsonObject, key: string, path: FieldPath, required?: boolean): number | undefined;
  number(parent: JsonObject, key: string, path: FieldPath, opts?: { required?: boolean; min?: number }): number | undefined;
  known(obj: JsonObject, path: FieldPath, allowed: readonly string[]): void;
}

const GROUP_KEYS = ['name', 'minSize', 'maxSize', 'initialSize', 'zones', 'template', 'price', 'provisioning', 'spot'];
/** Default provisioning delay: from the resize to the Node registering (a typical cloud VM). */
export const DEFAULT_PROVISIONING_DELAY = 120;
/** Default time from registration to Ready. */
export const DEFAULT_READY_AFTER = 30;

/** Parses `cluster.nodeGroups`. `template` validates a v1 Node template the way `cluster.nodes` does. */
export function autoscaledNodeGroups(c: ScenarioFieldChecker, list: JsonObject[], template: (tpl: JsonObject, tp: FieldPath) => Node): NodeGroupConfig[] {
  const seen = new Set<string>();
  return list.map((g, i) => {
    const gp: FieldPath = ['cluster', 'nodeGroups', i];
    c.known(g, gp, GROUP_KEYS);
    const name = c.string(g, 'name', gp, true)!;
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) c.fail([...gp, 'name'], `must be a DNS label (lower-case letters, digits, '-'), got ${JSON.stringify(name)}`);
    if (seen.has(name)) c.fail([...gp, 'name'], `duplicate node group name ${JSON.stringify(name)}`);
    seen.add(name);
    const minSize = c.int(g, 'minSize', gp, { min: 0 }) ?? 0;
    const maxSize = c.int(g, 'maxSize', gp, { required: true, min: 0 })!;
    if (minSize > maxSize) c.fail([...gp, 'minSize'], `minSize ${minSize} is greater than maxSize ${maxSize}`);
    const initialSize = c.int(g, 'initialSize', gp, { min: 0 }) ?? minSize;
    if (initialSize < minSize || initialSize > maxSize) c.fail([...gp, 'initialSize'], `must be between minSize ${minSize} and maxSize ${maxSize}, got ${initialSize}`);
    const zones = c.stringList(g, 'zones', gp) ?? [];
    const tplRaw = c.object(g, 'template', gp, true)!;
    const st = isObject(tplRaw.status) ? tplRaw.status : undefined;
    if (!st || (!isObject(st.allocatable) && !isObject(st.capacity))) c.fail([...gp, 'template', 'status', 'allocatable'], 'a node group template needs status.allocatable (or capacity): the autoscaler sizes new nodes from it');
    const node = template(tplRaw, [...gp, 'template']);
    // the API server defaults capacity to allocatable's shape for our purposes (pricing reads capacity)
    const status = { ...(node.status ?? {}) };
    status.allocatable ??= status.capacity;
    status.capacity ??= status.allocatable;
    const price = c.number(g, 'price', gp, { min: 0 }) ?? 0;
    const pv = c.object(g, 'provisioning', gp) ?? {};
    const pp: FieldPath = [...gp, 'provisioning'];
    c.known(pv, pp, ['delay', 'readyAfter', 'failureProbability', 'failureMode', 'outOfCapacity']);
    const delay = delayField(c, pv, 'delay', pp) ?? { type: 'fixed', value: DEFAULT_PROVISIONING_DELAY };
    const failureProbability = c.number(pv, 'failureProbability', pp, { min: 0 }) ?? 0;
    if (failureProbability > 1) c.fail([...pp, 'failureProbability'], 'must be between 0 and 1');
    const failureMode = (c.string(pv, 'failureMode', pp, false, ['error', 'timeout']) ?? 'error') as 'error' | 'timeout';
    const outOfCapacity = (c.objectList(pv, 'outOfCapacity', pp) ?? []).map((w, k) => {
      const wp: FieldPath = [...pp, 'outOfCapacity', k];
      c.known(w, wp, ['from', 'to']);
      const from = c.duration(w, 'from', wp, true)!;
      const to = c.duration(w, 'to', wp, true)!;
      if (to <= from) c.fail([...wp, 'to'], `must be after from (${from}s)`);
      return { from, to };
    });
    let spot: NodeGroupConfig['spot'];
    const sp = c.object(g, 'spot', gp);
    if (sp) {
      c.known(sp, [...gp, 'spot'], ['interruptionsPerHour', 'notice']);
      spot = { interruptionsPerHour: c.number(sp, 'interruptionsPerHour', [...gp, 'spot'], { required: true, min: 0 })!, notice: c.duration(sp, 'notice', [...gp, 'spot']) ?? 120 };
    }
    return {
      name,
      minSize,
      maxSize,
      initialSize,
      zones,
      template: { ...node, status },
      price,
      provisioning: { delay, readyAfter: c.duration(pv, 'readyAfter', pp) ?? DEFAULT_READY_AFTER, failureProbability, failureMode, outOfCapacity },
      spot,
    };
  });
}

/** A delay: a duration, or {uniform: {min, max}} / {normal: {mean, stddev, min}}. */
function delayField(c: ScenarioFieldChecker, parent: JsonObject, key: string, path: FieldPath): DelayDistribution | undefined {
  const v = parent[key];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) return { type: 'fixed', value: c.duration(parent, key, path)! };
  const dp: FieldPath = [...path, key];
  c.known(v, dp, ['uniform', 'normal']);
  if (isObject(v.uniform)) {
    c.known(v.uniform, [...dp, 'uniform'], ['min', 'max']);
    const min = c.duration(v.uniform, 'min', [...dp, 'uniform'], true)!;
    const max = c.duration(v.uniform, 'max', [...dp, 'uniform'], true)!;
    if (max < min) c.fail([...dp, 'uniform', 'max'], `must be ≥ min (${min}s)`);
    return { type: 'uniform', min, max };
  }
  if (isObject(v.normal)) {
    c.known(v.normal, [...dp, 'normal'], ['mean', 'stddev', 'min']);
    return {
      type: 'normal',
      mean: c.duration(v.normal, 'mean', [...dp, 'normal'], true)!,
      stddev: c.duration(v.normal, 'stddev', [...dp, 'normal'], true)!,
      min: c.duration(v.normal, 'min', [...dp, 'normal']) ?? 0,
    };
  }
  return c.fail(dp, 'a delay is a duration ("2m") or {uniform: {min, max}} or {normal: {mean, stddev, min}}');
}

/** A duration option (Go form or seconds). */
function durationOption(c: Checker, raw: JsonObject, k: string, path: FieldPath): number {
  const v = raw[k];
  if (typeof v !== 'string' && typeof v !== 'number') return c.fail([...path, k], 'must be a duration like "10s", "10m" or "1h"');
  const d = parseDuration(v);
  if (d === undefined) return c.fail([...path, k], `invalid duration ${JSON.stringify(v)}: use Go's form like "10s", "10m", "1h30m"`);
  return d;
}

/** A non-negative number option. */
function numberOption(c: Checker, raw: JsonObject, k: string, path: FieldPath): number {
  const v = raw[k];
  if (typeof v !== 'number' || !Number.isFinite(v)) return c.fail([...path, k], `must be a number, got ${JSON.stringify(v)}`);
  if (v < 0) return c.fail([...path, k], 'must be ≥ 0');
  return v;
}

const FRACTION_OPTIONS = new Set(['scaleDownUtilizationThreshold', 'scaleDownGpuUtilizationThreshold', 'scaleDownCandidatesPoolRatio']);
const REAL_OPTIONS = new Set([...FRACTION_OPTIONS, 'maxTotalUnreadyPercentage']);

/**
 * Parses cluster-autoscaler flags in camelCase at `path` (`controllers.clusterAutoscaler` in a
 * scenario, a bench policy's `clusterAutoscaler`); unknown keys are refused. Returns the options
 * given, over `base` (the defaults unless said otherwise).
 */
export function autoscalingOptions(c: Checker, raw: JsonObject, path: FieldPath = ['controllers', 'clusterAutoscaler'], base: AutoscalingOptions = DEFAULT_AUTOSCALING_OPTIONS): AutoscalingOptions {
  const keys = Object.keys(DEFAULT_AUTOSCALING_OPTIONS) as (keyof AutoscalingOptions)[];
  for (const k of Object.keys(raw)) if (!(keys as string[]).includes(k)) c.fail([...path, k], `unknown field (known: ${keys.join(', ')})`);
  const out: AutoscalingOptions = { ...base, expander: [...base.expander] };
  const o = out as unknown as Record<string, unknown>;
  for (const k of keys) {
    if (!Object.hasOwn(raw, k)) continue;
    const def = (DEFAULT_AUTOSCALING_OPTIONS as unknown as Record<string, unknown>)[k];
    if (k === 'expander') {
      const v = raw[k];
      const names = typeof v === 'string' ? v.split(',').map((s) => s.trim()) : Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
      if (!names || names.length === 0) c.fail([...path, k], 'must be an expander name or a comma-separated chain like "priority,least-waste"');
      for (const n of names) {
        if (n === GRPC_EXPANDER_NAME) c.fail([...path, k], 'the grpc expander calls an external service and is not simulated');
        if (!AVAILABLE_EXPANDERS.includes(n)) c.fail([...path, k], `unknown expander ${JSON.stringify(n)}: one of ${AVAILABLE_EXPANDERS.filter((x) => x !== GRPC_EXPANDER_NAME).join(', ')}`);
      }
      if (new Set(names).size !== names.length) c.fail([...path, k], 'an expander is named twice');
      if (names.indexOf('random') >= 0 && names.indexOf('random') < names.length - 1) c.fail([...path, k], 'random always returns one option: it can only be last in the chain');
      out.expander = names;
    } else if (DURATION_OPTIONS.has(k)) {
      const d = durationOption(c, raw, k, path);
      if (k === 'scanInterval' && d < 1) c.fail([...path, k], 'must be at least 1s');
      o[k] = d;
    } else if (typeof def === 'boolean') o[k] = c.bool(raw, k, path);
    else if (!REAL_OPTIONS.has(k)) o[k] = c.int(raw, k, path, { min: k === 'expendablePodsPriorityCutoff' ? undefined : 0 });
    else {
      const v = numberOption(c, raw, k, path);
      if (FRACTION_OPTIONS.has(k) && v > 1) c.fail([...path, k], 'must be between 0 and 1');
      o[k] = v;
    }
  }
  return out;
}

/**
 * The priority expander's ConfigMap (kube-system/cluster-autoscaler-priority-expander) among the
 * manifest files, its `priorities` YAML checked; a YAML that does not parse is a located error.
 */
export function findPriorityConfigMap(files: readonly string[]): PriorityConfigMap | undefined {
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    if (!text.includes(PRIORITY_CONFIG_MAP_NAME)) continue;
    for (const doc of parseDocuments(text, file)) {
      const v = doc.value;
      if (!isObject(v) || v.kind !== 'ConfigMap') continue;
      const meta = isObject(v.metadata) ? v.metadata : {};
      if (meta.name !== PRIORITY_CONFIG_MAP_NAME || (meta.namespace ?? 'default') !== 'kube-system') continue;
      const data = isObject(v.data) ? (v.data as Record<string, string>) : {};
      const yaml = data[CONFIG_MAP_KEY];
      if (typeof yaml === 'string') {
        const parsed = parsePrioritiesYAMLString(yaml);
        if ('error' in parsed) {
          const loc = doc.locate(['data', CONFIG_MAP_KEY]);
          throw new UserError(`ConfigMap kube-system/${PRIORITY_CONFIG_MAP_NAME}: data.${CONFIG_MAP_KEY}: ${parsed.error}`, { location: loc });
        }
      }
      return { metadata: { name: PRIORITY_CONFIG_MAP_NAME, namespace: 'kube-system' }, data };
    }
  }
  return undefined;
}

/** Seconds from a duration string (for tests and docs). */
export function seconds(d: string): number {
  const v = parseDuration(d);
  if (v === undefined) throw new Error(`bad duration ${d}`);
  return v;
}
