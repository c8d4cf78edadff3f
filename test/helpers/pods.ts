/**
 * Fluent builders for pods and nodes with labels, pod (anti-)affinity, topology spread
 * constraints, node affinity and taints — the shape of upstream's st.MakePod()/st.MakeNode()
 * (pkg/scheduler/testing/wrappers.go), so ported test tables read alike.
 */
import type {
  LabelSelector,
  Node,
  OwnerReference,
  Pod,
  PodAffinityTerm,
  Taint,
  TopologySpreadConstraint,
} from '../../src/model/types.ts';

let seq = 0;

/** Which list of a PodAffinity a builder call appends to. */
export type AffinityKind = 'required' | 'preferred';

/** Builds a v1 Pod step by step. */
export class PodBuilder {
  private readonly p: Pod;

  constructor(name?: string) {
    this.p = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: name ?? `pod-${++seq}`, namespace: 'default' },
      spec: { containers: [{ name: 'c0' }] },
    };
  }

  name(n: string): this {
    this.p.metadata.name = n;
    return this;
  }

  namespace(ns: string): this {
    this.p.metadata.namespace = ns;
    return this;
  }

  /** Binds the pod to a node (spec.nodeName). */
  node(n: string): this {
    this.p.spec.nodeName = n;
    return this;
  }

  label(k: string, v: string): this {
    this.p.metadata.labels = { ...(this.p.metadata.labels ?? {}), [k]: v };
    return this;
  }

  labels(l: Record<string, string>): this {
    this.p.metadata.labels = { ...(this.p.metadata.labels ?? {}), ...l };
    return this;
  }

  /** Sets metadata.deletionTimestamp (a terminating pod). */
  terminating(): this {
    this.p.metadata.deletionTimestamp = '2024-01-01T00:00:00Z';
    return this;
  }

  ownerReference(kind: string, name: string, apiVersion = 'apps/v1'): this {
    const ref: OwnerReference = { apiVersion, kind, name, controller: true };
    this.p.metadata.ownerReferences = [...(this.p.metadata.ownerReferences ?? []), ref];
    return this;
  }

  nodeSelector(sel: Record<string, string>): this {
    this.p.spec.nodeSelector = sel;
    return this;
  }

  /** Required node affinity `key In values` (ANDed into the first term, as st.NodeAffinityIn). */
  nodeAffinityIn(key: string, values: string[]): this {
    return this.nodeAffinityExpr({ key, operator: 'In', values });
  }

  /** Required node affinity `key NotIn values`. */
  nodeAffinityNotIn(key: string, values: string[]): this {
    return this.nodeAffinityExpr({ key, operator: 'NotIn', values });
  }

  private nodeAffinityExpr(expr: { key: string; operator: 'In' | 'NotIn'; values: string[] }): this {
    const aff = (this.p.spec.affinity ??= {});
    const na = (aff.nodeAffinity ??= {});
    const req = (na.requiredDuringSchedulingIgnoredDuringExecution ??= { nodeSelectorTerms: [] });
    if (req.nodeSelectorTerms.length === 0) req.nodeSelectorTerms.push({ matchExpressions: [] });
    (req.nodeSelectorTerms[0].matchExpressions ??= []).push(expr);
    return this;
  }

  /** Tolerates `key` for any value and effect (st.Toleration). */
  toleration(key: string): this {
    this.p.spec.tolerations = [...(this.p.spec.tolerations ?? []), { key, operator: 'Exists' }];
    return this;
  }

  private affinityTerm(anti: boolean, kind: AffinityKind, term: PodAffinityTerm, weight: number): this {
    const aff = (this.p.spec.affinity ??= {});
    const pa = anti ? (aff.podAntiAffinity ??= {}) : (aff.podAffinity ??= {});
    if (kind === 'required') (pa.requiredDuringSchedulingIgnoredDuringExecution ??= []).push(term);
    else (pa.preferredDuringSchedulingIgnoredDuringExecution ??= []).push({ weight, podAffinityTerm: term });
    return this;
  }

  /** Adds a whole PodAffinityTerm (affinity). */
  podAffinityTerm(term: PodAffinityTerm, kind: AffinityKind = 'required', weight = 1): this {
    return this.affinityTerm(false, kind, term, weight);
  }

  /** Adds a whole PodAffinityTerm (anti-affinity). */
  podAntiAffinityTerm(term: PodAffinityTerm, kind: AffinityKind = 'required', weight = 1): this {
    return this.affinityTerm(true, kind, term, weight);
  }

  podAffinityIn(labelKey: string, topologyKey: string, values: string[], kind: AffinityKind = 'required', weight = 1): this {
    return this.affinityTerm(false, kind, exprTerm(labelKey, 'In', values, topologyKey), weight);
  }

  podAffinityNotIn(labelKey: string, topologyKey: string, values: string[], kind: AffinityKind = 'required', weight = 1): this {
    return this.affinityTerm(false, kind, exprTerm(labelKey, 'NotIn', values, topologyKey), weight);
  }

  podAffinityExists(labelKey: string, topologyKey: string, kind: AffinityKind = 'required', weight = 1): this {
    return this.affinityTerm(false, kind, exprTerm(labelKey, 'Exists', undefined, topologyKey), weight);
  }

  podAntiAffinityIn(labelKey: string, topologyKey: string, values: string[], kind: AffinityKind = 'required', weight = 1): this {
    return this.affinityTerm(true, kind, exprTerm(labelKey, 'In', values, topologyKey), weight);
  }

  podAntiAffinityNotIn(labelKey: string, topologyKey: string, values: string[], kind: AffinityKind = 'required', weight = 1): this {
    return this.affinityTerm(true, kind, exprTerm(labelKey, 'NotIn', values, topologyKey), weight);
  }

  podAntiAffinityExists(labelKey: string, topologyKey: string, kind: AffinityKind = 'required', weight = 1): this {
    return this.affinityTerm(true, kind, exprTerm(labelKey, 'Exists', undefined, topologyKey), weight);
  }

  /** Appends a topology spread constraint (argument order of st.SpreadConstraint). */
  spreadConstraint(
    maxSkew: number,
    topologyKey: string,
    whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway',
    labelSelector: LabelSelector | null,
    minDomains?: number,
    nodeAffinityPolicy?: 'Honor' | 'Ignore',
    nodeTaintsPolicy?: 'Honor' | 'Ignore',
    matchLabelKeys?: string[],
  ): this {
    const c: TopologySpreadConstraint = { maxSkew, topologyKey, whenUnsatisfiable, labelSelector };
    if (minDomains !== undefined) c.minDomains = minDomains;
    if (nodeAffinityPolicy !== undefined) c.nodeAffinityPolicy = nodeAffinityPolicy;
    if (nodeTaintsPolicy !== undefined) c.nodeTaintsPolicy = nodeTaintsPolicy;
    if (matchLabelKeys !== undefined) c.matchLabelKeys = matchLabelKeys;
    this.p.spec.topologySpreadConstraints = [...(this.p.spec.topologySpreadConstraints ?? []), c];
    return this;
  }

  obj(): Pod {
    return structuredClone(this.p);
  }
}

function exprTerm(key: string, operator: 'In' | 'NotIn' | 'Exists', values: string[] | undefined, topologyKey: string): PodAffinityTerm {
  return {
    labelSelector: { matchExpressions: [values === undefined ? { key, operator } : { key, operator, values }] },
    topologyKey,
  };
}

/** Starts a pod (a unique name is generated when none is given). */
export function makePodW(name?: string): PodBuilder {
  return new PodBuilder(name);
}

/** Builds a v1 Node step by step. */
export class NodeBuilder {
  private readonly n: Node;

  constructor(name: string) {
    this.n = { apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: {}, status: { allocatable: { pods: 110 } } };
  }

  label(k: string, v: string): this {
    this.n.metadata.labels = { ...(this.n.metadata.labels ?? {}), [k]: v };
    return this;
  }

  labels(l: Record<string, string>): this {
    this.n.metadata.labels = { ...(this.n.metadata.labels ?? {}), ...l };
    return this;
  }

  taints(t: Taint[]): this {
    this.n.spec = { ...this.n.spec, taints: t };
    return this;
  }

  obj(): Node {
    return structuredClone(this.n);
  }
}

/** Starts a node. */
export function makeNodeW(name: string): NodeBuilder {
  return new NodeBuilder(name);
}

/** A node with just a name and labels (upstream's `&v1.Node{ObjectMeta{Name, Labels}}`). */
export function labeledNode(name: string, labels: Record<string, string>): Node {
  return makeNodeW(name).labels(labels).obj();
}

/** Label selector builders (st.MakeLabelSelector). */
export const sel = {
  exists(key: string): LabelSelector {
    return { matchExpressions: [{ key, operator: 'Exists' }] };
  },
  labels(l: Record<string, string>): LabelSelector {
    return { matchLabels: { ...l } };
  },
  empty(): LabelSelector {
    return {};
  },
};
