/**
 * ClusterState: every object of the simulated cluster with the indexes the scheduler and the
 * controllers need (by name, namespace, label, node, owner), and per-node aggregates kept up to
 * date incrementally as pods are bound and removed. Single-threaded, so the scheduler reads it
 * directly as its snapshot instead of copying.
 */
import { PodAffinityIndex } from './affinity-index.ts';
import type { Labels } from './labels.ts';
import { NodeInfo, type ImageStateSummary } from './node-info.ts';
import { NodeTable } from './node-table.ts';
import { newPodInfo, type PodInfo } from './pod-info.ts';
import type {
  HorizontalPodAutoscaler,
  KubeObject,
  LimitRange,
  Namespace,
  Node,
  Pod,
  PodDisruptionBudget,
  PriorityClass,
  Service,
} from './types.ts';

/** `namespace/name` key of a namespaced object. */
export function objectKey(obj: { metadata: { namespace?: string; name?: string } }): string {
  return `${obj.metadata.namespace ?? 'default'}/${obj.metadata.name ?? ''}`;
}

const ZONE_LABEL = 'topology.kubernetes.io/zone';
const REGION_LABEL = 'topology.kubernetes.io/region';
const ZONE_LABEL_BETA = 'failure-domain.beta.kubernetes.io/zone';
const REGION_LABEL_BETA = 'failure-domain.beta.kubernetes.io/region';

/** The node tree's zone key (pkg/scheduler/internal/cache node_tree.go via utilnode.GetZoneKey). */
export function zoneKeyOf(labels: Labels): string {
  if (!labels) return '';
  const region = labels[REGION_LABEL] ?? labels[REGION_LABEL_BETA] ?? '';
  const zone = labels[ZONE_LABEL] ?? labels[ZONE_LABEL_BETA] ?? '';
  if (region === '' && zone === '') return '';
  return `${region}:\x00:${zone}`;
}

/** Workload kinds kept by ClusterState.workloads. */
export const WORKLOAD_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob'] as const;
/** One of {@link WORKLOAD_KINDS}. */
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/**
 * A Map that counts its changes (`version` moves on every set, delete and clear), so a cache of
 * something derived from its entries checks one number instead of every entry.
 */
export class VersionedMap<K, V> extends Map<K, V> {
  version = 0;

  override set(key: K, value: V): this {
    this.version++;
    return super.set(key, value);
  }

  override delete(key: K): boolean {
    this.version++;
    return super.delete(key);
  }

  override clear(): void {
    this.version++;
    super.clear();
  }
}

/** The whole simulated cluster. */
export class ClusterState {
  readonly nodes = new Map<string, NodeInfo>();
  readonly pods = new Map<string, PodInfo>();
  /** Pending (unbound) pods by key, in arrival order. */
  readonly pendingPods = new Map<string, PodInfo>();
  /**
   * namespace → its pods, in the order they were added (a namespace stays, with an empty set, once
   * its pods are gone). Built on first use from {@link pods} and kept up to date from then on: a
   * run that never reads it (`kubesim schedule` of pods without affinity or spreading) spares one
   * set of every pod.
   */
  get podsByNamespace(): Map<string, Set<PodInfo>> {
    if (this.byNamespace === null) {
      // the same sets, in the same order, as adding each pod as it came would give
      const m = new Map<string, Set<PodInfo>>();
      for (const ns of this.podNamespaces.keys()) m.set(ns, new Set());
      for (const p of this.pods.values()) m.get(p.namespace)!.add(p);
      this.byNamespace = m;
    }
    return this.byNamespace;
  }
  /** label key → label value → pods carrying it. */
  readonly podsByLabel = new Map<string, Map<string, Set<PodInfo>>>();
  /** owner `Kind/namespace/name` → pods whose controller reference names it. */
  readonly podsByOwner = new Map<string, Set<PodInfo>>();
  readonly workloads: Record<WorkloadKind, Map<string, KubeObject>> = {
    Deployment: new Map(),
    ReplicaSet: new Map(),
    StatefulSet: new Map(),
    DaemonSet: new Map(),
    Job: new Map(),
    CronJob: new Map(),
  };
  readonly hpas = new Map<string, HorizontalPodAutoscaler>();
  readonly pdbs = new Map<string, PodDisruptionBudget>();
  readonly priorityClasses = new Map<string, PriorityClass>();
  readonly namespaces = new Map<string, Namespace>();
  readonly limitRanges = new Map<string, LimitRange>();
  /** Services by namespace/name; `services.version` moves on every set, delete and clear. */
  readonly services = new VersionedMap<string, Service>();
  /** Image name → summary shared by every NodeInfo listing it. */
  readonly imageStates = new Map<string, ImageStateSummary>();
  /** Affinity terms of the bound pods, per term and topology value (InterPodAffinity). */
  readonly affinityIndex = new PodAffinityIndex();
  /** Per-node numbers in one flat array, a row per node (NodeInfo.row). */
  readonly nodeTable = new NodeTable();
  /** Image name → 1 at the row of every node listing it (ImageLocality reads this per node). */
  private readonly imageRowMaps = new Map<string, Uint8Array>();
  /**
   * Moves whenever the image summaries or the node count may have changed (a node added, updated
   * or removed, an image pulled onto a node): ImageLocality's scores are kept while it stands.
   */
  imageEpoch = 0;

  private zones = new Map<string, NodeInfo[]>();
  private nodeListCache: NodeInfo[] | null = null;
  private nodeRowsCache: Int32Array | null = null;
  private seq = 0;
  /** {@link podsByNamespace} once built. */
  private byNamespace: Map<string, Set<PodInfo>> | null = null;
  /** Every namespace a pod was added to, in first-seen order (the keys of {@link podsByNamespace}). */
  private readonly podNamespaces = new Map<string, true>();
  private readonly ownerKeys = new OwnerKeys();

  /**
   * Nodes in the scheduler's NodeTree order: round-robin across zones (zones in first-seen
   * order, insertion order within a zone). mirrors pkg/scheduler/backend/cache/node_tree.go list
   */
  nodeList(): NodeInfo[] {
    if (this.nodeListCache) return this.nodeListCache;
    const zones = [...this.zones.values()];
    const out: NodeInfo[] = [];
    for (let i = 0; out.length < this.nodes.size; i++) {
      for (const z of zones) if (i < z.length) out.push(z[i]);
    }
    this.nodeListCache = out;
    return out;
  }

  /** The node-table row of each node of {@link nodeList}, same order. */
  nodeRows(): Int32Array {
    const nodes = this.nodeList();
    if (this.nodeRowsCache !== null && this.nodeRowsCache.length === nodes.length) return this.nodeRowsCache;
    this.nodeRowsCache = Int32Array.from(nodes, (n) => n.row);
    return this.nodeRowsCache;
  }

  /** 1 at the node-table row of every node listing the image (index past the end: 0), or undefined. */
  imageNodeRows(image: string): Uint8Array | undefined {
    return this.imageRowMaps.get(image);
  }

  private setImageRow(image: string, row: number, v: 0 | 1): void {
    let m = this.imageRowMaps.get(image);
    if (m === undefined || row >= m.length) {
      if (v === 0) return;
      const grown = new Uint8Array(Math.max(64, row + 1, (m?.length ?? 0) * 2));
      if (m !== undefined) grown.set(m);
      this.imageRowMaps.set(image, (m = grown));
    }
    m[row] = v;
  }

  /**
   * Counts node additions, removals and Node object replacements: while it stands still, every
   * NodeInfo holds the Node object it held (the scheduler's node informer skips its comparison).
   */
  nodeChanges = 0;

  /** Adds a node (or replaces the Node object of an existing one, keeping its pods). */
  addNode(node: Node): NodeInfo {
    const name = node.metadata.name ?? '';
    this.nodeChanges++;
    const existing = this.nodes.get(name);
    if (existing) {
      this.untrackImages(existing);
      const oldZone = zoneKeyOf(existing.labels);
      existing.setNode(node);
      if (zoneKeyOf(existing.labels) !== oldZone) {
        this.removeFromZone(existing, oldZone);
        this.addToZone(existing);
      }
      this.trackImages(existing);
      return existing;
    }
    const ni = new NodeInfo(node);
    ni.affinityIndex = this.affinityIndex;
    ni.row = this.nodeTable.alloc();
    ni.table = this.nodeTable;
    this.nodeTable.sync(ni);
    this.nodes.set(name, ni);
    this.addToZone(ni);
    this.trackImages(ni);
    for (const p of this.pods.values()) if (p.nodeName === name) ni.addPod(p);
    return ni;
  }

  /** Removes a node; its pods stay in the state (bound to a node that no longer exists) for controllers to handle. */
  removeNode(name: string): NodeInfo | undefined {
    const ni = this.nodes.get(name);
    if (!ni) return undefined;
    this.nodeChanges++;
    this.untrackImages(ni);
    this.removeFromZone(ni, zoneKeyOf(ni.labels));
    this.nodes.delete(name);
    for (const p of ni.podsWithAffinity) this.affinityIndex.update(p, ni.labels, -1);
    this.affinityIndex.selectorCounts.dropNode(ni);
    ni.affinityIndex = null;
    this.nodeTable.free(ni.row);
    ni.table = null;
    ni.row = -1;
    return ni;
  }

  private addToZone(ni: NodeInfo): void {
    const z = zoneKeyOf(ni.labels);
    let arr = this.zones.get(z);
    if (!arr) this.zones.set(z, (arr = []));
    arr.push(ni);
    this.nodeListCache = null;
    this.nodeRowsCache = null;
  }

  private removeFromZone(ni: NodeInfo, zone: string): void {
    const arr = this.zones.get(zone);
    if (!arr) return;
    const i = arr.indexOf(ni);
    if (i >= 0) {
      // node_tree removeNode: the last node of the zone moves into the hole
      arr[i] = arr[arr.length - 1];
      arr.pop();
    }
    if (arr.length === 0) this.zones.delete(zone);
    this.nodeListCache = null;
    this.nodeRowsCache = null;
  }

  private trackImages(ni: NodeInfo): void {
    this.imageEpoch++;
    const states = new Map<string, ImageStateSummary>();
    for (const img of ni.node.status?.images ?? []) {
      for (const name of img.names ?? []) {
        if (states.has(name)) continue;
        let s = this.imageStates.get(name);
        if (!s) this.imageStates.set(name, (s = { size: img.sizeBytes ?? 0, numNodes: 0 }));
        s.numNodes++;
        states.set(name, s);
        this.setImageRow(name, ni.row, 1);
      }
    }
    ni.imageStates = states;
  }

  private untrackImages(ni: NodeInfo): void {
    this.imageEpoch++;
    for (const [name, s] of ni.imageStates) {
      s.numNodes--;
      if (s.numNodes <= 0) this.imageStates.delete(name);
      this.setImageRow(name, ni.row, 0);
    }
    ni.imageStates = new Map();
  }

  /** Records that `ni` now holds `images` (after a pull), keeping the shared image summaries. */
  addImagesToNode(ni: NodeInfo, images: readonly string[]): void {
    for (const name of images) {
      if (name === '' || ni.imageStates.has(name)) continue;
      this.imageEpoch++;
      let s = this.imageStates.get(name);
      if (!s) this.imageStates.set(name, (s = { size: 0, numNodes: 0 }));
      s.numNodes++;
      ni.imageStates.set(name, s);
      this.setImageRow(name, ni.row, 1);
    }
    ni.generation++;
  }

  /** Adds a pod (bound when spec.nodeName is set, pending otherwise) and returns its PodInfo. */
  addPod(pod: Pod): PodInfo {
    const p = newPodInfo(pod);
    p.seq = this.seq++;
    if (this.pods.has(p.key)) throw new Error(`pod ${p.key} already exists`);
    this.pods.set(p.key, p);
    if (!this.podNamespaces.has(p.namespace)) this.podNamespaces.set(p.namespace, true);
    const byNs = this.byNamespace;
    if (byNs !== null) {
      let ns = byNs.get(p.namespace);
      if (!ns) byNs.set(p.namespace, (ns = new Set()));
      ns.add(p);
    }
    for (const k in p.labels ?? {}) {
      let byValue = this.podsByLabel.get(k);
      if (!byValue) this.podsByLabel.set(k, (byValue = new Map()));
      const v = p.labels![k];
      let set = byValue.get(v);
      if (!set) byValue.set(v, (set = new Set()));
      set.add(p);
    }
    const owner = this.ownerKeys.of(pod);
    if (owner) {
      let set = this.podsByOwner.get(owner);
      if (!set) this.podsByOwner.set(owner, (set = new Set()));
      set.add(p);
    }
    if (p.nodeName) this.nodes.get(p.nodeName)?.addPod(p);
    else this.pendingPods.set(p.key, p);
    return p;
  }

  /** Binds a pending pod to a node (the scheduler's assume + bind). */
  bindPod(p: PodInfo, nodeName: string): void {
    const ni = this.nodes.get(nodeName);
    if (!ni) throw new Error(`cannot bind ${p.key}: node ${nodeName} does not exist`);
    if (p.nodeName) throw new Error(`cannot bind ${p.key}: already bound to ${p.nodeName}`);
    // PodInfo.nodeName is the binding; pod.spec stays shared with its template (memory at 1M pods).
    p.nodeName = nodeName;
    this.pendingPods.delete(p.key);
    ni.addPod(p);
  }

  /** Removes a pod from every index and from its node's aggregates. */
  removePod(key: string): PodInfo | undefined {
    const p = this.pods.get(key);
    if (!p) return undefined;
    this.pods.delete(key);
    this.pendingPods.delete(key);
    this.byNamespace?.get(p.namespace)?.delete(p);
    for (const k in p.labels ?? {}) this.podsByLabel.get(k)?.get(p.labels![k])?.delete(p);
    const owner = this.ownerKeys.of(p.pod);
    if (owner) this.podsByOwner.get(owner)?.delete(p);
    if (p.nodeName) this.nodes.get(p.nodeName)?.removePod(p);
    return p;
  }

  /** Labels of a namespace (namespaces not declared have only the well-known name label). */
  namespaceLabels(namespace: string): Labels {
    return this.namespaces.get(namespace)?.metadata.labels ?? { 'kubernetes.io/metadata.name': namespace };
  }

  /** Pods whose labels carry key=value (index lookup). */
  podsWithLabel(key: string, value: string): ReadonlySet<PodInfo> {
    return this.podsByLabel.get(key)?.get(value) ?? EMPTY;
  }

  /** Pods controlled by the workload `kind namespace/name`. */
  podsOwnedBy(kind: string, namespace: string, name: string): ReadonlySet<PodInfo> {
    return this.podsByOwner.get(`${kind}/${namespace}/${name}`) ?? EMPTY;
  }

  /** Cluster-wide totals of allocatable and requested (bound pods) per resource. */
  totals(): { allocatable: Record<string, number>; requested: Record<string, number> } {
    const allocatable: Record<string, number> = {};
    const requested: Record<string, number> = {};
    const add = (into: Record<string, number>, name: string, v: number): void => {
      into[name] = (into[name] ?? 0) + v;
    };
    for (const ni of this.nodes.values()) {
      const a = ni.allocatable;
      const r = ni.requested;
      add(allocatable, 'cpu', a.milliCPU);
      add(allocatable, 'memory', a.memory);
      add(allocatable, 'ephemeral-storage', a.ephemeralStorage);
      add(allocatable, 'pods', a.allowedPodNumber);
      for (const k in a.scalar) add(allocatable, k, a.scalar[k]);
      add(requested, 'cpu', r.milliCPU);
      add(requested, 'memory', r.memory);
      add(requested, 'ephemeral-storage', r.ephemeralStorage);
      add(requested, 'pods', ni.pods.length);
      for (const k in r.scalar) add(requested, k, r.scalar[k]);
    }
    return { allocatable, requested };
  }
}

const EMPTY: ReadonlySet<PodInfo> = new Set();

/**
 * {@link controllerKey} remembering the last answer: the pods of one controller come one after
 * another and share their owner reference, so the key string is built (and hashed) once per
 * owner instead of once per pod. The reference's fields are compared each time, so a changed
 * reference gets a new key.
 */
class OwnerKeys {
  private ref: object | undefined = undefined;
  private kind = '';
  private name = '';
  private namespace = '';
  private key = '';

  of(obj: KubeObject): string | undefined {
    const refs = obj.metadata.ownerReferences;
    if (refs === undefined || refs === null) return undefined;
    let ref: (typeof refs)[number] | undefined;
    for (const r of refs) {
      if (r.controller) {
        ref = r;
        break;
      }
    }
    if (ref === undefined) return undefined;
    const ns = obj.metadata.namespace ?? 'default';
    if (ref === this.ref && ref.kind === this.kind && ref.name === this.name && ns === this.namespace) return this.key;
    this.ref = ref;
    this.kind = ref.kind;
    this.name = ref.name;
    this.namespace = ns;
    this.key = `${ref.kind}/${ns}/${ref.name}`;
    return this.key;
  }
}

/** `Kind/namespace/name` of the controller owner reference of an object, if any. */
export function controllerKey(obj: KubeObject): string | undefined {
  const ref = obj.metadata.ownerReferences?.find((r) => r.controller) ?? undefined;
  if (!ref) return undefined;
  return `${ref.kind}/${obj.metadata.namespace ?? 'default'}/${ref.name}`;
}
