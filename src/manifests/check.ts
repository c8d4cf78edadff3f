/**
 * Field readers for the hand-written manifest schema: each reads one field, checks its type
 * and throws a UserError located at file:line:column with the object and field path.
 * Absent and `null` fields read as undefined (Go's JSON decoding treats them alike).
 */
import { UserError, type SourceLocation } from '../cli/errors.ts';
import { parseQuantityShared, QuantityError, type Quantity } from '../model/quantity.ts';
import { formatPath, type FieldPath } from './path.ts';

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

/** Where an object sits in its file: the locator of its document and its path inside it. */
export interface ObjectSource {
  file: string;
  /** 0-based document index in the file. */
  document: number;
  /** Path of the object inside the document (`[]`, or `['items', 3]` inside a List). */
  base: FieldPath;
  /** Location of the object's own start. */
  location: SourceLocation;
  /** Location of a field of this object, by object-relative path. */
  locate(path: FieldPath): SourceLocation;
}

/** True for a plain (non-array) object. */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v} ${String(v)}`;
}

/** Reads and checks fields of one object; every failure names the object and the field. */
export class Checker {
  constructor(
    readonly source: ObjectSource,
    /** The object as `Kind namespace/name` (or `Kind name` for cluster-scoped kinds). */
    public ref: string,
  ) {}

  /** Throws a UserError located at `path`. */
  fail(path: FieldPath, message: string): never {
    throw new UserError(message, { location: this.source.locate(path), object: this.ref, field: formatPath(path) || undefined });
  }

  /** A required field is missing. */
  missing(path: FieldPath): never {
    return this.fail(path, 'required field is missing');
  }

  private raw(parent: JsonObject, key: string): unknown {
    const v = Object.hasOwn(parent, key) ? parent[key] : undefined;
    return v === null ? undefined : v;
  }

  /** A map field. */
  object(parent: JsonObject, key: string, path: FieldPath, required = false): JsonObject | undefined {
    const v = this.raw(parent, key);
    if (v === undefined) return required ? this.missing([...path, key]) : undefined;
    if (!isObject(v)) this.fail([...path, key], `must be a map, got ${describe(v)}`);
    return v;
  }

  /** A list field; each item is checked by the caller. */
  list(parent: JsonObject, key: string, path: FieldPath, required = false): unknown[] | undefined {
    const v = this.raw(parent, key);
    if (v === undefined) return required ? this.missing([...path, key]) : undefined;
    if (!Array.isArray(v)) this.fail([...path, key], `must be a list, got ${describe(v)}`);
    return v;
  }

  /** A list of maps. */
  objectList(parent: JsonObject, key: string, path: FieldPath, required = false): JsonObject[] | undefined {
    const items = this.list(parent, key, path, required);
    if (!items) return undefined;
    items.forEach((it, i) => {
      if (!isObject(it)) this.fail([...path, key, i], `must be a map, got ${describe(it)}`);
    });
    return items as JsonObject[];
  }

  /** A string field (optionally one of `allowed`). */
  string(parent: JsonObject, key: string, path: FieldPath, required = false, allowed?: readonly string[]): string | undefined {
    const v = this.raw(parent, key);
    if (v === undefined) return required ? this.missing([...path, key]) : undefined;
    if (typeof v !== 'string') this.fail([...path, key], `must be a string, got ${describe(v)}`);
    if (required && v === '') this.fail([...path, key], 'must not be empty');
    if (allowed && !(v === '' && !required) && !allowed.includes(v)) {
      this.fail([...path, key], `unsupported value ${JSON.stringify(v)}: supported values: ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
    }
    return v;
  }

  /** An integer field, optionally bounded. */
  int(parent: JsonObject, key: string, path: FieldPath, opts: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const v = this.raw(parent, key);
    if (v === undefined) return opts.required ? this.missing([...path, key]) : undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) this.fail([...path, key], `must be an integer, got ${describe(v)}`);
    if (opts.min !== undefined && v < opts.min) this.fail([...path, key], `must be greater than or equal to ${opts.min}, got ${v}`);
    if (opts.max !== undefined && v > opts.max) this.fail([...path, key], `must be less than or equal to ${opts.max}, got ${v}`);
    return v;
  }

  /** A boolean field. */
  bool(parent: JsonObject, key: string, path: FieldPath): boolean | undefined {
    const v = this.raw(parent, key);
    if (v === undefined) return undefined;
    if (typeof v !== 'boolean') this.fail([...path, key], `must be true or false, got ${describe(v)}`);
    return v;
  }

  /** An int-or-string that must be an integer ≥ 0 or a percentage `N%` (intstr validation). */
  intOrPercent(parent: JsonObject, key: string, path: FieldPath): number | string | undefined {
    const v = this.raw(parent, key);
    if (v === undefined) return undefined;
    if (typeof v === 'number') {
      if (!Number.isInteger(v)) this.fail([...path, key], `must be an integer or a percentage, got ${describe(v)}`);
      if (v < 0) this.fail([...path, key], `must be greater than or equal to 0, got ${v}`);
      return v;
    }
    if (typeof v === 'string') {
      // mirrors pkg/apis/apps/validation ValidatePositiveIntOrPercent (IsValidPercent)
      if (!/^[0-9]+%$/.test(v)) this.fail([...path, key], `must be an integer or a percentage like "25%", got ${describe(v)}`);
      return v;
    }
    return this.fail([...path, key], `must be an integer or a percentage, got ${describe(v)}`);
  }

  /** A quantity (string or number) that parses as a Kubernetes quantity. */
  quantity(parent: JsonObject, key: string, path: FieldPath, required = false, nonNegative = true): Quantity | undefined {
    const v = this.raw(parent, key);
    if (v === undefined) return required ? this.missing([...path, key]) : undefined;
    if (typeof v !== 'string' && typeof v !== 'number') this.fail([...path, key], `must be a quantity (like "500m" or "1Gi"), got ${describe(v)}`);
    let q: Quantity;
    try {
      q = parseQuantityShared(v);
    } catch (err) {
      if (err instanceof QuantityError) this.fail([...path, key], `invalid quantity: ${err.message}`);
      throw err;
    }
    if (nonNegative && q.num < 0n) this.fail([...path, key], `must be greater than or equal to 0, got ${String(v)}`);
    return q;
  }

  /** A map of resource name → quantity (requests, limits, allocatable, ...). */
  resourceList(parent: JsonObject, key: string, path: FieldPath): Record<string, Quantity> | undefined {
    const m = this.object(parent, key, path);
    if (!m) return undefined;
    const out: Record<string, Quantity> = {};
    for (const name of Object.keys(m)) {
      if (m[name] === null) {
        delete m[name];
        continue;
      }
      out[name] = this.quantity(m, name, [...path, key], true)!;
    }
    return out;
  }

  /** A map of string → string (labels, annotations, nodeSelector, matchLabels). */
  stringMap(parent: JsonObject, key: string, path: FieldPath): Record<string, string> | undefined {
    const m = this.object(parent, key, path);
    if (!m) return undefined;
    for (const k of Object.keys(m)) {
      const v = m[k];
      if (typeof v !== 'string') this.fail([...path, key, k], `must be a string, got ${describe(v)} (quote it: "${String(v)}")`);
    }
    return m as Record<string, string>;
  }

  /** A list of strings. */
  stringList(parent: JsonObject, key: string, path: FieldPath, required = false): string[] | undefined {
    const items = this.list(parent, key, path, required);
    if (!items) return undefined;
    items.forEach((it, i) => {
      if (typeof it !== 'string') this.fail([...path, key, i], `must be a string, got ${describe(it)}`);
    });
    return items as string[];
  }
}
