/** Owner references and object identity (apimachinery metav1 controller refs). */
import type { KubeObject, OwnerReference } from '../../model/types.ts';

/** The controller owner reference of `obj`, if any. mirrors metav1.GetControllerOf */
export function controllerRefOf(obj: { metadata: KubeObject['metadata'] }): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/**
 * True when `obj`'s controller reference names `owner` (by uid when both have one, else by kind
 * and name; the namespace is the object's own). mirrors metav1.IsControlledBy
 */
export function isControlledBy(obj: { metadata: KubeObject['metadata'] }, owner: KubeObject): boolean {
  const ref = controllerRefOf(obj);
  if (!ref) return false;
  if (ref.uid && owner.metadata.uid) return ref.uid === owner.metadata.uid;
  return ref.kind === owner.kind && ref.name === owner.metadata.name;
}

/** A controller owner reference pointing at `owner`. mirrors metav1.NewControllerRef */
export function newControllerRef(owner: KubeObject): OwnerReference {
  const ref: OwnerReference = {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
  if (owner.metadata.uid) ref.uid = owner.metadata.uid;
  return ref;
}

/** True when two objects are the same one: equal uids when both have them, else equal namespace/name. */
export function sameObject(a: { metadata: KubeObject['metadata'] }, b: { metadata: KubeObject['metadata'] }): boolean {
  if (a.metadata.uid && b.metadata.uid) return a.metadata.uid === b.metadata.uid;
  return a.metadata.name === b.metadata.name && (a.metadata.namespace ?? 'default') === (b.metadata.namespace ?? 'default');
}

/** Deep copy of a JSON-shaped API object. */
export function deepCopy<T>(obj: T): T {
  return structuredClone(obj);
}
