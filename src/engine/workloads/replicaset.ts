/**
 * The ReplicaSet controller in the engine: make the number of active pods equal spec.replicas
 * (creating from the template, or deleting in upstream's ranking order), then write status
 * computed from the pods seen at the start of the sync (so status lags by one sync, as upstream).
 * mirrors pkg/controller/replicaset/replica_set.go syncReplicaSet / manageReplicas / calculateStatus
 */
import { controllerKeysOf } from './owner.ts';
import { controllerKey, objectKey } from '../../model/cluster.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import type { Pod, ReplicaSet } from '../../model/types.ts';
import { getPodsToDelete } from '../../controllers/replicaset/index.ts';
import type { Engine, EngineController } from '../engine.ts';
import { componentRng, randomSuffix, type Random } from '../rng.ts';

/** Upstream's burst of creations/deletions per sync (replica_set.go BurstReplicas). */
export const BURST_REPLICAS = 500;

/** True while the pod is not being deleted (controller.FilterActivePods, minus terminal phases). */
export function isActivePod(p: PodInfo): boolean {
  const phase = p.pod.status?.phase;
  return !p.pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

/** Builds a pod from a controller's template (shared spec: pods never mutate it). */
export function podFromTemplate(
  owner: { kind: string; apiVersion: string; metadata: { name?: string; namespace?: string; uid?: string } },
  template: ReplicaSet['spec']['template'],
  name: string,
): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace ?? 'default',
      labels: template.metadata?.labels,
      annotations: template.metadata?.annotations,
      ownerReferences: [
        { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true },
      ],
    },
    spec: template.spec,
    status: { phase: 'Pending' },
  };
}

/** The engine's ReplicaSet controller. */
export class ReplicaSetController implements EngineController {
  readonly name = 'ReplicaSet';
  private readonly rng: Random;

  constructor(seed: string | number) {
    this.rng = componentRng(seed, 'replicaset-controller');
  }

  keysForPod(p: PodInfo): string[] {
    return controllerKeysOf(p.pod, 'ReplicaSet');
  }

  sync(engine: Engine, keys: readonly string[]): void {
    for (const key of keys) {
      const rs = engine.cluster.workloads.ReplicaSet.get(key) as ReplicaSet | undefined;
      if (rs) this.syncOne(engine, rs);
    }
  }

  private syncOne(engine: Engine, rs: ReplicaSet): void {
    const ns = rs.metadata.namespace ?? 'default';
    const name = rs.metadata.name ?? '';
    const owned = [...engine.cluster.podsOwnedBy('ReplicaSet', ns, name)];
    const active = owned.filter(isActivePod);
    const want = rs.spec.replicas ?? 1;
    const diff = active.length - want;
    if (diff < 0) {
      const n = Math.min(-diff, BURST_REPLICAS);
      for (let i = 0; i < n; i++) {
        let podName: string;
        do podName = `${name}-${randomSuffix(this.rng)}`;
        while (engine.cluster.pods.has(`${ns}/${podName}`));
        // slowStartBatch stops at the first error (FailedCreate, recorded by createPod)
        if (!engine.createPod(podFromTemplate(rs, rs.spec.template, podName))) break;
      }
    } else if (diff > 0) {
      const n = Math.min(diff, BURST_REPLICAS);
      // related pods: every active pod of sibling ReplicaSets of the same controller (for ranks)
      const owner = controllerKey(rs);
      const related: PodInfo[] = [];
      if (owner) {
        for (const [k, other] of engine.cluster.workloads.ReplicaSet) {
          if (controllerKey(other) !== owner) continue;
          const [ons, oname] = k.split('/');
          for (const p of engine.cluster.podsOwnedBy('ReplicaSet', ons, oname)) if (isActivePod(p)) related.push(p);
        }
      } else related.push(...active);
      const victims = getPodsToDelete(active.map(withNodeName), related.map(withNodeName), n, engine.absoluteNow());
      for (const v of victims) {
        const p = engine.cluster.pods.get(`${v.metadata.namespace ?? 'default'}/${v.metadata.name}`);
        if (p) engine.deletePod(p, 'Killing');
      }
    }
    // status from the pods seen at the start of this sync (calculateStatus)
    const minReady = rs.spec.minReadySeconds ?? 0;
    let ready = 0;
    let available = 0;
    let nextAvailableAt = Infinity;
    for (const p of active) {
      if (!engine.isReady(p)) continue;
      ready++;
      if (engine.isAvailable(p, minReady)) available++;
      // as upstream's enqueueRSAfter(minReadySeconds + 1s): available strictly after the window
      else nextAvailableAt = Math.min(nextAvailableAt, engine.runtime.get(p)!.readyAt! + minReady + 1);
    }
    const status = {
      replicas: active.length,
      fullyLabeledReplicas: active.length,
      readyReplicas: ready,
      availableReplicas: available,
      observedGeneration: rs.metadata.generation ?? 1,
    };
    const old = (rs.status ?? {}) as Record<string, unknown>;
    if (
      old.replicas !== status.replicas ||
      old.readyReplicas !== status.readyReplicas ||
      old.availableReplicas !== status.availableReplicas ||
      old.observedGeneration !== status.observedGeneration
    ) {
      rs.status = status;
      if (owner(rs)) engine.markDirty('Deployment', owner(rs)!);
    }
    // minReadySeconds: re-sync when the next pod becomes available (AddAfter in upstream)
    if (Number.isFinite(nextAvailableAt)) engine.at(nextAvailableAt, () => engine.markDirty('ReplicaSet', objectKey(rs)));
  }
}

/** The pod as the API would return it: spec.nodeName set from the binding (spec is shared otherwise). */
export function withNodeName(p: PodInfo): Pod {
  return p.nodeName ? { ...p.pod, spec: { ...p.pod.spec, nodeName: p.nodeName } } : p.pod;
}

function owner(rs: ReplicaSet): string | undefined {
  const ref = rs.metadata.ownerReferences?.find((r) => r.controller);
  return ref && ref.kind === 'Deployment' ? `${rs.metadata.namespace ?? 'default'}/${ref.name}` : undefined;
}

