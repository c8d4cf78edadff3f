/** Ported from pkg/controller/deployment/util/deployment_util_test.go. */
import { describe, expect, it } from 'vitest';
import type { Deployment, IntOrString, PodTemplateSpec, ReplicaSet } from '../../src/model/types.ts';
import {
  DesiredReplicasAnnotation,
  MaxInt32,
  MaxReplicasAnnotation,
  NewRSAvailableReason,
  RevisionAnnotation,
  RevisionHistoryAnnotation,
  byCreationTimestamp,
  byRevision,
  bySizeNewer,
  bySizeOlder,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  equalIgnoreHash,
  findNewReplicaSet,
  findOldReplicaSets,
  getActualReplicaCountForReplicaSets,
  getDeploymentCondition,
  getNonNegativeInt32FromAnnotation,
  getReplicaCountForReplicaSets,
  getReplicaSetFraction,
  getTerminatingReplicaCountForReplicaSets,
  isSaturated,
  lastRevision,
  maxRevision,
  maxSurge,
  maxUnavailable,
  minAvailable,
  newRSNewReplicas,
  removeDeploymentCondition,
  replicasAnnotationsNeedUpdate,
  resolveFenceposts,
  roundToInt32,
  setDeploymentCondition,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  type DeploymentCondition,
  type DeploymentStatus,
} from '../../src/controllers/deployment/index.ts';
import { T0, rs, ts } from './helpers.ts';

/** generateDeployment(image) of the Go test. */
function generateDeployment(image: string): Deployment {
  const podLabels = { name: image };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: image, annotations: {} },
    spec: {
      replicas: 1,
      selector: { matchLabels: { ...podLabels } },
      template: {
        metadata: { labels: { ...podLabels } },
        spec: {
          containers: [{ name: image, image, imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log' }],
          dnsPolicy: 'ClusterFirst',
          terminationGracePeriodSeconds: 30,
          restartPolicy: 'Always',
          securityContext: {},
          enableServiceLinks: true,
        },
      },
    },
  };
}

let rsSeq = 0;
/** generateRS(deployment) of the Go test: the deployment's template, 0 replicas, a random-ish name. */
function generateRS(d: Deployment): ReplicaSet {
  const template = structuredClone(d.spec.template);
  rsSeq++;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      uid: `uid-${rsSeq}`,
      name: `${d.metadata.name}-${rsSeq}`,
      labels: template.metadata?.labels,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: d.metadata.name ?? '', controller: true }],
    },
    spec: { replicas: 0, template, selector: { matchLabels: template.metadata?.labels } },
  };
}

function podTemplate(name: string, nodeName: string, annotations: Record<string, string>, labels: Record<string, string>): PodTemplateSpec {
  return { metadata: { name, annotations, labels }, spec: { containers: [], nodeName } };
}

describe('deployment_util_test.go TestEqualIgnoreHash', () => {
  const H = 'pod-template-hash';
  const cases: [string, PodTemplateSpec, PodTemplateSpec, boolean][] = [
    ['Same spec, same labels', podTemplate('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }), podTemplate('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }), true],
    ['Same spec, only pod-template-hash label value is different', podTemplate('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }), podTemplate('foo', 'foo-node', {}, { [H]: 'value-2', something: 'else' }), true],
    ["Same spec, the former doesn't have pod-template-hash label", podTemplate('foo', 'foo-node', {}, { something: 'else' }), podTemplate('foo', 'foo-node', {}, { [H]: 'value-2', something: 'else' }), true],
    ["Same spec, the label is different, the former doesn't have pod-template-hash label, same number of labels", podTemplate('foo', 'foo-node', {}, { something: 'else' }), podTemplate('foo', 'foo-node', {}, { [H]: 'value-2' }), false],
    ["Same spec, the label is different, the latter doesn't have pod-template-hash label, same number of labels", podTemplate('foo', 'foo-node', {}, { [H]: 'value-1' }), podTemplate('foo', 'foo-node', {}, { something: 'else' }), false],
    ['Same spec, the label is different, and the pod-template-hash label value is the same', podTemplate('foo', 'foo-node', {}, { [H]: 'value-1' }), podTemplate('foo', 'foo-node', {}, { [H]: 'value-1', something: 'else' }), false],
    ['Different spec, same labels', podTemplate('foo', 'foo-node', { former: 'value' }, { [H]: 'value-1', something: 'else' }), podTemplate('foo', 'foo-node', { latter: 'value' }, { [H]: 'value-1', something: 'else' }), false],
    ['Different spec, different pod-template-hash label value', podTemplate('foo-1', 'foo-node', {}, { [H]: 'value-1', something: 'else' }), podTemplate('foo-2', 'foo-node', {}, { [H]: 'value-2', something: 'else' }), false],
    ["Different spec, the former doesn't have pod-template-hash label", podTemplate('foo-1', 'foo-node-1', {}, { something: 'else' }), podTemplate('foo-2', 'foo-node-2', {}, { [H]: 'value-2', something: 'else' }), false],
    ['Different spec, different labels', podTemplate('foo', 'foo-node-1', {}, { something: 'else' }), podTemplate('foo', 'foo-node-2', {}, { nothing: 'else' }), false],
  ];
  for (const [name, a, b, expected] of cases) {
    it(`"${name}" (both orders, inputs untouched)`, () => {
      const before = [structuredClone(a), structuredClone(b)];
      expect(equalIgnoreHash(a, b)).toBe(expected);
      expect(equalIgnoreHash(b, a)).toBe(expected);
      expect([a, b]).toEqual(before);
    });
  }
  it('quantities compare by value and empty equals absent (Semantic.DeepEqual)', () => {
    const a: PodTemplateSpec = { spec: { containers: [{ name: 'c', resources: { requests: { cpu: '500m', memory: '1Gi' } } }] } };
    const b: PodTemplateSpec = { metadata: { labels: {} }, spec: { containers: [{ name: 'c', resources: { requests: { cpu: 0.5, memory: '1024Mi' } } }], tolerations: [] } };
    expect(equalIgnoreHash(a, b)).toBe(true);
    const c = structuredClone(b);
    c.spec.containers[0].resources = { requests: { cpu: '600m', memory: '1Gi' } };
    expect(equalIgnoreHash(a, c)).toBe(false);
  });
});

describe('deployment_util_test.go TestFindNewReplicaSet', () => {
  const deployment = generateDeployment('nginx');
  const newRS = generateRS(deployment);
  newRS.metadata.labels = { ...newRS.metadata.labels, 'pod-template-hash': 'hash' };
  newRS.metadata.creationTimestamp = ts(60);
  const newRSDup = generateRS(deployment);
  newRSDup.metadata.labels = { ...newRSDup.metadata.labels, 'pod-template-hash': 'different-hash' };
  newRSDup.metadata.creationTimestamp = ts(0);
  const oldDeployment = generateDeployment('nginx');
  oldDeployment.spec.template.spec.containers[0].name = 'nginx-old-1';
  const oldRS = generateRS(oldDeployment);

  it('"Get new ReplicaSet with the same template as Deployment spec but different pod-template-hash value"', () => {
    expect(findNewReplicaSet(deployment, [newRS, oldRS])).toBe(newRS);
  });
  it('"Get the oldest new ReplicaSet when there are more than one ReplicaSet with the same template"', () => {
    expect(findNewReplicaSet(deployment, [newRS, oldRS, newRSDup])).toBe(newRSDup);
  });
  it('"Get nil new ReplicaSet"', () => {
    expect(findNewReplicaSet(deployment, [oldRS])).toBeUndefined();
  });
});

describe('deployment_util_test.go TestFindOldReplicaSets', () => {
  const deployment = generateDeployment('nginx');
  const newRS = generateRS(deployment);
  newRS.spec.replicas = 1;
  newRS.metadata.labels = { ...newRS.metadata.labels, 'pod-template-hash': 'hash' };
  newRS.metadata.creationTimestamp = ts(60);
  const newRSDup = generateRS(deployment);
  newRSDup.metadata.labels = { ...newRSDup.metadata.labels, 'pod-template-hash': 'different-hash' };
  newRSDup.metadata.creationTimestamp = ts(0);
  const oldDeployment = generateDeployment('nginx');
  oldDeployment.spec.template.spec.containers[0].name = 'nginx-old-1';
  const oldRS = generateRS(oldDeployment);
  oldRS.metadata.creationTimestamp = ts(-60);

  const cases: [string, ReplicaSet[], ReplicaSet[], ReplicaSet[]][] = [
    ['Get old ReplicaSets', [newRS, oldRS], [oldRS], []],
    ['Get old ReplicaSets with no new ReplicaSet', [oldRS], [oldRS], []],
    ['Get old ReplicaSets with two new ReplicaSets, only the oldest new ReplicaSet is seen as new ReplicaSet', [oldRS, newRS, newRSDup], [oldRS, newRS], [newRS]],
    ['Get empty old ReplicaSets', [newRS], [], []],
  ];
  for (const [name, list, expected, expectedRequire] of cases) {
    it(`"${name}"`, () => {
      const { required, all } = findOldReplicaSets(deployment, list);
      expect([...all].sort(byCreationTimestamp)).toEqual([...expected].sort(byCreationTimestamp));
      expect(required).toEqual(expectedRequire);
    });
  }
});

describe('deployment_util_test.go TestGetReplicaCountForReplicaSets', () => {
  const rs1 = rs('foo-rs', 1);
  rs1.status = { observedGeneration: 1, replicas: 2, terminatingReplicas: 3 };
  const rs2 = rs('bar-rs', 2);
  rs2.status = { replicas: 3, terminatingReplicas: 1 };
  const rs3 = rs('unsynced-rs', 3);
  rs3.status = { replicas: 0 };
  const rs4 = rs('dropped-rs', 1);
  rs4.status = { observedGeneration: 1, replicas: 1 };
  const cases: [string, ReplicaSet[], number, number, number | undefined][] = [
    ['scaling down rs1', [rs1], 1, 2, 3],
    ['scaling down rs1 and rs2', [rs1, rs2], 3, 5, 4],
    ['scaling up rs3', [rs3], 3, 0, 0],
    ['scaling down rs1 and rs2 and scaling up rs3', [rs1, rs2, rs3], 6, 5, 4],
    ['invalid/unknown terminating status for rs4', [rs4], 1, 1, undefined],
    ['invalid/unknown terminating status for rs4 with rs1, rs2 and rs3', [rs1, rs2, rs3, rs4], 7, 6, undefined],
  ];
  for (const [name, sets, count, actual, terminating] of cases) {
    it(`"${name}"`, () => {
      expect(getReplicaCountForReplicaSets(sets)).toBe(count);
      expect(getActualReplicaCountForReplicaSets(sets)).toBe(actual);
      expect(getTerminatingReplicaCountForReplicaSets(sets)).toBe(terminating);
    });
  }
});

describe('deployment_util_test.go TestResolveFenceposts', () => {
  const cases: [string | undefined, string | undefined, number, number, number, boolean][] = [
    ['0%', '0%', 0, 0, 1, false],
    ['39%', '39%', 10, 4, 3, false],
    ['oops', '39%', 10, 0, 0, true],
    ['55%', 'urg', 10, 0, 0, true],
    [undefined, '39%', 10, 0, 3, false],
    ['39%', undefined, 10, 4, 0, false],
    [undefined, undefined, 10, 0, 1, false],
  ];
  cases.forEach(([surge, unavail, desired, expSurge, expUnavail, expErr], i) => {
    it(`case ${i}: maxSurge=${surge} maxUnavailable=${unavail} desired=${desired} → ${expSurge}:${expUnavail}${expErr ? ' (error)' : ''}`, () => {
      const r = resolveFenceposts(surge, unavail, desired);
      expect(r.surge).toBe(expSurge);
      expect(r.unavailable).toBe(expUnavail);
      expect(r.error !== undefined).toBe(expErr);
    });
  });
  it('rollout-spec §2.2 examples: 10 at 25%/25% → 3/2; 1 at 25%/25% → 1/0; 2 at 0%/1% → 0/1; "5" is an error', () => {
    expect(resolveFenceposts('25%', '25%', 10)).toEqual({ surge: 3, unavailable: 2 });
    expect(resolveFenceposts('25%', '25%', 1)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts('0%', '1%', 2)).toEqual({ surge: 0, unavailable: 1 });
    expect(resolveFenceposts('5', 1, 2).error).toBeDefined();
  });
});

describe('deployment_util_test.go TestNewRSNewReplicas', () => {
  const cases: [string, 'RollingUpdate' | 'Recreate', number, number, number, number][] = [
    ['can not scale up - to newRSReplicas', 'RollingUpdate', 1, 5, 1, 5],
    ['scale up - to depReplicas', 'RollingUpdate', 6, 2, 10, 6],
    ['recreate - to depReplicas', 'Recreate', 3, 1, 1, 3],
  ];
  const newDeployment = generateDeployment('nginx');
  const newRC = generateRS(newDeployment);
  const rs5 = generateRS(newDeployment);
  rs5.spec.replicas = 5;
  for (const [name, type, depReplicas, newRSReplicas, surge, expected] of cases) {
    it(`"${name}"`, () => {
      const d = structuredClone(newDeployment);
      d.spec.replicas = depReplicas;
      d.spec.strategy = { type, rollingUpdate: { maxUnavailable: 1, maxSurge: surge } };
      const n = structuredClone(newRC);
      n.spec.replicas = newRSReplicas;
      expect(newRSNewReplicas(d, [rs5], n)).toBe(expected);
    });
  }
});

describe('deployment_util_test.go conditions', () => {
  const condProgressing = (): DeploymentCondition => ({ type: 'Progressing', status: 'False', reason: 'ForSomeReason' });
  const condProgressing2 = (): DeploymentCondition => ({ type: 'Progressing', status: 'True', reason: 'BecauseItIs' });
  const condAvailable = (): DeploymentCondition => ({ type: 'Available', status: 'True', reason: 'AwesomeController' });
  const status = (): DeploymentStatus => ({ conditions: [condProgressing(), condAvailable()] });

  it('TestGetCondition: "condition exists" / "condition does not exist"', () => {
    expect(getDeploymentCondition(status(), 'Available')).toBeDefined();
    expect(getDeploymentCondition(status(), 'ReplicaFailure')).toBeUndefined();
  });
  it('TestSetCondition: "set for the first time", "simple set", "overwrite"', () => {
    const s1: DeploymentStatus = {};
    setDeploymentCondition(s1, condAvailable());
    expect(s1).toEqual({ conditions: [condAvailable()] });
    const s2: DeploymentStatus = { conditions: [condProgressing()] };
    setDeploymentCondition(s2, condAvailable());
    expect(s2).toEqual(status());
    const s3: DeploymentStatus = { conditions: [condProgressing()] };
    setDeploymentCondition(s3, condProgressing2());
    expect(s3).toEqual({ conditions: [condProgressing2()] });
  });
  it('TestRemoveCondition: "remove from empty status", "simple remove", "doesn\'t remove anything"', () => {
    const s1: DeploymentStatus = {};
    removeDeploymentCondition(s1, 'Progressing');
    expect(s1).toEqual({});
    const s2: DeploymentStatus = { conditions: [condProgressing()] };
    removeDeploymentCondition(s2, 'Progressing');
    expect(s2).toEqual({});
    const s3 = status();
    removeDeploymentCondition(s3, 'ReplicaFailure');
    expect(s3).toEqual(status());
  });
  it('SetDeploymentCondition keeps lastTransitionTime when only the reason changes, no-op on same reason', () => {
    const s: DeploymentStatus = { conditions: [{ type: 'Progressing', status: 'True', reason: 'A', lastTransitionTime: 't0', lastUpdateTime: 't0' }] };
    setDeploymentCondition(s, { type: 'Progressing', status: 'True', reason: 'A', lastTransitionTime: 't1', lastUpdateTime: 't1' });
    expect(s.conditions?.[0].lastUpdateTime).toBe('t0');
    setDeploymentCondition(s, { type: 'Progressing', status: 'True', reason: 'B', lastTransitionTime: 't2', lastUpdateTime: 't2' });
    expect(s.conditions?.[0]).toMatchObject({ reason: 'B', lastTransitionTime: 't0', lastUpdateTime: 't2' });
  });
});

function rollingDeployment(replicas: number, maxUnavail: IntOrString, surge: IntOrString = 1): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: {
      replicas,
      selector: {},
      template: { spec: { containers: [] } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: maxUnavail } },
    },
  };
}

describe('deployment_util_test.go TestDeploymentComplete', () => {
  const dep = (desired: number, current: number, updated: number, available: number, mu: number, ms: number): Deployment => {
    const d = rollingDeployment(desired, mu, ms);
    d.status = { replicas: current, updatedReplicas: updated, availableReplicas: available };
    return d;
  };
  const cases: [string, Deployment, boolean][] = [
    ['not complete: min but not all pods become available', dep(5, 5, 5, 4, 1, 0), false],
    ['not complete: min availability is not honored', dep(5, 5, 5, 3, 1, 0), false],
    ['complete', dep(5, 5, 5, 5, 0, 0), true],
    ['not complete: all pods are available but not updated', dep(5, 5, 4, 5, 0, 0), false],
    ['not complete: still running old pods', dep(1, 2, 1, 1, 0, 1), false],
    ['not complete: one replica deployment never comes up', dep(1, 1, 1, 0, 1, 1), false],
  ];
  for (const [name, d, expected] of cases) {
    it(`"${name}"`, () => expect(deploymentComplete(d, d.status as DeploymentStatus)).toBe(expected));
  }
});

describe('deployment_util_test.go TestDeploymentProgressing', () => {
  const st = (replicas: number, updatedReplicas: number, readyReplicas: number, availableReplicas: number): DeploymentStatus => ({
    replicas,
    updatedReplicas,
    readyReplicas,
    availableReplicas,
  });
  const cases: [string, DeploymentStatus, DeploymentStatus, boolean][] = [
    ['progressing: updated pods', st(10, 4, 4, 4), st(10, 6, 4, 4), true],
    ['not progressing', st(10, 4, 4, 4), st(10, 4, 4, 4), false],
    ['progressing: old pods removed', st(10, 4, 6, 6), st(8, 4, 6, 6), true],
    ['not progressing: less new pods', st(10, 7, 3, 3), st(10, 6, 3, 3), false],
    ['progressing: less overall but more new pods', st(10, 4, 7, 7), st(8, 8, 5, 5), true],
    ['progressing: more ready pods', st(10, 10, 9, 8), st(10, 10, 10, 8), true],
    ['progressing: more available pods', st(10, 10, 10, 9), st(10, 10, 10, 10), true],
  ];
  for (const [name, old, next, expected] of cases) {
    it(`"${name}"`, () => {
      const d = rollingDeployment(10, 1);
      d.status = old;
      expect(deploymentProgressing(d, next)).toBe(expected);
    });
  }
});

describe('deployment_util_test.go TestDeploymentTimedOut', () => {
  const at = (min: number, sec: number) => T0 + min * 60 + sec;
  const dep = (reason: string, pds: number | undefined, from: number | undefined): Deployment => {
    const d = rollingDeployment(1, 1);
    if (pds !== undefined) d.spec.progressDeadlineSeconds = pds;
    const cond: DeploymentCondition = { type: 'Progressing', status: 'True', reason };
    if (from !== undefined) cond.lastUpdateTime = new Date(from * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    d.status = { conditions: [cond] };
    return d;
  };
  const cases: [string, Deployment, number, boolean][] = [
    ['nil progressDeadlineSeconds specified - no timeout', dep('', undefined, at(1, 9)), at(1, 20), false],
    ['infinite progressDeadlineSeconds specified - no timeout', dep('', MaxInt32, at(1, 9)), at(1, 20), false],
    ['progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:09 => 11s', dep('', 10, at(1, 9)), at(1, 20), true],
    ['progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:11 => 9s', dep('', 10, at(1, 11)), at(1, 20), false],
    ['previous status was a complete deployment', dep(NewRSAvailableReason, undefined, undefined), at(0, 0), false],
  ];
  for (const [name, d, now, expected] of cases) {
    it(`"${name}"`, () => expect(deploymentTimedOut(d, d.status as DeploymentStatus, now)).toBe(expected));
  }
  it('exactly at the deadline is not yet timed out (time.Before is strict)', () => {
    const d = dep('', 10, at(1, 10));
    expect(deploymentTimedOut(d, d.status as DeploymentStatus, at(1, 20))).toBe(false);
    expect(deploymentTimedOut(d, d.status as DeploymentStatus, at(1, 21))).toBe(true);
  });
});

describe('deployment_util_test.go TestMaxUnavailable', () => {
  const recreate: Deployment = { ...rollingDeployment(0, 0), spec: { ...rollingDeployment(0, 0).spec, strategy: { type: 'Recreate' } } };
  const cases: [string, Deployment, number][] = [
    ['maxUnavailable less than replicas', rollingDeployment(10, 5), 5],
    ['maxUnavailable equal replicas', rollingDeployment(10, 10), 10],
    ['maxUnavailable greater than replicas', rollingDeployment(5, 10), 5],
    ['maxUnavailable with replicas is 0', rollingDeployment(0, 10), 0],
    ['maxUnavailable with Recreate deployment strategy', recreate, 0],
    ['maxUnavailable less than replicas with percents', rollingDeployment(10, '50%'), 5],
    ['maxUnavailable equal replicas with percents', rollingDeployment(10, '100%'), 10],
    ['maxUnavailable greater than replicas with percents', rollingDeployment(5, '100%'), 5],
  ];
  for (const [name, d, expected] of cases) it(`"${name}"`, () => expect(maxUnavailable(d)).toBe(expected));
  it('MaxSurge is 0 for Recreate and the rounded-up value otherwise', () => {
    expect(maxSurge(recreate)).toBe(0);
    expect(maxSurge(rollingDeployment(10, '25%', '25%'))).toBe(3);
  });
});

describe('deployment_util_test.go TestMinAvailable', () => {
  const recreate = rollingDeployment(10, 0);
  recreate.spec.strategy = { type: 'Recreate' };
  const cases: [string, Deployment, number][] = [
    ['replicas greater than maxUnavailable', rollingDeployment(10, 5), 5],
    ['replicas equal maxUnavailable', rollingDeployment(10, 10), 0],
    ['replicas less than maxUnavailable', rollingDeployment(5, 10), 0],
    ['replicas is 0', rollingDeployment(0, 10), 0],
    ['minAvailable with Recreate deployment strategy', recreate, 0],
    ['replicas greater than maxUnavailable with percents', rollingDeployment(10, '60%'), 4],
    ['replicas equal maxUnavailable with percents', rollingDeployment(10, '100%'), 0],
    ['replicas less than maxUnavailable with percents', rollingDeployment(5, '100%'), 0],
  ];
  for (const [name, d, expected] of cases) it(`"${name}"`, () => expect(minAvailable(d)).toBe(expected));
});

describe('deployment_util_test.go TestGetNonNegativeInt32FromAnnotation', () => {
  const cases: [string, Record<string, string> | undefined, number, boolean, string][] = [
    ['invalid empty', undefined, 0, false, ''],
    ['invalid', { test: 'invalid', foo: '2' }, 0, false, 'invalid syntax'],
    ['invalid negative ', { test: '-1', foo: '2' }, 0, false, 'invalid syntax'],
    ['valid zero', { test: '0', foo: '2' }, 0, true, ''],
    ['valid', { test: '13', foo: '2' }, 13, true, ''],
    ['valid max', { test: String(MaxInt32), foo: '2' }, MaxInt32, true, ''],
    ['invalid max out of range', { test: String(MaxInt32 + 1), foo: '2' }, 0, false, 'out of range'],
    ['invalid max out of range 2', { test: String(4294967295 + 1), foo: '2' }, 0, false, 'out of range'],
  ];
  for (const [name, annotations, value, ok, err] of cases) {
    it(`"${name}"`, () => {
      const r = rs('x', 1);
      if (annotations) r.metadata.annotations = annotations;
      const got = getNonNegativeInt32FromAnnotation(r, 'test');
      expect(got.value).toBe(value);
      expect(got.ok).toBe(ok);
      if (err) expect(got.error).toContain(err);
      else expect(got.error).toBeUndefined();
    });
  }
});

describe('deployment_util_test.go TestAnnotationUtils', () => {
  const d = generateDeployment('nginx');
  const r = generateRS(d);
  d.metadata.annotations = { [RevisionAnnotation]: '1' };
  it('"SetNewReplicaSetAnnotations": revisions 11..20 with a 5-character history limit', () => {
    for (let i = 10; i < 20; i++) {
      const next = String(i + 1);
      setNewReplicaSetAnnotations(d, r, next, true, 5);
      if (i >= 12) expect(r.metadata.annotations?.[RevisionHistoryAnnotation]).toBe(`${i - 1},${i}`);
      expect(r.metadata.annotations?.[RevisionAnnotation]).toBe(next);
    }
  });
  it('"SetReplicasAnnotations"', () => {
    expect(setReplicasAnnotations(r, 10, 11)).toBe(true);
    expect(r.metadata.annotations?.[DesiredReplicasAnnotation]).toBe('10');
    expect(r.metadata.annotations?.[MaxReplicasAnnotation]).toBe('11');
  });
  it('"IsSaturated"', () => {
    r.metadata.annotations = { ...r.metadata.annotations, [DesiredReplicasAnnotation]: '1' };
    r.status = { availableReplicas: 1 };
    r.spec.replicas = 1;
    expect(isSaturated(d, r)).toBe(true);
    r.status = { availableReplicas: 0 };
    expect(isSaturated(d, r)).toBe(false);
    expect(isSaturated(d, undefined)).toBe(false);
  });
  it('a new ReplicaSet (exists=false) gets desired/max-replicas; a deployment annotation is copied, skipped ones are not', () => {
    const dd = rollingDeployment(4, 1, 2);
    dd.metadata.annotations = { team: 'a', [RevisionAnnotation]: '7', 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
    const n = rs('n', 0);
    expect(setNewReplicaSetAnnotations(dd, n, '3', false, 2000)).toBe(true);
    expect(n.metadata.annotations).toEqual({ team: 'a', [RevisionAnnotation]: '3', [DesiredReplicasAnnotation]: '4', [MaxReplicasAnnotation]: '6' });
    // Rolling back to an RS with revision 1 records it in revision-history.
    const old = rs('old', 0);
    old.metadata.annotations = { [RevisionAnnotation]: '1' };
    setNewReplicaSetAnnotations(dd, old, '4', true, 2000);
    expect(old.metadata.annotations?.[RevisionAnnotation]).toBe('4');
    expect(old.metadata.annotations?.[RevisionHistoryAnnotation]).toBe('1');
  });
});

describe('deployment_util_test.go TestReplicasAnnotationsNeedUpdate', () => {
  const mk = (ann?: Record<string, string>) => {
    const r = rs('hello', 1);
    if (ann) r.metadata.annotations = ann;
    return r;
  };
  const cases: [string, ReplicaSet, boolean][] = [
    ['test Annotations nil', mk(), true],
    ['test desiredReplicas update', mk({ [DesiredReplicasAnnotation]: '8', [MaxReplicasAnnotation]: '20' }), true],
    ['test maxReplicas update', mk({ [DesiredReplicasAnnotation]: '10', [MaxReplicasAnnotation]: '16' }), true],
    ["test needn't update", mk({ [DesiredReplicasAnnotation]: '10', [MaxReplicasAnnotation]: '20' }), false],
  ];
  for (const [name, r, expected] of cases) it(`"${name}"`, () => expect(replicasAnnotationsNeedUpdate(r, 10, 20)).toBe(expected));
});

describe('deployment_util_test.go TestGetReplicaSetFraction', () => {
  const cases: [string, number, number, number, number, Record<string, string> | undefined, number][] = [
    ['empty deployment always scales to 0', 0, 0, 0, 10, undefined, -10],
    ['unsynced deployment does not scale when max-replicas annotation is missing (removed by a 3rd party)', 10, 0, 0, 5, undefined, 0],
    ['unsynced deployment does not scale when max-replicas annotation is incorrectly set to 0 (by a 3rd party)', 10, 0, 0, 5, { [MaxReplicasAnnotation]: '0' }, 0],
    ['scale up by 1/5 should increase RS replicas by 1/5 when max-replicas annotation is missing (removed by a 3rd party)', 120, 100, 0, 50, undefined, 10],
    ['scale up by 1/5 should increase RS replicas by 1/5 when max-replicas annotation is incorrectly set to 0 (by a 3rd party)', 120, 100, 0, 50, { [MaxReplicasAnnotation]: '0' }, 10],
    ['scale up by 1/5 should increase RS replicas by 1/5', 120, 0, 0, 50, { [MaxReplicasAnnotation]: '100' }, 10],
    ['scale up with maxSurge by 1/5 should increase RS replicas approximately by 1/5', 120, 0, 10, 50, { [MaxReplicasAnnotation]: '110' }, 9],
    ['scale down by 1/6 should decrease RS replicas by 1/6', 10, 0, 0, 6, { [MaxReplicasAnnotation]: '12' }, -1],
    ['scale down with maxSurge by 1/6 should decrease RS replicas approximately by 1/6', 100, 0, 10, 50, { [MaxReplicasAnnotation]: '130' }, -8],
  ];
  for (const [name, replicas, statusReplicas, surge, rsReplicas, ann, expected] of cases) {
    it(`"${name}"`, () => {
      const d = rollingDeployment(replicas, 1, surge);
      d.status = { replicas: statusReplicas };
      const r = rs('r', rsReplicas);
      if (ann) r.metadata.annotations = ann;
      expect(getReplicaSetFraction(r, d)).toBe(expected);
    });
  }
  it('integer.RoundToInt32 rounds half away from zero', () => {
    expect([roundToInt32(2.5), roundToInt32(3.5), roundToInt32(-2.5), roundToInt32(2.49)]).toEqual([3, 4, -3, 2]);
  });
});

describe('revisions and ReplicaSet orderings (deployment_util.go MaxRevision/LastRevision, controller_utils.go sort orders)', () => {
  const withRev = (name: string, rev: string | undefined, replicas: number, t: number): ReplicaSet => {
    const r = rs(name, replicas, {}, ts(t));
    if (rev !== undefined) r.metadata.annotations = { [RevisionAnnotation]: rev };
    return r;
  };
  it('MaxRevision / LastRevision skip unparsable revisions; LastRevision is the second highest', () => {
    const list = [withRev('a', '3', 0, 0), withRev('b', 'x', 0, 1), withRev('c', '7', 0, 2), withRev('d', '5', 0, 3)];
    expect(maxRevision(list)).toBe(7);
    expect(lastRevision(list)).toBe(5);
    expect(lastRevision([withRev('a', '1', 0, 0)])).toBe(0);
  });
  it('BySizeNewer breaks size ties newest first; BySizeOlder oldest first; ByRevision falls back to creation time', () => {
    const a = withRev('a', '2', 3, 0);
    const b = withRev('b', '1', 3, 10);
    const c = withRev('c', undefined, 5, 5);
    expect([a, b, c].sort(bySizeNewer).map((r) => r.metadata.name)).toEqual(['c', 'b', 'a']);
    expect([b, a, c].sort(bySizeOlder).map((r) => r.metadata.name)).toEqual(['c', 'a', 'b']);
    expect([a, b, c].sort(byRevision).map((r) => r.metadata.name)).toEqual(['c', 'b', 'a']);
  });
});
