/**
 * Field paths inside an object, as Kubernetes prints them in validation errors
 * (`spec.template.spec.containers[0].resources.requests.cpu`).
 */

/** One step of a field path: a map key or a list index. */
export type PathSegment = string | number;
/** A path from an object's root to one of its fields. */
export type FieldPath = readonly PathSegment[];

const SIMPLE_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Formats a path: identifier-like keys as `.key`, list indexes as `[i]`, other keys (with dots
 * or slashes, e.g. `nvidia.com/gpu`) as `[key]` as upstream's field.Path.Key does.
 */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (SIMPLE_KEY.test(seg)) out += out.length === 0 ? seg : `.${seg}`;
    else out += `[${seg}]`;
  }
  return out;
}
