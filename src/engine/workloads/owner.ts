/** The one owner lookup every workload controller adapter needs. */
import type { KubeObject } from '../../model/types.ts';

/**
 * `namespace/name` of `obj`'s controller when it is of `kind`, as a one-element list (the dirty
 * keys an event marks), else an empty list.
 */
export function controllerKeysOf(obj: Pick<KubeObject, 'metadata'>, kind: string): string[] {
  const ref = obj.metadata.ownerReferences?.find((r) => r.controller);
  return ref && ref.kind === kind ? [`${obj.metadata.namespace ?? 'default'}/${ref.name}`] : [];
}
