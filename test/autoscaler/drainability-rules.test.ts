/**
 * Ported from cluster-autoscaler 1.35: simulator/drainability/rules/rules_test.go, every
 * simulator/drainability/rules/<rule>/rule_test.go, utils/drain/drain_test.go and
 * core/scaledown/pdb/basic_test.go.
 */
import { describe, expect, it } from 'vitest';
import type { DrainContext } from '../../src/autoscaler/simulator/drainability/context.ts';
import { newBasicRemainingPdbTracker } from '../../src/autoscaler/simulator/drainability/pdb-tracker.ts';
import type { PdbWithDisruptions } from '../../src/autoscaler/simulator/drainability/pdb-tracker.ts';
import {
  ConfigMirrorAnnotationKey,
  PodSafeToEvictKey,
  SafeToEvictLocalVolumesKey,
  isPodLongTerminating,
  podLongTerminatingExtraThreshold,
} from '../../src/autoscaler/simulator/drainability/pod-utils.ts';
import type { Rule } from '../../src/autoscaler/simulator/drainability/rule.ts';
import {
  defaultRules,
  drainableBy,
  newDaemonSetRule,
  newLocalStorageRule,
  newLongTerminatingRule,
  newMirrorRule,
  newNotSafeToEvictRule,
  newPdbRule,
  newReplicaCountRule,
  newReplicatedRule,
  newSafeToEvictRule,
  newSystemRule,
  newTerminalRule,
} from '../../src/autoscaler/simulator/drainability/rules/index.ts';
import { blockingReasonOf, newBlockedStatus, newDrainableStatus, newSkipStatus, newUndefinedStatus } from '../../src/autoscaler/simulator/drainability/status.ts';
import type { DrainabilityStatus } from '../../src/autoscaler/simulator/drainability/status.ts';
import { BlockingPodReason, UnremovableReason, blockingPodReasons, unremovableReasons } from '../../src/autoscaler/simulator/reasons.ts';
import type { Pod } from '../../src/model/types.ts';
import { generateOwnerReferences, iso, ownerLookup, pdb, pod, testTime } from './scaledown-fixtures.ts';

const ctx: DrainContext = { now: testTime };

/** The listers of the rule tests: rc / rs only when the case lists them; ds, job, ss always. */
function listers(opts: { rcs?: boolean; rss?: boolean }): DrainContext['ownerReplicas'] {
  return ownerLookup({
    ReplicationController: opts.rcs ? { 'default/rc': 5 } : {},
    ReplicaSet: opts.rss ? { 'default/rs': 5 } : {},
    DaemonSet: { 'default/ds': 0 },
    Job: { 'default/job': 0 },
    StatefulSet: { 'default/ss': 0 },
  });
}

/** The parts of a status upstream's reason/error tables assert. */
function reasonAndError(s: DrainabilityStatus): { reason: BlockingPodReason; error: boolean } {
  return { reason: blockingReasonOf(s), error: s.error !== undefined };
}

const NONE = { reason: BlockingPodReason.NoReason, error: false };
const blocked = (reason: BlockingPodReason) => ({ reason, error: true });

function fakeRule(status: DrainabilityStatus): Rule {
  return { name: 'FakeRule', drainable: () => status };
}

describe('rules.go Rules.Drainable (TestDrainable)', () => {
  const cases: Record<string, { rules: Rule[]; want: DrainabilityStatus }> = {
    'no rules': { rules: [], want: newUndefinedStatus() },
    'first non-undefined rule returned': {
      rules: [fakeRule(newUndefinedStatus()), fakeRule(newDrainableStatus()), fakeRule(newSkipStatus())],
      want: newDrainableStatus(),
    },
    'override match': {
      rules: [fakeRule({ outcome: 'DrainOk', overrides: ['BlockDrain'] }), fakeRule(newBlockedStatus(BlockingPodReason.NotEnoughPdb))],
      want: { outcome: 'DrainOk', overrides: ['BlockDrain'] },
    },
    'override no match': {
      rules: [fakeRule({ outcome: 'DrainOk', overrides: ['SkipDrain'] }), fakeRule(newBlockedStatus(BlockingPodReason.NotEnoughPdb))],
      want: newBlockedStatus(BlockingPodReason.NotEnoughPdb),
    },
    'override unreachable': {
      rules: [
        fakeRule(newSkipStatus()),
        fakeRule({ outcome: 'DrainOk', overrides: ['BlockDrain'] }),
        fakeRule(newBlockedStatus(BlockingPodReason.NotEnoughPdb)),
      ],
      want: newSkipStatus(),
    },
    'multiple overrides all run': {
      rules: [
        fakeRule({ outcome: 'DrainOk', overrides: ['SkipDrain'] }),
        fakeRule({ outcome: 'SkipDrain', overrides: ['BlockDrain'] }),
        fakeRule(newBlockedStatus(BlockingPodReason.NotEnoughPdb)),
      ],
      want: { outcome: 'SkipDrain', overrides: ['BlockDrain'] },
    },
    'multiple overrides respects order': {
      rules: [
        fakeRule({ outcome: 'SkipDrain', overrides: ['BlockDrain'] }),
        fakeRule({ outcome: 'DrainOk', overrides: ['BlockDrain'] }),
        fakeRule(newBlockedStatus(BlockingPodReason.NotEnoughPdb)),
      ],
      want: { outcome: 'SkipDrain', overrides: ['BlockDrain'] },
    },
  };
  for (const [desc, tc] of Object.entries(cases)) {
    it(desc, () => {
      expect(drainableBy(tc.rules, ctx, pod({}))).toEqual(tc.want);
    });
  }
});

describe('rules.go Default', () => {
  it('lists the 1.35 rules in order, skipping the ones the delete options turn off', () => {
    expect(defaultRules().map((r) => r.name)).toEqual([
      'Mirror',
      'LongTerminating',
      'ReplicaCount',
      'DaemonSet',
      'SafeToEvict',
      'Terminal',
      'Replicated',
      'System',
      'NotSafeToEvict',
      'LocalStorage',
      'PDB',
    ]);
    const off = defaultRules({ skipNodesWithSystemPods: false, skipNodesWithLocalStorage: false, skipNodesWithCustomControllerPods: false });
    expect(off.map((r) => r.name)).toEqual(['Mirror', 'LongTerminating', 'DaemonSet', 'SafeToEvict', 'Terminal', 'Replicated', 'NotSafeToEvict', 'PDB']);
  });
});

describe('daemonset rule', () => {
  it('regular pod', () => {
    expect(newDaemonSetRule().drainable(ctx, pod({ name: 'pod', namespace: 'ns' }))).toEqual(newUndefinedStatus());
  });
  it('daemonset pod', () => {
    const p = pod({ name: 'pod', namespace: 'ns', ownerReferences: generateOwnerReferences('ds', 'DaemonSet', 'apps/v1') });
    expect(newDaemonSetRule().drainable(ctx, p)).toEqual(newDrainableStatus());
  });
});

describe('mirror rule', () => {
  it('regular pod', () => {
    expect(newMirrorRule().drainable(ctx, pod({ name: 'regularPod', namespace: 'ns' }))).toEqual(newUndefinedStatus());
  });
  it('mirror pod', () => {
    const p = pod({ name: 'manifestPod', namespace: 'kube-system', annotations: { [ConfigMirrorAnnotationKey]: 'something' } });
    expect(newMirrorRule().drainable(ctx, p)).toEqual(newSkipStatus());
  });
});

describe('safetoevict rule', () => {
  it('regular pod', () => {
    expect(newSafeToEvictRule().drainable(ctx, pod({ name: 'pod', namespace: 'ns' }))).toEqual(newUndefinedStatus());
  });
  it('safe to evict pod', () => {
    const p = pod({ name: 'bar', namespace: 'default', annotations: { [PodSafeToEvictKey]: 'true' } });
    expect(newSafeToEvictRule().drainable(ctx, p)).toEqual(newDrainableStatus());
  });
});

describe('terminal rule', () => {
  it('regular pod', () => {
    expect(newTerminalRule().drainable(ctx, pod({ name: 'pod', namespace: 'ns' }))).toEqual(newUndefinedStatus());
  });
  it('terminal pod', () => {
    const p = pod({ name: 'bar', namespace: 'default' }, { restartPolicy: 'OnFailure' }, { phase: 'Succeeded' });
    expect(newTerminalRule().drainable(ctx, p)).toEqual(newDrainableStatus());
  });
  it('failed pod', () => {
    const p = pod({ name: 'bar', namespace: 'default' }, { restartPolicy: 'Never' }, { phase: 'Failed' });
    expect(newTerminalRule().drainable(ctx, p)).toEqual(newDrainableStatus());
  });
});

describe('longterminating rule', () => {
  const extendedGracePeriod = 6 * 60;
  const terminating = (deletedAt: number, grace: number): Pod =>
    pod({ name: 'bar', namespace: 'default', deletionTimestamp: iso(deletedAt) }, { restartPolicy: 'OnFailure', terminationGracePeriodSeconds: grace }, { phase: 'Unknown' });
  const cases: Record<string, { pod: Pod; want: DrainabilityStatus }> = {
    'regular pod': { pod: pod({ name: 'pod', namespace: 'ns' }), want: newUndefinedStatus() },
    'long terminating pod with 0 grace period': { pod: terminating(testTime + podLongTerminatingExtraThreshold / 2, 0), want: newUndefinedStatus() },
    'expired long terminating pod with 0 grace period': { pod: terminating(testTime - 2 * podLongTerminatingExtraThreshold, 0), want: newSkipStatus() },
    'long terminating pod with extended grace period': { pod: terminating(testTime + extendedGracePeriod / 2, extendedGracePeriod), want: newUndefinedStatus() },
    'expired long terminating pod with extended grace period': {
      pod: terminating(testTime - 2 * extendedGracePeriod, extendedGracePeriod),
      want: newSkipStatus(),
    },
  };
  for (const [desc, tc] of Object.entries(cases)) {
    it(desc, () => {
      expect(newLongTerminatingRule().drainable(ctx, tc.pod)).toEqual(tc.want);
    });
  }
});

describe('notsafetoevict rule', () => {
  const rcRef = generateOwnerReferences('rc', 'ReplicationController', 'core/v1');
  const jobRef = generateOwnerReferences('job', 'Job', 'batch/v1');
  const notSafe = { [PodSafeToEvictKey]: 'false' };
  const cases: Record<string, { pod: Pod; want: { reason: BlockingPodReason; error: boolean } }> = {
    'pod with PodSafeToEvict annotation': {
      pod: pod({ name: 'bar', namespace: 'kube-system', annotations: { [PodSafeToEvictKey]: 'true' } }, { nodeName: 'node' }),
      want: NONE,
    },
    'RC-managed pod with no annotation': { pod: pod({ name: 'bar', namespace: 'default', ownerReferences: rcRef }, { nodeName: 'node' }), want: NONE },
    'RC-managed pod with PodSafeToEvict=false annotation': {
      pod: pod({ name: 'bar', namespace: 'default', ownerReferences: rcRef, annotations: notSafe }, { nodeName: 'node' }),
      want: blocked(BlockingPodReason.NotSafeToEvictAnnotation),
    },
    'job-managed pod with no annotation': { pod: pod({ name: 'bar', namespace: 'default', ownerReferences: jobRef }), want: NONE },
    'job-managed pod with PodSafeToEvict=false annotation': {
      pod: pod({ name: 'bar', namespace: 'default', ownerReferences: jobRef, annotations: notSafe }),
      want: blocked(BlockingPodReason.NotSafeToEvictAnnotation),
    },
  };
  for (const [desc, tc] of Object.entries(cases)) {
    it(desc, () => {
      expect(reasonAndError(newNotSafeToEvictRule().drainable(ctx, tc.pod))).toEqual(tc.want);
    });
  }
});

describe('localstorage rule', () => {
  const rcRef = generateOwnerReferences('rc', 'ReplicationController', 'core/v1');
  const emptyDirs = (...names: string[]) => names.map((name) => ({ name, emptyDir: { medium: '' } }));
  const withVolumes = (annotation: string | undefined, ...names: string[]): Pod =>
    pod(
      { name: 'bar', namespace: 'default', ownerReferences: rcRef, ...(annotation === undefined ? {} : { annotations: { [SafeToEvictLocalVolumesKey]: annotation } }) },
      { nodeName: 'node', volumes: emptyDirs(...names) },
    );
  const LOCAL = blocked(BlockingPodReason.LocalStorageRequested);
  const cases: Record<string, { pod: Pod; want: { reason: BlockingPodReason; error: boolean } }> = {
    'pod with EmptyDir': { pod: withVolumes(undefined, 'scratch'), want: LOCAL },
    'pod with EmptyDir and SafeToEvictLocalVolumesKey annotation': { pod: withVolumes('scratch', 'scratch'), want: NONE },
    'pod with EmptyDir and empty value for SafeToEvictLocalVolumesKey annotation': { pod: withVolumes('', 'scratch'), want: LOCAL },
    'pod with EmptyDir and non-matching value for SafeToEvictLocalVolumesKey annotation': { pod: withVolumes('scratch-2', 'scratch-1'), want: LOCAL },
    'pod with EmptyDir and SafeToEvictLocalVolumesKey annotation with matching values': {
      pod: withVolumes('scratch-1,scratch-2,scratch-3', 'scratch-1', 'scratch-2', 'scratch-3'),
      want: NONE,
    },
    'pod with EmptyDir and SafeToEvictLocalVolumesKey annotation with non-matching values': {
      pod: withVolumes('scratch-1,scratch-2,scratch-5', 'scratch-1', 'scratch-2', 'scratch-3'),
      want: LOCAL,
    },
    'pod with EmptyDir and SafeToEvictLocalVolumesKey annotation with some matching values': {
      pod: withVolumes('scratch-1,scratch-2', 'scratch-1', 'scratch-2', 'scratch-3'),
      want: LOCAL,
    },
    'pod with EmptyDir and SafeToEvictLocalVolumesKey annotation empty values': {
      pod: withVolumes(',', 'scratch-1', 'scratch-2', 'scratch-3'),
      want: LOCAL,
    },
  };
  for (const [desc, tc] of Object.entries(cases)) {
    it(desc, () => {
      expect(reasonAndError(newLocalStorageRule().drainable(ctx, tc.pod))).toEqual(tc.want);
    });
  }
  it('hostPath volumes are local, memory-backed emptyDirs are not', () => {
    const hostPath = pod({ name: 'h', namespace: 'default' }, { volumes: [{ name: 'h', hostPath: { path: '/x' } }] });
    const inMemory = pod({ name: 'm', namespace: 'default' }, { volumes: [{ name: 'm', emptyDir: { medium: 'Memory' } }] });
    expect(newLocalStorageRule().drainable(ctx, hostPath).outcome).toBe('BlockDrain');
    expect(newLocalStorageRule().drainable(ctx, inMemory).outcome).toBe('UndefinedOutcome');
  });
});

describe('pdb rule', () => {
  const cases: Record<string, { pod: Pod; pdbs: PdbWithDisruptions[]; wantOutcome: DrainabilityStatus['outcome']; wantReason: BlockingPodReason }> = {
    'no pdbs': { pod: pod({}), pdbs: [], wantOutcome: 'UndefinedOutcome', wantReason: BlockingPodReason.NoReason },
    'no matching pdbs': {
      pod: pod({ name: 'happy', namespace: 'good', labels: { label: 'true' } }),
      pdbs: [pdb('bad', { label: 'true' }, 0), pdb('good', { label: 'false' }, 0)],
      wantOutcome: 'UndefinedOutcome',
      wantReason: BlockingPodReason.NoReason,
    },
    'pdb prevents scale-down': {
      pod: pod({ name: 'sad', namespace: 'good', labels: { label: 'true' } }),
      pdbs: [pdb('bad', { label: 'true' }, 0), pdb('good', { label: 'true' }, 0), pdb('good', { label: 'false' }, 0)],
      wantOutcome: 'BlockDrain',
      wantReason: BlockingPodReason.NotEnoughPdb,
    },
  };
  for (const [desc, tc] of Object.entries(cases)) {
    it(desc, () => {
      const got = newPdbRule().drainable({ now: 0, remainingPdbTracker: newBasicRemainingPdbTracker(tc.pdbs) }, tc.pod);
      expect(blockingReasonOf(got)).toBe(tc.wantReason);
      expect(got.outcome).toBe(tc.wantOutcome);
    });
  }
});

describe('system rule', () => {
  const bspDisruptionTimeout = 60;
  const rcPod = pod({ name: 'bar', namespace: 'default', ownerReferences: generateOwnerReferences('rc', 'ReplicationController', 'core/v1') }, { nodeName: 'node' });
  const kubeSystemRcPod = pod(
    { name: 'bar', namespace: 'kube-system', ownerReferences: generateOwnerReferences('rc', 'ReplicationController', 'core/v1'), labels: { 'k8s-app': 'bar' } },
    { nodeName: 'node' },
  );
  const systemPod = (created: number) =>
    pod({ name: 'systemPod', namespace: 'kube-system', ownerReferences: generateOwnerReferences('rs', 'ReplicaSet', 'extensions/v1beta1'), creationTimestamp: iso(created) });
  const drainableBlockingSystemPod = systemPod(testTime - bspDisruptionTimeout - 1);
  const nonDrainableBlockingSystemPod = systemPod(testTime - bspDisruptionTimeout + 1);
  const emptyPDB = pdb(undefined, undefined, 0);
  const kubeSystemPDB = pdb('kube-system', { 'k8s-app': 'bar' }, 0);
  const kubeSystemFakePDB = pdb('kube-system', { 'k8s-app': 'foo' }, 0);
  const defaultNamespacePDB = pdb('default', { 'k8s-app': 'PDB-managed pod' }, 0);
  const SYSTEM = blocked(BlockingPodReason.UnmovableKubeSystemPod);
  const cases: Record<string, { pod: Pod; pdbs: PdbWithDisruptions[]; want: { reason: BlockingPodReason; error: boolean } }> = {
    'empty PDB with RC-managed pod': { pod: rcPod, pdbs: [emptyPDB], want: NONE },
    'kube-system PDB with matching kube-system pod': { pod: kubeSystemRcPod, pdbs: [kubeSystemPDB], want: NONE },
    'kube-system PDB with non-matching kube-system pod': { pod: kubeSystemRcPod, pdbs: [kubeSystemFakePDB], want: SYSTEM },
    'kube-system PDB with default namespace pod': { pod: rcPod, pdbs: [kubeSystemPDB], want: NONE },
    'default namespace PDB with matching labels kube-system pod': { pod: kubeSystemRcPod, pdbs: [defaultNamespacePDB], want: SYSTEM },
    'block non-pdb system pod existing for less than BspDisruptionTimeout': { pod: nonDrainableBlockingSystemPod, pdbs: [emptyPDB], want: SYSTEM },
    'allow non-pdb system pod existing for more than BspDisruptionTimeout': { pod: drainableBlockingSystemPod, pdbs: [kubeSystemPDB], want: NONE },
  };
  for (const [desc, tc] of Object.entries(cases)) {
    it(desc, () => {
      const c: DrainContext = { now: testTime, remainingPdbTracker: newBasicRemainingPdbTracker(tc.pdbs) };
      expect(reasonAndError(newSystemRule(bspDisruptionTimeout).drainable(c, tc.pod))).toEqual(tc.want);
    });
  }
  it('a kube-system pod past the timeout may be drained', () => {
    expect(newSystemRule(bspDisruptionTimeout).drainable({ now: testTime }, drainableBlockingSystemPod)).toEqual(newDrainableStatus());
  });
});

describe('replicacount rule', () => {
  const owned = (name: string, kind: string, api: string, extra: { annotations?: Record<string, string>; deletionTimestamp?: string } = {}) =>
    pod({ name: 'bar', namespace: 'default', ownerReferences: generateOwnerReferences(name, kind, api), ...extra }, { nodeName: 'node' });
  const dsAnnotation = { annotations: { 'cluster-autoscaler.kubernetes.io/daemonset-pod': 'true' } };
  const NOT_FOUND = blocked(BlockingPodReason.ControllerNotFound);
  const cases: Record<string, { pod: Pod; rcs?: boolean; rss?: boolean; want: { reason: BlockingPodReason; error: boolean } }> = {
    'RC-managed pod': { pod: owned('rc', 'ReplicationController', 'core/v1'), rcs: true, want: NONE },
    'RC-managed pod with missing reference': { pod: owned('missing', 'ReplicationController', 'core/v1'), rcs: true, want: NOT_FOUND },
    'DS-managed pod': { pod: owned('ds', 'DaemonSet', 'apps/v1'), want: NONE },
    'DS-managed pod with missing reference': { pod: owned('missing', 'DaemonSet', 'apps/v1'), want: NOT_FOUND },
    'DS-managed pod by a custom API Group': { pod: owned('ds', 'DaemonSet', 'crd/v1'), want: NONE },
    'DS-managed pod by a custom API Group with missing reference': { pod: owned('missing', 'DaemonSet', 'crd/v1'), want: NONE },
    'DS-managed pod by a custom Daemonset': { pod: owned('ds', 'CustomDaemonSet', 'crd/v1', dsAnnotation), want: NONE },
    'DS-managed pod by a custom Daemonset with missing reference': { pod: owned('missing', 'CustomDaemonSet', 'crd/v1', dsAnnotation), want: NONE },
    'Job-managed pod': { pod: owned('job', 'Job', 'batch/v1'), rcs: true, want: NONE },
    'Job-managed pod with missing reference': { pod: owned('missing', 'Job', 'batch/v1'), rcs: true, want: NOT_FOUND },
    'SS-managed pod': { pod: owned('ss', 'StatefulSet', 'apps/v1'), rcs: true, want: NONE },
    'SS-managed pod with missing reference': { pod: owned('missing', 'StatefulSet', 'apps/v1'), rcs: true, want: NOT_FOUND },
    'SS-managed pod by a custom API Group': { pod: owned('ss', 'StatefulSet', 'kruise/v1'), want: NONE },
    'SS-managed pod by a custom API Group with missing reference': { pod: owned('missing', 'StatefulSet', 'kruise/v1'), want: NONE },
    'RS-managed pod': { pod: owned('rs', 'ReplicaSet', 'apps/v1'), rss: true, want: NONE },
    'RS-managed pod that is being deleted': { pod: owned('rs', 'ReplicaSet', 'apps/v1', { deletionTimestamp: iso(testTime - 3600) }), rss: true, want: NONE },
    'RS-managed pod with missing reference': { pod: owned('missing', 'ReplicaSet', 'apps/v1'), rss: true, want: NOT_FOUND },
  };
  for (const [desc, tc] of Object.entries(cases)) {
    it(desc, () => {
      const c: DrainContext = { now: testTime, ownerReplicas: listers({ rcs: tc.rcs, rss: tc.rss }) };
      expect(reasonAndError(newReplicaCountRule(0).drainable(c, tc.pod))).toEqual(tc.want);
    });
  }
  it('a controller with fewer replicas than minReplicaCount blocks (MinReplicasReached)', () => {
    const c: DrainContext = { now: testTime, ownerReplicas: listers({ rcs: true, rss: true }) };
    expect(reasonAndError(newReplicaCountRule(6).drainable(c, owned('rs', 'ReplicaSet', 'apps/v1')))).toEqual(blocked(BlockingPodReason.MinReplicasReached));
    expect(reasonAndError(newReplicaCountRule(5).drainable(c, owned('rc', 'ReplicationController', 'core/v1')))).toEqual(NONE);
  });
  it('without listers the rule decides nothing', () => {
    expect(newReplicaCountRule(0).drainable({ now: testTime }, owned('missing', 'ReplicaSet', 'apps/v1'))).toEqual(newUndefinedStatus());
  });
});

describe('replicated rule', () => {
  const owned = (name: string, kind: string, api: string, deletionTimestamp?: string) =>
    pod({ name: 'bar', namespace: 'default', ownerReferences: generateOwnerReferences(name, kind, api), ...(deletionTimestamp ? { deletionTimestamp } : {}) }, { nodeName: 'node' });
  const sharedTests: Record<string, { pod: Pod; rcs?: boolean; rss?: boolean; want: { reason: BlockingPodReason; error: boolean } }> = {
    'RC-managed pod': { pod: owned('rc', 'ReplicationController', 'core/v1'), rcs: true, want: NONE },
    'Job-managed pod': { pod: owned('job', 'Job', 'batch/v1'), rcs: true, want: NONE },
    'SS-managed pod': { pod: owned('ss', 'StatefulSet', 'apps/v1'), rcs: true, want: NONE },
    'RS-managed pod': { pod: owned('rs', 'ReplicaSet', 'apps/v1'), rss: true, want: NONE },
    'RS-managed pod that is being deleted': { pod: owned('rs', 'ReplicaSet', 'apps/v1', iso(testTime - 3600)), rss: true, want: NONE },
    'naked pod': { pod: pod({ name: 'bar', namespace: 'default' }, { nodeName: 'node' }), want: blocked(BlockingPodReason.NotReplicated) },
  };
  const tests: Record<string, { pod: Pod; rcs?: boolean; rss?: boolean; skip: boolean; want: { reason: BlockingPodReason; error: boolean } }> = {};
  for (const [desc, tc] of Object.entries(sharedTests)) {
    for (const skip of [true, false]) tests[`${desc} with skipNodesWithCustomControllerPods:${skip}`] = { ...tc, skip };
  }
  const customControllerPod = owned('Foo', 'FooController', 'apps/v1');
  tests['custom-controller-managed non-blocking pod'] = { pod: customControllerPod, skip: false, want: NONE };
  tests['custom-controller-managed blocking pod'] = { pod: customControllerPod, skip: true, want: blocked(BlockingPodReason.NotReplicated) };
  for (const [desc, tc] of Object.entries(tests)) {
    it(desc, () => {
      const c: DrainContext = { now: testTime, ownerReplicas: listers({ rcs: tc.rcs, rss: tc.rss }) };
      expect(reasonAndError(newReplicatedRule(tc.skip).drainable(c, tc.pod))).toEqual(tc.want);
    });
  }
});

describe('utils/drain IsPodLongTerminating (TestIsPodLongTerminating)', () => {
  const twoMin = 2 * 60;
  const p = (deletedAt: number | undefined, grace: number | undefined): Pod =>
    pod(deletedAt === undefined ? {} : { deletionTimestamp: iso(deletedAt) }, grace === undefined ? {} : { terminationGracePeriodSeconds: grace });
  const cases: { name: string; pod: Pod; want: boolean }[] = [
    { name: 'No deletion timestamp', pod: p(undefined, 0), want: false },
    { name: 'Just deleted no grace period defined', pod: p(testTime, undefined), want: false },
    { name: 'Deleted for longer than PodLongTerminatingExtraThreshold with no grace period', pod: p(testTime - 3 * podLongTerminatingExtraThreshold, undefined), want: true },
    { name: 'Just deleted with grace period defined to 0', pod: p(testTime, 0), want: false },
    { name: 'Deleted for longer than PodLongTerminatingExtraThreshold with grace period defined to 0', pod: p(testTime - 2 * podLongTerminatingExtraThreshold, 0), want: true },
    {
      name: 'Deleted for longer than PodLongTerminatingExtraThreshold but not longer than grace period (2 min)',
      pod: p(testTime - 2 * podLongTerminatingExtraThreshold, twoMin),
      want: false,
    },
    {
      name: 'Deleted for longer than grace period (2 min) and PodLongTerminatingExtraThreshold',
      pod: p(testTime - 2 * podLongTerminatingExtraThreshold - twoMin, twoMin),
      want: true,
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      expect(isPodLongTerminating(tc.pod, testTime)).toBe(tc.want);
    });
  }
});

describe('reasons (TestBlockingPodReasonFormatting)', () => {
  it('BlockingPodReason values are upstream names, in upstream order', () => {
    expect(blockingPodReasons).toEqual([
      'NoReason',
      'ControllerNotFound',
      'MinReplicasReached',
      'NotReplicated',
      'LocalStorageRequested',
      'NotSafeToEvictAnnotation',
      'UnmovableKubeSystemPod',
      'NotEnoughPdb',
      'UnexpectedError',
    ]);
  });
  it('UnremovableReason values are upstream names, in upstream order', () => {
    expect(unremovableReasons).toEqual([
      'NoReason',
      'ScaleDownDisabledAnnotation',
      'ScaleDownUnreadyDisabled',
      'NotAutoscaled',
      'NotUnneededLongEnough',
      'NotUnreadyLongEnough',
      'NodeGroupMinSizeReached',
      'NodeGroupMaxDeletionCountReached',
      'AtomicScaleDownFailed',
      'MinimalResourceLimitExceeded',
      'CurrentlyBeingDeleted',
      'NotUnderutilized',
      'NotUnneededOtherReason',
      'RecentlyUnremovable',
      'NoPlaceToMovePods',
      'BlockedByPod',
      'UnexpectedError',
      'NoNodeInfo',
    ]);
    expect(UnremovableReason.BlockedByPod).toBe('BlockedByPod');
  });
});

describe('pdb basic tracker', () => {
  const label1 = 'label-1';
  const label2 = 'label-2';
  const pdb1 = (d: number) => pdb('ns', { [label1]: 'true' }, d, 'foo');
  const pdb2 = (d: number) => pdb('ns', { [label2]: 'true' }, d, 'bar');
  function makePodsWithLabel(label: string, amount: number): Pod[] {
    const out: Pod[] = [];
    for (let i = 0; i < amount; i++) {
      out.push(pod({ name: `pod-1-${i}`, namespace: 'ns', ownerReferences: generateOwnerReferences('rs', 'ReplicaSet', 'extensions/v1beta1'), labels: { [label]: 'true' } }));
    }
    return out;
  }
  function podsFor(podsLabel1: number, podsLabel2: number, podsBothLabels: number): Pod[] {
    const pods = makePodsWithLabel(label1, podsLabel1);
    const pods2 = makePodsWithLabel(label2, podsLabel2 - podsBothLabels);
    for (const p of pods.slice(0, podsBothLabels)) p.metadata.labels![label2] = 'true';
    return [...pods, ...pods2];
  }

  describe('TestBasicCanRemovePods', () => {
    const testCases: { name: string; podsLabel1: number; podsLabel2: number; podsBothLabels?: number; pdbs?: [number, number]; canDisrupt: boolean; inParallel: boolean }[] = [
      { name: 'No pdbs', podsLabel1: 2, podsLabel2: 1, canDisrupt: true, inParallel: true },
      { name: 'Not enough pod disruption budgets', podsLabel1: 2, podsLabel2: 1, pdbs: [1, 0], canDisrupt: false, inParallel: false },
      { name: 'Pod disruption budgets is at risk', podsLabel1: 2, podsLabel2: 1, pdbs: [1, 2], canDisrupt: true, inParallel: false },
      { name: 'Enough pod disruption budgets', podsLabel1: 2, podsLabel2: 3, pdbs: [2, 4], canDisrupt: true, inParallel: true },
      { name: 'Pod covered with both PDBs can be moved', podsLabel1: 1, podsLabel2: 1, podsBothLabels: 1, pdbs: [1, 1], canDisrupt: true, inParallel: true },
      { name: 'Pod covered with both PDBs, is risky', podsLabel1: 2, podsLabel2: 2, podsBothLabels: 1, pdbs: [2, 1], canDisrupt: true, inParallel: false },
    ];
    for (const tc of testCases) {
      it(tc.name, () => {
        const tracker = newBasicRemainingPdbTracker(tc.pdbs ? [pdb1(tc.pdbs[0]), pdb2(tc.pdbs[1])] : []);
        const got = tracker.canRemovePods(podsFor(tc.podsLabel1, tc.podsLabel2, tc.podsBothLabels ?? 0));
        expect([got.canRemove, got.inParallel]).toEqual([tc.canDisrupt, tc.inParallel]);
        if (!tc.canDisrupt || !tc.inParallel) expect(got.blockingPod?.reason).toBe(BlockingPodReason.NotEnoughPdb);
      });
    }
  });

  describe('TestBasicRemovePods', () => {
    it('Pod covered with both PDBs', () => {
      const tracker = newBasicRemainingPdbTracker([pdb1(1), pdb2(1)]);
      tracker.removePods(podsFor(1, 1, 1));
      expect(tracker.getPdbs()).toEqual([pdb1(0), pdb2(0)]);
    });
    it('No PDBs', () => {
      const tracker = newBasicRemainingPdbTracker([]);
      tracker.removePods(podsFor(2, 3, 1));
      expect(tracker.getPdbs()).toEqual([]);
    });
  });

  it('matchingPdbs compares namespaces and selectors; an invalid selector is an error', () => {
    const tracker = newBasicRemainingPdbTracker([pdb1(1), pdb('other', { [label1]: 'true' }, 1)]);
    expect(tracker.matchingPdbs(makePodsWithLabel(label1, 1)[0]).map((p) => p.pdb.metadata.name)).toEqual(['foo']);
    const bad = pdb('ns', undefined, 1);
    bad.pdb.spec.selector = { matchExpressions: [{ key: 'a', operator: 'Bogus' as 'In' }] };
    expect(tracker.setPdbs([bad])).toMatch(/not valid/);
    tracker.clear();
    expect(tracker.getPdbs()).toEqual([]);
  });
});
