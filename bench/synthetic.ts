/**
 * Seeded synthetic clusters for the scheduler benchmark and the decision-equivalence test:
 * nodes in three zones with a few shapes, taints, labels and images; pods with mixed requests,
 * a share owned by ReplicaSets selected by Services (so the system default spread constraints
 * apply), some with pod (anti-)affinity, explicit topology spread constraints, node affinity,
 * tolerations and priorities.
 *
 * The equivalence fixture (test/fixtures/scheduler/equivalence.json) was recorded from clusters
 * built here: changing what this file generates for a given seed invalidates that fixture.
 */
import seedrandom from 'seedrandom';
import { ClusterState } from '../src/model/cluster.ts';
import type { Affinity, KubeObject, Node, Pod, PodSpec, Service, Taint, Toleration, TopologySpreadConstraint } from '../src/model/types.ts';

/** What to generate. */
export interface SyntheticOptions {
  seed: string;
  nodes: number;
  pods: number;
  /**
   * `mixed`: ReplicaSets with Services, affinity, spread, node affinity, priorities.
   * `plain`: standalone pods with requests only (no owner, affinity or spread constraints).
   */
  workload: 'mixed' | 'plain';
  /** Pods per ReplicaSet on average (mixed only); default 100. */
  podsPerReplicaSet?: number;
}

/** A generated cluster: nodes added, pods added pending in arrival order. */
export interface SyntheticCluster {
  cluster: ClusterState;
  /** Pod keys in creation order. */
  podKeys: string[];
}

const ZONES = ['zone-a', 'zone-b', 'zone-c'];
const GI = 1024 * 1024 * 1024;
const MI = 1024 * 1024;

/** Node shapes: instance type, cpu, memory (GiB), share of nodes. */
const SHAPES: readonly { type: string; cpu: number; memGi: number; weight: number }[] = [
  { type: 'm.large', cpu: 4, memGi: 16, weight: 2 },
  { type: 'm.xlarge', cpu: 8, memGi: 32, weight: 4 },
  { type: 'm.2xlarge', cpu: 16, memGi: 64, weight: 3 },
  { type: 'c.4xlarge', cpu: 32, memGi: 64, weight: 1 },
];

const IMAGES: readonly { name: string; size: number }[] = Array.from({ length: 30 }, (_, i) => ({
  name: `registry.example/app-${i}:v${1 + (i % 3)}`,
  size: (50 + ((i * 37) % 950)) * MI,
}));

const SPOT_TAINT: Taint = { key: 'spot', value: 'true', effect: 'NoSchedule' };
const GPU_TAINT: Taint = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };
const SOFT_TAINT: Taint = { key: 'maintenance', value: 'soon', effect: 'PreferNoSchedule' };
const SPOT_TOLERATION: Toleration = { key: 'spot', operator: 'Equal', value: 'true', effect: 'NoSchedule' };
const GPU_TOLERATION: Toleration = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };

function pickWeighted<T extends { weight: number }>(rng: () => number, items: readonly T[]): T {
  let total = 0;
  for (const i of items) total += i.weight;
  let r = rng() * total;
  for (const i of items) {
    r -= i.weight;
    if (r < 0) return i;
  }
  return items[items.length - 1];
}

function makeNodes(rng: () => number, n: number): Node[] {
  const nodes: Node[] = [];
  for (let i = 0; i < n; i++) {
    const shape = pickWeighted(rng, SHAPES);
    const zone = ZONES[i % 3];
    const name = `node-${String(i).padStart(5, '0')}`;
    const r = rng();
    const gpu = r < 0.04;
    const spot = !gpu && r < 0.14;
    const taints: Taint[] = [];
    if (gpu) taints.push(GPU_TAINT);
    if (spot) taints.push(SPOT_TAINT);
    if (rng() < 0.05) taints.push(SOFT_TAINT);
    const images = IMAGES.filter(() => rng() < 0.25).map((img) => ({ names: [img.name], sizeBytes: img.size }));
    const allocatable: Record<string, string | number> = {
      cpu: `${shape.cpu * 1000 - 100}m`,
      memory: `${shape.memGi * 1024 - 512}Mi`,
      'ephemeral-storage': '100Gi',
      pods: 110,
    };
    if (gpu) allocatable['nvidia.com/gpu'] = 4;
    nodes.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'topology.kubernetes.io/region': 'region-1',
          'topology.kubernetes.io/zone': zone,
          'node.kubernetes.io/instance-type': shape.type,
          disktype: rng() < 0.3 ? 'ssd' : 'hdd',
          ...(spot ? { lifecycle: 'spot' } : {}),
        },
      },
      spec: taints.length > 0 ? { taints } : {},
      status: { allocatable, capacity: allocatable, images },
    });
  }
  return nodes;
}

/** A container request drawn from a few common sizes. */
function requests(rng: () => number): Record<string, string> {
  const cpus = ['50m', '100m', '250m', '500m', '1', '2'];
  const mems = ['64Mi', '128Mi', '256Mi', '512Mi', '1Gi', '2Gi', '4Gi'];
  const c = Math.min(cpus.length - 1, Math.floor(rng() * rng() * cpus.length * 1.3));
  const m = Math.min(mems.length - 1, Math.floor(rng() * rng() * mems.length * 1.3));
  return { cpu: cpus[c], memory: mems[m] };
}

const PRIORITIES = [0, 0, 0, 1000, 100000];

/** One ReplicaSet's template: the spec is shared by its pods, as controllers share templates. */
interface AppTemplate {
  name: string;
  labels: Record<string, string>;
  spec: PodSpec;
  ownerReferences: { apiVersion: string; kind: string; name: string; controller: boolean }[];
}

function appTemplate(rng: () => number, i: number, replicas: number, numNodes: number, prevApp: string | null): AppTemplate {
  const name = `app-${i}`;
  const group = `g${i % 8}`;
  const labels = { app: name, tier: rng() < 0.5 ? 'web' : 'backend', group };
  const img = IMAGES[Math.floor(rng() * IMAGES.length)];
  const containers = [{ name: 'main', image: img.name, resources: { requests: requests(rng) } }];
  if (rng() < 0.3) containers.push({ name: 'sidecar', image: 'registry.example/proxy:1.0', resources: { requests: { cpu: '50m', memory: '64Mi' } } });
  const spec: PodSpec = { containers, priority: PRIORITIES[Math.floor(rng() * PRIORITIES.length)] };
  const affinity: Affinity = {};
  const f = rng();
  if (f < 0.08 && replicas <= numNodes / 2) {
    // one replica per node
    affinity.podAntiAffinity = {
      requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: name } }, topologyKey: 'kubernetes.io/hostname' }],
    };
  } else if (f < 0.2) {
    affinity.podAntiAffinity = {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: name } }, topologyKey: 'kubernetes.io/hostname' } },
      ],
    };
  } else if (f < 0.25) {
    // co-locate in a zone with the app's group; the group includes the app itself, so the
    // group's first pod may go anywhere (the self-affinity escape)
    affinity.podAffinity = {
      requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { group } }, topologyKey: 'topology.kubernetes.io/zone' }],
    };
  } else if (f < 0.3 && prevApp !== null) {
    affinity.podAffinity = {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 50, podAffinityTerm: { labelSelector: { matchLabels: { app: prevApp } }, topologyKey: 'topology.kubernetes.io/zone' } },
      ],
    };
  }
  const s = rng();
  if (s < 0.1) {
    const tsc: TopologySpreadConstraint[] = [
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: name } } },
    ];
    spec.topologySpreadConstraints = tsc;
  } else if (s < 0.18) {
    spec.topologySpreadConstraints = [
      { maxSkew: 2, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: name } } },
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: name } } },
    ];
  }
  const n = rng();
  if (n < 0.08) spec.nodeSelector = { disktype: 'ssd' };
  else if (n < 0.16) {
    affinity.nodeAffinity = {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 20, preference: { matchExpressions: [{ key: 'node.kubernetes.io/instance-type', operator: 'In', values: ['m.2xlarge', 'c.4xlarge'] }] } },
      ],
    };
  } else if (n < 0.2) {
    affinity.nodeAffinity = {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone-a', 'zone-b'] }] }],
      },
    };
  }
  if (Object.keys(affinity).length > 0) spec.affinity = affinity;
  if (rng() < 0.2) spec.tolerations = [SPOT_TOLERATION];
  return { name, labels, spec, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name, controller: true }] };
}

function standaloneSpec(rng: () => number, mixed: boolean): PodSpec {
  const img = IMAGES[Math.floor(rng() * IMAGES.length)];
  const spec: PodSpec = { containers: [{ name: 'main', image: img.name, resources: { requests: requests(rng) } }] };
  if (!mixed) return spec;
  spec.priority = PRIORITIES[Math.floor(rng() * PRIORITIES.length)];
  if (rng() < 0.01) {
    spec.containers[0].resources!.requests!['nvidia.com/gpu'] = '1';
    spec.tolerations = [GPU_TOLERATION];
  } else if (rng() < 0.15) spec.tolerations = [SPOT_TOLERATION];
  return spec;
}

/** Builds the cluster: nodes, then (mixed) ReplicaSets and Services, then pending pods in a shuffled arrival order. */
export function syntheticCluster(opts: SyntheticOptions): SyntheticCluster {
  const rng = seedrandom(opts.seed);
  const cluster = new ClusterState();
  for (const n of makeNodes(rng, opts.nodes)) cluster.addNode(n);
  const pods: Pod[] = [];
  const mixed = opts.workload === 'mixed';
  const ns = 'default';
  if (mixed) {
    const perRs = opts.podsPerReplicaSet ?? 100;
    const ownedTotal = Math.floor(opts.pods * 0.6);
    const numApps = Math.max(1, Math.round(ownedTotal / perRs));
    let prev: string | null = null;
    const apps: { t: AppTemplate; replicas: number }[] = [];
    let left = ownedTotal;
    for (let i = 0; i < numApps; i++) {
      const replicas = i === numApps - 1 ? left : Math.max(1, Math.min(left, Math.round(perRs * (0.5 + rng()))));
      left -= replicas;
      const t = appTemplate(rng, i, replicas, opts.nodes, prev);
      prev = t.name;
      apps.push({ t, replicas });
      const rs: KubeObject = {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: t.name, namespace: ns, labels: t.labels },
        spec: { replicas, selector: { matchLabels: { app: t.name } }, template: { metadata: { labels: t.labels }, spec: t.spec } },
      };
      cluster.workloads.ReplicaSet.set(`${ns}/${t.name}`, rs);
      if (rng() < 0.8) {
        const svc: Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: t.name, namespace: ns }, spec: { selector: { app: t.name } } } as Service;
        cluster.services.set(`${ns}/${t.name}`, svc);
      }
    }
    for (const { t, replicas } of apps) {
      for (let r = 0; r < replicas; r++) {
        pods.push({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `${t.name}-${r}`, namespace: ns, labels: t.labels, ownerReferences: t.ownerReferences },
          spec: t.spec,
        });
      }
    }
  }
  // Standalone pods share a handful of specs.
  const specs = Array.from({ length: 64 }, () => standaloneSpec(rng, mixed));
  const jobLabels = { role: 'batch' };
  while (pods.length < opts.pods) {
    const i = pods.length;
    pods.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `pod-${i}`, namespace: ns, labels: jobLabels }, spec: specs[Math.floor(rng() * specs.length)] });
  }
  // Arrival order: interleave workloads (Fisher–Yates).
  for (let i = pods.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = pods[i];
    pods[i] = pods[j];
    pods[j] = t;
  }
  const podKeys: string[] = [];
  for (const p of pods) podKeys.push(cluster.addPod(p).key);
  return { cluster, podKeys };
}

/** Total CPU/memory of the cluster's nodes and of the pending pods' requests (for sanity output). */
export function capacitySummary(cluster: ClusterState): { cpuCores: number; memGi: number; podCpuCores: number; podMemGi: number } {
  let cpu = 0;
  let mem = 0;
  for (const n of cluster.nodes.values()) {
    cpu += n.allocatable.milliCPU;
    mem += n.allocatable.memory;
  }
  let pc = 0;
  let pm = 0;
  for (const p of cluster.pods.values()) {
    pc += p.requests.milliCPU;
    pm += p.requests.memory;
  }
  return { cpuCores: cpu / 1000, memGi: mem / GI, podCpuCores: pc / 1000, podMemGi: pm / GI };
}
