/**
 * Node selector matching (component-helpers/scheduling/corev1/nodeaffinity): nodeSelector,
 * required node affinity terms, preferred terms. Compiled once per pod.
 */
import type { Labels } from './labels.ts';
import type { NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, Pod } from './types.ts';

/** What a node selector is matched against: labels and the node's name (matchFields metadata.name). */
export interface NodeFields {
  readonly name: string;
  readonly labels: Labels;
}

/** A compiled node selector term; `null` when the term is invalid and so never matches. */
export type TermMatcher = (node: NodeFields) => boolean;

const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function parseIntStrict(s: string): number | undefined {
  return /^[+-]?\d+$/.test(s) ? Number(s) : undefined;
}

function requirement(r: NodeSelectorRequirement, field: boolean): ((node: NodeFields) => boolean) | null {
  const values = r.values ?? [];
  const get = field
    ? (n: NodeFields): string | undefined => (r.key === 'metadata.name' ? n.name : undefined)
    : (n: NodeFields): string | undefined => (n.labels ? n.labels[r.key] : undefined);
  if (field && (r.key !== 'metadata.name' || (r.operator !== 'In' && r.operator !== 'NotIn') || values.length !== 1)) return null;
  switch (r.operator) {
    case 'In':
    case 'NotIn': {
      if (values.length === 0) return null;
      if (!field && values.some((v) => v.length > 63 || !LABEL_VALUE_RE.test(v))) return null;
      const set = new Set(values);
      return r.operator === 'In'
        ? (n) => {
            const v = get(n);
            return v !== undefined && set.has(v);
          }
        : (n) => {
            const v = get(n);
            return v === undefined || !set.has(v);
          };
    }
    case 'Exists':
      if (values.length !== 0) return null;
      return (n) => get(n) !== undefined;
    case 'DoesNotExist':
      if (values.length !== 0) return null;
      return (n) => get(n) === undefined;
    case 'Gt':
    case 'Lt': {
      if (values.length !== 1) return null;
      const bound = parseIntStrict(values[0]);
      if (bound === undefined) return null;
      const gt = r.operator === 'Gt';
      return (n) => {
        const v = get(n);
        if (v === undefined) return false;
        const x = parseIntStrict(v);
        if (x === undefined) return false;
        return gt ? x > bound : x < bound;
      };
    }
    default:
      return null;
  }
}

/**
 * Compiles one term: AND over matchExpressions and matchFields. An empty term or an invalid
 * requirement gives a matcher that never matches. mirrors nodeaffinity.go newNodeSelectorTerm
 */
export function compileNodeSelectorTerm(term: NodeSelectorTerm): TermMatcher {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return () => false;
  const parts: ((n: NodeFields) => boolean)[] = [];
  for (const r of exprs) {
    const m = requirement(r, false);
    if (!m) return () => false;
    parts.push(m);
  }
  for (const r of fields) {
    const m = requirement(r, true);
    if (!m) return () => false;
    parts.push(m);
  }
  return (n) => {
    for (const p of parts) if (!p(n)) return false;
    return true;
  };
}

/** Compiles a NodeSelector: OR over its terms. mirrors nodeaffinity.go NewNodeSelector */
export function compileNodeSelector(sel: NodeSelector): TermMatcher {
  const terms = (sel.nodeSelectorTerms ?? []).map(compileNodeSelectorTerm);
  return (n) => {
    for (const t of terms) if (t(n)) return true;
    return false;
  };
}

/**
 * The pod's required node constraints: spec.nodeSelector AND required node affinity.
 * mirrors nodeaffinity.go GetRequiredNodeAffinity / RequiredNodeAffinity.Match
 */
export function requiredNodeAffinity(pod: Pod): TermMatcher {
  const ns = pod.spec.nodeSelector;
  const nsEntries = ns ? Object.entries(ns) : [];
  const req = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const affinity = req ? compileNodeSelector(req) : null;
  return (n) => {
    for (const [k, v] of nsEntries) if (!n.labels || n.labels[k] !== v) return false;
    return affinity === null || affinity(n);
  };
}
