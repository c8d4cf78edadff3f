/**
 * One-pass expansion of workloads into the pods their controllers would create, for the
 * time-free commands (`schedule`, `validate`): Deployment/ReplicaSet/StatefulSet replicas,
 * Job parallelism, and one pod per node for DaemonSets — pinned by node affinity on
 * metadata.name as the DaemonSet controller does, so the scheduler still filters it.
 */
import type { ClusterState } from './cluster.ts';
import type { PodInfo } from './pod-info.ts';
import { requiredNodeAffinity } from './node-affinity.ts';
import { doNotScheduleTaints, findUntoleratedTaint } from './taints.ts';
import type { DaemonSet, Job, KubeObject, Pod, PodTemplateSpec } from './types.ts';

/** The controller reference of an owner's pods (one array per owner: its pods share it, as they share the template's labels and spec). */
function controllerRefs(owner: KubeObject): NonNullable<Pod['metadata']['ownerReferences']> {
  return [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? '', controller: true }];
}

function podOf(owner: KubeObject, template: PodTemplateSpec, name: string, ownerReferences = controllerRefs(owner), status: Pod['status'] = { phase: 'Pending' }): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: owner.metadata.namespace ?? 'default',
      labels: template.metadata?.labels,
      annotations: template.metadata?.annotations,
      ownerReferences,
    },
    spec: template.spec,
    status,
  };
}

/** A growable set of small non-negative integers. */
class IndexSet {
  private bits = new Uint8Array(64);

  has(i: number): boolean {
    return i < this.bits.length && this.bits[i] === 1;
  }

  add(i: number): void {
    if (i >= this.bits.length) {
      const grown = new Uint8Array(Math.max(i + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[i] = 1;
  }
}

/** A canonical decimal integer (what String(i) gives for an index): no sign, no leading zero. */
const CANONICAL_INDEX = /^(0|[1-9][0-9]{0,14})$/;

/**
 * The names given by `create` in one pass: every such name is `<owner>-<i>` with i a decimal
 * index, and since i has no dash the name's last dash splits it back into owner and index. So
 * the names are kept as index sets per namespace and owner name — no name string is built or
 * hashed for a million pods, and `hasName` answers for any name exactly as a set of the names would.
 */
class TakenNames {
  private readonly byNamespace = new Map<string, Map<string, IndexSet>>();

  /** The indexes taken under `owner` in `namespace` (created empty). */
  of(namespace: string, owner: string): IndexSet {
    let byOwner = this.byNamespace.get(namespace);
    if (byOwner === undefined) this.byNamespace.set(namespace, (byOwner = new Map()));
    let s = byOwner.get(owner);
    if (s === undefined) byOwner.set(owner, (s = new IndexSet()));
    return s;
  }

  /** Whether `name` was given in `namespace`. */
  hasName(namespace: string, name: string): boolean {
    const dash = name.lastIndexOf('-');
    if (dash < 0) return false;
    const suffix = name.slice(dash + 1);
    if (!CANONICAL_INDEX.test(suffix)) return false;
    return this.byNamespace.get(namespace)?.get(name.slice(0, dash))?.has(Number(suffix)) ?? false;
  }
}

/** A pod its controller still counts: not terminating, not finished. */
function active(p: PodInfo): boolean {
  const phase = p.pod.status?.phase;
  return !p.pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

/**
 * Pods for every workload of the cluster (not added to it), in workload order: what each
 * controller would create next to the pods it already has (a snapshot's running pods count, as
 * the ReplicaSet, StatefulSet, Job and DaemonSet controllers count them). Names are
 * deterministic: `name-0`, `name-1`, ... skipping names in use (StatefulSets use their real
 * ordinals). CronJobs create nothing until their schedule fires, so they are skipped.
 */
export function podsForWorkloads(cluster: ClusterState): Pod[] {
  const all: Pod[] = [];
  // Pods the Priority admission plugin would refuse (a template naming a missing PriorityClass) are never created.
  const out = {
    push(pod: Pod): void {
      const name = pod.spec.priorityClassName;
      if (name && pod.spec.priority === undefined && !cluster.priorityClasses.has(name)) return;
      all.push(pod);
    },
  };
  const taken = new TakenNames();
  // a cluster without pods has no name in use: no key to build per pod
  const inUse = (ns: string, name: string): boolean => cluster.pods.size > 0 && cluster.pods.has(`${ns}/${name}`);
  const spec = (o: KubeObject): Record<string, unknown> => (o.spec ?? {}) as Record<string, unknown>;
  const ns = (o: KubeObject): string => o.metadata.namespace ?? 'default';
  const owned = (kind: string, o: KubeObject): PodInfo[] => [...cluster.podsOwnedBy(kind, ns(o), o.metadata.name ?? '')].filter(active);
  const free = (o: KubeObject, name: string): boolean => !inUse(ns(o), name) && !taken.hasName(ns(o), name);
  /** `n` new pods named `name-i` with the lowest free indexes. */
  const create = (o: KubeObject, tpl: PodTemplateSpec, n: number): void => {
    if (n <= 0) return;
    // one owner reference list and one status for all the owner's pods (they are replaced, never changed in place)
    const refs = controllerRefs(o);
    const status: Pod['status'] = { phase: 'Pending' };
    const namespace = ns(o);
    const indexes = taken.of(namespace, `${o.metadata.name}`);
    const base = `${o.metadata.name}-`;
    for (let i = 0, made = 0; made < n; i++) {
      if (indexes.has(i)) continue;
      const name = base + i;
      if (inUse(namespace, name)) continue;
      indexes.add(i);
      out.push(podOf(o, tpl, name, refs, status));
      made++;
    }
  };
  for (const kind of ['Deployment', 'ReplicaSet'] as const) {
    for (const o of cluster.workloads[kind].values()) {
      // ReplicaSets owned by a Deployment are the Deployment's pods already
      if (kind === 'ReplicaSet' && o.metadata.ownerReferences?.some((r) => r.controller)) continue;
      let have = owned(kind, o).length;
      if (kind === 'Deployment') {
        for (const rs of cluster.workloads.ReplicaSet.values()) {
          if (ns(rs) === ns(o) && rs.metadata.ownerReferences?.some((r) => r.controller && r.kind === 'Deployment' && r.name === o.metadata.name)) have += owned('ReplicaSet', rs).length;
        }
      }
      const n = (spec(o).replicas as number | undefined) ?? 1;
      create(o, spec(o).template as PodTemplateSpec, Math.max(0, n - have));
    }
  }
  for (const o of cluster.workloads.StatefulSet.values()) {
    const n = (spec(o).replicas as number | undefined) ?? 1;
    for (let i = 0; i < n; i++) {
      const name = `${o.metadata.name}-${i}`;
      if (free(o, name)) out.push(podOf(o, spec(o).template as PodTemplateSpec, name));
    }
  }
  for (const o of cluster.workloads.Job.values()) {
    const j = o as Job;
    if (o.metadata.ownerReferences?.some((r) => r.controller)) continue;
    if ((j.spec as { suspend?: boolean }).suspend) continue;
    const n = Math.min(j.spec.parallelism ?? 1, j.spec.completions ?? Number.POSITIVE_INFINITY);
    create(o, j.spec.template, Math.max(0, n - owned('Job', o).length));
  }
  for (const o of cluster.workloads.DaemonSet.values()) {
    const ds = o as DaemonSet;
    const tpl = { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: daemonPodSpec(ds.spec.template.spec, '') } as Pod;
    const required = requiredNodeAffinity({ ...tpl, spec: ds.spec.template.spec });
    const served = new Set(owned('DaemonSet', o).map((p) => p.nodeName));
    for (const ni of cluster.nodeList()) {
      // nodeShouldRunDaemonPod: the template's node selector/affinity and NoSchedule/NoExecute taints
      if (served.has(ni.name) || !required(ni) || findUntoleratedTaint(ni.taints, tpl.spec.tolerations, doNotScheduleTaints)) continue;
      const name = `${o.metadata.name}-${ni.name}`;
      if (!free(o, name)) continue;
      const pod = podOf(o, ds.spec.template, name);
      pod.spec = daemonPodSpec(ds.spec.template.spec, ni.name);
      out.push(pod);
    }
  }
  return all;
}

/**
 * The DaemonSet controller's pod spec for one node: required node affinity replaced by
 * `metadata.name In [node]` (util.ReplaceDaemonSetPodNodeNameNodeAffinity) and the DaemonSet
 * tolerations added (not-ready/unreachable NoExecute without time limit, disk/memory/pid
 * pressure and unschedulable NoSchedule). mirrors pkg/controller/daemon/util AddOrUpdateDaemonPodTolerations
 */
export function daemonPodSpec(spec: Pod['spec'], node: string): Pod['spec'] {
  const extra = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' as const },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' as const },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' as const },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' as const },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' as const },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' as const },
  ];
  const tolerations = [
    // the DaemonSet's own not-ready/unreachable tolerations have no tolerationSeconds
    ...(spec.tolerations ?? []).filter((t) => !extra.some((e) => e.key === t.key && e.effect === t.effect)),
    ...extra,
  ];
  // The controller checked the node's eligibility already; the pod's required affinity is replaced.
  const newTerms = [{ matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: [node] }] }];
  return {
    ...spec,
    tolerations,
    affinity: {
      ...(spec.affinity ?? {}),
      nodeAffinity: { ...(spec.affinity?.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: newTerms } },
    },
  };
}
