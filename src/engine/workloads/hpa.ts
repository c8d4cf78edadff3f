/**
 * The HorizontalPodAutoscaler controller in the engine: every `syncPeriod` (15 s) it runs the
 * pure one-reconcile step (src/hpa reconcile, upstream reconcileAutoscaler) for every HPA of the
 * cluster, with the pods its target's selector picks, the metrics pipeline's last scrape and
 * the state kept since the previous call; writes the HPA's status; and, when the scale is
 * written, the target's spec.replicas (the scale subresource), which the workload controllers
 * then carry out through the scheduler and the kubelet model.
 * mirrors pkg/controller/podautoscaler/horizontal.go (worker loop, resync every sync period)
 */
import type { ClusterState } from '../../model/cluster.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import type { HorizontalPodAutoscaler, KubeObject, LabelSelector } from '../../model/types.ts';
import { reconcile, toAutoscalingV2, type HPAOptions, type HPAState, type ReconcileResult } from '../../hpa/index.ts';
import type { HorizontalPodAutoscalerV1 } from '../../hpa/convert.ts';
import type { HpaSettings, Scenario } from '../../scenario/types.ts';
import type { Engine, EngineController } from '../engine.ts';
import { MetricsPipeline, podObjects, workloadKey } from '../metrics.ts';

/** Kinds whose scale subresource the engine serves (the workloads with spec.replicas and a selector). */
export const SCALABLE_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet'] as const;

/** The HPA controller options from the scenario's `controllers.hpa` (kube-controller-manager flags). */
export function hpaOptions(s: HpaSettings): Partial<HPAOptions> {
  return {
    tolerance: s.tolerance,
    cpuInitializationPeriodSeconds: s.cpuInitializationPeriod,
    initialReadinessDelaySeconds: s.initialReadinessDelay,
    downscaleStabilizationWindowSeconds: s.downscaleStabilization,
    syncPeriodSeconds: s.syncPeriod,
  };
}

/** What one HPA resolved to in a sync round. */
interface Resolved {
  key: string;
  hpa: HorizontalPodAutoscaler;
  target?: { kind: string; key: string; object: KubeObject; selector?: LabelSelector };
  pods: PodInfo[];
}

/** The engine's HPA controller. */
export class HpaController implements EngineController {
  readonly name = 'HorizontalPodAutoscaler';
  readonly period: number;
  private readonly options: Partial<HPAOptions>;
  /** Per-HPA controller memory (recommendations, scale events), lost when the HPA goes away. */
  private readonly states = new Map<string, HPAState>();
  /** Last warnings emitted per HPA: repeated ones are aggregated (as the event correlator bumps a count). */
  private readonly lastWarnings = new Map<string, string>();

  constructor(
    settings: HpaSettings,
    readonly metrics: MetricsPipeline,
  ) {
    this.period = settings.syncPeriod;
    // frozen: reconcile merges it with the defaults once
    this.options = Object.freeze(hpaOptions(settings));
  }

  sync(engine: Engine, _keys: readonly string[], periodic: boolean): void {
    if (!periodic) return;
    const cluster = engine.cluster;
    const resolved: Resolved[] = [];
    for (const [key, raw] of cluster.hpas) resolved.push(resolve(cluster, this.metrics, key, toAutoscalingV2(raw as HorizontalPodAutoscaler | HorizontalPodAutoscalerV1)));
    for (const k of this.states.keys()) if (!cluster.hpas.has(k)) this.states.delete(k);
    const overlaps = selectorOverlaps(resolved);
    for (const r of resolved) this.syncOne(engine, r, overlaps.get(r) ?? []);
  }

  private syncOne(engine: Engine, r: Resolved, others: readonly Resolved[]): void {
    const { hpa, target } = r;
    const namespace = hpa.metadata.namespace ?? 'default';
    const spec = target?.object.spec as { replicas?: number } | undefined;
    const status = target?.object.status as { replicas?: number } | undefined;
    const result = reconcile({
      now: engine.absoluteNow(),
      hpa,
      scale: target ? { specReplicas: spec?.replicas ?? 1, statusReplicas: status?.replicas ?? 0, selector: target.selector } : null,
      // the calculator reads phase, conditions, startTime and deletionTimestamp, never nodeName: the shared objects do
      pods: podObjects(r.pods),
      metrics: target ? this.metrics.snapshotFor(hpa, targetWorkloadKey(target, namespace), r.pods, target.selector) : {},
      state: this.states.get(r.key) ?? {},
      options: this.options,
      otherHpas: others.filter((o) => o.target?.selector).map((o) => ({ name: o.hpa.metadata.name ?? '', selector: o.target!.selector! })),
    });
    this.states.set(r.key, result.state);
    const stored = engine.cluster.hpas.get(r.key)!;
    engine.cluster.hpas.set(r.key, { ...stored, status: result.status as unknown as Record<string, unknown> });
    if (result.scaleUpdated && target) writeScale(engine, target, result.desiredReplicas);
    this.emitEvents(engine, r, result);
  }

  private emitEvents(engine: Engine, r: Resolved, result: ReconcileResult): void {
    if (result.events.length === 0) {
      // no warnings this time: the next one is news
      this.lastWarnings.set(r.key, '');
      return;
    }
    const object = `HorizontalPodAutoscaler ${r.key}`;
    const warnings = result.events.filter((e) => e.type === 'Warning');
    const signature = warnings.map((e) => `${e.reason}: ${e.message}`).join('\n');
    const repeated = signature === (this.lastWarnings.get(r.key) ?? '');
    this.lastWarnings.set(r.key, signature);
    for (const e of result.events) {
      if (e.reason === 'SuccessfulRescale') {
        engine.emit('SuccessfulRescale', object, {
          hpa: r.key,
          from: result.status.currentReplicas,
          to: result.desiredReplicas,
          reason: result.reason ?? '',
          message: e.message,
        });
      } else if (!(e.type === 'Warning' && repeated)) {
        engine.emit(e.reason, object, { type: e.type, message: e.message });
      }
    }
  }
}

/** Finds the HPA's scale target and the pods its selector picks. */
function resolve(cluster: ClusterState, metrics: MetricsPipeline, key: string, hpa: HorizontalPodAutoscaler): Resolved {
  const ref = hpa.spec.scaleTargetRef;
  const namespace = hpa.metadata.namespace ?? 'default';
  if (!(SCALABLE_KINDS as readonly string[]).includes(ref.kind)) return { key, hpa, pods: [] };
  const targetKey = objectKeyOf(ref, namespace);
  const object = (cluster.workloads as Record<string, Map<string, KubeObject>>)[ref.kind].get(targetKey);
  if (!object) return { key, hpa, pods: [] };
  const selector = (object.spec as { selector?: LabelSelector } | undefined)?.selector;
  return { key, hpa, target: { kind: ref.kind, key: targetKey, object, selector }, pods: metrics.podsOf(namespace, selector) };
}

// `namespace/name` of a scale target, per reference object (kept across the HPA's status writes)
const targetKeys = new WeakMap<object, { namespace: string; name: string; key: string }>();
// `Kind/namespace/name` of a target, per `namespace/name` string of the last call
const workloadKeys = new Map<string, { kind: string; name: string; namespace: string; key: string }>();

/** workloadKey of the target object (built once per target while it keeps its name). */
function targetWorkloadKey(target: NonNullable<Resolved['target']>, namespace: string): string {
  const name = target.object.metadata.name ?? '';
  const hit = workloadKeys.get(target.key);
  if (hit !== undefined && hit.kind === target.kind && hit.name === name && hit.namespace === namespace) return hit.key;
  const key = workloadKey(target.kind, namespace, name);
  workloadKeys.set(target.key, { kind: target.kind, name, namespace, key });
  return key;
}

function objectKeyOf(ref: HorizontalPodAutoscaler['spec']['scaleTargetRef'], namespace: string): string {
  const hit = targetKeys.get(ref);
  if (hit !== undefined && hit.namespace === namespace && hit.name === ref.name) return hit.key;
  const key = `${namespace}/${ref.name}`;
  targetKeys.set(ref, { namespace, name: ref.name, key });
  return key;
}

/**
 * For each HPA, the other HPAs of its namespace whose targets select one of its pods (the
 * candidates for AmbiguousSelector; reconcile re-checks them). Linear in the pods of all HPAs.
 */
function selectorOverlaps(resolved: readonly Resolved[]): Map<Resolved, Resolved[]> {
  const out = new Map<Resolved, Resolved[]>();
  if (resolved.length < 2 || provablyDisjoint(resolved)) return out;
  // a pod's first owner alone, a list only once a second one selects it
  const owners = new Map<PodInfo, Resolved | Resolved[]>();
  for (const r of resolved) {
    for (const p of r.pods) {
      const o = owners.get(p);
      if (o === undefined) owners.set(p, r);
      else if (Array.isArray(o)) o.push(r);
      else owners.set(p, [o, r]);
    }
  }
  for (const list of owners.values()) {
    if (!Array.isArray(list)) continue;
    for (const r of list) {
      const others = out.get(r) ?? [];
      for (const o of list) if (o !== r && !others.includes(o)) others.push(o);
      out.set(r, others);
    }
  }
  return out;
}

/**
 * True when no two HPAs can share a pod: in each namespace every target selector with pods has
 * matchLabels, the same first key and a different value for it (a pod carries one value per label).
 */
function provablyDisjoint(resolved: readonly Resolved[]): boolean {
  const byNamespace = new Map<string, { key: string; values: Set<string> }>();
  for (const r of resolved) {
    if (r.pods.length === 0) continue;
    const matchLabels = r.target?.selector?.matchLabels;
    if (!matchLabels) return false;
    let key: string | undefined;
    for (const k in matchLabels) {
      key = k;
      break;
    }
    if (key === undefined) return false;
    const namespace = r.hpa.metadata.namespace ?? 'default';
    const value = matchLabels[key];
    const g = byNamespace.get(namespace);
    if (!g) byNamespace.set(namespace, { key, values: new Set([value]) });
    else if (g.key !== key || g.values.has(value)) return false;
    else g.values.add(value);
  }
  return true;
}

/** Writes the scale subresource: a copy of the target with the new spec.replicas and a bumped generation. */
function writeScale(engine: Engine, target: NonNullable<Resolved['target']>, replicas: number): void {
  const map = (engine.cluster.workloads as Record<string, Map<string, KubeObject>>)[target.kind];
  const cur = map.get(target.key);
  if (!cur) return;
  const next: KubeObject = {
    ...cur,
    metadata: { ...cur.metadata, generation: (cur.metadata.generation ?? 1) + 1 },
    spec: { ...(cur.spec as Record<string, unknown>), replicas },
  };
  map.set(target.key, next);
  engine.markDirty(target.kind, target.key);
}

/** True when the scenario has (or will apply) an HorizontalPodAutoscaler. */
export function scenarioHasHpas(scenario: Scenario, cluster: ClusterState): boolean {
  if (cluster.hpas.size > 0) return true;
  return scenario.events.some((e) => e.action.type === 'apply' && e.action.objects.some((o) => o.kind === 'HorizontalPodAutoscaler'));
}

/**
 * The HPA controller and its metrics pipeline for a scenario: none when the scenario has no
 * HPA (so HPA-free runs do not wake every sync period).
 */
export function hpaControllers(scenario: Scenario, engine: Engine): EngineController[] {
  if (!scenarioHasHpas(scenario, engine.cluster)) return [];
  const settings = scenario.controllers.hpa;
  const pipeline = new MetricsPipeline(engine, scenario.workloads, settings.metricResolution);
  pipeline.install();
  return [new HpaController(settings, pipeline)];
}
