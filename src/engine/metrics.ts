/**
 * The metrics pipeline: every `metricResolution` seconds (15 s, metrics-server's default
 * `--metric-resolution`) it scrapes every workload that has a load model and keeps the last
 * sample, so the HPA sees values up to one resolution old, stamped with the scrape time and
 * window, as it does through metrics.k8s.io in a cluster.
 *
 * What a scrape reports, per workload with a `load` (the scenario's `workloads`):
 * - CPU: the window's mean load is spread over the Ready pods: per pod
 *   `baseCpu + cpuPerRequest × load / readyPods`, times `1 + noise × g` with g a seeded
 *   normal-ish draw. A pod whose containers run but that is not Ready gets no traffic and reports
 *   `baseCpu` (with noise). Pending and terminated pods report nothing; a pod reports only once it
 *   has run for one whole window (metrics-server computes CPU as a rate between two scrapes).
 *   Pods running when the simulation starts report from t = 0. Split over containers in
 *   proportion to their CPU requests (equally when none has one).
 * - Memory: `memoryPerPod`, or the sum of the containers' memory requests.
 * - Pods metrics (custom.metrics.k8s.io per pod): `perRequest × load / readyPods` per Ready pod,
 *   0 for running pods that are not Ready.
 * - Object metrics: `perRequest × load` for whatever object the HPA names.
 * - External metrics: `perRequest × load`, or with `servicePerPod` a queue backlog integrated
 *   second by second: arrivals `perRequest × load`, drained by `servicePerPod` per Ready pod.
 *
 * The draws of a workload come from its own stream `load/<Kind>/<namespace>/<name>` (which seeds a
 * fast mulberry32 generator), so adding a workload does not change another's noise.
 */
import { compileSelector, type LabelMatcher } from '../model/labels.ts';
import type { ClusterState } from '../model/cluster.ts';
import type { PodInfo } from '../model/pod-info.ts';
import { podRequests } from '../model/resources.ts';
import type { HorizontalPodAutoscaler, KubeObject, LabelSelector, PodSpec } from '../model/types.ts';
import type { ContainerUsage, MetricsSnapshot, ObjectMetricSample } from '../hpa/types.ts';
import type { WorkloadSpec } from '../scenario/types.ts';
import type { Engine, PodRuntime } from './engine.ts';
import { gaussianish, loadAt, meanLoad } from './load.ts';
import { componentRng, type Random } from './rng.ts';
import { SIM_EPOCH_MS } from './time.ts';

/** metrics-server's default `--metric-resolution` (seconds). */
export const DEFAULT_METRIC_RESOLUTION = 15;

/** One pod's scraped values. */
export interface PodSample {
  /** container name → usage (cpu millicores, memory bytes). */
  containers: Record<string, ContainerUsage>;
  /** custom per-pod metric → value (milli-units). */
  custom: Record<string, number>;
}

/** The last scrape of one workload. */
export interface WorkloadSample {
  /** Scrape time, engine seconds. */
  t: number;
  /** Window the rates average over (seconds). */
  window: number;
  /** The mean load over the window. */
  load: number;
  /** Ready pods the load was spread over. */
  readyPods: number;
  /** Per pod. */
  pods: Map<PodInfo, PodSample>;
  /** External metric → value (milli-units). */
  external: Map<string, number>;
  /** Object metric → value (milli-units). */
  object: Map<string, number>;
}

const matcherCache = new WeakMap<object, LabelMatcher>();
/** The custom metrics of a pod when the workload has none (never written to). */
const NO_CUSTOM: Record<string, number> = Object.freeze({}) as Record<string, number>;

/**
 * Pods of `namespace` selected by `selector`, found through the label index (the smallest
 * matchLabels set) so the cost is proportional to the workload, not the cluster.
 */
export function podsSelectedBy(cluster: ClusterState, namespace: string, selector: LabelSelector | undefined): PodInfo[] {
  if (!selector) return [];
  let matcher = matcherCache.get(selector);
  if (!matcher) matcherCache.set(selector, (matcher = compileSelector(selector)));
  let candidates: ReadonlySet<PodInfo> | undefined;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    const s = cluster.podsWithLabel(k, v);
    if (!candidates || s.size < candidates.size) candidates = s;
  }
  candidates ??= cluster.podsByNamespace.get(namespace) ?? new Set();
  const out: PodInfo[] = [];
  for (const p of candidates) if (p.namespace === namespace && matcher(p.labels)) out.push(p);
  return out;
}

/** `Kind/namespace/name` of a workload reference. */
export function workloadKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** The workload object of a `Kind/namespace/name` key, when the cluster keeps that kind. */
export function findWorkloadObject(cluster: ClusterState, kind: string, namespace: string, name: string): KubeObject | undefined {
  const m = (cluster.workloads as Record<string, Map<string, KubeObject> | undefined>)[kind];
  return m?.get(`${namespace}/${name}`);
}

/** Rounds away float noise (to 1e-6) before the API's round-up to milli-units. */
function ceilMilli(v: number): number {
  return Math.ceil(Math.round(v * 1e6) / 1e3);
}

/** Per-container CPU share of a pod spec (by CPU request) and its memory requests, cached per spec. */
interface SpecShape {
  names: string[];
  cpuShare: number[];
  memory: number[];
  /** Σ memory. */
  memTotal: number;
}
const shapeCache = new WeakMap<PodSpec, SpecShape>();

function specShape(spec: PodSpec): SpecShape {
  let s = shapeCache.get(spec);
  if (s) return s;
  const names = spec.containers.map((c) => c.name);
  const requests = spec.containers.map((c) => podRequests({ apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { containers: [c] } }));
  const cpu = requests.map((r) => r.milliCPU);
  const memory = requests.map((r) => r.memory);
  const total = cpu.reduce((a, b) => a + b, 0);
  const cpuShare = total > 0 ? cpu.map((v) => v / total) : cpu.map(() => 1 / Math.max(1, cpu.length));
  shapeCache.set(spec, (s = { names, cpuShare, memory, memTotal: memory.reduce((a, b) => a + b, 0) }));
  return s;
}

/** A workload with a load model, as the pipeline scrapes it. */
class ScrapedWorkload {
  readonly key: string;
  /** `namespace/name`: the target's key in the cluster's workload map. */
  readonly objectKey: string;
  readonly rng: Random;
  /** Queue backlogs of external metrics with `servicePerPod` (units, not milli). */
  readonly backlog = new Map<string, number>();
  last: WorkloadSample | undefined;
  /** The target's selector in the last scrape. */
  selector: LabelSelector | undefined;

  constructor(
    readonly spec: WorkloadSpec,
    seed: string | number,
  ) {
    const t = spec.target;
    this.key = workloadKey(t.kind, t.namespace, t.name);
    this.objectKey = `${t.namespace}/${t.name}`;
    // the workload's own stream seeds a small fast generator (four draws per pod per scrape)
    this.rng = mulberry32(Math.floor(componentRng(seed, `load/${this.key}`)() * 2 ** 32));
  }
}

/** The engine's metrics pipeline (metrics-server plus custom/external metrics adapters). */
export class MetricsPipeline {
  readonly resolution: number;
  private readonly workloads: ScrapedWorkload[];
  private readonly byKey = new Map<string, ScrapedWorkload>();
  /**
   * Where each pod's last sample is: the last workload of the scrape that sampled it. Built on
   * demand ({@link sampleIndex}); while the workloads' selectors are provably disjoint a pod's
   * sample is simply in its own workload's.
   */
  private podSamples: Map<PodInfo, PodSample> | undefined = new Map();
  /** Whether no two workloads' selectors in the last scrape can share a pod. */
  private disjoint = false;
  /** Per-pod runtimes of the workload being scraped (reused). */
  private readonly scratch: (PodRuntime | undefined)[] = [];
  /** {@link podsOf} results per selector object. */
  private readonly selected = new WeakMap<LabelSelector, { stamp: number; namespace: string; pods: PodInfo[] }>();
  private nextScrape = 0;
  private lastScrape = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly engine: Engine,
    workloads: readonly WorkloadSpec[],
    resolution = DEFAULT_METRIC_RESOLUTION,
  ) {
    this.resolution = resolution;
    this.workloads = workloads.filter((w) => w.load !== undefined).map((w) => new ScrapedWorkload(w, engine.seed));
    for (const w of this.workloads) this.byKey.set(w.key, w);
  }

  /** True when at least one workload has a load model. */
  get active(): boolean {
    return this.workloads.length > 0;
  }

  /** Scrapes at step 2 of every tick on the resolution grid (and wakes the engine for it). */
  install(): void {
    if (!this.active) return;
    this.engine.onTick('metrics', (e) => {
      if (e.now < this.nextScrape) return;
      this.scrape();
      this.nextScrape = (Math.floor(e.now / this.resolution) + 1) * this.resolution;
      e.at(this.nextScrape, () => {});
    });
  }

  /** Scrapes every workload now. */
  scrape(): void {
    const now = this.engine.now;
    const window = this.resolution;
    // the first scrape starts the queues at 0
    const elapsed = Number.isFinite(this.lastScrape) ? now - this.lastScrape : 0;
    for (const w of this.workloads) w.last = this.scrapeWorkload(w, now, window, elapsed);
    this.podSamples = undefined;
    this.disjoint = this.selectorsDisjoint();
    this.lastScrape = now;
  }

  /** Every pod's sample from the last scrape (later workloads win, as they overwrite earlier ones). */
  private sampleIndex(): Map<PodInfo, PodSample> {
    if (this.podSamples === undefined) {
      this.podSamples = new Map();
      for (const w of this.workloads) for (const [p, ps] of w.last!.pods) this.podSamples.set(p, ps);
    }
    return this.podSamples;
  }

  /**
   * True when no two scraped workloads can select one pod: per namespace, every selector has
   * matchLabels with the same first key and a different value for it.
   */
  private selectorsDisjoint(): boolean {
    const byNamespace = new Map<string, { key: string; values: Set<string> }>();
    for (const w of this.workloads) {
      const selector = w.selector;
      if (!selector) continue; // selects nothing
      const matchLabels = selector.matchLabels;
      let key: string | undefined;
      for (const k in matchLabels ?? {}) {
        key = k;
        break;
      }
      if (key === undefined) return false;
      const value = matchLabels![key];
      const g = byNamespace.get(w.spec.target.namespace);
      if (!g) byNamespace.set(w.spec.target.namespace, { key, values: new Set([value]) });
      else if (g.key !== key || g.values.has(value)) return false;
      else g.values.add(value);
    }
    return true;
  }

  /**
   * podsSelectedBy, remembered until a pod is added or removed (the engine's `podSetVersion`;
   * a pod's namespace and labels never change): the scrapes and HPA syncs in between select the
   * same pods.
   */
  podsOf(namespace: string, selector: LabelSelector | undefined): PodInfo[] {
    if (!selector) return podsSelectedBy(this.engine.cluster, namespace, selector);
    const stamp = this.engine.podSetVersion;
    const hit = this.selected.get(selector);
    if (hit !== undefined && hit.stamp === stamp && hit.namespace === namespace) return hit.pods;
    const pods = podsSelectedBy(this.engine.cluster, namespace, selector);
    this.selected.set(selector, { stamp, namespace, pods });
    return pods;
  }

  /** The last sample of a workload (`Kind/namespace/name`). */
  sampleOf(key: string): WorkloadSample | undefined {
    return this.byKey.get(key)?.last;
  }

  private scrapeWorkload(w: ScrapedWorkload, now: number, window: number, elapsed: number): WorkloadSample {
    const { spec } = w;
    const t = spec.target;
    // findWorkloadObject
    const obj = (this.engine.cluster.workloads as Record<string, Map<string, KubeObject> | undefined>)[t.kind]?.get(w.objectKey);
    const selector = (obj?.spec as { selector?: LabelSelector } | undefined)?.selector;
    const pods = this.podsOf(t.namespace, selector);
    w.selector = selector;
    const load = meanLoad(spec.load!, now, window);
    const runtime = this.engine.runtime;
    // each pod's runtime, looked up once
    const rts = this.scratch;
    rts.length = pods.length;
    let ready = 0;
    for (let i = 0; i < pods.length; i++) {
      const rt = runtime.get(pods[i]);
      rts[i] = rt;
      // Engine.isReady
      if (rt !== undefined && rt.readyAt !== undefined && rt.deletingAt === undefined) ready++;
    }
    const base = spec.baseCpu ?? 0;
    const perReq = spec.cpuPerRequest ?? 0;
    const share = ready > 0 ? load / ready : 0;
    const podMetricNames = spec.podMetrics ? Object.keys(spec.podMetrics) : [];
    const { noise, memoryPerPod } = spec;
    const out = new Map<PodInfo, PodSample>();
    for (let i = 0; i < pods.length; i++) {
      const p = pods[i];
      const rt = rts[i];
      if (rt === undefined || rt.startedAt === undefined || rt.deletingAt !== undefined) continue;
      // a CPU rate needs two scrapes; pods running before the simulation count as scraped
      if (rt.startedAt > 0 && rt.startedAt + window > now) continue;
      const isReady = rt.readyAt !== undefined;
      let cpu = base + (isReady ? perReq * share : 0);
      if (noise > 0) cpu *= 1 + noise * gaussianish(w.rng);
      cpu = Math.max(0, cpu);
      const shape = specShape(p.pod.spec);
      const containers: Record<string, ContainerUsage> = {};
      for (let i = 0; i < shape.names.length; i++) {
        const memory =
          memoryPerPod !== undefined ? (shape.memTotal > 0 ? (memoryPerPod * shape.memory[i]) / shape.memTotal : memoryPerPod / shape.names.length) : shape.memory[i];
        containers[shape.names[i]] = { cpu: Math.round(cpu * shape.cpuShare[i] * 1e6) / 1e6, memory: Math.round(memory) };
      }
      let custom = NO_CUSTOM;
      if (podMetricNames.length > 0) {
        custom = {};
        for (const m of podMetricNames) custom[m] = isReady ? ceilMilli(spec.podMetrics![m].perRequest * share) : 0;
      }
      out.set(p, { containers, custom });
    }
    rts.length = 0;
    const external = new Map<string, number>();
    for (const [name, m] of Object.entries(spec.externalMetrics ?? {})) {
      if (m.servicePerPod === undefined) {
        external.set(name, ceilMilli(m.perRequest * load));
        continue;
      }
      // queue backlog: integrate arrivals − service second by second since the last scrape
      let b = w.backlog.get(name) ?? 0;
      const steps = Math.max(0, Math.round(elapsed));
      for (let i = steps - 1; i >= 0; i--) b = Math.max(0, b + m.perRequest * loadAt(spec.load!, now - i) - m.servicePerPod * ready);
      w.backlog.set(name, b);
      external.set(name, ceilMilli(b));
    }
    const object = new Map<string, number>();
    for (const [name, m] of Object.entries(spec.objectMetrics ?? {})) object.set(name, ceilMilli(m.perRequest * load));
    return { t: now, window, load, readyPods: ready, pods: out, external, object };
  }

  /**
   * What the metrics APIs return to `hpa` whose target is `targetKey` (`Kind/namespace/name`)
   * for its selected `pods`: their last samples, the custom metrics, and the object and external
   * metrics the HPA names (from the target's workload model first, then any workload's).
   * `selector`: the target's, which picked `pods`.
   */
  snapshotFor(hpa: HorizontalPodAutoscaler, targetKey: string, pods: readonly PodInfo[], selector?: LabelSelector): MetricsSnapshot {
    const ownWorkload = this.byKey.get(targetKey);
    const own = ownWorkload?.last;
    // The target's own scrape holds every sample of its pods when it selected them with this very
    // selector and no other workload can select any of them.
    const samples =
      this.disjoint && selector !== undefined && ownWorkload !== undefined && ownWorkload.selector === selector ? own!.pods : this.sampleIndex();
    const t = (own?.t ?? this.lastScrape) + SIM_EPOCH_MS / 1000;
    const window = this.resolution;
    // a Map: objects keyed by ever-changing pod names would each need new hidden classes
    const resourcePods = new Map<string, Record<string, ContainerUsage>>();
    const byMetric: Record<string, Record<string, number>> = {};
    let any = false;
    for (const p of pods) {
      const s = samples.get(p);
      if (!s) continue;
      any = true;
      resourcePods.set(p.name, s.containers);
      for (const m in s.custom) (byMetric[m] ??= {})[p.name] = s.custom[m];
    }
    const snapshot: MetricsSnapshot = {};
    if (any) {
      snapshot.resource = { timestamp: t, windowSeconds: window, pods: resourcePods };
      snapshot.pods = { timestamp: t, windowSeconds: window, byMetric };
    }
    const external: Record<string, number[]> = {};
    const object: ObjectMetricSample[] = [];
    for (const m of hpa.spec.metrics ?? []) {
      if (m.type === 'External' && m.external) {
        const v = this.lookup(own, (s) => s.external, m.external.metric.name);
        if (v !== undefined) external[m.external.metric.name] = [v];
      } else if (m.type === 'Object' && m.object) {
        const v = this.lookup(own, (s) => s.object, m.object.metric.name);
        if (v !== undefined) object.push({ describedObject: { ...m.object.describedObject }, metric: m.object.metric.name, milliValue: v, timestamp: t });
      }
    }
    if (Object.keys(external).length > 0) snapshot.external = external;
    if (object.length > 0) snapshot.object = object;
    return snapshot;
  }

  private lookup(own: WorkloadSample | undefined, pick: (s: WorkloadSample) => Map<string, number>, name: string): number | undefined {
    const v = own ? pick(own).get(name) : undefined;
    if (v !== undefined) return v;
    for (const w of this.workloads) {
      const x = w.last ? pick(w.last).get(name) : undefined;
      if (x !== undefined) return x;
    }
    return undefined;
  }
}

/** mulberry32: a 32-bit state generator, uniform in [0, 1). */
function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
