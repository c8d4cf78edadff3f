/**
 * The StatefulSet controller in the engine: ordinal pods created, deleted and updated as the pure
 * upstream sync (src/controllers/statefulset syncStatefulSet) decides, with the revision history
 * (ControllerRevisions) kept as template-by-hash, and status from computeStatefulSetStatus.
 */
import { controllerKeysOf } from './owner.ts';
import { objectKey } from '../../model/cluster.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import type { PodTemplateSpec, StatefulSet } from '../../model/types.ts';
import { computeHash } from '../../controllers/common/template.ts';
import { computeStatefulSetStatus, StatefulSetRevisionLabel, syncStatefulSet, type StatefulSetView } from '../../controllers/statefulset/index.ts';
import type { Engine, EngineController } from '../engine.ts';
import { podFromTemplate, withNodeName } from './replicaset.ts';

/** The engine's StatefulSet controller. */
export class StatefulSetController implements EngineController {
  readonly name = 'StatefulSet';
  /** set key → revision hash → template (the ControllerRevision history). */
  private readonly revisions = new Map<string, Map<string, PodTemplateSpec>>();

  keysForPod(p: PodInfo): string[] {
    return controllerKeysOf(p.pod, 'StatefulSet');
  }

  sync(engine: Engine, keys: readonly string[]): void {
    for (const key of keys) {
      const set = engine.cluster.workloads.StatefulSet.get(key) as StatefulSet | undefined;
      if (set) this.syncOne(engine, key, set);
    }
  }

  private syncOne(engine: Engine, key: string, set: StatefulSet): void {
    const ns = set.metadata.namespace ?? 'default';
    const name = set.metadata.name ?? '';
    let history = this.revisions.get(key);
    if (!history) this.revisions.set(key, (history = new Map()));
    const updateRevision = `${name}-${computeHash(set.spec.template)}`;
    history.set(updateRevision, set.spec.template);
    const status = (set.status ?? {}) as { currentRevision?: string; currentReplicas?: number };
    const currentRevision = status.currentRevision ?? updateRevision;
    const owned = [...engine.cluster.podsOwnedBy('StatefulSet', ns, name)];
    const view: StatefulSetView = {
      set,
      pods: owned.map(withNodeName),
      currentRevision,
      updateRevision,
      currentReplicas: status.currentReplicas,
      now: engine.absoluteNow(),
    };
    const decision = syncStatefulSet(view);
    for (const c of decision.create) {
      const tpl = history.get(c.revision) ?? set.spec.template;
      const labels = { ...(tpl.metadata?.labels ?? {}), [StatefulSetRevisionLabel]: c.revision, 'statefulset.kubernetes.io/pod-name': c.name, 'apps.kubernetes.io/pod-index': String(c.ordinal) };
      const pod = podFromTemplate(set, { ...tpl, metadata: { ...(tpl.metadata ?? {}), labels } }, c.name);
      pod.metadata.generateName = undefined;
      if (engine.cluster.pods.has(`${ns}/${c.name}`)) continue; // the old pod is still terminating
      if (!engine.createPod(pod)) continue; // refused: FailedCreate recorded
      engine.emit('SuccessfulCreate', `StatefulSet ${key}`, { message: `create Pod ${c.name} in StatefulSet ${name} successful`, pod: `${ns}/${c.name}` });
    }
    for (const d of decision.delete) {
      const p = engine.cluster.pods.get(`${ns}/${d.metadata.name}`);
      if (!p) continue;
      engine.emit('SuccessfulDelete', `StatefulSet ${key}`, { message: `delete Pod ${d.metadata.name} in StatefulSet ${name} successful`, pod: p.key });
      engine.deletePod(p, 'Killing');
    }
    const next = computeStatefulSetStatus(view, decision);
    const prev = JSON.stringify(set.status ?? {});
    if (JSON.stringify(next) !== prev) engine.cluster.workloads.StatefulSet.set(key, { ...set, status: next });
    // minReadySeconds: look again when the next ready pod becomes available
    const minReady = set.spec.minReadySeconds ?? 0;
    if (minReady > 0) {
      let next2 = Infinity;
      for (const p of owned) {
        const rt = engine.runtime.get(p);
        // IsPodAvailable is strict (ready + minReadySeconds < now): look again one second after
        if (rt?.readyAt !== undefined && rt.readyAt + minReady + 1 > engine.now) next2 = Math.min(next2, rt.readyAt + minReady + 1);
      }
      if (Number.isFinite(next2)) engine.at(next2, () => engine.markDirty('StatefulSet', objectKey(set)));
    }
  }
}
