/**
 * Label selectors compiled once into matcher functions
 * (apimachinery pkg/apis/meta/v1 LabelSelectorAsSelector and pkg/labels).
 */
import type { LabelSelector, LabelSelectorRequirement } from './types.ts';

/** Labels of an object; absent means no labels. */
export type Labels = Readonly<Record<string, string>> | undefined;

/** A compiled selector: true when the labels match. */
export type LabelMatcher = (labels: Labels) => boolean;

/** Matches every label set (an empty selector `{}`). */
export const MATCH_EVERYTHING: LabelMatcher = () => true;
/** Matches nothing (a nil selector where upstream treats nil as "nothing"). */
export const MATCH_NOTHING: LabelMatcher = () => false;

function requirementMatcher(r: LabelSelectorRequirement): LabelMatcher {
  const key = r.key;
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      if (values.length === 1) {
        const v = values[0];
        return (l) => l !== undefined && l[key] === v;
      }
      return (l) => l !== undefined && key in l && values.includes(l[key]);
    case 'NotIn':
      return (l) => l === undefined || !(key in l) || !values.includes(l[key]);
    case 'Exists':
      return (l) => l !== undefined && key in l;
    case 'DoesNotExist':
      return (l) => l === undefined || !(key in l);
    default:
      throw new Error(`label selector operator "${String((r as { operator: unknown }).operator)}" is not valid`);
  }
}

/**
 * Compiles a metav1.LabelSelector. `nil` handling differs by caller in upstream, so
 * the caller says what a null/undefined selector means (`whenNil`).
 * mirrors apimachinery pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector
 */
export function compileSelector(sel: LabelSelector | null | undefined, whenNil: LabelMatcher = MATCH_NOTHING): LabelMatcher {
  if (sel === null || sel === undefined) return whenNil;
  const parts: LabelMatcher[] = [];
  const ml = sel.matchLabels;
  if (ml) {
    const entries = Object.entries(ml);
    if (entries.length === 1) {
      const [k, v] = entries[0];
      parts.push((l) => l !== undefined && l[k] === v);
    } else if (entries.length > 0) {
      parts.push((l) => {
        if (l === undefined) return false;
        for (const [k, v] of entries) if (l[k] !== v) return false;
        return true;
      });
    }
  }
  for (const r of sel.matchExpressions ?? []) parts.push(requirementMatcher(r));
  if (parts.length === 0) return MATCH_EVERYTHING;
  if (parts.length === 1) return parts[0];
  return (l) => {
    for (const p of parts) if (!p(l)) return false;
    return true;
  };
}

/** True when every key=value of `selector` (a map selector, as Service.spec.selector) is in `labels`. */
export function mapSelectorMatches(selector: Readonly<Record<string, string>>, labels: Labels): boolean {
  for (const k in selector) if (labels === undefined || labels[k] !== selector[k]) return false;
  return true;
}

/** True when the selector has no requirements at all (`{}`), which selects everything. */
export function isEmptySelector(sel: LabelSelector | null | undefined): boolean {
  return !!sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
}
