/**
 * Pod template comparison and hashing as the workload controllers use them:
 * apiequality.Semantic.DeepEqual (nil and empty slices/maps are equal, quantities compare by
 * value) and controller.ComputeHash (FNV-32a of the template, salted with collisionCount,
 * encoded with rand.SafeEncodeString).
 */
import { compareQuantities, parseQuantity } from '../../model/quantity.ts';
import type { PodTemplateSpec } from '../../model/types.ts';

/** Label the Deployment controller adds to tell ReplicaSets of one Deployment apart. */
export const DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY = 'pod-template-hash';

const QUANTITY_MAPS = new Set(['requests', 'limits', 'overhead']);

// own and enumerable: exactly the keys Object.keys lists
const isOwnKey = Object.prototype.propertyIsEnumerable;

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') {
    // A struct whose fields are all zero equals an absent one.
    for (const k in v) if (isOwnKey.call(v, k) && !isEmpty((v as Record<string, unknown>)[k])) return false;
    return true;
  }
  return false;
}

function quantityEqual(a: unknown, b: unknown): boolean {
  if ((typeof a !== 'string' && typeof a !== 'number') || (typeof b !== 'string' && typeof b !== 'number')) return false;
  try {
    return compareQuantities(parseQuantity(a), parseQuantity(b)) === 0;
  } catch {
    return false;
  }
}

/**
 * Semantic deep equality of JSON-shaped values: absent, null, `[]` and `{}` are all equal (the API
 * server defaults them alike), resource quantities compare by value.
 * mirrors apimachinery pkg/api/equality Semantic.DeepEqual
 */
export function semanticEqual(a: unknown, b: unknown, isQuantity = false): boolean {
  if (a === b) return true;
  if (isEmpty(a) && isEmpty(b)) return true;
  if (isQuantity) return quantityEqual(a, b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!semanticEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // every key of a, then the keys only b has (without building the union)
  for (const k in ao) if (isOwnKey.call(ao, k) && !fieldEqual(k, ao[k], bo[k])) return false;
  for (const k in bo) if (isOwnKey.call(bo, k) && !isOwnKey.call(ao, k) && !fieldEqual(k, ao[k], bo[k])) return false;
  return true;
}

function fieldEqual(k: string, av: unknown, bv: unknown): boolean {
  if (QUANTITY_MAPS.has(k) && isPlainMap(av) && isPlainMap(bv)) {
    // A ResourceList: values are quantities.
    for (const n in av) if (isOwnKey.call(av, n) && !semanticEqual(av[n], bv[n], true)) return false;
    for (const n in bv) if (isOwnKey.call(bv, n) && !isOwnKey.call(av, n) && !semanticEqual(av[n], bv[n], true)) return false;
    return true;
  }
  return semanticEqual(av, bv);
}

function isPlainMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function withoutHashLabel(t: PodTemplateSpec): PodTemplateSpec {
  const labels = t.metadata?.labels;
  if (!labels || !(DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY in labels)) return t;
  const copy = { ...labels };
  delete copy[DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY];
  return { ...t, metadata: { ...t.metadata, labels: copy } };
}

/**
 * True when two pod templates are equal ignoring the `pod-template-hash` label.
 * mirrors pkg/controller/deployment/util/deployment_util.go EqualIgnoreHash
 */
export function equalIgnoreHash(t1: PodTemplateSpec, t2: PodTemplateSpec): boolean {
  return semanticEqual(withoutHashLabel(t1), withoutHashLabel(t2));
}

/** Canonical JSON: keys sorted, empty values dropped (so semantically equal templates hash alike). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o)
      .filter((k) => !isEmpty(o[k]))
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** Maps each byte to a consonant or digit so the result holds no words. mirrors apimachinery pkg/util/rand SafeEncodeString */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

function fnv32a(bytes: Iterable<number>, seed = 0x811c9dc5): number {
  let h = seed;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The pod-template-hash of a template: FNV-32a over a canonical serialisation (upstream hashes Go's
 * struct dump, so values differ from a real cluster but are equally stable), salted with the
 * collision count as 8 little-endian bytes. mirrors pkg/controller/controller_utils.go ComputeHash
 */
export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(canonical(template)));
  if (collisionCount !== undefined && collisionCount !== null) {
    const buf = new Uint8Array(8);
    new DataView(buf.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(buf, h);
  }
  return safeEncodeString(String(h));
}
