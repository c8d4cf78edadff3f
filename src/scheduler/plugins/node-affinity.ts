/**
 * NodeAffinity: the node must match the pod's nodeSelector and required node affinity (and the
 * scheduler-enforced `addedAffinity` of the plugin args); nodes are scored by the summed
 * weights of the preferred terms they match (pod's and addedAffinity's).
 * mirrors pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go and
 * component-helpers/scheduling/corev1/nodeaffinity
 */
import type { NodeInfo } from '../../model/node-info.ts';
import { compileNodeSelectorTerm, type NodeFields, type TermMatcher } from '../../model/node-affinity.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import type { NodeAffinity, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from '../../model/types.ts';
import {
  errorStatus,
  MAX_NODE_SCORE,
  sharedStatus,
  SKIP,
  unresolvable,
  type CycleState,
  type PluginFactory,
  type PreFilterOutput,
  type QuickFilter,
  type SchedulerPlugin,
  type Status,
} from '../framework/types.ts';
import { CycleStateSlot, normalizeTo100 } from './helper.ts';
import { argsObject, rejectUnknownFields } from './resource-allocation.ts';
import { Add, asNode, detachedNodeInfo, UpdateNodeLabel, type ClusterEventWithHint, type EventObject, type QueueingHint } from '../framework/events.ts';

/** Plugin name (names.NodeAffinity). */
export const NAME = 'NodeAffinity';

/** The pod's node affinity/selector does not match (ErrReasonPod). */
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
/** The plugin's addedAffinity does not match (errReasonEnforced). */
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
/** Every required term names nodes, and none is consistent (errReasonConflict). */
export const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

const POD_STATUS = sharedStatus('UnschedulableAndUnresolvable', ERR_REASON_POD);
const ENFORCED_STATUS = sharedStatus('UnschedulableAndUnresolvable', ERR_REASON_ENFORCED);

const PRE_FILTER_KEY = 'PreFilter' + NAME;
const PRE_SCORE_KEY = 'PreScore' + NAME;
const OBJECT_NAME_FIELD = 'metadata.name';

// ---------------------------------------------------------------------------------------------
// Validation of node selector terms (labels.NewRequirement / fields selector parsing)

const NAME_PART_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/** Why `key` is not a qualified label key, or null. mirrors apimachinery validation.IsQualifiedName */
function qualifiedNameError(key: string): string | null {
  const parts = key.split('/');
  let name = key;
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0) return 'prefix part must be non-empty';
    if (prefix.length > 253 || !DNS1123_SUBDOMAIN_RE.test(prefix)) {
      return "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    }
    name = parts[1];
  } else if (parts.length > 2) {
    return `a qualified name ${NAME_PART_MSG.slice('name part '.length)} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`;
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!NAME_PART_RE.test(name)) return NAME_PART_MSG;
  return null;
}

function labelValueError(v: string): string | null {
  if (v.length > 63) return 'must be no more than 63 characters';
  if (!LABEL_VALUE_RE.test(v)) {
    return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  }
  return null;
}

function expressionErrors(r: NodeSelectorRequirement, path: string): string[] {
  const errs: string[] = [];
  const values = r.values ?? [];
  const ke = qualifiedNameError(r.key);
  if (ke) errs.push(`${path}.key: Invalid value: ${JSON.stringify(r.key)}: ${ke}`);
  switch (r.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) errs.push(`${path}.values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`);
      values.forEach((v, i) => {
        const ve = labelValueError(v);
        if (ve) errs.push(`${path}.values[${i}]: Invalid value: ${JSON.stringify(v)}: ${ve}`);
      });
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length !== 0) errs.push(`${path}.values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`);
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1) errs.push(`${path}.values: Required value: must be specified single value when \`operator\` is 'Lt' or 'Gt'`);
      else if (!/^[+-]?\d+$/.test(values[0])) errs.push(`${path}.values[0]: Invalid value: ${JSON.stringify(values[0])}: must be an integer`);
      break;
    default:
      errs.push(`${path}.operator: Invalid value: ${JSON.stringify(r.operator)}: not a valid selector operator`);
  }
  return errs;
}

function fieldErrors(r: NodeSelectorRequirement, path: string): string[] {
  const errs: string[] = [];
  if (r.key !== OBJECT_NAME_FIELD) errs.push(`${path}.key: Invalid value: ${JSON.stringify(r.key)}: not a valid field selector key`);
  if (r.operator !== 'In' && r.operator !== 'NotIn') errs.push(`${path}.operator: Invalid value: ${JSON.stringify(r.operator)}: not a valid selector operator`);
  if ((r.values ?? []).length !== 1) {
    errs.push(`${path}.values: Required value: must be only one value when \`operator\` is 'In' or 'NotIn' for node field selector`);
  }
  return errs;
}

/** Parse errors of one term (empty: valid). mirrors nodeaffinity.go newNodeSelectorTerm */
export function nodeSelectorTermErrors(term: NodeSelectorTerm, path: string): string[] {
  const errs: string[] = [];
  (term.matchExpressions ?? []).forEach((r, j) => errs.push(...expressionErrors(r, `${path}.matchExpressions[${j}]`)));
  (term.matchFields ?? []).forEach((r, j) => errs.push(...fieldErrors(r, `${path}.matchFields[${j}]`)));
  return errs;
}

/** A term that never matches (an invalid one is ignored, as LazyErrorNodeSelector does). */
const NEVER: TermMatcher = () => false;

/** Compiles a term: invalid ⇒ never matches. */
function compileTerm(term: NodeSelectorTerm): TermMatcher {
  return nodeSelectorTermErrors(term, '').length > 0 ? NEVER : compileNodeSelectorTerm(term);
}

/** OR over compiled terms. */
function anyTerm(terms: readonly TermMatcher[]): TermMatcher {
  if (terms.length === 1) return terms[0];
  return (n) => {
    for (const t of terms) if (t(n)) return true;
    return false;
  };
}

/**
 * The pod's required constraints: spec.nodeSelector AND required node affinity (invalid terms
 * never match). mirrors nodeaffinity.go GetRequiredNodeAffinity / RequiredNodeAffinity.Match
 */
export function compileRequiredNodeAffinity(pod: Pod): TermMatcher {
  const sel = pod.spec.nodeSelector;
  const selEntries = sel ? Object.entries(sel) : [];
  const req = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const affinity = req ? anyTerm((req.nodeSelectorTerms ?? []).map(compileTerm)) : null;
  if (selEntries.length === 0 && affinity === null) return () => true;
  return (n) => {
    for (const [k, v] of selEntries) if (!n.labels || n.labels[k] !== v) return false;
    return affinity === null || affinity(n);
  };
}

/** A compiled preferred term. */
interface WeightedTerm {
  readonly weight: number;
  readonly match: TermMatcher;
}

/**
 * Compiles preferred terms, skipping weight-0 ones; throws on a parse error, message prefixed
 * with the term's index. mirrors nodeaffinity.go NewPreferredSchedulingTerms
 */
export function compilePreferredTerms(terms: readonly PreferredSchedulingTerm[], path = ''): WeightedTerm[] {
  const out: WeightedTerm[] = [];
  const errs: string[] = [];
  terms.forEach((t, i) => {
    if (!t.weight) return;
    const e = nodeSelectorTermErrors(t.preference ?? {}, `${path}[${i}]`);
    if (e.length > 0) errs.push(...e);
    else out.push({ weight: t.weight, match: compileNodeSelectorTerm(t.preference ?? {}) });
  });
  if (errs.length === 1) throw new Error(errs[0]);
  if (errs.length > 1) throw new Error(`[${errs.join(', ')}]`);
  return out;
}

/** Sum of the weights of the terms `node` matches. mirrors PreferredSchedulingTerms.Score */
function preferredScore(terms: readonly WeightedTerm[], node: NodeFields): number {
  let s = 0;
  for (const t of terms) if (t.match(node)) s += t.weight;
  return s;
}

/** `prev ∩ values` (just `values` when prev is null): the ANDed name requirements of a term. */
function intersect(prev: Set<string> | null, values: readonly string[]): Set<string> {
  const s = new Set(values);
  if (prev === null) return s;
  const out = new Set<string>();
  for (const x of prev) if (s.has(x)) out.add(x);
  return out;
}

/**
 * The node names a pod's required terms restrict it to: null when some term has no
 * `metadata.name In` requirement (all nodes stay eligible), else the union over terms of the
 * intersection of each term's name lists. mirrors node_affinity.go PreFilter
 */
export function requiredNodeNames(selector: NodeSelector | undefined): Set<string> | null {
  const terms = selector?.nodeSelectorTerms ?? [];
  if (terms.length === 0) return null;
  const union = new Set<string>();
  for (const t of terms) {
    let termNames: Set<string> | null = null;
    for (const r of t.matchFields ?? []) {
      if (r.key !== OBJECT_NAME_FIELD || r.operator !== 'In') continue;
      termNames = intersect(termNames, r.values ?? []);
    }
    if (termNames === null) return null;
    for (const n of termNames) union.add(n);
  }
  return union;
}

/** NodeAffinityArgs after validation: compiled addedAffinity parts. */
interface AddedAffinity {
  readonly required: TermMatcher | null;
  readonly preferred: readonly WeightedTerm[] | null;
}

/**
 * Reads NodeAffinityArgs (`addedAffinity`), throwing on invalid terms.
 * mirrors validation_pluginargs.go ValidateNodeAffinityArgs and node_affinity.go New
 */
export function readNodeAffinityArgs(raw: Record<string, unknown> | undefined): AddedAffinity {
  const args = argsObject(NAME, raw);
  rejectUnknownFields(NAME, args, ['addedAffinity']);
  const aa = args.addedAffinity as NodeAffinity | undefined | null;
  if (aa === undefined || aa === null) return { required: null, preferred: null };
  if (typeof aa !== 'object' || Array.isArray(aa)) throw new Error(`${NAME} args: addedAffinity: must be an object`);
  rejectUnknownFields(NAME, aa as unknown as Record<string, unknown>, ['requiredDuringSchedulingIgnoredDuringExecution', 'preferredDuringSchedulingIgnoredDuringExecution'], 'addedAffinity.');
  let required: TermMatcher | null = null;
  const req = aa.requiredDuringSchedulingIgnoredDuringExecution;
  if (req) {
    const path = 'addedAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms';
    const errs = (req.nodeSelectorTerms ?? []).flatMap((t, i) => nodeSelectorTermErrors(t, `${path}[${i}]`));
    if (errs.length > 0) throw new Error(`${NAME} args: ${errs.join('; ')}`);
    // No terms matches no node (anyTerm of nothing is false).
    required = anyTerm((req.nodeSelectorTerms ?? []).map((t) => compileNodeSelectorTerm(t)));
  }
  let preferred: WeightedTerm[] | null = null;
  const pref = aa.preferredDuringSchedulingIgnoredDuringExecution;
  if (pref && pref.length > 0) {
    try {
      preferred = compilePreferredTerms(pref, 'addedAffinity.preferredDuringSchedulingIgnoredDuringExecution');
    } catch (e) {
      throw new Error(`${NAME} args: ${(e as Error).message}`);
    }
  }
  return { required, preferred };
}

/** The NodeAffinity plugin. mirrors node_affinity.go New */
export const newNodeAffinity: PluginFactory = (rawArgs) => {
  const added = readNodeAffinityArgs(rawArgs);

  const preFilterSlot = new CycleStateSlot<TermMatcher>(PRE_FILTER_KEY);
  const preScoreSlot = new CycleStateSlot<WeightedTerm[]>(PRE_SCORE_KEY);
  const podPreferred = (pod: PodInfo): WeightedTerm[] | null => {
    const terms = pod.pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    return terms === undefined || terms === null ? null : compilePreferredTerms(terms);
  };

  const plugin: SchedulerPlugin = {
    name: NAME,
    nodeLocal: true,
    preFilter(state: CycleState, pod: PodInfo): PreFilterOutput {
      const spec = pod.pod.spec;
      const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
      const noNodeAffinity = required === undefined || required === null;
      if (noNodeAffinity && added.required === null && (spec.nodeSelector === undefined || spec.nodeSelector === null)) return SKIP;
      preFilterSlot.write(state, compileRequiredNodeAffinity(pod.pod));
      if (noNodeAffinity) return null;
      const names = requiredNodeNames(required);
      if (names === null) return null;
      if (names.size === 0) return unresolvable(ERR_REASON_CONFLICT);
      return { nodeNames: names };
    },
    filter(state: CycleState, pod: PodInfo, node: NodeInfo): Status | null {
      if (added.required && !added.required(node)) return ENFORCED_STATUS;
      // Without PreFilter (disabled), compile here as upstream does.
      const match = preFilterSlot.read(state) ?? compileRequiredNodeAffinity(pod.pod);
      return match(node) ? null : POD_STATUS;
    },
    quickFilter(state: CycleState, pod: PodInfo): QuickFilter {
      // exactly "filter returns null"
      const match = preFilterSlot.read(state) ?? compileRequiredNodeAffinity(pod.pod);
      const req = added.required;
      return req ? (_d, _o, node) => req(node) && match(node) : (_d, _o, node) => match(node);
    },
    preScore(state: CycleState, pod: PodInfo): Status | null {
      let terms: WeightedTerm[] | null;
      try {
        terms = podPreferred(pod);
      } catch (e) {
        return errorStatus((e as Error).message);
      }
      if (terms === null && added.preferred === null) return SKIP;
      preScoreSlot.write(state, terms ?? []);
      return null;
    },
    score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
      let count = added.preferred ? preferredScore(added.preferred, node) : 0;
      let terms = preScoreSlot.read(state);
      if (!terms) {
        // PreScore disabled: compile here; a broken term scores nothing (Score cannot fail here).
        try {
          terms = podPreferred(pod) ?? [];
        } catch {
          terms = [];
        }
      }
      count += preferredScore(terms, node);
      return count;
    },
    scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void {
      let terms = preScoreSlot.read(state);
      if (!terms) {
        try {
          terms = podPreferred(pod) ?? [];
        } catch {
          terms = [];
        }
      }
      const addedPreferred = added.preferred;
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i];
        let count = addedPreferred ? preferredScore(addedPreferred, node) : 0;
        count += preferredScore(terms, node);
        scores[i] = count;
      }
    },
    defaultNormalize: { maxPriority: MAX_NODE_SCORE, reverse: false },
    normalizeScore(_state: CycleState, _pod: PodInfo, _nodes: readonly NodeInfo[], scores: number[]): Status | null {
      normalizeTo100(false, scores);
      return null;
    },
    eventsToRegister(): readonly ClusterEventWithHint[] {
      return events;
    },
  };
  /**
   * A node (new, or whose labels changed) that matches the pod's required node affinity and did
   * not before. mirrors node_affinity.go isSchedulableAfterNodeChange
   */
  const afterNodeChange = (pod: PodInfo, oldObj: EventObject, newObj: EventObject): QueueingHint => {
    const modified = asNode(newObj);
    if (modified === null) return 'Queue';
    const m = detachedNodeInfo(modified);
    if (added.required && !added.required(m)) return 'QueueSkip';
    let match: TermMatcher;
    try {
      match = compileRequiredNodeAffinity(pod.pod);
    } catch {
      return 'Queue';
    }
    if (!match(m)) return 'QueueSkip';
    const original = asNode(oldObj);
    if (original === null) return 'Queue';
    return match(detachedNodeInfo(original)) ? 'QueueSkip' : 'Queue';
  };
  /** mirrors node_affinity.go EventsToRegister (queueing hints enabled) */
  const events: readonly ClusterEventWithHint[] = [{ event: { resource: 'Node', actionType: Add | UpdateNodeLabel }, hint: afterNodeChange }];
  return plugin;
};
