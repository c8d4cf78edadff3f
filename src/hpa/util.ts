/**
 * Small helpers the HPA controller needs: RFC 3339 ⇄ seconds, Go's zero time, canonical
 * quantity strings, Go's rendering of a *metav1.LabelSelector, and label selector strings
 * as the scale subresource carries them (apimachinery pkg/labels Parse).
 */
import type { LabelSelector } from '../model/types.ts';
import type { Labels } from '../model/labels.ts';

/** Go's zero time.Time (0001-01-01T00:00:00Z) in Unix seconds: what an unset metav1.Time compares as. */
export const GO_ZERO_TIME = -62135596800;

const parsedTimes = new Map<string, number | undefined>();

/** Parses an RFC 3339 timestamp into Unix seconds; absent or unparsable → undefined. */
export function parseTime(ts: string | undefined): number | undefined {
  if (ts === undefined || ts === '') return undefined;
  // every reconcile re-reads the same few pod timestamps: remember them (bounded)
  const hit = parsedTimes.get(ts);
  if (hit !== undefined || parsedTimes.has(ts)) return hit;
  const ms = Date.parse(ts);
  const v = Number.isNaN(ms) ? undefined : ms / 1000;
  if (parsedTimes.size >= 4096) parsedTimes.clear();
  parsedTimes.set(ts, v);
  return v;
}

/** Formats Unix seconds as RFC 3339 with second precision, as metav1.Time serializes. */
export function formatTime(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const DECIMAL_SUFFIXES: Record<number, string> = { [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };

/**
 * The canonical string of `resource.NewMilliQuantity(milli, resource.DecimalSI)`:
 * the largest power-of-1000 suffix that keeps the mantissa whole (1500 → "1500m", 2000 → "2", 3e6 → "3k").
 */
export function formatMilliQuantity(milli: number): string {
  if (!Number.isFinite(milli)) return String(milli);
  const t = Math.trunc(milli);
  if (Number.isSafeInteger(t)) {
    // the same steps in doubles, exact for safe integers
    if (t === 0) return '0';
    let n = t;
    let e = -3;
    while (e < 18 && n % 1000 === 0) {
      n /= 1000;
      e += 3;
    }
    return `${n}${DECIMAL_SUFFIXES[e]}`;
  }
  let m = BigInt(t);
  if (m === 0n) return '0';
  let exp = -3;
  while (exp < 18 && m % 1000n === 0n) {
    m /= 1000n;
    exp += 3;
  }
  return `${m}${DECIMAL_SUFFIXES[exp]}`;
}

/**
 * How Go's `%+v` prints a *metav1.LabelSelector (its generated String()): upstream puts
 * this in External/Object metric names, hence in SuccessfulRescale reasons.
 */
export function goLabelSelectorString(sel: LabelSelector | null | undefined): string {
  if (sel === null || sel === undefined) return 'nil';
  const keys = Object.keys(sel.matchLabels ?? {}).sort();
  let labels = 'map[string]string{';
  for (const k of keys) labels += `${k}: ${sel.matchLabels![k]},`;
  labels += '}';
  let exprs = '[]LabelSelectorRequirement{';
  for (const r of sel.matchExpressions ?? []) {
    exprs += `LabelSelectorRequirement{Key:${r.key},Operator:${r.operator},Values:[${(r.values ?? []).join(' ')}],},`;
  }
  exprs += '}';
  return `&LabelSelector{MatchLabels:${labels},MatchExpressions:${exprs},}`;
}

/** A compiled requirement of a selector string. */
interface Requirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';
  values: string[];
}

const KEY_RE = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE_RE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Thrown for a selector string upstream's labels.Parse rejects. */
export class SelectorParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorParseError';
  }
}

type Token = { kind: 'id' | 'op' | 'comma' | 'open' | 'close' | 'not'; text: string };

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === ',') {
      out.push({ kind: 'comma', text: c });
      i++;
    } else if (c === '(') {
      out.push({ kind: 'open', text: c });
      i++;
    } else if (c === ')') {
      out.push({ kind: 'close', text: c });
      i++;
    } else if (c === '!' && s[i + 1] === '=') {
      out.push({ kind: 'op', text: '!=' });
      i += 2;
    } else if (c === '!') {
      out.push({ kind: 'not', text: c });
      i++;
    } else if (c === '=' && s[i + 1] === '=') {
      out.push({ kind: 'op', text: '==' });
      i += 2;
    } else if (c === '=' || c === '>' || c === '<') {
      out.push({ kind: 'op', text: c });
      i++;
    } else {
      let j = i;
      while (j < s.length && !' \t,()!=<>'.includes(s[j])) j++;
      out.push({ kind: 'id', text: s.slice(i, j) });
      i = j;
    }
  }
  return out;
}

/**
 * Parses a label selector string (`a=b,c!=d,e in (f,g),!h,i`).
 * mirrors apimachinery pkg/labels/selector.go Parse (grammar and key/value validation).
 */
export function parseSelectorString(s: string): (labels: Labels) => boolean {
  const toks = tokenize(s);
  const reqs: Requirement[] = [];
  let i = 0;
  const fail = (msg: string): never => {
    throw new SelectorParseError(`unable to parse requirement: ${msg}`);
  };
  const checkKey = (k: string): void => {
    if (!KEY_RE.test(k) || k.length > 316) fail(`invalid label key "${k}"`);
  };
  const checkValue = (v: string): void => {
    if (!VALUE_RE.test(v) || v.length > 63) fail(`invalid label value: "${v}"`);
  };
  while (i < toks.length) {
    if (toks[i].kind === 'not') {
      const k = toks[i + 1];
      if (!k || k.kind !== 'id') fail('expected a key after "!"');
      checkKey(k.text);
      reqs.push({ key: k.text, op: '!', values: [] });
      i += 2;
    } else if (toks[i].kind === 'id') {
      const key = toks[i].text;
      checkKey(key);
      const next = toks[i + 1];
      if (!next || next.kind === 'comma') {
        reqs.push({ key, op: 'exists', values: [] });
        i += 1;
      } else if (next.kind === 'op') {
        const v = toks[i + 2];
        const value = v && v.kind === 'id' ? v.text : '';
        checkValue(value);
        const op = next.text;
        if (op === '>' || op === '<') {
          if (!/^-?\d+$/.test(value)) fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
          reqs.push({ key, op: op === '>' ? 'gt' : 'lt', values: [value] });
        } else {
          reqs.push({ key, op: op === '!=' ? 'notin' : 'in', values: [value] });
        }
        i += v && v.kind === 'id' ? 3 : 2;
      } else if (next.kind === 'id' && (next.text === 'in' || next.text === 'notin')) {
        if (toks[i + 2]?.kind !== 'open') fail(`found '${toks[i + 2]?.text ?? ''}', expected: '('`);
        let j = i + 3;
        const values: string[] = [];
        let expectValue = true;
        while (j < toks.length && toks[j].kind !== 'close') {
          const t = toks[j];
          if (t.kind === 'id' && expectValue) {
            checkValue(t.text);
            values.push(t.text);
            expectValue = false;
          } else if (t.kind === 'comma' && !expectValue) {
            expectValue = true;
          } else {
            fail(`found '${t.text}', expected: ',', ')' or identifier`);
          }
          j++;
        }
        if (j >= toks.length) fail(`found '', expected: ')'`);
        reqs.push({ key, op: next.text === 'in' ? 'in' : 'notin', values });
        i = j + 1;
      } else {
        fail(`found '${next.text}', expected: in, notin, =, ==, !=, gt, lt`);
      }
    } else {
      fail(`found '${toks[i].text}', expected: !, identifier, or 'end of string'`);
    }
    if (i < toks.length) {
      if (toks[i].kind !== 'comma') fail(`found '${toks[i].text}', expected: ',' or 'end of string'`);
      i++;
      if (i >= toks.length) fail(`found '', expected: identifier after ','`);
    }
  }
  return (labels) => {
    for (const r of reqs) {
      const has = labels !== undefined && Object.prototype.hasOwnProperty.call(labels, r.key);
      const v = has ? labels![r.key] : undefined;
      switch (r.op) {
        case 'in':
          if (!has || !r.values.includes(v!)) return false;
          break;
        case 'notin':
          if (has && r.values.includes(v!)) return false;
          break;
        case 'exists':
          if (!has) return false;
          break;
        case '!':
          if (has) return false;
          break;
        case 'gt':
        case 'lt': {
          if (!has || !/^-?\d+$/.test(v!)) return false;
          const n = Number(v);
          const t = Number(r.values[0]);
          if (r.op === 'gt' ? !(n > t) : !(n < t)) return false;
          break;
        }
      }
    }
    return true;
  };
}

/** Renders a LabelSelector the way Scale.status.selector carries it (metav1.LabelSelectorAsSelector(...).String()). */
export function selectorToString(sel: LabelSelector): string {
  const parts: string[] = [];
  for (const k of Object.keys(sel.matchLabels ?? {})) parts.push(`${k}=${sel.matchLabels![k]}`);
  for (const r of sel.matchExpressions ?? []) {
    const vals = [...(r.values ?? [])].sort().join(',');
    if (r.operator === 'In') parts.push(`${r.key} in (${vals})`);
    else if (r.operator === 'NotIn') parts.push(`${r.key} notin (${vals})`);
    else if (r.operator === 'Exists') parts.push(r.key);
    else parts.push(`!${r.key}`);
  }
  return parts.sort().join(',');
}
