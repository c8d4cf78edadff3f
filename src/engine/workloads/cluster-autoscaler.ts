/**
 * The cluster-autoscaler in the engine: a periodic controller (scan-interval) running
 * StaticAutoscaler.runOnce, and the host side of its actions: instances that register as Nodes
 * after their provisioning delay (NotReady with the not-ready taint, then Ready), nodes tainted,
 * drained through the eviction API and deleted, spot reclaims, cost and the autoscaler's series.
 */
import { DeletionCandidateOfClusterAutoscaler, ToBeDeletedByClusterAutoscaler } from '../../autoscaler/scaledown/eligibility.ts';
import { NODE_GROUP_LABEL, StaticAutoscaler, type AutoscalerHost } from '../../autoscaler/static-autoscaler.ts';
import type { Instance } from '../../autoscaler/cloudprovider/simulated.ts';
import type { AutoscalingOptions, NodeGroupConfig } from '../../autoscaler/options.ts';
import type { PriorityConfigMap } from '../../autoscaler/expander/index.ts';
import { nodeShouldRunDaemonPod } from '../../controllers/daemonset/index.ts';
import { controllerKey } from '../../model/cluster.ts';
import { daemonPodSpec } from '../../model/expand.ts';
import type { NodeInfo } from '../../model/node-info.ts';
import { disruptionsAllowed, pdbPods } from '../../model/pdb.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import type { DaemonSet, Node, Pod, Taint } from '../../model/types.ts';
import type { Engine, EngineController } from '../engine.ts';
import type { NodeLifecycle } from '../node-lifecycle.ts';
import { TAINT_NOT_READY } from '../node-lifecycle.ts';
import { componentRng } from '../rng.ts';
import { simTimestamp } from '../time.ts';
import { podFromTemplate } from './replicaset.ts';

/** The taint a reclaimed spot instance gets before it is drained (as node-termination handlers add). */
export const SPOT_INTERRUPTION_TAINT = 'kubesim.io/spot-interruption';

/** Cost and counters the adapter keeps for reports. */
export interface AutoscalerTotals {
  /** Money spent so far on finished instances (price × hours). */
  closedCost: number;
  /** Instance start time and price per hour of every live instance. */
  live: Map<string, { since: number; price: number }>;
  spotInterruptions: number;
}

/** The engine controller running the cluster-autoscaler. */
export class ClusterAutoscalerController implements EngineController {
  readonly name = 'ClusterAutoscaler';
  readonly period: number;
  readonly autoscaler: StaticAutoscaler;
  readonly totals: AutoscalerTotals = { closedCost: 0, live: new Map(), spotInterruptions: 0 };
  private readonly nodeCreated = new Map<string, number>();
  private readonly expendableCutoff: number;
  private readonly dsTemplates = new WeakMap<DaemonSet, Map<string, Pod>>();
  private readonly rng;

  constructor(
    private readonly engine: Engine,
    private readonly nodeLifecycle: NodeLifecycle,
    options: AutoscalingOptions,
    private readonly groups: readonly NodeGroupConfig[],
    priorityConfigMap?: PriorityConfigMap,
  ) {
    this.period = options.scanInterval;
    this.expendableCutoff = options.expendablePodsPriorityCutoff;
    this.rng = componentRng(engine.seed, 'cluster-autoscaler');
    const host = this.host(priorityConfigMap);
    this.autoscaler = new StaticAutoscaler(host, options, groups, this.rng);
    for (const n of engine.cluster.nodes.keys()) this.nodeCreated.set(n, 0);
    for (const p of engine.cluster.pods.values()) this.keysForPod(p);
    // initialSize nodes exist from t=0
    for (const g of groups) {
      for (let i = 0; i < g.initialSize; i++) {
        const [inst] = this.autoscaler.cloud.increaseSize(g.name, 1, 0);
        inst.error = undefined;
        inst.registersAt = 0;
        this.register(inst, g, true);
      }
    }
  }

  sync(): void {
    this.autoscaler.runOnce();
  }

  /** Cost so far: finished instances plus live ones up to now. */
  cost(now: number): number {
    let c = this.totals.closedCost;
    for (const l of this.totals.live.values()) c += (l.price * (now - l.since)) / 3600;
    return c;
  }

  /** Current spend rate (price per hour of live instances). */
  costPerHour(): number {
    let c = 0;
    for (const l of this.totals.live.values()) c += l.price;
    return c;
  }

  private host(priority?: PriorityConfigMap): AutoscalerHost {
    const e = this.engine;
    const c = e.cluster;
    const fw = e.scheduler.frameworks.get('default-scheduler') ?? [...e.scheduler.frameworks.values()][0];
    return {
      cluster: c,
      framework: fw,
      now: () => e.now,
      at: (t, fn) => void e.at(t, fn),
      emit: (kind, object, fields) => e.emit(kind, object, fields),
      unschedulablePods: () => {
        const out: PodInfo[] = [];
        for (const p of c.pendingPods.values()) if (!p.pod.metadata.deletionTimestamp && e.scheduler.failedAttempts(p) > 0) out.push(p);
        return out;
      },
      createdAt: (p) => e.runtime.get(p)?.createdAt ?? 0,
      terminalBoundPods: () => this.terminalBoundPods(),
      daemonSetPodsFor: (node) => this.daemonSetPods(node),
      pdbs: () =>
        [...c.pdbs.values()].map((pdb) => ({ pdb, disruptionsAllowed: disruptionsAllowed(pdb, pdbPods(pdb, c), (q) => e.isReady(q)) })),
      ownerReplicas: (kind, ns, name) => {
        const m = (c.workloads as Record<string, Map<string, { spec?: unknown; status?: unknown }>>)[kind];
        const o = m?.get(`${ns}/${name}`);
        if (!o) return undefined;
        return ((o.spec as { replicas?: number } | undefined)?.replicas ?? 1) as number;
      },
      isReady: (ni) => ni.ready && !ni.taints.some((t) => t.key === TAINT_NOT_READY),
      nodeCreatedAt: (name) => this.nodeCreated.get(name) ?? 0,
      timestamp: (t) => simTimestamp(t),
      softTaint: (name, add) =>
        add
          ? this.setTaint(name, { key: DeletionCandidateOfClusterAutoscaler, value: String(Math.floor(e.absoluteNow())), effect: 'PreferNoSchedule' })
          : this.removeTaint(name, DeletionCandidateOfClusterAutoscaler),
      onInstancesCreated: (insts) => {
        for (const inst of insts) this.startInstance(inst);
      },
      priorityConfigMap: priority ? () => priority : undefined,
      taint: (name) => this.setTaint(name, { key: ToBeDeletedByClusterAutoscaler, value: String(Math.floor(e.absoluteNow())), effect: 'NoSchedule' }),
      untaint: (name) => this.removeTaint(name, ToBeDeletedByClusterAutoscaler),
      evict: (p) => this.nodeLifecycle.tryEvict(p),
      remainingPods: (name, includeDs) => {
        const ni = c.nodes.get(name);
        if (!ni) return [];
        return ni.pods.filter((p) => c.pods.get(p.key) === p && (includeDs || !controllerKey(p.pod)?.startsWith('DaemonSet/')));
      },
      deleteNode: (group, name) => this.deleteNode(group, name),
    };
  }

  /** Bound pods seen turning Succeeded or Failed (kept from pod change notifications). */
  private readonly terminal = new Set<PodInfo>();

  /**
   * Watches pod changes (an informer would): remembers bound pods CA's snapshot leaves out —
   * finished ones (its pod lister skips Succeeded/Failed) and expendable ones (priority below
   * expendable-pods-priority-cutoff: FilterOutExpendablePods). No keys to sync.
   */
  keysForPod(p: PodInfo): string[] {
    const phase = p.pod.status?.phase;
    if (p.nodeName && (phase === 'Succeeded' || phase === 'Failed' || p.priority < this.expendableCutoff)) this.terminal.add(p);
    return [];
  }

  /** Bound pods the snapshot leaves out (finished or expendable), still in the cluster. */
  private terminalBoundPods(): PodInfo[] {
    const c = this.engine.cluster;
    const out: PodInfo[] = [];
    for (const p of this.terminal) {
      if (c.pods.get(p.key) !== p || !p.nodeName) this.terminal.delete(p);
      else out.push(p);
    }
    return out;
  }

  /** DaemonSet pods that would run on `node` (cached per DaemonSet object and node name). */
  private daemonSetPods(node: Node): Pod[] {
    const out: Pod[] = [];
    for (const o of this.engine.cluster.workloads.DaemonSet.values()) {
      const ds = o as DaemonSet;
      if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
      let byNode = this.dsTemplates.get(ds);
      if (!byNode) this.dsTemplates.set(ds, (byNode = new Map()));
      const name = node.metadata.name!;
      let pod = byNode.get(name);
      if (!pod) {
        pod = podFromTemplate(ds, ds.spec.template, `${ds.metadata.name}-${name}`);
        pod = { ...pod, spec: daemonPodSpec(ds.spec.template.spec, name) };
        byNode.set(name, pod);
      }
      out.push(pod);
    }
    return out;
  }

  private startInstance(inst: Instance): void {
    const e = this.engine;
    const g = this.groups.find((x) => x.name === inst.group)!;
    this.totals.live.set(inst.name, { since: e.now, price: g.price });
    if (inst.error) {
      e.emit('InstanceCreationFailed', `NodeGroup ${inst.group}`, { node: inst.name, reason: inst.error.errorCode, message: inst.error.errorMessage });
      return;
    }
    if (inst.registersAt === undefined) return; // never comes up: CA times it out
    e.at(inst.registersAt, () => this.register(inst, g, false));
  }

  /** The instance's kubelet registers its Node: NotReady with the not-ready taint, Ready after readyAfter. */
  private register(inst: Instance, g: NodeGroupConfig, immediatelyReady: boolean): void {
    const e = this.engine;
    const group = this.autoscaler.cloud.groups.get(inst.group);
    if (!group?.instances.has(inst.name)) return; // deleted meanwhile
    if (!this.totals.live.has(inst.name)) this.totals.live.set(inst.name, { since: e.now, price: g.price });
    const t = g.template;
    const ready = immediatelyReady || g.provisioning.readyAfter <= 0;
    const taints: Taint[] = [...(t.spec?.taints ?? [])];
    if (!ready) taints.push({ key: TAINT_NOT_READY, effect: 'NoSchedule' });
    const node: Node = {
      ...t,
      metadata: {
        ...t.metadata,
        name: inst.name,
        creationTimestamp: simTimestamp(e.now),
        labels: {
          'kubernetes.io/os': 'linux',
          ...(t.metadata.labels ?? {}),
          'kubernetes.io/hostname': inst.name,
          [NODE_GROUP_LABEL]: inst.group,
          ...(inst.zone !== undefined ? { 'topology.kubernetes.io/zone': inst.zone } : {}),
        },
      },
      spec: { ...(t.spec ?? {}), taints },
      status: { ...(t.status ?? {}), conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: simTimestamp(e.now), reason: ready ? 'KubeletReady' : 'KubeletNotReady' }] },
    };
    const ni = e.cluster.addNode(node);
    ni.ready = ready;
    this.nodeCreated.set(inst.name, e.now);
    inst.state = 'InstanceRunning';
    if (!immediatelyReady) e.emit('RegisteredNode', `Node ${inst.name}`, { group: inst.group, message: `Node ${inst.name} event: Registered Node ${inst.name} in Controller` });
    this.nodesChanged();
    if (!ready) e.at(e.now + g.provisioning.readyAfter, () => this.becomeReady(inst.name));
    if (g.spot && g.spot.interruptionsPerHour > 0) {
      const wait = (-Math.log(Math.max(this.rng(), 1e-12)) / g.spot.interruptionsPerHour) * 3600;
      e.at(e.now + Math.max(1, Math.round(wait)), () => this.spotInterrupt(inst.name, g));
    }
  }

  private becomeReady(name: string): void {
    const e = this.engine;
    const ni = e.cluster.nodes.get(name);
    if (!ni) return;
    const n = ni.node;
    e.cluster.addNode({
      ...n,
      spec: { ...(n.spec ?? {}), taints: (n.spec?.taints ?? []).filter((t) => t.key !== TAINT_NOT_READY) },
      status: { ...(n.status ?? {}), conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: simTimestamp(e.now), reason: 'KubeletReady' }] },
    });
    e.cluster.nodes.get(name)!.ready = true;
    e.emit('NodeReady', `Node ${name}`, {});
    this.nodesChanged();
  }

  /** A spot reclaim: taint, evict everything within the notice, then the instance is gone. */
  private spotInterrupt(name: string, g: NodeGroupConfig): void {
    const e = this.engine;
    if (!e.cluster.nodes.has(name)) return;
    this.totals.spotInterruptions++;
    e.emit('SpotInterruption', `Node ${name}`, { group: g.name, notice: g.spot!.notice, message: `Spot instance ${name} will be reclaimed in ${g.spot!.notice}s` });
    this.setTaint(name, { key: SPOT_INTERRUPTION_TAINT, effect: 'NoSchedule' });
    const ni = e.cluster.nodes.get(name)!;
    for (const p of [...ni.pods]) if (!controllerKey(p.pod)?.startsWith('DaemonSet/')) this.nodeLifecycle.tryEvict(p);
    e.at(e.now + g.spot!.notice, () => {
      if (!e.cluster.nodes.has(name)) return;
      this.deleteNode(g.name, name);
    });
  }

  private deleteNode(group: string, name: string): void {
    const e = this.engine;
    this.autoscaler.cloud.deleteNodes(group, [name]);
    const live = this.totals.live.get(name);
    if (live) {
      this.totals.closedCost += (live.price * (e.now - live.since)) / 3600;
      this.totals.live.delete(name);
    }
    if (e.cluster.nodes.has(name)) this.nodeLifecycle.remove([name]);
    this.nodeCreated.delete(name);
  }

  private setTaint(name: string, taint: Taint): void {
    const e = this.engine;
    const ni = e.cluster.nodes.get(name);
    if (!ni) return;
    const n = ni.node;
    const others = (n.spec?.taints ?? []).filter((t) => t.key !== taint.key);
    e.cluster.addNode({ ...n, spec: { ...(n.spec ?? {}), taints: [...others, taint] } });
    e.noteClusterChange();
  }

  private removeTaint(name: string, key: string): void {
    const e = this.engine;
    const ni = e.cluster.nodes.get(name);
    if (!ni) return;
    const n = ni.node;
    e.cluster.addNode({ ...n, spec: { ...(n.spec ?? {}), taints: (n.spec?.taints ?? []).filter((t) => t.key !== key) } });
    e.noteClusterChange();
  }

  private nodesChanged(): void {
    const e = this.engine;
    for (const key of e.cluster.workloads.DaemonSet.keys()) e.markDirty('DaemonSet', key);
    e.noteClusterChange();
  }
}

/** Ready and not carrying the not-ready taint. */
export function nodeIsReady(ni: NodeInfo): boolean {
  return ni.ready && !ni.taints.some((t) => t.key === TAINT_NOT_READY);
}
