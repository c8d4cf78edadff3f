/**
 * A scenario run: builds the cluster (node groups + manifests), the scheduler, the engine and
 * its controllers, schedules the scripted events, records time series, and evaluates the
 * scenario's `expect` assertions.
 */
import { buildCluster } from '../manifests/index.ts';
import { controllerKey, type ClusterState } from '../model/cluster.ts';
import type { NodeInfo } from '../model/node-info.ts';
import type { PodInfo } from '../model/pod-info.ts';
import type { Deployment, HorizontalPodAutoscaler, KubeObject, Node, PodTemplateSpec } from '../model/types.ts';
import { parseQuantity } from '../model/quantity.ts';
import type { NodeGroup, Scenario, WorkloadSpec } from '../scenario/types.ts';
import { buildScheduler } from '../scheduler/setup.ts';
import type { Scheduler } from '../scheduler/scheduler.ts';
import { DEFAULT_STARTUP, Engine, type StartupProfile } from './engine.ts';
import { evaluateExpectations, type ExpectationResult } from './expect.ts';
import { NodeLifecycle } from './node-lifecycle.ts';
import { Recorder, type Series } from './recorder.ts';
import { controllersFor } from './workloads/index.ts';
import { ClusterAutoscalerController } from './workloads/cluster-autoscaler.ts';

/** Nodes of a group: `prefix-<i>` with hostname (and zone, round-robin) labels. */
export function nodesOfGroup(group: NodeGroup, existing: ReadonlySet<string>): Node[] {
  const out: Node[] = [];
  let i = 0;
  while (out.length < group.count) {
    const name = `${group.namePrefix}-${i}`;
    i++;
    if (existing.has(name)) continue;
    const zone = group.zones.length ? group.zones[out.length % group.zones.length] : undefined;
    const t = group.template;
    out.push({
      ...t,
      metadata: {
        ...t.metadata,
        name,
        labels: {
          'kubernetes.io/os': 'linux',
          ...(t.metadata.labels ?? {}),
          'kubernetes.io/hostname': name,
          ...(zone !== undefined ? { 'topology.kubernetes.io/zone': zone } : {}),
        },
      },
    });
  }
  return out;
}

/** Everything a run produced. */
export interface SimulationResult {
  scenario: Scenario;
  seed: string | number;
  engine: Engine;
  recorder: Recorder;
  expectations: ExpectationResult[];
  /** The cluster-autoscaler, when the scenario has one. */
  clusterAutoscaler?: ClusterAutoscalerController;
  /** Wall-clock seconds the run took. */
  wallSeconds: number;
}

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  /** Overrides the scenario's seed. */
  seed?: string | number;
  /** Called now and then with simulated seconds done. */
  onProgress?: (now: number, duration: number, engine: Engine) => void;
}

/** A built, not yet run, simulation (for tests and the library API). */
export interface Simulation {
  scenario: Scenario;
  engine: Engine;
  recorder: Recorder;
  scheduler: Scheduler;
  nodeLifecycle: NodeLifecycle;
  /** The cluster-autoscaler, when the scenario has autoscaled node groups. */
  clusterAutoscaler?: ClusterAutoscalerController;
}

/** Builds the engine for a scenario without running it. */
export async function buildSimulation(scenario: Scenario, seed: string | number = scenario.seed): Promise<Simulation> {
  const cluster = buildCluster(scenario.objects);
  const names = new Set(cluster.nodes.keys());
  for (const g of scenario.nodeGroups) for (const n of nodesOfGroup(g, names)) {
    names.add(n.metadata.name!);
    cluster.addNode(n);
  }
  let engine: Engine | undefined;
  const scheduler = await buildScheduler(cluster, {
    configFile: scenario.scheduler.configFile,
    pluginFiles: scenario.scheduler.plugins,
    seed,
    onEvent: (e) => engine!.schedulerEventSink(e),
    evictVictim: (v, by) => {
      engine!.emit('Preempting', `Pod ${v.key}`, { by: by.key, node: v.nodeName });
      engine!.deletePod(v, 'Killing');
    },
    healthy: (p) => engine!.isReady(p),
  });
  const startup = startupResolver(scenario.workloads, cluster.workloads.ReplicaSet, cluster.workloads.Job);
  engine = new Engine(cluster, scheduler, { seed, tick: scenario.tick, startupFor: startup });
  const recorder = new Recorder();
  const nodeLifecycle = new NodeLifecycle(engine, scenario.controllers.nodeLifecycle.nodeMonitorGracePeriod);
  const e = engine;

  for (const c of controllersFor(scenario, e)) e.addController(c);
  // the cluster-autoscaler runs last in step 3, every scan-interval, as its own process would
  let clusterAutoscaler: ClusterAutoscalerController | undefined;
  if (scenario.controllers.clusterAutoscaler && scenario.autoscaledNodeGroups?.length) {
    clusterAutoscaler = new ClusterAutoscalerController(e, nodeLifecycle, scenario.controllers.clusterAutoscaler, scenario.autoscaledNodeGroups, scenario.priorityConfigMap);
    e.addController(clusterAutoscaler);
    for (const n of cluster.nodes.keys()) names.add(n);
  }
  for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] as const) {
    for (const key of cluster.workloads[kind].keys()) e.markDirty(kind, key);
  }
  e.adoptExistingPods();

  for (const ev of scenario.events) e.at(ev.at, () => applyAction(e, nodeLifecycle, ev.action, names));

  let lastChange = -1;
  e.onTick('record', () => {
    if (e.changeCount === lastChange && e.now !== 0) return;
    lastChange = e.changeCount;
    recordMetrics(e, recorder);
    if (clusterAutoscaler) recordAutoscalerMetrics(e, recorder, clusterAutoscaler);
  });
  return { scenario, engine: e, recorder, scheduler, nodeLifecycle, clusterAutoscaler };
}

/** Builds and runs a scenario, then evaluates its expectations. */
export async function runScenario(scenario: Scenario, opts: RunScenarioOptions = {}): Promise<SimulationResult> {
  const seed = opts.seed ?? scenario.seed;
  const started = performance.now();
  const sim = await buildSimulation(scenario, seed);
  sim.engine.run(scenario.duration, opts.onProgress ? (now) => opts.onProgress!(now, scenario.duration, sim.engine) : undefined);
  recordMetrics(sim.engine, sim.recorder);
  if (sim.clusterAutoscaler) recordAutoscalerMetrics(sim.engine, sim.recorder, sim.clusterAutoscaler);
  const expectations = evaluateExpectations(scenario.expect, sim.recorder, sim.engine.events, scenario.duration);
  return { scenario, seed, engine: sim.engine, recorder: sim.recorder, expectations, clusterAutoscaler: sim.clusterAutoscaler, wallSeconds: (performance.now() - started) / 1000 };
}

/**
 * The autoscaler's series: nodes and target size per group (NodeGroup/default/NAME.nodes,
 * .targetSize), unneeded and upcoming nodes, spend rate and cumulative cost, scale-up and
 * scale-down counts, and the age of the oldest pending pod.
 */
export function recordAutoscalerMetrics(e: Engine, r: Recorder, ca: ClusterAutoscalerController): void {
  const t = e.now;
  const a = ca.autoscaler;
  const counts = new Map<string, number>();
  for (const name of e.cluster.nodes.keys()) {
    const g = a.cloud.nodeGroupForNode(name);
    if (g !== undefined) counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  let upcoming = 0;
  for (const id of a.cloud.nodeGroupIds()) {
    r.record(workloadSeries('NodeGroup', 'default', id, 'nodes'), t, counts.get(id) ?? 0);
    r.record(workloadSeries('NodeGroup', 'default', id, 'targetSize'), t, a.cloud.targetSize(id));
    upcoming += a.clusterState.upcomingCount(id);
  }
  r.record('unneededNodes', t, a.planner.unneededNodes().length);
  r.record('upcomingNodes', t, upcoming);
  r.record('costPerHour', t, Math.round(ca.costPerHour() * 1000) / 1000);
  r.record('cost', t, Math.round(ca.cost(t) * 100) / 100);
  r.record('scaleUps', t, a.scaleUps);
  r.record('scaleDowns', t, a.actuator.deletedEmpty + a.actuator.deletedDrained);
  let oldest = 0;
  for (const p of e.cluster.pendingPods.values()) {
    const rt = e.runtime.get(p);
    if (rt && !p.pod.metadata.deletionTimestamp) {
      oldest = t - rt.createdAt;
      break;
    }
  }
  r.record('oldestPendingPodAge', t, oldest);
}

/** Series name of a workload metric. */
export function workloadSeries(kind: string, namespace: string, name: string, metric: string): string {
  return `${kind}/${namespace}/${name}.${metric}`;
}

const WORKLOAD_METRICS = ['desiredReplicas', 'replicas', 'readyReplicas', 'availableReplicas', 'updatedReplicas'] as const;
/** Status fields behind WORKLOAD_METRICS (after desiredReplicas) for DaemonSets and for the others. */
const DS_FIELDS = ['currentNumberScheduled', 'numberReady', 'numberAvailable', 'updatedNumberScheduled'] as const;
const RS_FIELDS = ['replicas', 'readyReplicas', 'availableReplicas', 'updatedReplicas'] as const;
const RECORDED_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'] as const;
const HPA_METRICS = ['desiredReplicas', 'replicas', 'currentMetric', 'targetMetric'] as const;

/**
 * The series of one object, and the object (with its status and spec) last recorded into them:
 * objects are replaced, never written to, so the same three mean the same values.
 */
interface Handles {
  series: Series[];
  obj?: KubeObject;
  status?: unknown;
  spec?: unknown;
}

// Series handles per recorder, kind and object key: no name building on the per-tick path.
const handleCache = new WeakMap<Recorder, Map<string, Map<string, Handles>>>();

/** The handle map of one kind (key → the series of `metrics`, created on first use). */
function kindHandles(r: Recorder, kind: string): Map<string, Handles> {
  let byKind = handleCache.get(r);
  if (!byKind) handleCache.set(r, (byKind = new Map()));
  let byKey = byKind.get(kind);
  if (!byKey) byKind.set(kind, (byKey = new Map()));
  return byKey;
}

function workloadHandles(r: Recorder, byKey: Map<string, Handles>, kind: string, key: string, metrics: readonly string[]): Handles {
  let h = byKey.get(key);
  if (!h) {
    const [ns, name] = key.split('/');
    byKey.set(key, (h = { series: metrics.map((m) => r.handle(workloadSeries(kind, ns, name, m))) }));
  }
  return h;
}

function hasControllerRef(o: KubeObject): boolean {
  const refs = o.metadata.ownerReferences;
  if (refs) for (const ref of refs) if (ref.controller) return true;
  return false;
}

function isDaemonPod(p: PodInfo): boolean {
  const refs = p.pod.metadata.ownerReferences;
  if (!refs) return false;
  for (const ref of refs) if (ref.controller && ref.kind === 'DaemonSet') return true;
  return false;
}

/** Cluster-level node aggregates, with each node's share and what it was computed from. */
interface NodeSums {
  nodes: NodeInfo[];
  generations: number[];
  readiness: boolean[];
  /** Per node: [used, allocatable CPU, requested CPU, allocatable memory, requested memory]. */
  shares: number[][];
  ready: number;
  used: number;
  allocCpu: number;
  reqCpu: number;
  allocMem: number;
  reqMem: number;
}
const nodeSumsCache = new WeakMap<ClusterState, NodeSums>();

function nodeShare(ni: NodeInfo): number[] {
  let used = 0;
  for (const p of ni.pods) {
    if (!isDaemonPod(p)) {
      used = 1;
      break;
    }
  }
  return [used, ni.allocatable.milliCPU, ni.requested.milliCPU, ni.allocatable.memory, ni.requested.memory];
}

/** Integers add and subtract exactly (as long as the totals stay safe): shares can be swapped in place. */
function exactShare(share: readonly number[]): boolean {
  for (const v of share) if (!Number.isSafeInteger(v)) return false;
  return true;
}

/**
 * Ready and used node counts and CPU/memory allocatable and requested over the cluster's nodes.
 * Every pod or Node change bumps its node's generation: only nodes whose generation or readiness
 * moved are re-read (most recorded ticks change only statuses).
 */
function nodeSums(c: ClusterState): NodeSums {
  const s = nodeSumsCache.get(c);
  if (s && s.nodes.length === c.nodes.size) {
    let i = 0;
    let ok = true;
    for (const ni of c.nodes.values()) {
      if (s.nodes[i] !== ni) {
        ok = false;
        break;
      }
      if (s.generations[i] !== ni.generation || s.readiness[i] !== ni.ready) {
        const old = s.shares[i];
        const next = nodeShare(ni);
        if (!exactShare(old) || !exactShare(next)) {
          ok = false;
          break;
        }
        s.used += next[0] - old[0];
        s.allocCpu += next[1] - old[1];
        s.reqCpu += next[2] - old[2];
        s.allocMem += next[3] - old[3];
        s.reqMem += next[4] - old[4];
        s.ready += (ni.ready ? 1 : 0) - (s.readiness[i] ? 1 : 0);
        s.shares[i] = next;
        s.generations[i] = ni.generation;
        s.readiness[i] = ni.ready;
      }
      i++;
    }
    if (ok && Number.isSafeInteger(s.allocMem) && Number.isSafeInteger(s.reqMem) && Number.isSafeInteger(s.allocCpu) && Number.isSafeInteger(s.reqCpu)) return s;
  }
  // (re)build in node order, as a plain sum
  const b: NodeSums = { nodes: [], generations: [], readiness: [], shares: [], ready: 0, used: 0, allocCpu: 0, reqCpu: 0, allocMem: 0, reqMem: 0 };
  for (const ni of c.nodes.values()) {
    const share = nodeShare(ni);
    b.nodes.push(ni);
    b.generations.push(ni.generation);
    b.readiness.push(ni.ready);
    b.shares.push(share);
    if (ni.ready) b.ready++;
    b.used += share[0];
    b.allocCpu += share[1];
    b.reqCpu += share[2];
    b.allocMem += share[3];
    b.reqMem += share[4];
  }
  nodeSumsCache.set(c, b);
  return b;
}

/** Records the cluster-level and per-workload values at the engine's current time. */
export function recordMetrics(e: Engine, r: Recorder): void {
  const t = e.now;
  const c = e.cluster;
  r.record('pendingPods', t, c.pendingPods.size);
  r.record('runningPods', t, e.runningPods);
  r.record('readyPods', t, e.readyPods);
  r.record('nodes', t, c.nodes.size);
  const { ready, used, allocCpu, reqCpu, allocMem, reqMem } = nodeSums(c);
  r.record('readyNodes', t, ready);
  r.record('usedNodes', t, used);
  r.record('cpuRequestedPercent', t, allocCpu ? Math.round((1000 * reqCpu) / allocCpu) / 10 : 0);
  r.record('memoryRequestedPercent', t, allocMem ? Math.round((1000 * reqMem) / allocMem) / 10 : 0);
  for (const kind of RECORDED_KINDS) {
    const fields = kind === 'DaemonSet' ? DS_FIELDS : RS_FIELDS;
    const byKey = kindHandles(r, kind);
    // forEach: no [key, value] pair per entry on this per-tick path
    c.workloads[kind].forEach((o, key) => {
      if (kind === 'ReplicaSet' && hasControllerRef(o)) return;
      const handles = workloadHandles(r, byKey, kind, key, WORKLOAD_METRICS);
      // unchanged since the last record: every value equals the series' last one
      if (handles.obj === o && handles.status === o.status && handles.spec === o.spec) return;
      handles.obj = o;
      handles.status = o.status;
      handles.spec = o.spec;
      const h = handles.series;
      const st = (o.status ?? NO_STATUS) as Record<string, number | undefined>;
      const desired = kind === 'DaemonSet' ? (st.desiredNumberScheduled ?? 0) : (((o.spec as Record<string, unknown> | undefined)?.replicas as number | undefined) ?? 1);
      r.recordTo(h[0], t, desired);
      for (let i = 0; i < fields.length; i++) r.recordTo(h[i + 1], t, st[fields[i]] ?? 0);
    });
  }
  const hpaHandles = kindHandles(r, 'HorizontalPodAutoscaler');
  c.hpas.forEach((hpa, key) => {
    const st = (hpa.status ?? NO_STATUS) as Record<string, number | undefined>;
    if (st.desiredReplicas === undefined && st.currentReplicas === undefined) return;
    const h = workloadHandles(r, hpaHandles, 'HorizontalPodAutoscaler', key, HPA_METRICS).series;
    if (st.desiredReplicas !== undefined) r.recordTo(h[0], t, st.desiredReplicas);
    if (st.currentReplicas !== undefined) r.recordTo(h[1], t, st.currentReplicas);
    // the first metric, current against target, so reports can plot what the HPA saw
    const m = metricValues(hpa);
    if (m) {
      if (m.current !== undefined) r.recordTo(h[2], t, m.current);
      r.recordTo(h[3], t, m.target);
    }
  });
}

/** One metric value as a number: utilization percent, else the (average) value as a decimal. */
function metricNumber(v: { averageUtilization?: number; averageValue?: string | number; value?: string | number } | undefined): number | undefined {
  if (!v) return undefined;
  if (v.averageUtilization !== undefined) return v.averageUtilization;
  const q = v.averageValue ?? v.value;
  if (q === undefined) return undefined;
  try {
    const p = parseQuantity(q);
    return Math.round((Number(p.num) / Number(p.den)) * 1000) / 1000;
  } catch {
    return undefined;
  }
}

type MetricSource = { current?: Parameters<typeof metricNumber>[0]; target?: Parameters<typeof metricNumber>[0] };

function metricSource(o: Record<string, unknown> | undefined): MetricSource | undefined {
  return o ? ((o.resource ?? o.containerResource ?? o.pods ?? o.object ?? o.external) as MetricSource | undefined) : undefined;
}

// HPA objects are replaced on every status write: one computation per stored object.
const metricValuesCache = new WeakMap<HorizontalPodAutoscaler, { current?: number; target: number } | null>();

/** Current and target of the HPA's first metric (status.currentMetrics[0] vs spec.metrics[0]). */
function metricValues(hpa: HorizontalPodAutoscaler): { current?: number; target: number } | undefined {
  const hit = metricValuesCache.get(hpa);
  if (hit !== undefined) return hit ?? undefined;
  let out: { current?: number; target: number } | null = null;
  const spec = hpa.spec.metrics?.[0];
  const target = spec ? metricNumber(metricSource(spec as unknown as Record<string, unknown>)?.target) : undefined;
  if (target !== undefined) {
    const status = (hpa.status as { currentMetrics?: Record<string, unknown>[] } | undefined)?.currentMetrics?.[0];
    out = { current: metricNumber(metricSource(status)?.current), target };
  }
  metricValuesCache.set(hpa, out);
  return out ?? undefined;
}

const NO_STATUS: Readonly<Record<string, number | undefined>> = Object.freeze({});

/** Start-up timing per pod, from the scenario's `workloads` (matched through owner references). */
function startupResolver(workloads: readonly WorkloadSpec[], replicaSets: ReadonlyMap<string, KubeObject>, jobs: ReadonlyMap<string, KubeObject>): (p: PodInfo) => StartupProfile {
  const byKey = new Map<string, StartupProfile>();
  for (const w of workloads) byKey.set(`${w.target.kind}/${w.target.namespace}/${w.target.name}`, w.startup);
  if (byKey.size === 0) return () => DEFAULT_STARTUP;
  const overrides = new Map<string, StartupProfile>();
  return (p) => {
    let owner = controllerKey(p.pod);
    if (owner?.startsWith('ReplicaSet/')) {
      const rs = replicaSets.get(owner.slice('ReplicaSet/'.length));
      const up = rs ? controllerKey(rs) : undefined;
      if (up) owner = up;
    } else if (owner?.startsWith('Job/') && !byKey.has(owner)) {
      const job = jobs.get(owner.slice('Job/'.length));
      const up = job ? controllerKey(job) : undefined;
      if (up) owner = up;
    }
    const base = (owner && byKey.get(owner)) || DEFAULT_STARTUP;
    // a rollout may mark the new template as crash-looping
    if (p.pod.metadata.annotations?.['kubesim.io/crash-loop'] === 'true') {
      const k = `${owner}/crash`;
      let o = overrides.get(k);
      if (!o) overrides.set(k, (o = { ...base, crashLoop: true }));
      return o;
    }
    return base;
  };
}

function findWorkload(e: Engine, kind: string, namespace: string, name: string): KubeObject | undefined {
  const m = (e.cluster.workloads as Record<string, Map<string, KubeObject>>)[kind];
  return m?.get(`${namespace}/${name}`);
}

function bumpGeneration(o: KubeObject): KubeObject {
  return { ...o, metadata: { ...o.metadata, generation: (o.metadata.generation ?? 1) + 1 } };
}

/** Applies one scripted action at the engine's current time. */
function applyAction(e: Engine, nl: NodeLifecycle, a: Scenario['events'][number]['action'], names: Set<string>): void {
  const c = e.cluster;
  switch (a.type) {
    case 'rollout':
    case 'scale':
    case 'pause':
    case 'resume': {
      const o = findWorkload(e, a.target.kind, a.target.namespace, a.target.name);
      const ref = `${a.target.kind} ${a.target.namespace}/${a.target.name}`;
      if (!o) {
        e.emit('ScenarioError', ref, { message: `${a.type}: no such workload` });
        return;
      }
      const spec = { ...(o.spec as Record<string, unknown>) };
      if (a.type === 'scale') spec.replicas = a.replicas;
      else if (a.type === 'pause' || a.type === 'resume') {
        // Jobs and CronJobs suspend; Deployments pause
        if (a.target.kind === 'Job' || a.target.kind === 'CronJob') spec.suspend = a.type === 'pause';
        else spec.paused = a.type === 'pause';
      }
      else spec.template = rolledTemplate(spec.template as PodTemplateSpec, a);
      const next = bumpGeneration({ ...o, spec });
      (c.workloads as Record<string, Map<string, KubeObject>>)[a.target.kind].set(`${a.target.namespace}/${a.target.name}`, next);
      e.emit(a.type === 'rollout' ? 'RolloutStarted' : a.type === 'scale' ? 'ScaleRequested' : a.type === 'pause' ? 'Paused' : 'Resumed', ref, a.type === 'scale' ? { replicas: a.replicas } : a.type === 'rollout' ? rolloutFields(a) : {});
      e.markDirty(a.target.kind, `${a.target.namespace}/${a.target.name}`);
      return;
    }
    case 'rollback': {
      const o = findWorkload(e, a.target.kind, a.target.namespace, a.target.name) as Deployment | undefined;
      if (!o) return;
      // kubectl rollout undo writes the chosen revision's template through the rollback annotation path
      const annotations = { ...(o.metadata.annotations ?? {}), 'deprecated.deployment.rollback.to': String(a.revision ?? 0) };
      c.workloads.Deployment.set(`${a.target.namespace}/${a.target.name}`, { ...o, metadata: { ...o.metadata, annotations } });
      e.emit('RollbackRequested', `Deployment ${a.target.namespace}/${a.target.name}`, { revision: a.revision ?? 0 });
      e.markDirty('Deployment', `${a.target.namespace}/${a.target.name}`);
      return;
    }
    case 'nodeFailure':
      return nl.fail(a.node);
    case 'nodeRecovery':
      return nl.recover(a.node);
    case 'cordon':
      return nl.cordon(a.node, true);
    case 'uncordon':
      return nl.cordon(a.node, false);
    case 'drain':
      return nl.drain(a.node);
    case 'addNodes':
      for (const n of nodesOfGroup(a.group, names)) {
        names.add(n.metadata.name!);
        c.addNode(n);
        e.emit('NodeAdded', `Node ${n.metadata.name}`, {});
        for (const key of c.workloads.DaemonSet.keys()) e.markDirty('DaemonSet', key);
      }
      e.noteClusterChange();
      return;
    case 'removeNodes':
      return nl.remove(a.nodes);
    case 'apply': {
      const fresh = buildCluster(a.objects);
      for (const n of fresh.nodes.values()) c.addNode(n.node);
      for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] as const) {
        for (const [k, o] of fresh.workloads[kind]) {
          const prev = c.workloads[kind].get(k);
          c.workloads[kind].set(k, prev ? { ...o, status: prev.status, metadata: { ...o.metadata, generation: (prev.metadata.generation ?? 1) + 1 } } : o);
          e.markDirty(kind, k);
        }
      }
      for (const [k, h] of fresh.hpas) c.hpas.set(k, h);
      for (const [k, p] of fresh.pdbs) c.pdbs.set(k, p);
      for (const [k, p] of fresh.priorityClasses) c.priorityClasses.set(k, p);
      for (const [k, s] of fresh.services) c.services.set(k, s);
      for (const p of fresh.pods.values()) if (!c.pods.has(p.key)) e.createPod(p.pod);
      e.emit('Applied', 'Scenario', { objects: a.objects.length });
      e.noteClusterChange();
      return;
    }
  }
}

/** What a RolloutStarted event carries so `kubesim replay` can write the same template change. */
function rolloutFields(a: Extract<Scenario['events'][number]['action'], { type: 'rollout' }>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (a.image !== undefined) out.image = a.image;
  if (a.container !== undefined) out.container = a.container;
  if (a.set !== undefined) out.set = a.set;
  if (a.crashLoop !== undefined) out.crashLoop = a.crashLoop;
  return out;
}

/** The pod template after a rollout: new image (one or all containers) and/or merged fields. */
function rolledTemplate(t: PodTemplateSpec, a: Extract<Scenario['events'][number]['action'], { type: 'rollout' }>): PodTemplateSpec {
  let spec = { ...t.spec };
  if (a.image !== undefined) {
    spec.containers = spec.containers.map((c) => (a.container === undefined || c.name === a.container ? { ...c, image: a.image } : c));
  }
  if (a.set) spec = deepMerge(spec as unknown as Record<string, unknown>, (a.set.spec ?? {}) as Record<string, unknown>) as unknown as typeof spec;
  let metadata = t.metadata ?? {};
  if (a.set?.metadata) metadata = deepMerge(metadata as Record<string, unknown>, a.set.metadata as Record<string, unknown>) as typeof metadata;
  if (a.crashLoop !== undefined) metadata = { ...metadata, annotations: { ...(metadata.annotations ?? {}), 'kubesim.io/crash-loop': String(a.crashLoop) } };
  return { metadata, spec };
}

function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && cur && typeof cur === 'object' && !Array.isArray(cur) ? deepMerge(cur as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
}
