/**
 * YAML (and JSON, a YAML subset) text → documents whose every value can be located at
 * file:line:column. js-yaml 5's event stream carries source offsets; values come from
 * `constructFromEvents` and positions from a walk over the same events. The walk is lazy, per
 * document, and happens only when a location is asked for (an error or a warning): reading
 * thousands of valid documents never pays for it.
 */
import {
  CORE_SCHEMA,
  EVENT_ID,
  constructFromEvents,
  getScalarValue,
  mergeTag,
  parseEvents,
  SCALAR_STYLE,
  YAMLException,
  type Event,
  type ScalarEvent,
} from 'js-yaml';
import { UserError, type SourceLocation } from '../cli/errors.ts';
import { formatPath, type FieldPath, type PathSegment } from './path.ts';

/** Merge keys (`<<: *base`) are accepted, as the YAML decoder kubectl uses accepts them. */
const SCHEMA = CORE_SCHEMA.withTags(mergeTag);

/** Offsets of one value: where the value starts and, for a map entry, where its key starts. */
interface Position {
  value: number;
  key: number;
}

/** One YAML document of a file, with a locator for any field path inside it. */
export interface SourceDocument {
  readonly file: string;
  /** 0-based index of the document in the file. */
  readonly index: number;
  /** The decoded value (null for an empty document). */
  readonly value: unknown;
  /**
   * False when the file has no alias (`*name`): then every map and list of `value` appears once
   * in it (a tree), and walks over it need no visited set.
   */
  readonly shared: boolean;
  /** Location of the value at `path` (or of its nearest located ancestor). */
  locate(path: FieldPath): SourceLocation;
}

/** Line starts of a text, for offset → line/column. */
class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    // indexOf runs natively: much faster than a loop over every character of a large file
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  /** 1-based line and column of `offset`. */
  at(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

interface Frame {
  map: boolean;
  path: PathSegment[];
  index: number;
  /** For maps: the key read and waiting for its value (undefined: the next node is a key). */
  key: PathSegment | undefined;
  keyOffset: number;
  /** A complex (non-scalar) key or anything under it: not located. */
  ignored: boolean;
}

/**
 * The parse events a locator needs, packed four 32-bit integers per event: a file's event objects
 * take several times the memory, and are kept as long as any object read from the file lives.
 * Per event: type (bits 0-2) with a scalar's style (bits 3-5), chomping (bits 6-7) and fast flag
 * (bit 8); then the start offset (a collection's start, a scalar's valueStart, an alias's
 * anchorStart); a scalar's valueEnd; a scalar's indent.
 */
const PACKED = 4;

/** Packs `events` (see {@link PACKED}); also returns each document's first event index and whether any alias occurs. */
function packEvents(events: Event[]): { packed: Int32Array; docStarts: number[]; aliases: boolean } {
  const packed = new Int32Array(events.length * PACKED);
  const docStarts: number[] = [];
  let aliases = false;
  for (let i = 0, j = 0; i < events.length; i++, j += PACKED) {
    const ev = events[i];
    switch (ev.type) {
      case EVENT_ID.DOCUMENT:
        docStarts.push(i);
        packed[j] = ev.type;
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        packed[j] = ev.type;
        packed[j + 1] = ev.start;
        break;
      case EVENT_ID.SCALAR:
        packed[j] = ev.type | (ev.style << 3) | (ev.chomping << 6) | (ev.fast ? 1 << 8 : 0);
        packed[j + 1] = ev.valueStart;
        packed[j + 2] = ev.valueEnd;
        packed[j + 3] = ev.indent;
        break;
      case EVENT_ID.ALIAS:
        aliases = true;
        packed[j] = ev.type;
        packed[j + 1] = ev.anchorStart;
        break;
      default:
        packed[j] = ev.type;
    }
  }
  return { packed, docStarts, aliases };
}

/** The decoded text of the packed scalar event at `j` (a map key). */
function scalarText(text: string, packed: Int32Array, j: number): string {
  const bits = packed[j];
  const ev: ScalarEvent = {
    type: EVENT_ID.SCALAR,
    valueStart: packed[j + 1],
    valueEnd: packed[j + 2],
    anchorStart: -1,
    anchorEnd: -1,
    tagStart: -1,
    tagEnd: -1,
    style: ((bits >> 3) & 7) as ScalarEvent['style'],
    chomping: ((bits >> 6) & 3) as ScalarEvent['chomping'],
    indent: packed[j + 3],
    fast: (bits & (1 << 8)) !== 0,
  };
  return getScalarValue(text, ev);
}

/**
 * Walks the packed events of one document, event `from` (its DOCUMENT event) up to `to`
 * (exclusive), and records the position of every value by formatted field path.
 */
function positionsOf(text: string, packed: Int32Array, from: number, to: number): Map<string, Position> {
  const cur: Map<string, Position> = new Map();
  const stack: Frame[] = [];

  // The path of the node now starting; null when it is a map key or under an ignored node.
  const place = (offset: number, scalarKey?: () => string): PathSegment[] | null => {
    const top = stack[stack.length - 1];
    if (!top) return [];
    if (top.ignored) return null;
    if (top.map) {
      if (top.key === undefined) {
        top.key = scalarKey ? scalarKey() : '?';
        top.keyOffset = offset;
        return null;
      }
      const path = [...top.path, top.key];
      top.key = undefined;
      return path;
    }
    return [...top.path, top.index++];
  };
  const record = (path: PathSegment[], value: number): void => {
    const top = stack[stack.length - 1];
    const key = top && top.map ? top.keyOffset : value;
    cur.set(formatPath(path), { value: value >= 0 ? value : key, key: key >= 0 ? key : value });
  };

  for (let j = from * PACKED; j < to * PACKED; j += PACKED) {
    const type = packed[j] & 7;
    switch (type) {
      case EVENT_ID.DOCUMENT:
        stack.length = 0;
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const start = packed[j + 1];
        const path = place(start);
        if (path) record(path, start);
        stack.push({ map: type === EVENT_ID.MAPPING, path: path ?? [], index: 0, key: undefined, keyOffset: -1, ignored: path === null });
        break;
      }
      case EVENT_ID.SCALAR: {
        // Quoted scalars: point at the opening quote.
        const style = (packed[j] >> 3) & 7;
        const quoted = style === SCALAR_STYLE.SINGLE_QUOTED || style === SCALAR_STYLE.DOUBLE_QUOTED;
        const valueStart = packed[j + 1];
        const start = valueStart >= 0 && quoted ? valueStart - 1 : valueStart;
        const path = place(start, () => scalarText(text, packed, j));
        if (path) record(path, start);
        break;
      }
      case EVENT_ID.ALIAS: {
        const anchorStart = packed[j + 1];
        const path = place(anchorStart - 1);
        if (path) record(path, anchorStart - 1);
        break;
      }
      case EVENT_ID.POP:
        stack.pop();
        break;
    }
  }
  return cur;
}

function yamlError(err: unknown, file: string, text: string): UserError {
  if (err instanceof YAMLException) {
    const mark = err.mark;
    const location: SourceLocation = mark ? { file, line: mark.line + 1, column: mark.column + 1 } : { file };
    let reason = err.reason;
    const position = mark && typeof mark.position === 'number' ? mark.position : undefined;
    if (position !== undefined && /duplicated mapping key/.test(reason)) {
      const key = keyAt(text, position);
      if (key !== undefined) {
        reason = `duplicated mapping key ${JSON.stringify(key)}`;
        const first = firstKeyLine(text, position, key);
        if (first !== undefined) reason += ` (first defined at line ${first})`;
        reason += ': a key may appear once in a map';
      }
    } else if (position !== undefined) {
      const open = unclosedFlow(text, position);
      if (open) {
        const lines = new LineIndex(text);
        const at = lines.at(open.offset);
        const what = open.ch === '{' ? 'flow mapping "{"' : 'flow sequence "["';
        reason += `; the ${what} opened at line ${at.line}, column ${at.column} is not closed (parsing gave up at line ${location.line}, column ${location.column})`;
      }
    }
    return new UserError(`invalid YAML: ${reason}`, { location });
  }
  const msg = err instanceof Error ? err.message : String(err);
  return new UserError(`invalid YAML: ${msg}`, { location: { file } });
}

/** The map key written at `offset` (a plain or quoted scalar), for the duplicate-key message. */
function keyAt(text: string, offset: number): string | undefined {
  // js-yaml marks a quoted key just inside its opening quote
  if ((text[offset - 1] === '"' || text[offset - 1] === "'") && text[offset] !== text[offset - 1]) offset--;
  const ch = text[offset];
  if (ch === '"' || ch === "'") {
    let out = '';
    for (let i = offset + 1; i < text.length && text[i] !== '\n'; i++) {
      if (text[i] === ch) {
        if (ch === "'" && text[i + 1] === "'") {
          out += "'";
          i++;
          continue;
        }
        return out;
      }
      if (ch === '"' && text[i] === '\\') {
        out += text[++i] ?? '';
        continue;
      }
      out += text[i];
    }
    return undefined;
  }
  const m = /^[^\n]*?(?=\s*:(\s|$)|\s*[,}\]]|\s+#|$)/m.exec(text.slice(offset, offset + 300));
  const key = m?.[0].trim();
  return key ? key : undefined;
}

/** The line of the first block-map entry `key:` before `offset` at the same indentation (undefined when not found). */
function firstKeyLine(text: string, offset: number, key: string): number | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const indent = offset - lineStart;
  if (text.slice(lineStart, offset).trim() !== '' && text.slice(lineStart, offset).trim() !== '-') return undefined;
  const lines = text.slice(0, lineStart).split('\n');
  const esc = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(`^(?:[ -]{${indent}})(?:${esc}|"${esc}"|'${esc}')\\s*:(\\s|$)`);
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i];
    const lead = /^[ -]*/.exec(l)![0].length;
    if (l.trim() === '' || l.trimStart().startsWith('#')) continue;
    if (lead < indent && !l.slice(0, indent).includes('-')) return undefined; // left the parent map
    if (re.test(l)) return i + 1;
  }
  return undefined;
}

/**
 * The innermost flow collection (`{` or `[`) opened before `offset` and not closed, skipping
 * quoted scalars and comments; brackets inside block-context plain scalars (`image: a[1]`) are
 * not openers. Used to point at the opening bracket when parsing gives up later.
 */
function unclosedFlow(text: string, offset: number): { ch: '{' | '['; offset: number } | undefined {
  const stack: { ch: '{' | '['; offset: number }[] = [];
  let prev = '\n'; // last significant character
  for (let i = 0; i < offset && i < text.length; i++) {
    const ch = text[i];
    if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== '\n') i++;
      prev = '\n';
      continue;
    }
    if ((ch === '"' || ch === "'") && /[\n:,[{\-?]/.test(prev)) {
      for (i++; i < text.length; i++) {
        if (ch === '"' && text[i] === '\\') i++;
        else if (text[i] === ch) {
          if (ch === "'" && text[i + 1] === "'") i++;
          else break;
        }
      }
      prev = 'x';
      continue;
    }
    if ((ch === '{' || ch === '[') && /[\n:,[{\-?]/.test(prev)) stack.push({ ch, offset: i });
    else if ((ch === '}' || ch === ']') && stack.length) stack.pop();
    if (ch === '\n') prev = stack.length ? ',' : '\n';
    else if (ch !== ' ' && ch !== '\t' && ch !== '\r') prev = ch;
  }
  return stack.at(-1);
}

/** Most values a document may hold once its aliases are expanded (go-yaml refuses excessive aliasing too). */
export const MAX_EXPANDED_VALUES = 1_000_000;

/** Values of `v` counted as if every shared (aliased) node were copied, stopping past `limit`. */
function expandedSize(v: unknown, limit: number): number {
  let n = 0;
  const stack: unknown[] = [v];
  while (stack.length && n <= limit) {
    const x = stack.pop();
    n++;
    if (Array.isArray(x)) for (const it of x) stack.push(it);
    else if (x && typeof x === 'object' && !(x instanceof Date) && !ArrayBuffer.isView(x)) for (const k in x) stack.push((x as Record<string, unknown>)[k]);
  }
  return n;
}

/**
 * Parses every document of `text` (YAML 1.2 core schema plus merge keys; JSON and KYAML flow
 * style with trailing commas included). Throws a located UserError for malformed input.
 */
export function parseDocuments(text: string, file: string): SourceDocument[] {
  let events: Event[];
  let values: unknown[];
  try {
    events = parseEvents(text, { filename: file });
    values = constructFromEvents(events, { source: text, filename: file, schema: SCHEMA });
  } catch (err) {
    throw yamlError(err, file, text);
  }
  const { packed, docStarts, aliases } = packEvents(events);
  const eventCount = events.length;
  // Positions and line starts are computed on the first request, then kept.
  let lines: LineIndex | undefined;
  const lineAt = (offset: number): { line: number; column: number } => (lines ??= new LineIndex(text)).at(offset);
  const positions: (Map<string, Position> | undefined)[] = [];
  const positionsOfDoc = (index: number): Map<string, Position> => {
    let pos = positions[index];
    if (!pos) {
      const from = docStarts[index];
      pos = from === undefined ? new Map() : positionsOf(text, packed, from, docStarts[index + 1] ?? eventCount);
      positions[index] = pos;
    }
    return pos;
  };
  if (aliases) {
    values.forEach((v, index) => {
      if (expandedSize(v, MAX_EXPANDED_VALUES) > MAX_EXPANDED_VALUES) {
        const root = positionsOfDoc(index).get(formatPath([]));
        throw new UserError(
          `invalid YAML: document ${index + 1} expands to more than ${MAX_EXPANDED_VALUES.toLocaleString('en')} values through its aliases (*name): excessive aliasing (an alias bomb?), refused as the Kubernetes YAML decoder refuses it`,
          { location: { file, ...lineAt(Math.max(0, root?.value ?? 0)) } },
        );
      }
    });
  }
  return values.map((value, index) => ({
    file,
    index,
    value,
    shared: aliases,
    locate(path: FieldPath): SourceLocation {
      const pos = positionsOfDoc(index);
      for (let n = path.length; n >= 0; n--) {
        const p = pos.get(formatPath(path.slice(0, n)));
        if (p) {
          // The exact value: point at it; an ancestor (the field is missing): point at its key.
          const off = n === path.length ? p.value : p.key;
          return { file, ...lineAt(Math.max(0, off)) };
        }
      }
      return { file, line: 1, column: 1 };
    },
  }));
}
