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
import type { HorizontalPodAutoscaler, KubeObject, LabelSelector, Pod, PodSpec } from '../model/types.ts';
import type { AlignedSamples, ContainerUsage, MetricsSnapshot, ObjectMetricSample, PodsMetricsSnapshot, ResourceMetricsSnapshot } from '../hpa/types.ts';
import type { WorkloadSpec } from '../scenario/types.ts';
import type { Engine, PodRuntime } from './engine.ts';
import { loadAt, meanLoad } from './load.ts';
import { componentRng } from './rng.ts';
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
  /** Per pod (built on first read: the pipeline keeps the samples as per-pod numbers). */
  readonly pods: Map<PodInfo, PodSample>;
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
  /** No two containers share a name (a sample's container record holds one entry per container). */
  unique: boolean;
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
  shapeCache.set(spec, (s = { names, cpuShare, memory, memTotal: memory.reduce((a, b) => a + b, 0), unique: new Set(names).size === names.length }));
  return s;
}

/** A container's memory in a sample (bytes, before rounding). */
function containerMemory(shape: SpecShape, i: number, memoryPerPod: number | undefined): number {
  return memoryPerPod !== undefined ? (shape.memTotal > 0 ? (memoryPerPod * shape.memory[i]) / shape.memTotal : memoryPerPod / shape.names.length) : shape.memory[i];
}

/** The per-container usage record of a pod's sample. */
function containerUsages(shape: SpecShape, cpu: number, memoryPerPod: number | undefined): Record<string, ContainerUsage> {
  const containers: Record<string, ContainerUsage> = {};
  for (let i = 0; i < shape.names.length; i++) {
    containers[shape.names[i]] = { cpu: Math.round(cpu * shape.cpuShare[i] * 1e6) / 1e6, memory: Math.round(containerMemory(shape, i, memoryPerPod)) };
  }
  return containers;
}

/**
 * What the HPA reads of a pod's CPU sample: Σ over containers of the rounded-up millicores
 * (metrics client: usage summed over containers, each at its MilliValue). NaN without containers.
 */
function cpuMilliOf(shape: SpecShape, cpu: number): number {
  const n = shape.names.length;
  if (n === 1) return Math.ceil(Math.round(cpu * shape.cpuShare[0] * 1e6) / 1e6);
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.ceil(Math.round(cpu * shape.cpuShare[i] * 1e6) / 1e6);
  return sum;
}

/** What the HPA reads of a pod's memory sample (milli-bytes summed over containers; NaN without containers, or when not a number). */
function memoryMilliOf(shape: SpecShape, memoryPerPod: number | undefined): number {
  const n = shape.names.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.ceil(Math.round(containerMemory(shape, i, memoryPerPod)) * 1000);
  return sum;
}

/** The frozen Pod objects of a selection (selections are cached and never written to; PodInfo.pod is fixed). */
const podObjectCache = new WeakMap<readonly PodInfo[], readonly Pod[]>();

export function podObjects(pods: readonly PodInfo[]): readonly Pod[] {
  let out = podObjectCache.get(pods);
  if (out === undefined) podObjectCache.set(pods, (out = Object.freeze(pods.map((p): Pod => p.pod))));
  return out;
}

/**
 * What a scrape reads of the pods of one selection, index-aligned: `code` 0 no sample (no
 * runtime, not started, or terminating), 1 running and not Ready, 2 Ready; when it started; its
 * spec's shape; and how many are Ready (Engine.isReady). Re-read from the runtimes when the
 * workload's version moved (a pod's runtime only changes where the engine reports the pod changed).
 */
class PodStates {
  readonly code: Uint8Array;
  readonly started: Float64Array;
  readonly shapes: (SpecShape | undefined)[];
  ready = 0;
  owner: ScrapedWorkload | undefined;
  version = -1;

  constructor(n: number) {
    this.code = new Uint8Array(n);
    this.started = new Float64Array(n);
    this.shapes = new Array<SpecShape | undefined>(n).fill(undefined);
  }

  refresh(pods: readonly PodInfo[], runtime: ReadonlyMap<PodInfo, PodRuntime>, w: ScrapedWorkload): void {
    let ready = 0;
    for (let i = 0; i < pods.length; i++) {
      const rt = runtime.get(pods[i]);
      if (rt === undefined) {
        this.code[i] = 0;
        continue;
      }
      // Engine.isReady
      if (rt.readyAt !== undefined && rt.deletingAt === undefined) ready++;
      const sampled = rt.startedAt !== undefined && rt.deletingAt === undefined;
      this.code[i] = sampled ? (rt.readyAt !== undefined ? 2 : 1) : 0;
      this.started[i] = sampled ? rt.startedAt! : 0;
    }
    this.ready = ready;
    this.owner = w;
    this.version = w.version;
  }
}

/**
 * One scrape of one workload: per pod of the selection (index-aligned with `podList`) its CPU
 * after noise (NaN: no sample), whether it was Ready, and what the HPA reads of it; per-pod
 * records ({@link PodSample}) only when something asks for them.
 */
class Scrape implements WorkloadSample {
  private podMap: Map<PodInfo, PodSample> | undefined;
  private index: Map<PodInfo, number> | undefined;
  private memMilli: Float64Array | undefined;
  private readonly customMilli = new Map<string, Float64Array>();

  constructor(
    readonly t: number,
    readonly window: number,
    readonly load: number,
    readonly readyPods: number,
    /** The selection the arrays follow. */
    readonly podList: readonly PodInfo[],
    /** Per pod: CPU (millicores, after noise) of a pod with a sample. */
    readonly cpu: Float64Array,
    /** Per pod: what the HPA reads of the CPU sample (NaN: no sample). */
    readonly cpuMilli: Float64Array,
    /** Per pod: 0 no sample, 1 a sample of a pod that is not Ready, 2 of a Ready pod. */
    readonly state: Uint8Array,
    /** Pods with a sample. */
    readonly sampled: number,
    /** False when some sample cannot be read as a number per pod (NaN usage, duplicate container names). */
    readonly regular: boolean,
    private readonly spec: WorkloadSpec,
    readonly external: Map<string, number>,
    readonly object: Map<string, number>,
  ) {}

  /** The sample of pod `i` of the selection. */
  sampleAt(i: number): PodSample | undefined {
    if (this.state[i] === 0) return undefined;
    const p = this.podList[i];
    const containers = containerUsages(specShape(p.pod.spec), this.cpu[i], this.spec.memoryPerPod);
    let custom = NO_CUSTOM;
    const podMetrics = this.spec.podMetrics;
    if (podMetrics !== undefined) {
      const names = Object.keys(podMetrics);
      if (names.length > 0) {
        const share = this.readyPods > 0 ? this.load / this.readyPods : 0;
        custom = {};
        for (const m of names) custom[m] = this.state[i] === 2 ? ceilMilli(podMetrics[m].perRequest * share) : 0;
      }
    }
    return { containers, custom };
  }

  get pods(): Map<PodInfo, PodSample> {
    if (this.podMap === undefined) {
      this.podMap = new Map();
      for (let i = 0; i < this.podList.length; i++) {
        const s = this.sampleAt(i);
        if (s !== undefined) this.podMap.set(this.podList[i], s);
      }
    }
    return this.podMap;
  }

  /** Position of `p` in the selection (-1 when absent). */
  indexOf(p: PodInfo): number {
    if (this.index === undefined) {
      this.index = new Map();
      for (let i = 0; i < this.podList.length; i++) this.index.set(this.podList[i], i);
    }
    return this.index.get(p) ?? -1;
  }

  /** Per pod, what the HPA reads of `resource` (cpu or memory); undefined when not a plain number per pod. */
  milliValues(resource: string): Float64Array | undefined {
    if (!this.regular) return undefined;
    if (resource === 'cpu') return this.cpuMilli;
    if (resource !== 'memory') return undefined;
    if (this.memMilli === undefined) {
      const out = new Float64Array(this.podList.length);
      let lastSpec: PodSpec | undefined;
      let v = NaN;
      for (let i = 0; i < out.length; i++) {
        if (this.state[i] === 0) {
          out[i] = NaN;
          continue;
        }
        const spec = this.podList[i].pod.spec;
        if (spec !== lastSpec) {
          const shape = specShape(spec);
          v = memoryMilliOf(shape, this.spec.memoryPerPod);
          // a sample with a memory that is not a number: only the per-pod records say what the HPA reads
          if (v !== v && shape.names.length > 0) return undefined;
          lastSpec = spec;
        }
        out[i] = v;
      }
      this.memMilli = out;
    }
    return this.memMilli;
  }

  /** Per pod, the custom metric's value (NaN: no sample); undefined for a metric the workload does not model. */
  customValues(metric: string): Float64Array | undefined {
    const m = this.spec.podMetrics?.[metric];
    if (m === undefined || !Object.prototype.hasOwnProperty.call(this.spec.podMetrics, metric)) return undefined;
    let out = this.customMilli.get(metric);
    if (out === undefined) {
      const share = this.readyPods > 0 ? this.load / this.readyPods : 0;
      const readyValue = ceilMilli(m.perRequest * share);
      if (readyValue !== readyValue) return undefined;
      out = new Float64Array(this.podList.length);
      for (let i = 0; i < out.length; i++) out[i] = this.state[i] === 0 ? NaN : this.state[i] === 2 ? readyValue : 0;
      this.customMilli.set(metric, out);
    }
    return out;
  }
}

/** A workload with a load model, as the pipeline scrapes it. */
class ScrapedWorkload {
  readonly key: string;
  /** `namespace/name`: the target's key in the cluster's workload map. */
  readonly objectKey: string;
  readonly rng: Mulberry32;
  /** Queue backlogs of external metrics with `servicePerPod` (units, not milli). */
  readonly backlog = new Map<string, number>();
  last: WorkloadSample | undefined;
  /** The target's selector in the last scrape. */
  selector: LabelSelector | undefined;
  /** Changes (to a new value of the pipeline's clock) whenever one of its pods may have changed. */
  version = 0;

  constructor(
    readonly spec: WorkloadSpec,
    seed: string | number,
  ) {
    const t = spec.target;
    this.key = workloadKey(t.kind, t.namespace, t.name);
    this.objectKey = `${t.namespace}/${t.name}`;
    // the workload's own stream seeds a small fast generator (four draws per pod per scrape)
    this.rng = new Mulberry32(Math.floor(componentRng(seed, `load/${this.key}`)() * 2 ** 32));
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
  /** Per selection, what the scrape reads of its pods (see {@link PodStates}). */
  private readonly podStates = new WeakMap<readonly PodInfo[], PodStates>();
  /** Source of workload versions (never repeats). */
  private clock = 0;
  /**
   * While the selectors are provably disjoint: per namespace, the label key they all select on
   * and which workload each value belongs to (a changed pod bumps only its workload's version).
   */
  private owners: Map<string, { key: string; byValue: Map<string, ScrapedWorkload> }> | undefined;
  /** {@link podsOf} results per selector object. */
  private readonly selected = new WeakMap<LabelSelector, { stamp: number; namespace: string; pods: PodInfo[]; owner: ScrapedWorkload | undefined; version: number }>();
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
    if (this.workloads.length > 0) engine.onPodChanged((p) => this.podChanged(p));
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
    this.owners = undefined;
    const byNamespace = new Map<string, { key: string; byValue: Map<string, ScrapedWorkload> }>();
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
      if (!g) byNamespace.set(w.spec.target.namespace, { key, byValue: new Map([[value, w]]) });
      else if (g.key !== key || g.byValue.has(value)) return false;
      else g.byValue.set(value, w);
    }
    this.owners = byNamespace;
    return true;
  }

  /**
   * A pod was added, removed or changed (the engine's podChanged): the workloads that may select
   * it get a new version, so what their scrapes and HPA syncs derived from their pods is re-read.
   */
  podChanged(p: PodInfo): void {
    const owners = this.owners;
    if (owners === undefined) {
      const v = ++this.clock;
      for (const w of this.workloads) w.version = v;
      return;
    }
    const g = owners.get(p.namespace);
    if (g === undefined) return;
    const value = p.labels?.[g.key];
    const w = value === undefined ? undefined : g.byValue.get(value);
    if (w !== undefined) w.version = ++this.clock;
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
    // a scraped workload's own selector: its selection can only change with the workload's version
    // (every pod added or removed is reported to podChanged, which bumps the version of the workload its labels name)
    const owner = this.ownerOf(namespace, selector);
    if (hit !== undefined && hit.namespace === namespace) {
      if (hit.stamp === stamp || (owner !== undefined && hit.owner === owner && hit.version === owner.version)) {
        hit.stamp = stamp;
        return hit.pods;
      }
    }
    let pods = podsSelectedBy(this.engine.cluster, namespace, selector);
    // the same pods as before (another workload's pods changed): keep the array, and what is cached on it
    if (hit !== undefined && hit.namespace === namespace && sameElements(hit.pods, pods)) pods = hit.pods;
    this.selected.set(selector, { stamp, namespace, pods, owner, version: owner?.version ?? -1 });
    return pods;
  }

  /** The scraped workload whose selector `selector` is, while the selectors are provably disjoint. */
  private ownerOf(namespace: string, selector: LabelSelector): ScrapedWorkload | undefined {
    const g = this.owners?.get(namespace);
    const matchLabels = selector.matchLabels;
    if (g === undefined || matchLabels === undefined) return undefined;
    let key: string | undefined;
    for (const k in matchLabels) {
      key = k;
      break;
    }
    if (key !== g.key) return undefined;
    const w = g.byValue.get(matchLabels[key]);
    return w !== undefined && w.selector === selector && w.spec.target.namespace === namespace ? w : undefined;
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
    const n = pods.length;
    // what the scrape reads of each pod's runtime, re-read only when one of the workload's pods changed
    let ps = this.podStates.get(pods);
    if (ps === undefined) this.podStates.set(pods, (ps = new PodStates(n)));
    if (ps.owner !== w || ps.version !== w.version) ps.refresh(pods, this.engine.runtime, w);
    const { code, started, shapes } = ps;
    const ready = ps.ready;
    const base = spec.baseCpu ?? 0;
    const perReq = spec.cpuPerRequest ?? 0;
    const share = ready > 0 ? load / ready : 0;
    const { noise } = spec;
    // the workload's mulberry32 state, kept in a local while the loop draws (inlined: no heap number per draw)
    let a = w.rng.state;
    const cpuOf = new Float64Array(n);
    const cpuMilli = new Float64Array(n);
    const state = new Uint8Array(n);
    let sampled = 0;
    let regular = true;
    let lastShape: SpecShape | undefined;
    for (let i = 0; i < n; i++) {
      const c = code[i];
      const st = started[i];
      if (c === 0 || (st > 0 && st + window > now)) {
        // no sample: pending, terminated or terminating, or not yet two scrapes old (pods running
        // before the simulation count as scraped)
        cpuMilli[i] = NaN;
        continue;
      }
      sampled++;
      const isReady = c === 2;
      let cpu = base + (isReady ? perReq * share : 0);
      // gaussianish over the workload's stream: four draws per pod, in pod order
      if (noise > 0) {
        // four uniforms u = x / 2^32 summed: the integer sum times 2^-32 is the same double
        // (each u is exact, and so is every partial sum: below 2^34, scaled by a power of two)
        a = (a + 0x6d2b79f5) >>> 0;
        let x = Math.imul(a ^ (a >>> 15), a | 1);
        x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
        let sum = (x ^ (x >>> 14)) >>> 0;
        a = (a + 0x6d2b79f5) >>> 0;
        x = Math.imul(a ^ (a >>> 15), a | 1);
        x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
        sum += (x ^ (x >>> 14)) >>> 0;
        a = (a + 0x6d2b79f5) >>> 0;
        x = Math.imul(a ^ (a >>> 15), a | 1);
        x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
        sum += (x ^ (x >>> 14)) >>> 0;
        a = (a + 0x6d2b79f5) >>> 0;
        x = Math.imul(a ^ (a >>> 15), a | 1);
        x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
        sum += (x ^ (x >>> 14)) >>> 0;
        cpu *= 1 + noise * ((sum * TWO_POW_MINUS_32 - 2) * SQRT3);
      }
      cpu = Math.max(0, cpu);
      // a pod's spec is fixed (shared with its template): its shape is looked up once
      let shape = shapes[i];
      if (shape === undefined) shapes[i] = shape = specShape(pods[i].pod.spec);
      if (shape !== lastShape) {
        lastShape = shape;
        if (!shape.unique) regular = false;
      }
      cpuOf[i] = cpu;
      state[i] = isReady ? 2 : 1;
      const milli = cpuMilliOf(shape, cpu);
      // NaN usage is a sample the HPA reads as NaN, not a missing one
      if (milli !== milli && shape.names.length > 0) regular = false;
      cpuMilli[i] = milli;
    }
    w.rng.state = a;
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
    return new Scrape(now, window, load, ready, pods, cpuOf, cpuMilli, state, sampled, regular, spec, external, object);
  }

  /**
   * What the metrics APIs return to `hpa` whose target is `targetKey` (`Kind/namespace/name`)
   * for its selected `pods`: their last samples, the custom metrics, and the object and external
   * metrics the HPA names (from the target's workload model first, then any workload's).
   * `selector`: the target's, which picked `pods`.
   *
   * When the target's own scrape holds every sample of these pods, the snapshot carries them
   * index-aligned with `podObjects(pods)` (MetricsSnapshot.aligned) and builds the per-pod
   * `resource` and `pods` records only if they are read.
   */
  snapshotFor(hpa: HorizontalPodAutoscaler, targetKey: string, pods: readonly PodInfo[], selector?: LabelSelector): MetricsSnapshot {
    const ownWorkload = this.byKey.get(targetKey);
    const own = ownWorkload?.last as Scrape | undefined;
    const t = (own?.t ?? this.lastScrape) + SIM_EPOCH_MS / 1000;
    const window = this.resolution;
    // The target's own scrape holds every sample of its pods when it selected them with this very
    // selector and no other workload can select any of them.
    const ownHoldsAll = this.disjoint && selector !== undefined && own !== undefined && ownWorkload!.selector === selector;
    const snapshot: MetricsSnapshot = ownHoldsAll ? new AlignedSnapshot(own!, pods, t, window, ownWorkload!.version) : this.perPodSnapshot(pods, t, window);
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

  /** The resource and per-pod metrics of `pods` from every workload's last scrape (later workloads win). */
  private perPodSnapshot(pods: readonly PodInfo[], t: number, window: number): MetricsSnapshot {
    const samples = this.sampleIndex();
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

/** True when both lists hold the same elements in the same order. */
function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The metrics of a target's pods from its own scrape: index-aligned values for the HPA
 * (`aligned`), and the per-pod `resource` and `pods` records built only when read.
 */
class AlignedSnapshot implements MetricsSnapshot {
  readonly aligned: AlignedSamples;
  external?: Record<string, number[]>;
  object?: ObjectMetricSample[];
  private built: { resource?: ResourceMetricsSnapshot; pods?: PodsMetricsSnapshot } | undefined;
  /** Per pod of `podList`, its position in the scrape (-1: not scraped); undefined when the scrape's own list. */
  private readonly at: Int32Array | undefined;
  private readonly listed: number;

  constructor(
    private readonly scrape: Scrape,
    private readonly podList: readonly PodInfo[],
    private readonly t: number,
    private readonly window: number,
    stamp: number,
  ) {
    let listed = 0;
    const pods = podList;
    if (pods === scrape.podList) {
      listed = scrape.sampled;
    } else {
      // the selection changed since the scrape: map each pod to its place in it
      this.at = new Int32Array(pods.length);
      for (let i = 0; i < pods.length; i++) {
        const j = scrape.indexOf(pods[i]);
        this.at[i] = j;
        if (j >= 0 && scrape.state[j] !== 0) listed++;
      }
    }
    this.listed = listed;
    const values = (v: Float64Array | undefined): Float64Array | undefined => (v === undefined ? undefined : this.remap(v));
    this.aligned = {
      pods: podObjects(pods),
      // the workload's version now: it moves whenever one of its pods changed (the pipeline's clock never repeats)
      stamp,
      resource: listed > 0 ? { timestamp: t, windowSeconds: window, listed, values: (r) => values(scrape.milliValues(r)) } : undefined,
      custom: listed > 0 ? { timestamp: t, windowSeconds: window, values: (m) => values(scrape.customValues(m)) } : undefined,
    };
  }

  /** Scrape-ordered values in the order of `podList`. */
  private remap(v: Float64Array): Float64Array {
    const at = this.at;
    if (at === undefined) return v;
    const out = new Float64Array(at.length);
    for (let i = 0; i < at.length; i++) out[i] = at[i] >= 0 ? v[at[i]] : NaN;
    return out;
  }

  private records(): { resource?: ResourceMetricsSnapshot; pods?: PodsMetricsSnapshot } {
    if (this.built !== undefined) return this.built;
    this.built = {};
    if (this.listed === 0) return this.built;
    const resourcePods = new Map<string, Record<string, ContainerUsage>>();
    const byMetric: Record<string, Record<string, number>> = {};
    for (let i = 0; i < this.podList.length; i++) {
      const j = this.at === undefined ? i : this.at[i];
      const s = j >= 0 ? this.scrape.sampleAt(j) : undefined;
      if (s === undefined) continue;
      const name = this.podList[i].name;
      resourcePods.set(name, s.containers);
      for (const m in s.custom) (byMetric[m] ??= {})[name] = s.custom[m];
    }
    this.built.resource = { timestamp: this.t, windowSeconds: this.window, pods: resourcePods };
    this.built.pods = { timestamp: this.t, windowSeconds: this.window, byMetric };
    return this.built;
  }

  get resource(): ResourceMetricsSnapshot | undefined {
    return this.records().resource;
  }

  get pods(): PodsMetricsSnapshot | undefined {
    return this.records().pods;
  }
}

/** mulberry32: a 32-bit state generator, uniform in [0, 1). */
class Mulberry32 {
  /** The 32-bit state (the scrape loop draws from a local copy of it). */
  state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

const SQRT3 = Math.sqrt(3);
const TWO_POW_MINUS_32 = 2 ** -32;
