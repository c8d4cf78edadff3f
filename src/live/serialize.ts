/**
 * client-node's typed objects → plain API JSON, as the API server would have sent it: attribute
 * names back to wire names (`_continue` → `continue`, ...), Dates back to RFC 3339 strings
 * (whole seconds as `2024-05-01T12:00:00Z`, as metav1.Time marshals; sub-second times keep
 * their milliseconds).
 */
import { ObjectSerializer } from '@kubernetes/client-node/dist/serializer.js';

/** A plain JSON value. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

interface AttributeInfo {
  name: string;
  baseName: string;
}

/** metav1.Time's JSON form: RFC 3339 in UTC, seconds unless there is a fraction. */
export function rfc3339(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

function attributesOf(v: object): AttributeInfo[] | undefined {
  const ctor = (v as { constructor?: { getAttributeTypeMap?: () => AttributeInfo[] } }).constructor;
  return typeof ctor?.getAttributeTypeMap === 'function' ? ctor.getAttributeTypeMap() : undefined;
}

/** Walks the typed value next to its serialized form and rewrites every Date the serializer turned into toISOString(). */
function fixDates(typed: unknown, plain: Json): Json {
  if (typed instanceof Date) return rfc3339(typed);
  if (typed === null || typeof typed !== 'object' || plain === null || typeof plain !== 'object') return plain;
  if (Array.isArray(typed)) {
    if (!Array.isArray(plain)) return plain;
    return plain.map((p, i) => fixDates(typed[i], p));
  }
  if (Array.isArray(plain)) return plain;
  const attrs = attributesOf(typed);
  const t = typed as Record<string, unknown>;
  if (attrs) {
    for (const a of attrs) if (t[a.name] !== undefined && plain[a.baseName] !== undefined) plain[a.baseName] = fixDates(t[a.name], plain[a.baseName]!);
  } else {
    for (const k of Object.keys(plain)) if (t[k] !== undefined) plain[k] = fixDates(t[k], plain[k]!);
  }
  return plain;
}

/** Serializes a client-node model object (`type` is its model name, e.g. `V1Pod`) to plain API JSON. */
export function toApiJson(typed: unknown, type: string): { [key: string]: Json } {
  const plain = ObjectSerializer.serialize(typed, type, '') as Json;
  const out = fixDates(typed, plain);
  if (out === null || typeof out !== 'object' || Array.isArray(out)) throw new Error(`${type} did not serialize to an object`);
  return out;
}
