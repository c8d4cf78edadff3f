/**
 * priority expander: the user ranks node groups by regexps over their ids in the ConfigMap
 * kube-system/cluster-autoscaler-priority-expander (key `priorities`, YAML `int: [regexp, …]`);
 * the options whose group matches the highest priority are kept.
 *
 * Upstream re-reads the ConfigMap on every call and reports problems as Warning events on it;
 * here the caller passes the ConfigMap (or undefined) and receives the events to record.
 */
import { loadAll, YAML11_SCHEMA } from 'js-yaml';
import type { ObjectMeta } from '../../model/types.ts';
import type { ExpansionOption, NodeInfoData } from '../types.ts';

/** Name of the ConfigMap holding the priorities (upstream PriorityConfigMapName). */
export const PRIORITY_CONFIG_MAP_NAME = 'cluster-autoscaler-priority-expander';
/** Key of the priorities YAML inside the ConfigMap's data (upstream ConfigMapKey). */
export const CONFIG_MAP_KEY = 'priorities';

/** The part of a v1.ConfigMap the priority expander reads. */
export interface PriorityConfigMap {
  metadata?: ObjectMeta;
  data?: Record<string, string>;
}

/** Priority → compiled regexps over node group ids. */
export type Priorities = Map<number, RegExp[]>;

/** A Warning event the expander would record on the ConfigMap (logConfigWarning). */
export interface PriorityConfigEvent {
  type: 'Warning';
  reason: 'PriorityConfigMapInvalid' | 'PriorityConfigMapNotMatchedGroup' | 'PriorityConfigMapNoGroupMatched';
  message: string;
}

/** Result of parsing the priorities YAML: the compiled priorities, or the error upstream returns. */
export type ParsePrioritiesResult = { priorities: Priorities; error?: undefined } | { priorities?: undefined; error: string };

/** Result of {@link priorityBestOptions}: the kept options, the events to record, a load error. */
export interface PriorityBestOptionsResult {
  options: ExpansionOption[];
  /** Warning events on the ConfigMap, in upstream's order (each one counts as a bad config update). */
  events: PriorityConfigEvent[];
  /** Set when the configuration could not be loaded (then every option is kept). */
  error?: string;
  /** True when the priorities YAML was parsed successfully (upstream okConfigUpdates++). */
  configLoaded: boolean;
}

const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);

/** Go's type name of a decoded YAML value, for the json.Unmarshal error text. */
function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

/** Reads a map key the way encoding/json decodes a map[int] key (strconv.ParseInt base 10). */
function parseIntKey(key: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(key)) return undefined;
  const v = BigInt(key);
  if (v > MAX_INT64 || v < MIN_INT64) return undefined;
  return Number(v);
}

/**
 * Parses and compiles the priorities YAML; an empty string, YAML that is not a
 * `map[int][]string`, or a regexp that does not compile rejects the whole configuration.
 * mirrors cluster-autoscaler/expander/priority/priority.go parsePrioritiesYAMLString
 */
export function parsePrioritiesYAMLString(prioritiesYAML: string): ParsePrioritiesResult {
  if (prioritiesYAML === '') {
    return { error: `priority configuration in ${PRIORITY_CONFIG_MAP_NAME} configmap is empty; please provide valid configuration` };
  }
  const parseError = (msg: string): ParsePrioritiesResult => ({ error: `Can't parse YAML with priorities in the configmap: ${msg}` });
  let doc: unknown;
  try {
    // go-yaml v2 (under sigs.k8s.io/yaml) reads YAML 1.1, and only the first document; an empty
    // document decodes to null (no priorities).
    doc = loadAll(prioritiesYAML, { schema: YAML11_SCHEMA })[0] ?? null;
  } catch (e) {
    return parseError(`error converting YAML to JSON: yaml: ${(e as Error).message.split('\n')[0]}`);
  }
  const config = new Map<number, string[]>();
  if (doc !== null && doc !== undefined) {
    if (typeof doc !== 'object' || Array.isArray(doc)) {
      return parseError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(doc)} into Go value of type map[int][]string`);
    }
    for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
      const prio = parseIntKey(key);
      if (prio === undefined) {
        return parseError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal number ${key} into Go value of type int`);
      }
      if (value === null || value === undefined) {
        config.set(prio, []);
        continue;
      }
      if (!Array.isArray(value)) {
        return parseError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(value)} into Go value of type []string`);
      }
      const list: string[] = [];
      for (const item of value) {
        if (item === null || item === undefined) list.push(''); // JSON null leaves a string empty
        else if (typeof item === 'string') list.push(item);
        else return parseError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(item)} into Go value of type string`);
      }
      config.set(prio, list); // a repeated key replaces the earlier list, as encoding/json does
    }
  }
  const priorities: Priorities = new Map();
  for (const [prio, reList] of config) {
    for (const re of reList) {
      const compiled = compileGoRegexp(re);
      if (typeof compiled === 'string') {
        return { error: `Can't compile regexp rule for priority ${prio} and rule ${re}: ${compiled}` };
      }
      const list = priorities.get(prio);
      if (list === undefined) priorities.set(prio, [compiled]);
      else list.push(compiled);
    }
  }
  return { priorities };
}

/** RE2's ASCII classes ([[:alpha:]] …) as JS class contents. */
const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/**
 * Compiles a Go (RE2) regexp as a JS RegExp, or returns Go-style error text. RE2 constructs JS
 * lacks are translated (`(?P<name>`, `\A`, `\z`, leading `(?flags)`, `[[:alpha:]]` classes);
 * constructs RE2 rejects but JS accepts (lookaround, backreferences) are rejected; anything else
 * JS cannot compile is an error with JS's message.
 */
export function compileGoRegexp(re: string): RegExp | string {
  let out = '';
  let flags = '';
  let i = 0;
  const lead = /^\(\?([imsU]+)\)/.exec(re);
  if (lead !== null) {
    for (const f of lead[1]) {
      if (f === 'U') return 'error parsing regexp: invalid or unsupported Perl syntax: `(?U`';
      if (!flags.includes(f)) flags += f;
    }
    i = lead[0].length;
  }
  let inClass = false;
  while (i < re.length) {
    const c = re[i];
    if (c === '\\') {
      const n = re[i + 1];
      if (n === undefined) return 'error parsing regexp: trailing backslash at end of expression: ``';
      if (!inClass && n >= '1' && n <= '9') return `error parsing regexp: invalid escape sequence: \`\\${n}\``;
      if (!inClass && n === 'z') out += '$';
      else if (!inClass && n === 'A') out += '^';
      else out += c + n;
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === '[' && re[i + 1] === ':') {
        const end = re.indexOf(':]', i + 2);
        if (end >= 0) {
          const name = re.slice(i + 2, end);
          const posix = POSIX_CLASSES[name];
          if (posix === undefined) return `error parsing regexp: invalid character class range: \`[:${name}:]\``;
          out += posix;
          i = end + 2;
          continue;
        }
      }
      if (c === ']') inClass = false;
      out += c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      i++;
      // A ']' right after '[' or '[^' is a literal in RE2.
      if (re[i] === '^') {
        out += '^';
        i++;
      }
      if (re[i] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && re[i + 1] === '?') {
      const rest = re.slice(i + 2);
      if (rest.startsWith('P<')) {
        out += '(?<';
        i += 4;
        continue;
      }
      if (rest.startsWith('=') || rest.startsWith('!') || rest.startsWith('<=') || rest.startsWith('<!')) {
        const op = rest.startsWith('<') ? rest.slice(0, 2) : rest.slice(0, 1);
        return `error parsing regexp: invalid or unsupported Perl syntax: \`(?${op}\``;
      }
    }
    out += c;
    i++;
  }
  try {
    return new RegExp(out, flags);
  } catch (e) {
    return `error parsing regexp: ${(e as Error).message}`;
  }
}

/**
 * Loads the priorities from the ConfigMap: a missing ConfigMap is an error without event; a
 * missing `priorities` key or an invalid configuration is an error with a
 * PriorityConfigMapInvalid warning.
 * mirrors cluster-autoscaler/expander/priority/priority.go reloadConfigMap
 */
export function reloadConfigMap(cm: PriorityConfigMap | undefined): { priorities?: Priorities; error?: string; events: PriorityConfigEvent[] } {
  if (cm === undefined) {
    return { error: `Priority expander config map ${PRIORITY_CONFIG_MAP_NAME} not found`, events: [] };
  }
  const prioString = cm.data?.[CONFIG_MAP_KEY];
  if (prioString === undefined) {
    const msg = `Wrong configmap for priority expander, doesn't contain ${CONFIG_MAP_KEY} key. Ignoring update.`;
    return { error: msg, events: [{ type: 'Warning', reason: 'PriorityConfigMapInvalid', message: msg }] };
  }
  const parsed = parsePrioritiesYAMLString(prioString);
  if (parsed.error !== undefined) {
    const msg = `Wrong configuration for priority expander: ${parsed.error}. Ignoring update.`;
    return { error: parsed.error, events: [{ type: 'Warning', reason: 'PriorityConfigMapInvalid', message: msg }] };
  }
  return { priorities: parsed.priorities, events: [] };
}

/** True when some regexp of the list finds a match anywhere in the id (FindStringIndex != nil). */
function groupIDMatchesList(id: string, nameRegexpList: readonly RegExp[]): boolean {
  for (const re of nameRegexpList) {
    re.lastIndex = 0;
    if (re.test(id)) return true;
  }
  return false;
}

/**
 * Options whose node group matches the highest priority. Every option is kept when the
 * configuration cannot be loaded or no option matches any priority; each unmatched group gets a
 * PriorityConfigMapNotMatchedGroup warning. Priorities below -1 never win (upstream starts the
 * running maximum at -1).
 * mirrors cluster-autoscaler/expander/priority/priority.go BestOptions
 */
export function priorityBestOptions(
  options: readonly ExpansionOption[],
  _nodeInfos: ReadonlyMap<string, NodeInfoData> | undefined,
  configMap: PriorityConfigMap | undefined,
): PriorityBestOptionsResult {
  if (options.length <= 0) return { options: [], events: [], configLoaded: false };
  const loaded = reloadConfigMap(configMap);
  const events = [...loaded.events];
  if (loaded.priorities === undefined) {
    return { options: [...options], events, error: loaded.error, configLoaded: false };
  }
  let maxPrio = -1;
  let best: ExpansionOption[] = [];
  for (const option of options) {
    const id = option.nodeGroup;
    let found = false;
    for (const [prio, nameRegexpList] of loaded.priorities) {
      if (!groupIDMatchesList(id, nameRegexpList)) continue;
      found = true;
      if (prio < maxPrio) continue;
      if (prio > maxPrio) {
        maxPrio = prio;
        best = [];
      }
      best.push(option);
    }
    if (!found) {
      events.push({
        type: 'Warning',
        reason: 'PriorityConfigMapNotMatchedGroup',
        message: `Priority expander: node group ${id} not found in priority expander configuration. The group won't be used.`,
      });
    }
  }
  if (best.length === 0) {
    events.push({
      type: 'Warning',
      reason: 'PriorityConfigMapNoGroupMatched',
      message: 'Priority expander: no priorities info found for any of the expansion options. No options filtered.',
    });
    return { options: [...options], events, configLoaded: true };
  }
  return { options: best, events, configLoaded: true };
}
