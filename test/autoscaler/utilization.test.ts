/** Ported from cluster-autoscaler 1.35 simulator/utilization/info_test.go. */
import { describe, expect, it } from 'vitest';
import { ConfigMirrorAnnotationKey } from '../../src/autoscaler/simulator/drainability/pod-utils.ts';
import { calculateUtilization, nodeGpuResourceName } from '../../src/autoscaler/simulator/utilization.ts';
import type { UtilizationOptions } from '../../src/autoscaler/simulator/utilization.ts';
import type { Node, Pod } from '../../src/model/types.ts';
import {
  addGpuLabelToNode,
  addGpusToNode,
  buildTestNode,
  buildTestPod,
  generateOwnerReferences,
  gpuLabel,
  iso,
  requestGpuForPod,
  setNodeReadyState,
  testTime,
} from './scaledown-fixtures.ts';

/** assert.InEpsilon: relative error within epsilon. */
function expectInEpsilon(expected: number, actual: number, epsilon: number): void {
  expect(Math.abs(expected - actual) / Math.abs(expected)).toBeLessThanOrEqual(epsilon);
}

/** Calculate with upstream's getGpuConfigFromNode (GPU label, or Nvidia allocatable). */
function calculate(node: Node, pods: Pod[], skipDaemonSetPods: boolean, skipMirrorPods: boolean) {
  const opts: UtilizationOptions = { skipDaemonSetPods, skipMirrorPods };
  const gpu = nodeGpuResourceName(node, gpuLabel);
  if (gpu !== undefined) opts.gpuResourceName = gpu;
  return calculateUtilization({ node, pods }, opts, testTime);
}

describe('info.go Calculate (TestCalculate)', () => {
  const pod = buildTestPod('p1', 100, 200000);
  const pod2 = buildTestPod('p2', -1, -1);

  const podWithInitContainers = buildTestPod('p-init', 100, 200000);
  podWithInitContainers.spec.initContainers = [
    // restart always
    { name: 'sidecar', restartPolicy: 'Always', resources: { requests: { cpu: '50m', memory: '100000' } } },
    // non-restartable, should be excluded from calculations
    { name: 'init', resources: { requests: { cpu: '5m', memory: '100' } } },
  ];
  const podWithLargeNonRestartableInitContainers = buildTestPod('p-large-init', 100, 200000);
  // large non-restartable should "overwhelm" the pod utilization calc
  podWithLargeNonRestartableInitContainers.spec.initContainers = [{ name: 'init', resources: { requests: { cpu: '50000m', memory: '100000000' } } }];

  const node = buildTestNode('node1', 2000, 2000000);
  setNodeReadyState(node, true);

  const daemonSetPod3 = buildTestPod('p3', 100, 200000);
  daemonSetPod3.metadata.ownerReferences = generateOwnerReferences('ds', 'DaemonSet', 'apps/v1');
  const daemonSetPod4 = buildTestPod('p4', 100, 200000);
  daemonSetPod4.metadata.ownerReferences = generateOwnerReferences('ds', 'CustomDaemonSet', 'crd/v1');
  daemonSetPod4.metadata.annotations = { 'cluster-autoscaler.kubernetes.io/daemonset-pod': 'true' };

  const terminatedPod = buildTestPod('podTerminated', 100, 200000);
  terminatedPod.metadata.deletionTimestamp = iso(testTime - 10 * 60);

  const mirrorPod = buildTestPod('p4', 100, 200000);
  mirrorPod.metadata.annotations = { [ConfigMirrorAnnotationKey]: '' };

  it('regular pods: max of cpu (0.1) and memory (0.2)', () => {
    const u = calculate(node, [pod, pod, pod2], false, false);
    expect(u.error).toBeUndefined();
    expectInEpsilon(2.0 / 10, u.utilization, 0.01);
    expect(u.cpuUtil).toBe(0.1);
    expect(u.resourceName).toBe('memory');
  });

  it('node without memory allocatable is an error', () => {
    const node2 = buildTestNode('node2', 2000, -1);
    expect(calculate(node2, [pod, pod, pod2], false, false).error).toBe('failed to get memory from node2');
  });

  it('node with 0 cpu allocatable is an error allocatable is an error', () => {
    const broken = buildTestNode('regular', 0, 0);
    expect(calculateUtilization({ node: broken, pods: [] }, { skipDaemonSetPods: false, skipMirrorPods: false }, testTime).error).toBe('cpu is 0 at regular');
  });

  it('init containers: sidecars add up, large non-restartable init containers dominate', () => {
    const node3 = buildTestNode('node3', 2000, 2000000);
    setNodeReadyState(node3, true);
    const u = calculate(node3, [pod, podWithInitContainers, podWithLargeNonRestartableInitContainers], false, false);
    expect(u.error).toBeUndefined();
    expectInEpsilon(50.25, u.utilization, 0.01);
    expectInEpsilon(25.125, u.cpuUtil, 0.005);
  });

  it('skipped DaemonSet pods (by owner or annotation) come off allocatable', () => {
    const u = calculate(node, [pod, pod, pod2, daemonSetPod3, daemonSetPod4], true, false);
    expectInEpsilon(2.5 / 10, u.utilization, 0.01);
  });

  it('DaemonSet pods count when not skipped', () => {
    const u = calculate(node, [pod, pod2, daemonSetPod3], false, false);
    expectInEpsilon(2.0 / 10, u.utilization, 0.01);
  });

  it('long terminating pods are ignored', () => {
    const u = calculate(node, [pod, pod, pod2, terminatedPod], false, false);
    expectInEpsilon(2.0 / 10, u.utilization, 0.01);
  });

  it('skipped mirror pods come off allocatable', () => {
    const u = calculate(node, [pod, pod, pod2, mirrorPod], false, true);
    expectInEpsilon(2.0 / 9.0, u.utilization, 0.01);
  });

  it('mirror pods count when not skipped', () => {
    const u = calculate(node, [pod, pod2, mirrorPod], false, false);
    expectInEpsilon(2.0 / 10, u.utilization, 0.01);
  });

  it('skipped DaemonSet and mirror pods both come off allocatable', () => {
    const u = calculate(node, [pod, mirrorPod, daemonSetPod3], true, true);
    expectInEpsilon(1.0 / 8.0, u.utilization, 0.01);
  });

  it('GPU node: utilization is the GPU utilization', () => {
    const gpuNode = buildTestNode('gpu_node', 2000, 2000000);
    addGpusToNode(gpuNode, 1);
    const gpuPod = buildTestPod('gpu_pod', 100, 200000);
    requestGpuForPod(gpuPod, 1);
    const u = calculate(gpuNode, [pod, pod, gpuPod], false, false);
    expect(u.error).toBeUndefined();
    expectInEpsilon(1 / 1, u.utilization, 0.01);
    expect(u.resourceName).toBe('nvidia.com/gpu');
  });

  it('Node with Unready GPU', () => {
    const gpuNode = buildTestNode('gpu_node', 2000, 2000000);
    addGpuLabelToNode(gpuNode);
    const u = calculate(gpuNode, [pod, pod], false, false);
    expect(u.error).toBeUndefined();
    expect(u.utilization).toBe(0);
    expect(u.resourceName).toBe('nvidia.com/gpu');
  });
});

describe('info.go Calculate (TestCalculateWithDynamicResources, the cases without DRA)', () => {
  const node = buildTestNode('node', 1000, 1000);
  const gpuNode = buildTestNode('gpuNode', 1000, 1000);
  addGpusToNode(gpuNode, 1);
  addGpuLabelToNode(gpuNode);
  const pod1 = buildTestPod('pod1', 250, 0);
  const pod2 = buildTestPod('pod2', 250, 0);

  it('no DRA resources, DRA disabled -> normal resource util returned', () => {
    expect(calculateUtilization({ node, pods: [pod1, pod2] }, { skipDaemonSetPods: false, skipMirrorPods: false }, testTime)).toEqual({
      cpuUtil: 0.5,
      memUtil: 0,
      resourceName: 'cpu',
      utilization: 0.5,
    });
  });

  it('DRA slices and claims present, DRA enabled, GPU config passed -> GPU util returned', () => {
    const u = calculateUtilization({ node: gpuNode, pods: [pod1, pod2] }, { skipDaemonSetPods: false, skipMirrorPods: false, gpuResourceName: 'nvidia.com/gpu' }, testTime);
    expect(u).toEqual({ cpuUtil: 0, memUtil: 0, gpuUtil: 0, resourceName: 'nvidia.com/gpu', utilization: 0 });
  });
});

describe('gpu.go GetNodeGPUFromCloudProvider', () => {
  it('a node is a GPU node by label or by a vendor GPU allocatable; the first non-zero vendor resource names it', () => {
    const plain = buildTestNode('n', 1000, 1000);
    expect(nodeGpuResourceName(plain, gpuLabel)).toBeUndefined();
    const labelled = buildTestNode('l', 1000, 1000);
    addGpuLabelToNode(labelled);
    expect(nodeGpuResourceName(labelled, gpuLabel)).toBe('nvidia.com/gpu');
    expect(nodeGpuResourceName(labelled, 'other-label')).toBeUndefined();
    const amd = buildTestNode('a', 1000, 1000);
    amd.status!.allocatable!['nvidia.com/gpu'] = '0';
    amd.status!.allocatable!['amd.com/gpu'] = '2';
    expect(nodeGpuResourceName(amd)).toBe('amd.com/gpu');
  });
});
