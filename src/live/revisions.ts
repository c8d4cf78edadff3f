/**
 * A live cluster names StatefulSet and DaemonSet revisions by hashing Go structs
 * (`controller-revision-hash` on pods, status.currentRevision/updateRevision on StatefulSets);
 * kubesim hashes its own canonical form of the template (src/controllers/common/template.ts
 * computeHash), so the values differ and, left as they are, every imported StatefulSet and
 * DaemonSet pod would look outdated and be rolled at t=0. The import translates the live
 * cluster's *current* revision into kubesim's name for the same template; pods of an older
 * revision keep their label (their template is in a ControllerRevision, which is not imported)
 * and are rolled as the live controller would.
 */
import { computeHash } from '../controllers/common/template.ts';
import { loadManifestSources } from '../manifests/index.ts';
import type { KubeObject, PodTemplateSpec } from '../model/types.ts';
import type { ApiObject } from './import.ts';
import type { Json } from './serialize.ts';

/** mirrors apps.ControllerRevisionHashLabelKey */
const REVISION_LABEL = 'controller-revision-hash';

/** One translated revision. */
export interface RevisionNote {
  /** `StatefulSet shop/db`. */
  object: string;
  live: string;
  kubesim: string;
  pods: number;
}

type Map_ = { [key: string]: Json };
const asMap = (v: Json | undefined): Map_ | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? v : undefined);
const metaOf = (o: ApiObject): Map_ => asMap(o.metadata) ?? {};

function ownedBy(pod: ApiObject, kind: string, ns: string, name: string): boolean {
  const m = metaOf(pod);
  if (m.namespace !== ns) return false;
  const refs = Array.isArray(m.ownerReferences) ? m.ownerReferences : [];
  return refs.some((r) => {
    const ref = asMap(r);
    return ref?.controller === true && ref.kind === kind && ref.name === name;
  });
}

function labelOf(pod: ApiObject): string | undefined {
  const v = asMap(metaOf(pod).labels)?.[REVISION_LABEL];
  return typeof v === 'string' ? v : undefined;
}

function relabel(pod: ApiObject, value: string): ApiObject {
  const m = metaOf(pod);
  return { ...pod, metadata: { ...m, labels: { ...(asMap(m.labels) ?? {}), [REVISION_LABEL]: value } } };
}

/** Whether the controller has seen the latest spec (else status revisions may be stale). */
function observed(o: ApiObject): boolean {
  const gen = metaOf(o).generation;
  const obs = asMap(o.status)?.observedGeneration;
  return typeof gen !== 'number' || (typeof obs === 'number' && obs >= gen);
}

/**
 * Rewrites the current revision of each StatefulSet and DaemonSet (pods' labels, StatefulSet
 * status) to kubesim's hash of the template as kubesim loads it (defaulted and admitted with the
 * rest of the snapshot). Returns new objects, what changed, and the load error if the snapshot
 * does not load (then nothing is rewritten).
 */
export function alignRevisions(objects: readonly ApiObject[], snapshotText: string): { objects: ApiObject[]; notes: RevisionNote[]; error?: string } {
  let loaded: KubeObject[];
  try {
    loaded = loadManifestSources([{ file: '<snapshot>', text: snapshotText }]).objects.map((o) => o.object);
  } catch (err) {
    return { objects: [...objects], notes: [], error: (err as { format?: () => string }).format?.() ?? (err as Error).message };
  }
  const template = new Map<string, PodTemplateSpec>();
  for (const o of loaded) {
    if (o.kind === 'StatefulSet' || o.kind === 'DaemonSet') template.set(`${o.kind}/${o.metadata.namespace ?? 'default'}/${o.metadata.name ?? ''}`, (o.spec as { template: PodTemplateSpec }).template);
  }
  const out = [...objects];
  const notes: RevisionNote[] = [];
  const podIdx = out.map((o, i) => (o.kind === 'Pod' ? i : -1)).filter((i) => i >= 0);
  out.forEach((w, wi) => {
    if (w.kind !== 'StatefulSet' && w.kind !== 'DaemonSet') return;
    const ns = String(metaOf(w).namespace ?? 'default');
    const name = String(metaOf(w).name ?? '');
    const tpl = template.get(`${w.kind}/${ns}/${name}`);
    if (!tpl || !observed(w)) return;
    const owned = podIdx.filter((i) => ownedBy(out[i], w.kind as string, ns, name));
    const status = asMap(w.status) ?? {};
    let live: string | undefined;
    let kubesim: string;
    if (w.kind === 'StatefulSet') {
      live = typeof status.updateRevision === 'string' ? status.updateRevision : undefined;
      // mirrors src/engine/workloads/statefulset.ts: updateRevision = name-hash
      kubesim = `${name}-${computeHash(tpl)}`;
    } else {
      // a DaemonSet's status names no revision: the current one is the label its updated pods share
      const updated = status.updatedNumberScheduled;
      const counts = new Map<string, number>();
      for (const i of owned) {
        const l = labelOf(out[i]);
        if (l !== undefined) counts.set(l, (counts.get(l) ?? 0) + 1);
      }
      const candidates = [...counts].filter(([, n]) => n === updated).map(([l]) => l);
      live = candidates.length === 1 ? candidates[0] : undefined;
      kubesim = computeHash(tpl);
    }
    if (live === undefined || live === kubesim) return;
    let pods = 0;
    for (const i of owned) {
      if (labelOf(out[i]) !== live) continue;
      out[i] = relabel(out[i], kubesim);
      pods++;
    }
    if (w.kind === 'StatefulSet') {
      const next: Map_ = { ...status, updateRevision: kubesim };
      if (status.currentRevision === live) next.currentRevision = kubesim;
      out[wi] = { ...w, status: next };
    }
    notes.push({ object: `${String(w.kind)} ${ns}/${name}`, live, kubesim, pods });
  });
  return { objects: out, notes, error: undefined };
}
