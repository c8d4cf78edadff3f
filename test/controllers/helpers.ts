/** Builders mirroring the deployment controller's Go test fixtures (deployment_controller_test.go). */
import type { Deployment, IntOrString, ReplicaSet } from '../../src/model/types.ts';

/** 2016-01-01T00:00:00Z in seconds. */
export const T0 = Date.UTC(2016, 0, 1) / 1000;

/** RFC 3339 of T0 + `s` seconds. */
export function ts(s: number): string {
  return new Date((T0 + s) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * newDeployment(name, replicas, revisionHistoryLimit, maxSurge, maxUnavailable, selector):
 * RollingUpdate with maxSurge 0 and maxUnavailable 0 unless given, one container foo/bar.
 */
export function newDeployment(
  name: string,
  replicas: number,
  revisionHistoryLimit?: number,
  maxSurge?: IntOrString,
  maxUnavailable?: IntOrString,
  selector: Record<string, string> = {},
): Deployment {
  const d: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, annotations: {} },
    spec: {
      replicas,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: maxSurge ?? 0, maxUnavailable: maxUnavailable ?? 0 } },
      selector: { matchLabels: { ...selector } },
      template: { metadata: { labels: { ...selector } }, spec: { containers: [{ name: 'foo', image: 'foo/bar' }] } },
    },
  };
  if (revisionHistoryLimit !== undefined) d.spec.revisionHistoryLimit = revisionHistoryLimit;
  return d;
}

/** rs(name, replicas, selector, timestamp): an RS with an empty template. */
export function rs(name: string, replicas: number, selector: Record<string, string> = {}, creationTimestamp?: string): ReplicaSet {
  const r: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { ...selector } }, template: { spec: { containers: [] } } },
  };
  if (creationTimestamp) r.metadata.creationTimestamp = creationTimestamp;
  return r;
}

/** newRSWithStatus(name, specReplicas, statusReplicas, selector). */
export function newRSWithStatus(name: string, specReplicas: number, statusReplicas: number, selector: Record<string, string> = {}): ReplicaSet {
  const r = rs(name, specReplicas, selector);
  r.status = { replicas: statusReplicas };
  return r;
}

/** newReplicaSet(d, name, replicas): an RS owned by `d` with its template. */
export function newReplicaSet(d: Deployment, name: string, replicas: number): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: { ...(d.spec.selector.matchLabels ?? {}) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name ?? '', uid: d.metadata.uid, controller: true }],
    },
    spec: { replicas, selector: structuredClone(d.spec.selector), template: structuredClone(d.spec.template) },
  };
}
