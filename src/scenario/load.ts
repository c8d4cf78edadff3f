/**
 * Scenario files (kubesim.io/v1alpha1 Scenario): parsed with locations, validated field by
 * field (errors name file:line:column and the field path), durations in Go's forms, paths
 * relative to the scenario file.
 */
import { existsSync } from 'node:fs';
import { readTextFile } from '../util/files.ts';
import { dirname, resolve } from 'node:path';
import { UserError } from '../cli/errors.ts';
import { parseDuration } from '../engine/time.ts';
import { Checker, isObject, type JsonObject, type ObjectSource } from '../manifests/check.ts';
import type { FieldPath } from '../manifests/path.ts';
import { parseDocuments } from '../manifests/yaml-source.ts';
import { loadManifestFiles } from '../manifests/index.ts';
import { traceObjects } from './trace.ts';
import { milliValueOf, valueOf } from '../model/quantity.ts';
import type { KubeObject, Node } from '../model/types.ts';
import type {
  Expectation,
  LoadModel,
  NodeGroup,
  Scenario,
  ScenarioAction,
  ScenarioEvent,
  WorkloadRef,
  WorkloadSpec,
} from './types.ts';
import { readCsvColumn } from './csv.ts';
import { checkScenario } from './checks.ts';
import { autoscaledNodeGroups, autoscalingOptions, findPriorityConfigMap } from './autoscaler.ts';

/** Metrics an `expect` entry may name. */
export const EXPECT_METRICS = [
  'pendingPods',
  'runningPods',
  'readyPods',
  'nodes',
  'readyNodes',
  'usedNodes',
  'cpuRequestedPercent',
  'memoryRequestedPercent',
  'replicas',
  'readyReplicas',
  'availableReplicas',
  'updatedReplicas',
  'desiredReplicas',
  // node autoscaling (cluster.nodeGroups); `nodes` and `targetSize` take a target NodeGroup/NAME
  'targetSize',
  'unneededNodes',
  'upcomingNodes',
  'costPerHour',
  'cost',
  'scaleUps',
  'scaleDowns',
  'oldestPendingPodAge',
] as const;

const WORKLOAD_METRICS = new Set(['replicas', 'readyReplicas', 'availableReplicas', 'updatedReplicas', 'desiredReplicas']);

class ScenarioChecker extends Checker {
  /** A duration field (`30s`, `5m`, `1h30m`, or seconds as a number). */
  duration(parent: JsonObject, key: string, path: FieldPath, required = false): number | undefined {
    const v = Object.hasOwn(parent, key) ? parent[key] : undefined;
    if (v === undefined || v === null) return required ? this.missing([...path, key]) : undefined;
    if (typeof v !== 'string' && typeof v !== 'number') this.fail([...path, key], 'must be a duration like "30s", "5m" or "1h30m"');
    const d = parseDuration(v);
    if (d === undefined) this.fail([...path, key], `invalid duration ${JSON.stringify(v)}: use Go's form like "30s", "5m", "1h30m"`);
    return d;
  }

  /** A number field (float allowed). */
  number(parent: JsonObject, key: string, path: FieldPath, opts: { required?: boolean; min?: number } = {}): number | undefined {
    const v = Object.hasOwn(parent, key) ? parent[key] : undefined;
    if (v === undefined || v === null) return opts.required ? this.missing([...path, key]) : undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail([...path, key], `must be a number, got ${JSON.stringify(v)}`);
    if (opts.min !== undefined && v < opts.min) this.fail([...path, key], `must be ≥ ${opts.min}`);
    return v;
  }

  /** `Kind/name` or `Kind/namespace/name`. */
  workloadRef(parent: JsonObject, key: string, path: FieldPath, required = true): WorkloadRef | undefined {
    const s = this.string(parent, key, path, required);
    if (s === undefined) return undefined;
    const parts = s.split('/');
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) this.fail([...path, key], `must be "Kind/name" or "Kind/namespace/name", got ${JSON.stringify(s)}`);
    const kinds = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'HorizontalPodAutoscaler', 'NodeGroup'];
    if (!kinds.includes(parts[0])) this.fail([...path, key], `unknown kind ${JSON.stringify(parts[0])}: one of ${kinds.join(', ')}`);
    return parts.length === 2 ? { kind: parts[0], namespace: 'default', name: parts[1] } : { kind: parts[0], namespace: parts[1], name: parts[2] };
  }

  /** A millicore quantity (`5m`, `0.1`). */
  cpu(parent: JsonObject, key: string, path: FieldPath): number | undefined {
    const q = this.quantity(parent, key, path);
    return q === undefined ? undefined : milliValueOf(String(parent[key]));
  }

  /** Rejects keys not in `allowed` (typos are the commonest scenario mistake). */
  known(obj: JsonObject, path: FieldPath, allowed: readonly string[]): void {
    for (const k of Object.keys(obj)) {
      if (!allowed.includes(k)) this.fail([...path, k], `unknown field (known: ${allowed.join(', ')})`);
    }
  }
}

/** Options of {@link loadScenario}. */
export interface LoadScenarioOptions {
  /** Skip the scale guard (size estimate against the heap limit, tick count). */
  force?: boolean;
}

/** Reads and validates a scenario file. Throws UserError with a location on bad input. */
export function loadScenario(file: string, opts: LoadScenarioOptions = {}): Scenario {
  const text = readTextFile(file, 'scenario file');
  const docs = parseDocuments(text, file).filter((d) => d.value !== null && d.value !== undefined);
  if (docs.length !== 1) throw new UserError(`a scenario file holds exactly one YAML document, found ${docs.length}`, { location: { file, line: 1, column: 1 } });
  const doc = docs[0];
  const source: ObjectSource = { file, document: 0, base: [], location: doc.locate([]), locate: (p) => doc.locate(p) };
  const raw = doc.value;
  const c = new ScenarioChecker(source, 'Scenario');
  if (!isObject(raw)) c.fail([], 'a scenario must be a map');
  const obj = raw as JsonObject;
  const dir = dirname(resolve(file));
  c.known(obj, [], ['apiVersion', 'kind', 'metadata', 'seed', 'duration', 'tick', 'sampleEvery', 'cluster', 'scheduler', 'workloads', 'events', 'controllers', 'expect']);
  const apiVersion = c.string(obj, 'apiVersion', [], true);
  if (apiVersion !== 'kubesim.io/v1alpha1') c.fail(['apiVersion'], `must be "kubesim.io/v1alpha1", got ${JSON.stringify(apiVersion)}`);
  const kind = c.string(obj, 'kind', [], true);
  if (kind !== 'Scenario') c.fail(['kind'], `must be "Scenario", got ${JSON.stringify(kind)}`);
  const meta = c.object(obj, 'metadata', [], true)!;
  const name = c.string(meta, 'name', ['metadata'], true)!;
  c.ref = `Scenario ${name}`;
  const description = c.string(meta, 'description', ['metadata']) ?? '';
  const seedRaw = obj.seed;
  if (seedRaw !== undefined && typeof seedRaw !== 'number' && typeof seedRaw !== 'string') c.fail(['seed'], 'must be a number or a string');
  const duration = c.duration(obj, 'duration', [], true)!;
  if (duration <= 0) c.fail(['duration'], 'must be positive');
  const tick = c.duration(obj, 'tick', []) ?? 1;
  if (tick <= 0) c.fail(['tick'], 'must be positive');
  const sampleEvery = c.duration(obj, 'sampleEvery', []) ?? Math.max(tick, Math.min(60, Math.ceil(duration / 1440 / tick) * tick));

  // cluster
  const cluster = c.object(obj, 'cluster', [], true)!;
  c.known(cluster, ['cluster'], ['nodes', 'nodeGroups', 'manifests', 'trace']);
  const nodeGroups: NodeGroup[] = [];
  const manifestPaths: string[] = [];
  (c.objectList(cluster, 'nodes', ['cluster']) ?? []).forEach((g, i) => {
    const gp: FieldPath = ['cluster', 'nodes', i];
    if (g.file !== undefined) {
      c.known(g, gp, ['file']);
      manifestPaths.push(pathField(c, g, 'file', gp, dir));
    } else nodeGroups.push(nodeGroup(c, g, gp));
  });
  (c.stringList(cluster, 'manifests', ['cluster']) ?? []).forEach((m, i) => manifestPaths.push(pathAt(c, m, ['cluster', 'manifests', i], dir)));
  const autoscaled = autoscaledNodeGroups(c, c.objectList(cluster, 'nodeGroups', ['cluster']) ?? [], (tpl, tp) => nodeTemplate(c, tpl, tp));
  const loaded = manifestPaths.length ? loadManifestFiles(manifestPaths) : { objects: [] as KubeObject[], notSimulated: {} as Record<string, number> };
  loaded.objects.push(...traceObjects(c, cluster, dir)); // cluster.trace: Nodes and Pods of a trace (trace.ts)

  // scheduler
  const sched = c.object(obj, 'scheduler', []) ?? {};
  c.known(sched, ['scheduler'], ['config', 'plugins']);
  const configFile = sched.config !== undefined ? pathField(c, sched, 'config', ['scheduler'], dir) : undefined;
  const plugins = (c.stringList(sched, 'plugins', ['scheduler']) ?? []).map((p, i) => pathAt(c, p, ['scheduler', 'plugins', i], dir));

  // workloads
  const workloads: WorkloadSpec[] = (c.objectList(obj, 'workloads', []) ?? []).map((w, i) => workload(c, w, ['workloads', i], dir));

  // events
  const events: ScenarioEvent[] = (c.objectList(obj, 'events', []) ?? []).map((e, i) => event(c, e, ['events', i], i, dir, manifestPaths));
  events.forEach((e) => {
    if (e.at > duration) c.fail(['events', e.index, 'at'], `is after the scenario's duration (${duration}s)`);
  });

  // controllers
  const ctl = c.object(obj, 'controllers', []) ?? {};
  c.known(ctl, ['controllers'], ['hpa', 'nodeLifecycle', 'clusterAutoscaler']);
  const caRaw = c.object(ctl, 'clusterAutoscaler', ['controllers']);
  if (caRaw && autoscaled.length === 0) c.fail(['controllers', 'clusterAutoscaler'], 'the cluster-autoscaler needs autoscaled node groups: add cluster.nodeGroups');
  const clusterAutoscaler = autoscaled.length > 0 ? autoscalingOptions(c, caRaw ?? {}) : undefined;
  const priorityConfigMap = clusterAutoscaler?.expander.includes('priority') ? findPriorityConfigMap(manifestPaths) : undefined;
  const hpa = c.object(ctl, 'hpa', ['controllers']) ?? {};
  const hp: FieldPath = ['controllers', 'hpa'];
  c.known(hpa, hp, ['syncPeriod', 'tolerance', 'cpuInitializationPeriod', 'initialReadinessDelay', 'downscaleStabilization', 'metricResolution']);
  const nl = c.object(ctl, 'nodeLifecycle', ['controllers']) ?? {};
  c.known(nl, ['controllers', 'nodeLifecycle'], ['nodeMonitorGracePeriod']);

  const expect = (c.list(obj, 'expect', []) ?? []).map((e, i) => expectation(c, e, ['expect', i], text.split('\n')));

  const scenario: Scenario = {
    name,
    description,
    file,
    seed: (seedRaw as number | string | undefined) ?? 0,
    duration,
    tick,
    sampleEvery,
    nodeGroups,
    autoscaledNodeGroups: autoscaled,
    objects: loaded.objects,
    notSimulated: loaded.notSimulated,
    scheduler: { configFile, plugins },
    workloads,
    events: events.sort((a, b) => a.at - b.at || a.index - b.index),
    controllers: {
      hpa: {
        syncPeriod: c.duration(hpa, 'syncPeriod', hp) ?? 15,
        tolerance: c.number(hpa, 'tolerance', hp, { min: 0 }) ?? 0.1,
        cpuInitializationPeriod: c.duration(hpa, 'cpuInitializationPeriod', hp) ?? 300,
        initialReadinessDelay: c.duration(hpa, 'initialReadinessDelay', hp) ?? 30,
        downscaleStabilization: c.duration(hpa, 'downscaleStabilization', hp) ?? 300,
        metricResolution: c.duration(hpa, 'metricResolution', hp) ?? 15,
      },
      nodeLifecycle: { nodeMonitorGracePeriod: c.duration(nl, 'nodeMonitorGracePeriod', ['controllers', 'nodeLifecycle']) ?? 40 },
      clusterAutoscaler,
    },
    priorityConfigMap,
    expect,
  };
  return checkScenario(c, obj, scenario, { force: opts.force === true });
}

function pathField(c: ScenarioChecker, parent: JsonObject, key: string, path: FieldPath, dir: string): string {
  return pathAt(c, parent[key], [...path, key], dir);
}

/** A file path value at `path`, resolved against the scenario's folder; it must exist. */
function pathAt(c: ScenarioChecker, v: unknown, path: FieldPath, dir: string): string {
  if (typeof v !== 'string' || v === '') c.fail(path, 'must be a file path');
  const full = resolve(dir, v as string);
  if (!existsSync(full)) c.fail(path, `file not found: ${v as string} (paths are relative to the scenario file)`);
  return full;
}

function nodeGroup(c: ScenarioChecker, g: JsonObject, gp: FieldPath): NodeGroup {
  c.known(g, gp, ['count', 'namePrefix', 'zones', 'template']);
  const count = c.int(g, 'count', gp, { required: true, min: 1 })!;
  const namePrefix = c.string(g, 'namePrefix', gp) ?? 'node';
  const zones = c.stringList(g, 'zones', gp) ?? [];
  const tpl = c.object(g, 'template', gp, true)!;
  return { count, namePrefix, zones, template: nodeTemplate(c, tpl, [...gp, 'template']) };
}

/** A v1 Node template (labels, taints, allocatable/capacity) validated field by field. */
function nodeTemplate(c: ScenarioChecker, tpl: JsonObject, tp: FieldPath): Node {
  const meta = c.object(tpl, 'metadata', tp) ?? {};
  c.stringMap(meta, 'labels', [...tp, 'metadata']);
  const spec = c.object(tpl, 'spec', tp) ?? {};
  (c.objectList(spec, 'taints', [...tp, 'spec']) ?? []).forEach((t, i) => {
    c.string(t, 'key', [...tp, 'spec', 'taints', i], true);
    c.string(t, 'effect', [...tp, 'spec', 'taints', i], true, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
  });
  const status = c.object(tpl, 'status', tp, true)!;
  const alloc = c.object(status, 'allocatable', [...tp, 'status']) ?? c.object(status, 'capacity', [...tp, 'status']);
  if (!alloc) c.missing([...tp, 'status', 'allocatable']);
  c.resourceList(status, 'allocatable', [...tp, 'status']);
  c.resourceList(status, 'capacity', [...tp, 'status']);
  return { apiVersion: 'v1', kind: 'Node', metadata: { ...(meta as object) }, spec: spec as Node['spec'], status: status as Node['status'] };
}

function workload(c: ScenarioChecker, w: JsonObject, wp: FieldPath, dir: string): WorkloadSpec {
  c.known(w, wp, ['target', 'startup', 'load', 'cpuPerRequest', 'baseCpu', 'memoryPerPod', 'noise', 'podMetrics', 'externalMetrics', 'objectMetrics']);
  const target = c.workloadRef(w, 'target', wp)!;
  const st = c.object(w, 'startup', wp) ?? {};
  c.known(st, [...wp, 'startup'], ['pull', 'ready', 'shutdown', 'crashLoop', 'run']);
  const spec: WorkloadSpec = {
    target,
    startup: {
      pull: c.duration(st, 'pull', [...wp, 'startup']) ?? 10,
      ready: c.duration(st, 'ready', [...wp, 'startup']) ?? 5,
      shutdown: c.duration(st, 'shutdown', [...wp, 'startup']) ?? 0,
      crashLoop: c.bool(st, 'crashLoop', [...wp, 'startup']) ?? false,
      run: c.duration(st, 'run', [...wp, 'startup']),
    },
    cpuPerRequest: c.cpu(w, 'cpuPerRequest', wp),
    baseCpu: c.cpu(w, 'baseCpu', wp),
    memoryPerPod: c.quantity(w, 'memoryPerPod', wp) ? valueOf(String(w.memoryPerPod)) : undefined,
    noise: c.number(w, 'noise', wp, { min: 0 }) ?? 0,
  };
  const load = c.object(w, 'load', wp);
  if (load) spec.load = loadModel(c, load, [...wp, 'load'], dir);
  for (const key of ['podMetrics', 'externalMetrics', 'objectMetrics'] as const) {
    const m = c.object(w, key, wp);
    if (!m) continue;
    const out: Record<string, { perRequest: number; servicePerPod?: number }> = {};
    for (const name of Object.keys(m)) {
      const mp: FieldPath = [...wp, key];
      const entry = c.object(m, name, mp, true)!;
      c.known(entry, [...mp, name], key === 'externalMetrics' ? ['perRequest', 'servicePerPod'] : ['perRequest']);
      out[name] = { perRequest: c.number(entry, 'perRequest', [...mp, name], { required: true, min: 0 })! };
      const service = key === 'externalMetrics' ? c.number(entry, 'servicePerPod', [...mp, name], { min: 0 }) : undefined;
      if (service !== undefined) out[name].servicePerPod = service;
    }
    spec[key] = out;
  }
  return spec;
}

function loadModel(c: ScenarioChecker, l: JsonObject, lp: FieldPath, dir: string): LoadModel {
  if (l.csv !== undefined) {
    c.known(l, lp, ['csv', 'column', 'timeColumn', 'step', 'scale', 'loop']);
    const file = pathField(c, l, 'csv', lp, dir);
    const column = c.string(l, 'column', lp, true)!;
    const timeColumn = c.string(l, 'timeColumn', lp);
    const step = c.duration(l, 'step', lp) ?? 60;
    const scale = c.number(l, 'scale', lp, { min: 0 }) ?? 1;
    let values: number[];
    try {
      values = readCsvColumn(file, column);
    } catch (err) {
      return c.fail([...lp, err instanceof UserError ? 'csv' : 'column'], (err as Error).message);
    }
    return { type: 'csv', file, column, timeColumn, step, scale, loop: c.bool(l, 'loop', lp) ?? true, values };
  }
  const type = c.string(l, 'type', lp, true, ['constant', 'step', 'ramp', 'diurnal', 'spike'])!;
  switch (type) {
    case 'constant':
      c.known(l, lp, ['type', 'value']);
      return { type, value: c.number(l, 'value', lp, { required: true, min: 0 })! };
    case 'step': {
      c.known(l, lp, ['type', 'steps']);
      const steps = (c.objectList(l, 'steps', lp, true) ?? []).map((s, i) => ({
        at: c.duration(s, 'at', [...lp, 'steps', i], true)!,
        value: c.number(s, 'value', [...lp, 'steps', i], { required: true, min: 0 })!,
      }));
      return { type, steps: steps.sort((a, b) => a.at - b.at) };
    }
    case 'ramp':
      c.known(l, lp, ['type', 'from', 'to', 'start', 'end']);
      return {
        type,
        from: c.number(l, 'from', lp, { required: true, min: 0 })!,
        to: c.number(l, 'to', lp, { required: true, min: 0 })!,
        start: c.duration(l, 'start', lp) ?? 0,
        end: c.duration(l, 'end', lp, true)!,
      };
    case 'diurnal':
      c.known(l, lp, ['type', 'min', 'max', 'peakAt', 'period']);
      return {
        type,
        min: c.number(l, 'min', lp, { required: true, min: 0 })!,
        max: c.number(l, 'max', lp, { required: true, min: 0 })!,
        peakAt: c.duration(l, 'peakAt', lp) ?? 14 * 3600,
        period: c.duration(l, 'period', lp) ?? 86400,
      };
    default:
      c.known(l, lp, ['type', 'base', 'peak', 'at', 'duration', 'rampUp', 'rampDown']);
      return {
        type: 'spike',
        base: c.number(l, 'base', lp, { required: true, min: 0 })!,
        peak: c.number(l, 'peak', lp, { required: true, min: 0 })!,
        at: c.duration(l, 'at', lp, true)!,
        duration: c.duration(l, 'duration', lp, true)!,
        rampUp: c.duration(l, 'rampUp', lp) ?? 0,
        rampDown: c.duration(l, 'rampDown', lp) ?? 0,
      };
  }
}

const ACTIONS = ['rollout', 'scale', 'pause', 'resume', 'rollback', 'nodeFailure', 'nodeRecovery', 'cordon', 'uncordon', 'drain', 'addNodes', 'removeNodes', 'apply'] as const;

function event(c: ScenarioChecker, e: JsonObject, ep: FieldPath, index: number, dir: string, clusterManifests: readonly string[]): ScenarioEvent {
  const at = c.duration(e, 'at', ep, true)!;
  const keys = Object.keys(e).filter((k) => k !== 'at');
  c.known(e, ep, ['at', ...ACTIONS]);
  if (keys.length !== 1) c.fail(ep, `an event needs exactly one action (${ACTIONS.join(', ')}), found ${keys.length ? keys.join(', ') : 'none'}`);
  const type = keys[0] as (typeof ACTIONS)[number];
  const body = c.object(e, type, ep, true)!;
  const bp: FieldPath = [...ep, type];
  let action: ScenarioAction;
  switch (type) {
    case 'rollout': {
      c.known(body, bp, ['target', 'image', 'container', 'set', 'crashLoop']);
      const image = c.string(body, 'image', bp);
      const set = c.object(body, 'set', bp);
      if (image === undefined && set === undefined) c.fail(bp, 'a rollout needs `image` or `set` (fields to merge into the pod template)');
      action = { type, target: c.workloadRef(body, 'target', bp)!, image, container: c.string(body, 'container', bp), set, crashLoop: c.bool(body, 'crashLoop', bp) };
      break;
    }
    case 'scale':
      c.known(body, bp, ['target', 'replicas']);
      action = { type, target: c.workloadRef(body, 'target', bp)!, replicas: c.int(body, 'replicas', bp, { required: true, min: 0 })! };
      break;
    case 'pause':
    case 'resume':
      c.known(body, bp, ['target']);
      action = { type, target: c.workloadRef(body, 'target', bp)! };
      break;
    case 'rollback':
      c.known(body, bp, ['target', 'revision']);
      action = { type, target: c.workloadRef(body, 'target', bp)!, revision: c.int(body, 'revision', bp, { min: 1 }) };
      break;
    case 'nodeFailure':
    case 'nodeRecovery':
    case 'cordon':
    case 'uncordon':
    case 'drain':
      c.known(body, bp, ['node']);
      action = { type, node: c.string(body, 'node', bp, true)! };
      break;
    case 'addNodes':
      action = { type, group: nodeGroup(c, body, bp) };
      break;
    case 'removeNodes':
      c.known(body, bp, ['nodes']);
      action = { type, nodes: c.stringList(body, 'nodes', bp, true)! };
      break;
    default: {
      c.known(body, bp, ['manifests']);
      const files = (c.stringList(body, 'manifests', bp, true) ?? []).map((m, i) => pathAt(c, m, [...bp, 'manifests', i], dir));
      // loaded after the cluster's manifests so PriorityClasses and LimitRanges defined there apply
      const all = loadManifestFiles([...clusterManifests, ...files]).loaded;
      const wanted = new Set(files);
      action = { type: 'apply', objects: all.objects.filter((o) => wanted.has(o.source.file)).map((o) => o.object) };
    }
  }
  return { at, action, index };
}

function expectation(c: ScenarioChecker, raw: unknown, xp: FieldPath, lines: string[]): Expectation {
  if (!isObject(raw)) return c.fail(xp, 'an expectation must be a map like {metric: pendingPods, max: 0, after: 5m}');
  const x = raw;
  c.known(x, xp, ['metric', 'event', 'target', 'min', 'max', 'after', 'before', 'at', 'reaches', 'within']);
  const loc = c.source.locate(xp);
  const text = loc.line ? lines[loc.line - 1].trim().replace(/^-\s*/, '') : JSON.stringify(x);
  const metric = c.string(x, 'metric', xp, false, EXPECT_METRICS);
  const ev = c.string(x, 'event', xp);
  if ((metric === undefined) === (ev === undefined)) c.fail(xp, 'an expectation names exactly one of `metric` or `event`');
  const target = x.target !== undefined ? c.workloadRef(x, 'target', xp) : undefined;
  if (metric && WORKLOAD_METRICS.has(metric) && !target) c.fail([...xp, 'target'], `metric ${metric} needs a target like Deployment/web`);
  const out: Expectation = {
    index: Number(xp[xp.length - 1]),
    text,
    metric,
    event: ev,
    target,
    min: c.number(x, 'min', xp),
    max: c.number(x, 'max', xp),
    after: c.duration(x, 'after', xp),
    before: c.duration(x, 'before', xp),
    at: c.duration(x, 'at', xp),
    reaches: c.number(x, 'reaches', xp),
    within: c.duration(x, 'within', xp),
  };
  if (out.min === undefined && out.max === undefined && out.reaches === undefined) c.fail(xp, 'an expectation needs `min`, `max` or `reaches`');
  if (out.reaches !== undefined && out.within === undefined) c.fail([...xp, 'within'], '`reaches` needs `within` (how long it may take)');
  return out;
}
