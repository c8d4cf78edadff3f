/** Ported from cluster-autoscaler 1.35 simulator/drain_test.go (TestGetPodsToMove). */
import { describe, expect, it } from 'vitest';
import { getPodsToMove } from '../../src/autoscaler/simulator/drain.ts';
import type { DrainContext } from '../../src/autoscaler/simulator/drainability/context.ts';
import { newBasicRemainingPdbTracker } from '../../src/autoscaler/simulator/drainability/pdb-tracker.ts';
import type { PdbWithDisruptions } from '../../src/autoscaler/simulator/drainability/pdb-tracker.ts';
import { ConfigMirrorAnnotationKey, PodSafeToEvictKey, SafeToEvictLocalVolumesKey, podLongTerminatingExtraThreshold } from '../../src/autoscaler/simulator/drainability/pod-utils.ts';
import type { Rule } from '../../src/autoscaler/simulator/drainability/rule.ts';
import { defaultRules } from '../../src/autoscaler/simulator/drainability/rules/index.ts';
import { newBlockedStatus, newDrainableStatus, newUndefinedStatus } from '../../src/autoscaler/simulator/drainability/status.ts';
import { BlockingPodReason } from '../../src/autoscaler/simulator/reasons.ts';
import type { BlockingPod } from '../../src/autoscaler/simulator/reasons.ts';
import type { Pod } from '../../src/model/types.ts';
import { buildTestNode, generateOwnerReferences, iso, ownerLookup, pdb, pod, testTime } from './scaledown-fixtures.ts';

const bspDisruptionTimeout = 3600;
const creationTimeBeforeBspDisturptionTimeout = testTime - bspDisruptionTimeout - 60;
const creationTimeAfterBspDisturptionTimeout = testTime - bspDisruptionTimeout + 60;

const rsRefV1beta1 = () => generateOwnerReferences('rs', 'ReplicaSet', 'extensions/v1beta1');
const rcRef = () => generateOwnerReferences('rc', 'ReplicationController', 'core/v1');

const unreplicatedPod = pod({ name: 'unreplicatedPod', namespace: 'ns' });
const manifestPod = pod({ name: 'manifestPod', namespace: 'kube-system', annotations: { [ConfigMirrorAnnotationKey]: 'something' } });
const systemPod = pod({ name: 'systemPod', namespace: 'kube-system', ownerReferences: rsRefV1beta1() });
const drainableBlockingSystemPod = pod({
  name: 'systemPod',
  namespace: 'kube-system',
  ownerReferences: rsRefV1beta1(),
  creationTimestamp: iso(creationTimeBeforeBspDisturptionTimeout),
});
const nonDrainableBlockingSystemPod = pod({
  name: 'systemPod',
  namespace: 'kube-system',
  ownerReferences: rsRefV1beta1(),
  creationTimestamp: iso(creationTimeAfterBspDisturptionTimeout),
});
const localStoragePod = pod({ name: 'localStoragePod', namespace: 'ns', ownerReferences: rsRefV1beta1() }, { volumes: [{ name: 'empty-vol', emptyDir: {} }] });
const nonLocalStoragePod = pod(
  { name: 'nonLocalStoragePod', namespace: 'ns', ownerReferences: rsRefV1beta1() },
  { volumes: [{ name: 'my-repo', gitRepo: { repository: 'my-repo' } }] },
);
const pdbPod = pod({ name: 'pdbPod', namespace: 'ns', ownerReferences: rsRefV1beta1(), labels: { critical: 'true' } });
const restrictivePdb = pdb('ns', { critical: 'true' }, 0, 'foobar');
const permissivePdb = pdb('ns', { critical: 'true' }, 1, 'foobar');
const terminatedPod = pod({
  name: 'terminatedPod',
  namespace: 'ns',
  ownerReferences: rsRefV1beta1(),
  deletionTimestamp: iso(testTime - podLongTerminatingExtraThreshold - 60), // more than PodLongTerminatingExtraThreshold
});
const terminatingPod = pod({
  name: 'terminatingPod',
  namespace: 'ns',
  ownerReferences: rsRefV1beta1(),
  deletionTimestamp: iso(testTime - podLongTerminatingExtraThreshold + 60), // still terminating, below the default TerminatingGracePeriod
});
const rcPod = pod({ name: 'bar', namespace: 'default', ownerReferences: rcRef() }, { nodeName: 'node' });
const kubeSystemRcPod = pod({ name: 'bar', namespace: 'kube-system', ownerReferences: rcRef(), labels: { 'k8s-app': 'bar' } }, { nodeName: 'node' });
const dsPod = pod({ name: 'bar', namespace: 'default', ownerReferences: generateOwnerReferences('ds', 'DaemonSet', 'apps/v1') }, { nodeName: 'node' });
const cdsPod = pod(
  {
    name: 'bar',
    namespace: 'default',
    ownerReferences: generateOwnerReferences('ds', 'CustomDaemonSet', 'crd/v1'),
    annotations: { 'cluster-autoscaler.kubernetes.io/daemonset-pod': 'true' },
  },
  { nodeName: 'node' },
);
const jobPod = pod({ name: 'bar', namespace: 'default', ownerReferences: generateOwnerReferences('job', 'Job', 'batch/v1') });
const ssPod = pod({ name: 'bar', namespace: 'default', ownerReferences: generateOwnerReferences('ss', 'StatefulSet', 'apps/v1') });
const rsPod = pod({ name: 'bar', namespace: 'default', ownerReferences: generateOwnerReferences('rs', 'ReplicaSet', 'apps/v1') }, { nodeName: 'node' });
const rsPodDeleted = pod(
  { name: 'bar', namespace: 'default', ownerReferences: generateOwnerReferences('rs', 'ReplicaSet', 'apps/v1'), deletionTimestamp: iso(testTime - 3600) },
  { nodeName: 'node' },
);
const emptyDirSafeToEvictLocalVolumeMultiValAllMatching = pod(
  { name: 'bar', namespace: 'default', ownerReferences: rcRef(), annotations: { [SafeToEvictLocalVolumesKey]: 'scratch-1,scratch-2,scratch-3' } },
  {
    nodeName: 'node',
    volumes: ['scratch-1', 'scratch-2', 'scratch-3'].map((name) => ({ name, emptyDir: { medium: '' } })),
  },
);
const terminalPod = pod({ name: 'bar', namespace: 'default' }, { nodeName: 'node', restartPolicy: 'OnFailure' }, { phase: 'Succeeded' });
const longTerminatingPod = pod(
  { name: 'bar', namespace: 'default', deletionTimestamp: iso(testTime - 2 * podLongTerminatingExtraThreshold), ownerReferences: rcRef() },
  { nodeName: 'node', restartPolicy: 'OnFailure', terminationGracePeriodSeconds: 0 },
  { phase: 'Unknown' },
);
const extendedGracePeriod = 6 * 60; // 6 minutes
const longTerminatingPodWithExtendedGracePeriod = pod(
  { name: 'bar', namespace: 'default', deletionTimestamp: iso(testTime - extendedGracePeriod / 2), ownerReferences: rcRef() },
  { nodeName: 'node', restartPolicy: 'OnFailure', terminationGracePeriodSeconds: extendedGracePeriod },
  { phase: 'Unknown' },
);
const failedPod = pod({ name: 'bar', namespace: 'default' }, { nodeName: 'node', restartPolicy: 'Never' }, { phase: 'Failed' });
const evictedPod = pod({ name: 'bar', namespace: 'default' }, { nodeName: 'node', restartPolicy: 'Always' }, { phase: 'Failed' });
const safePod = pod({ name: 'bar', namespace: 'default', annotations: { [PodSafeToEvictKey]: 'true' } }, { nodeName: 'node' });
const kubeSystemSafePod = pod({ name: 'bar', namespace: 'kube-system', annotations: { [PodSafeToEvictKey]: 'true' } }, { nodeName: 'node' });
const emptydirSafePod = pod(
  { name: 'bar', namespace: 'default', annotations: { [PodSafeToEvictKey]: 'true' } },
  { nodeName: 'node', volumes: [{ name: 'scratch', emptyDir: { medium: '' } }] },
);
const emptyPDB = pdb(undefined, undefined, 0);
const kubeSystemPDB = pdb('kube-system', { 'k8s-app': 'bar' }, 1);
const kubeSystemFakePDB = pdb('kube-system', { 'k8s-app': 'foo' }, 1);
const defaultNamespacePDB = pdb('default', { 'k8s-app': 'PDB-managed pod' }, 1);

const alwaysDrain: Rule = { name: 'AlwaysDrain', drainable: () => newDrainableStatus() };
const neverDrain: Rule = { name: 'NeverDrain', drainable: () => newBlockedStatus(BlockingPodReason.UnexpectedError, 'nope') };
const cantDecide: Rule = { name: 'CantDecide', drainable: () => newUndefinedStatus() };

interface TestCase {
  desc: string;
  pods: Pod[];
  pdbs?: PdbWithDisruptions[];
  /** Replication controllers by `namespace/name` (upstream's rcs; with replicaSets, turns the listers on). */
  rcs?: Record<string, number>;
  replicaSets?: Record<string, number>;
  rules?: Rule[];
  wantPods?: Pod[];
  wantDs?: Pod[];
  wantBlocking?: BlockingPod;
  wantErr?: boolean;
}

const rc = { 'default/rc': 5 };
const kubeSystemRc = { 'kube-system/rc': 5 };
const rs = { 'default/rs': 5 };

const testCases: TestCase[] = [
  { desc: 'Unreplicated pod', pods: [unreplicatedPod], wantErr: true, wantBlocking: { pod: unreplicatedPod, reason: BlockingPodReason.NotReplicated } },
  { desc: 'Replicated pod', pods: [rsPod], wantPods: [rsPod] },
  { desc: 'Manifest pod', pods: [manifestPod] },
  { desc: 'DaemonSet pod', pods: [rsPod, manifestPod, dsPod], wantPods: [rsPod], wantDs: [dsPod] },
  { desc: 'Kube-system', pods: [systemPod], wantErr: true, wantBlocking: { pod: systemPod, reason: BlockingPodReason.UnmovableKubeSystemPod } },
  {
    desc: 'Kube-system no pdb system pods blocking',
    pods: [nonDrainableBlockingSystemPod],
    wantErr: true,
    wantBlocking: { pod: nonDrainableBlockingSystemPod, reason: BlockingPodReason.UnmovableKubeSystemPod },
  },
  { desc: 'Kube-system no pdb system pods allowing', pods: [drainableBlockingSystemPod], wantPods: [drainableBlockingSystemPod] },
  {
    desc: 'Kube-system no pdb system pods blocking',
    pods: [drainableBlockingSystemPod, nonDrainableBlockingSystemPod],
    wantErr: true,
    wantBlocking: { pod: nonDrainableBlockingSystemPod, reason: BlockingPodReason.UnmovableKubeSystemPod },
  },
  { desc: 'Local storage', pods: [localStoragePod], wantErr: true, wantBlocking: { pod: localStoragePod, reason: BlockingPodReason.LocalStorageRequested } },
  { desc: 'Non-local storage', pods: [nonLocalStoragePod], wantPods: [nonLocalStoragePod] },
  { desc: 'Pdb blocking', pods: [pdbPod], pdbs: [restrictivePdb], wantErr: true, wantBlocking: { pod: pdbPod, reason: BlockingPodReason.NotEnoughPdb } },
  { desc: 'Pdb allowing', pods: [pdbPod], pdbs: [permissivePdb], wantPods: [pdbPod] },
  { desc: 'Pod termination', pods: [rsPod, terminatedPod, terminatingPod], wantPods: [rsPod, terminatingPod] },
  { desc: 'Rule allows', pods: [unreplicatedPod], rules: [alwaysDrain], wantPods: [unreplicatedPod] },
  { desc: 'Second rule allows', pods: [unreplicatedPod], rules: [cantDecide, alwaysDrain], wantPods: [unreplicatedPod] },
  { desc: 'Rule blocks', pods: [rsPod], rules: [neverDrain], wantErr: true, wantBlocking: { pod: rsPod, reason: BlockingPodReason.UnexpectedError } },
  { desc: 'Second rule blocks', pods: [rsPod], rules: [cantDecide, neverDrain], wantErr: true, wantBlocking: { pod: rsPod, reason: BlockingPodReason.UnexpectedError } },
  {
    desc: 'Undecisive rule fallback to default logic: Unreplicated pod',
    pods: [unreplicatedPod],
    rules: [cantDecide],
    wantErr: true,
    wantBlocking: { pod: unreplicatedPod, reason: BlockingPodReason.NotReplicated },
  },
  { desc: 'Undecisive rule fallback to default logic: Replicated pod', pods: [rsPod], rules: [cantDecide], wantPods: [rsPod] },
  { desc: 'RC-managed pod', pods: [rcPod], rcs: rc, wantPods: [rcPod] },
  { desc: 'DS-managed pod', pods: [dsPod], wantDs: [dsPod] },
  { desc: 'DS-managed pod by a custom Daemonset', pods: [cdsPod], wantDs: [cdsPod] },
  { desc: 'Job-managed pod', pods: [jobPod], rcs: rc, wantPods: [jobPod] },
  { desc: 'SS-managed pod', pods: [ssPod], rcs: rc, wantPods: [ssPod] },
  { desc: 'RS-managed pod', pods: [rsPod], replicaSets: rs, wantPods: [rsPod] },
  { desc: 'RS-managed pod that is being deleted', pods: [rsPodDeleted], replicaSets: rs },
  {
    desc: 'pod with EmptyDir and SafeToEvictLocalVolumesKey annotation with matching values',
    pods: [emptyDirSafeToEvictLocalVolumeMultiValAllMatching],
    rcs: rc,
    wantPods: [emptyDirSafeToEvictLocalVolumeMultiValAllMatching],
  },
  { desc: 'failed pod', pods: [failedPod], wantPods: [failedPod] },
  { desc: 'long terminating pod with 0 grace period', pods: [longTerminatingPod], rcs: rc },
  {
    desc: 'long terminating pod with extended grace period',
    pods: [longTerminatingPodWithExtendedGracePeriod],
    rcs: rc,
    wantPods: [longTerminatingPodWithExtendedGracePeriod],
  },
  { desc: 'evicted pod', pods: [evictedPod], wantPods: [evictedPod] },
  { desc: 'pod in terminal state', pods: [terminalPod], wantPods: [terminalPod] },
  { desc: 'pod with PodSafeToEvict annotation', pods: [safePod], wantPods: [safePod] },
  { desc: 'kube-system pod with PodSafeToEvict annotation', pods: [kubeSystemSafePod], wantPods: [kubeSystemSafePod] },
  { desc: 'pod with EmptyDir and PodSafeToEvict annotation', pods: [emptydirSafePod], wantPods: [emptydirSafePod] },
  { desc: 'empty PDB with RC-managed pod', pods: [rcPod], pdbs: [emptyPDB], rcs: rc, wantPods: [rcPod] },
  { desc: 'kube-system PDB with matching kube-system pod', pods: [kubeSystemRcPod], pdbs: [kubeSystemPDB], rcs: kubeSystemRc, wantPods: [kubeSystemRcPod] },
  {
    desc: 'kube-system PDB with non-matching kube-system pod',
    pods: [kubeSystemRcPod],
    pdbs: [kubeSystemFakePDB],
    rcs: kubeSystemRc,
    wantErr: true,
    wantBlocking: { pod: kubeSystemRcPod, reason: BlockingPodReason.UnmovableKubeSystemPod },
  },
  { desc: 'kube-system PDB with default namespace pod', pods: [rcPod], pdbs: [kubeSystemPDB], rcs: rc, wantPods: [rcPod] },
  {
    desc: 'default namespace PDB with matching labels kube-system pod',
    pods: [kubeSystemRcPod],
    pdbs: [defaultNamespacePDB],
    rcs: kubeSystemRc,
    wantErr: true,
    wantBlocking: { pod: kubeSystemRcPod, reason: BlockingPodReason.UnmovableKubeSystemPod },
  },
];

describe('drain.go GetPodsToMove (TestGetPodsToMove)', () => {
  for (const tc of testCases) {
    it(tc.desc, () => {
      const ctx: DrainContext = {
        deleteOptions: { skipNodesWithSystemPods: true, skipNodesWithLocalStorage: true, skipNodesWithCustomControllerPods: true, bspDisruptionTimeout },
        remainingPdbTracker: newBasicRemainingPdbTracker(tc.pdbs ?? []),
        now: testTime,
      };
      if (tc.rcs !== undefined || tc.replicaSets !== undefined) {
        ctx.ownerReplicas = ownerLookup({
          ReplicationController: tc.rcs ?? {},
          ReplicaSet: tc.replicaSets ?? {},
          DaemonSet: { 'default/ds': 0 },
          Job: { 'default/job': 0 },
          StatefulSet: { 'default/ss': 0 },
        });
      }
      const rules = [...(tc.rules ?? []), ...defaultRules(ctx.deleteOptions)];
      const got = getPodsToMove({ node: buildTestNode('node', 1000, 1000), pods: tc.pods }, ctx, rules);
      expect(got.error !== undefined).toBe(tc.wantErr ?? false);
      // ElementsMatch: same pods (by identity), any order
      expect(new Set(got.pods)).toEqual(new Set(tc.wantPods ?? []));
      expect(got.pods).toHaveLength((tc.wantPods ?? []).length);
      expect(new Set(got.daemonSetPods)).toEqual(new Set(tc.wantDs ?? []));
      expect(got.daemonSetPods).toHaveLength((tc.wantDs ?? []).length);
      expect(got.blockingPod).toEqual(tc.wantBlocking);
      if (tc.wantBlocking) expect(got.blockingPod?.pod).toBe(tc.wantBlocking.pod);
    });
  }

  it('without rules or a tracker it uses the default rules for ctx.deleteOptions and an empty tracker', () => {
    const node = buildTestNode('node', 1000, 1000);
    expect(getPodsToMove({ node, pods: [localStoragePod] }, { now: testTime }).blockingPod?.reason).toBe(BlockingPodReason.LocalStorageRequested);
    const relaxed = getPodsToMove({ node, pods: [localStoragePod, systemPod, dsPod] }, { now: testTime, deleteOptions: { skipNodesWithLocalStorage: false, skipNodesWithSystemPods: false } });
    expect(relaxed).toEqual({ pods: [localStoragePod, systemPod], daemonSetPods: [dsPod] });
  });
});
