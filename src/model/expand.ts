/**
 * One-pass expansion of workloads into the pods their controllers would create, for the
 * time-free commands (`schedule`, `validate`): Deployment/ReplicaSet/StatefulSet replicas,
 * Job parallelism, and one pod per node for DaemonSets — pinned by node affinity on
 * metadata.name as the DaemonSet controller does, so the scheduler still filters it.
 */
import type { ClusterState } from './cluster.ts';
import { requiredNodeAffinity } from './node-affinity.ts';
import { doNotScheduleTaints, findUntoleratedTaint } from './taints.ts';
import type { DaemonSet, Job, KubeObject, Pod, PodTemplateSpec } from './types.ts';

function podOf(owner: KubeObject, template: PodTemplateSpec, name: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: owner.metadata.namespace ?? 'default',
      labels: template.metadata?.labels,
      annotations: template.metadata?.annotations,
      ownerReferences: [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? '', controller: true }],
    },
    spec: template.spec,
    status: { phase: 'Pending' },
  };
}

/**
 * Pods for every workload of the cluster (not added to it), in workload order. Names are
 * deterministic: `name-0`, `name-1`, ... (StatefulSets use their real ordinal names).
 * CronJobs create nothing until their schedule fires, so they are skipped.
 */
export function podsForWorkloads(cluster: ClusterState): Pod[] {
  const out: Pod[] = [];
  const spec = (o: KubeObject): Record<string, unknown> => (o.spec ?? {}) as Record<string, unknown>;
  for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet'] as const) {
    for (const o of cluster.workloads[kind].values()) {
      // ReplicaSets owned by a Deployment are the Deployment's pods already
      if (kind === 'ReplicaSet' && o.metadata.ownerReferences?.some((r) => r.controller)) continue;
      const n = (spec(o).replicas as number | undefined) ?? 1;
      const tpl = spec(o).template as PodTemplateSpec;
      for (let i = 0; i < n; i++) out.push(podOf(o, tpl, `${o.metadata.name}-${i}`));
    }
  }
  for (const o of cluster.workloads.Job.values()) {
    const j = o as Job;
    if (o.metadata.ownerReferences?.some((r) => r.controller)) continue;
    const n = Math.min(j.spec.parallelism ?? 1, j.spec.completions ?? Number.POSITIVE_INFINITY);
    for (let i = 0; i < n; i++) out.push(podOf(o, j.spec.template, `${o.metadata.name}-${i}`));
  }
  for (const o of cluster.workloads.DaemonSet.values()) {
    const ds = o as DaemonSet;
    const tpl = { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: daemonPodSpec(ds.spec.template.spec, '') } as Pod;
    const required = requiredNodeAffinity({ ...tpl, spec: ds.spec.template.spec });
    for (const ni of cluster.nodeList()) {
      // nodeShouldRunDaemonPod: the template's node selector/affinity and NoSchedule/NoExecute taints
      if (!required(ni) || findUntoleratedTaint(ni.taints, tpl.spec.tolerations, doNotScheduleTaints)) continue;
      const pod = podOf(o, ds.spec.template, `${o.metadata.name}-${ni.name}`);
      pod.spec = daemonPodSpec(ds.spec.template.spec, ni.name);
      out.push(pod);
    }
  }
  return out;
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
