/**
 * The Deployment controller in the engine: runs the pure upstream sync
 * (src/controllers/deployment syncDeployment) on the current objects and applies its writes —
 * ReplicaSet creations, resizes and deletions, the Deployment's status — and its events.
 */
import { controllerKey, objectKey } from '../../model/cluster.ts';
import type { Deployment, ReplicaSet } from '../../model/types.ts';
import { syncDeployment } from '../../controllers/deployment/index.ts';
import type { Engine, EngineController } from '../engine.ts';
import { withNodeName } from './replicaset.ts';
import type { PodInfo } from '../../model/pod-info.ts';

/** The ReplicaSets controlled by a Deployment, oldest first. */
export function replicaSetsOf(engine: Engine, d: Deployment): ReplicaSet[] {
  // controllerKey(rs) === `Deployment/<namespace>/<name>`, without building the strings
  const namespace = d.metadata.namespace ?? 'default';
  const name = `${d.metadata.name}`;
  const out: ReplicaSet[] = [];
  for (const rs of engine.cluster.workloads.ReplicaSet.values()) {
    const ref = rs.metadata.ownerReferences?.find((r) => r.controller);
    if (ref !== undefined && ref.kind === 'Deployment' && `${ref.name}` === name && (rs.metadata.namespace ?? 'default') === namespace) out.push(rs as ReplicaSet);
  }
  return out;
}

function deploymentRef(d: Deployment): string {
  return `Deployment/${d.metadata.namespace ?? 'default'}/${d.metadata.name}`;
}

/** replicaSetsOf for every controller at once (same order). */
function replicaSetsByOwner(engine: Engine): Map<string, ReplicaSet[]> {
  const out = new Map<string, ReplicaSet[]>();
  for (const rs of engine.cluster.workloads.ReplicaSet.values()) {
    const owner = controllerKey(rs);
    if (owner === undefined) continue;
    const list = out.get(owner);
    if (list) list.push(rs as ReplicaSet);
    else out.set(owner, [rs as ReplicaSet]);
  }
  return out;
}

/** The engine's Deployment controller. */
export class DeploymentController implements EngineController {
  readonly name = 'Deployment';

  /** Recreate waits for old pods to be gone: pod removals of its ReplicaSets re-sync it. */
  keysForPod(p: PodInfo): string[] {
    const ref = p.pod.metadata.ownerReferences?.find((r) => r.controller);
    if (!ref || ref.kind !== 'ReplicaSet') return [];
    const rs = this.rsCache?.get(`${p.namespace}/${ref.name}`);
    const owner = rs?.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
    return owner && p.pod.metadata.deletionTimestamp ? [`${p.namespace}/${owner.name}`] : [];
  }

  private rsCache: Map<string, ReplicaSet> | undefined;

  sync(engine: Engine, keys: readonly string[]): void {
    this.rsCache = engine.cluster.workloads.ReplicaSet as Map<string, ReplicaSet>;
    // one pass over the ReplicaSets for the whole batch: a sync only touches its own deployment's
    const byOwner = keys.length > 1 ? replicaSetsByOwner(engine) : undefined;
    for (const key of keys) {
      const d = engine.cluster.workloads.Deployment.get(key) as Deployment | undefined;
      if (d) this.syncOne(engine, key, d, byOwner ? (byOwner.get(deploymentRef(d)) ?? []) : replicaSetsOf(engine, d));
    }
  }

  private syncOne(engine: Engine, key: string, d: Deployment, rsList: ReplicaSet[]): void {
    const recreate = d.spec.strategy?.type === 'Recreate';
    const pods = recreate
      ? rsList.flatMap((rs) => [...engine.cluster.podsOwnedBy('ReplicaSet', rs.metadata.namespace ?? 'default', rs.metadata.name ?? '')].map(withNodeName))
      : undefined;
    const result = syncDeployment({ deployment: d, replicaSets: rsList, pods }, engine.absoluteNow());
    engine.cluster.workloads.Deployment.set(key, result.deployment);
    noteProgressTransition(engine, key, d, result.deployment);
    const rsMap = engine.cluster.workloads.ReplicaSet;
    for (const a of result.actions) {
      switch (a.kind) {
        case 'CreateReplicaSet':
        case 'UpdateReplicaSet': {
          const rs = a.replicaSet;
          const rk = objectKey(rs);
          const prev = rsMap.get(rk) as ReplicaSet | undefined;
          // the controller's copy carries the status it read; keep the live status
          if (prev?.status) rs.status = prev.status;
          rs.metadata.uid ??= `uid-${rk}`;
          rsMap.set(rk, rs);
          engine.markDirty('ReplicaSet', rk);
          break;
        }
        case 'DeleteReplicaSet': {
          const rk = `${a.namespace}/${a.name}`;
          rsMap.delete(rk);
          // garbage collection of its pods (an old RS is deleted only at 0 replicas, so usually none)
          for (const p of [...engine.cluster.podsOwnedBy('ReplicaSet', a.namespace, a.name)]) engine.deletePod(p, 'Killing');
          break;
        }
        case 'UpdateDeployment':
          // a spec write (rollback) is an update event: the controller syncs the Deployment again
          engine.markDirty('Deployment', key);
          break;
        default:
          break;
      }
    }
    for (const e of result.events) {
      const [kind, ns, name] = e.object.split('/');
      engine.emit(e.reason, `${kind} ${ns}/${name}`, {
        type: e.type,
        message: e.message,
        ...(e.replicaSet !== undefined ? { replicaSet: e.replicaSet, from: e.from, to: e.to } : {}),
      });
    }
    if (result.requeueAfter !== undefined) engine.at(engine.now + Math.max(1, result.requeueAfter), () => engine.markDirty('Deployment', key));
    if (result.error) engine.emit('SyncError', `Deployment ${key}`, { message: result.error });
  }
}

type Condition = { type: string; status: string; reason?: string; message?: string };

function progressing(d: Deployment): Condition | undefined {
  return ((d.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((c) => c.type === 'Progressing');
}

/**
 * Records the rollout outcomes `kubectl rollout status` reports — the Progressing condition
 * turning to ProgressDeadlineExceeded or NewReplicaSetAvailable — as entries of the decision log
 * (upstream writes the condition only, no Event).
 */
function noteProgressTransition(engine: Engine, key: string, before: Deployment, after: Deployment): void {
  const a = progressing(before);
  const b = progressing(after);
  if (!b || (a && a.reason === b.reason && a.status === b.status)) return;
  if (b.reason === 'ProgressDeadlineExceeded' && b.status === 'False') engine.emit('ProgressDeadlineExceeded', `Deployment ${key}`, { message: b.message ?? '' });
  else if (b.reason === 'NewReplicaSetAvailable' && b.status === 'True' && a) engine.emit('RolloutComplete', `Deployment ${key}`, { message: b.message ?? '' });
}
