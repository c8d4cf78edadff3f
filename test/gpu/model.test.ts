/** GPU sharing in the cluster model: per-device allocation, the Open-Gpu-Share filter and Reserve. */
import { describe, expect, it } from 'vitest';
import { allocateExclusive, allocateGpuIdDefault, podGpuFromAnnotations, selectGpus } from '../../src/model/gpu.ts';
import { ClusterState } from '../../src/model/cluster.ts';
import { buildProfiles, type KubeSchedulerConfiguration } from '../../src/scheduler/config.ts';
import { IN_TREE_PLUGINS } from '../../src/scheduler/registry.ts';
import { Scheduler } from '../../src/scheduler/scheduler.ts';
import { gpuFit } from '../../src/scheduler/plugins/open-gpu-share.ts';
import { makeNode, makePod } from '../helpers/cluster.ts';
import { gpuNode, gpuPod } from './helpers.ts';

describe('pod GPU request from annotations (open-gpu-share utils/pod.go)', () => {
  it('reads milli, count, model list and a preset index', () => {
    expect(podGpuFromAnnotations({ 'alibabacloud.com/gpu-milli': '500', 'alibabacloud.com/gpu-count': '1', 'alibabacloud.com/gpu-card-model': 'V100M16|V100M32', 'alibabacloud.com/gpu-index': '3' })).toEqual({
      milli: 500,
      count: 1,
      spec: 'V100M16|V100M32',
      models: ['V100M16', 'V100M32'],
      presetIndex: [3],
    });
  });
  it('no gpu-milli, 0 or garbage: no GPU', () => {
    expect(podGpuFromAnnotations(undefined)).toBeNull();
    expect(podGpuFromAnnotations({ 'alibabacloud.com/gpu-count': '1' })).toBeNull();
    expect(podGpuFromAnnotations({ 'alibabacloud.com/gpu-milli': '0', 'alibabacloud.com/gpu-count': '1' })).toBeNull();
    expect(podGpuFromAnnotations({ 'alibabacloud.com/gpu-milli': 'x' })).toBeNull();
  });
});

describe('GPU selection inside a node', () => {
  it('default (gpunodeinfo.go AllocateGpuId): tightest fit for one GPU, greedy packing for several', () => {
    expect(allocateGpuIdDefault([1000, 300, 600, 500], 400, 1)).toEqual([3]);
    expect(allocateGpuIdDefault([1000, 300, 600, 500], 700, 1)).toEqual([0]);
    expect(allocateGpuIdDefault([200, 300], 400, 1)).toBeNull();
    expect(allocateGpuIdDefault([1000, 0, 1000, 1000], 1000, 2)).toEqual([0, 2]);
    // several GPUs of 300 packed on one device while it has room
    expect(allocateGpuIdDefault([1000, 1000], 300, 4)).toEqual([0, 0, 0, 1]);
    expect(allocateGpuIdDefault([1000, 0, 0, 0], 1000, 2)).toBeNull();
  });
  it('exclusive (AllocateExclusiveGpuId) and best / worst / random fit (open_gpu_share.go)', () => {
    expect(allocateExclusive([500, 1000, 1000, 1000], 1000, 2)).toEqual([1, 2]);
    expect(allocateExclusive([500, 0, 1000], 1000, 2)).toBeNull();
    expect(selectGpus('best', [1000, 300, 600, 500], 300, 1)).toEqual([1]);
    expect(selectGpus('worst', [1000, 300, 600, 1000], 300, 1)).toEqual([0]);
    expect(selectGpus('best', [1000, 300, 1000, 1000], 1000, 2)).toEqual([0, 2]);
    const seen = new Set<number>();
    let x = 0;
    const rng = (): number => ((x = (x * 9301 + 49297) % 233280) / 233280);
    for (let i = 0; i < 200; i++) seen.add(selectGpus('random', [1000, 100, 600, 500], 400, 1, rng)![0]);
    expect([...seen].sort()).toEqual([0, 2, 3]);
  });
});

describe('NodeInfo tracks milli-GPU per device incrementally', () => {
  it('adds and removes GPU pods; non-GPU pods and non-GPU nodes are untouched', () => {
    const c = new ClusterState();
    const n = c.addNode(gpuNode('n', 4));
    const cpuOnly = c.addNode(makeNode('cpu', { cpu: '8', memory: '8Gi' }));
    expect(cpuOnly.gpu).toBeNull();
    expect(Array.from(n.gpu!.left)).toEqual([1000, 1000, 1000, 1000]);
    const a = c.addPod({ ...gpuPod('a', 600, 1), spec: { ...gpuPod('a', 600, 1).spec, nodeName: 'n' } });
    const b = c.addPod({ ...gpuPod('b', 300, 1), spec: { ...gpuPod('b', 300, 1).spec, nodeName: 'n' } });
    const w = c.addPod({ ...gpuPod('w', 1000, 2), spec: { ...gpuPod('w', 1000, 2).spec, nodeName: 'n' } });
    c.addPod({ ...makePod('plain', [{ cpu: '1' }]), spec: { ...makePod('plain', [{ cpu: '1' }]).spec, nodeName: 'n' } });
    // a: tightest fit = device 0; b: tightest fit = device 0 (400 left); w: two free devices 1, 2
    expect(a.gpuIndex).toEqual([0]);
    expect(b.gpuIndex).toEqual([0]);
    expect(w.gpuIndex).toEqual([1, 2]);
    expect(Array.from(n.gpu!.left)).toEqual([100, 0, 0, 1000]);
    expect(n.gpu!.totalLeft).toBe(1100);
    expect(Object.fromEntries(n.gpu!.affinity)).toEqual({ 'share-gpu': 2, '2-gpu': 1 });
    c.removePod(a.key);
    expect(Array.from(n.gpu!.left)).toEqual([700, 0, 0, 1000]);
    c.removePod(w.key);
    expect(Array.from(n.gpu!.left)).toEqual([700, 1000, 1000, 1000]);
    expect(Object.fromEntries(n.gpu!.affinity)).toEqual({ 'share-gpu': 1 });
  });
  it('a preset gpu-index annotation is honoured when it fits', () => {
    const c = new ClusterState();
    const n = c.addNode(gpuNode('n', 2));
    const p = gpuPod('p', 500, 1, '1', undefined, '1');
    const pi = c.addPod({ ...p, spec: { ...p.spec, nodeName: 'n' } });
    expect(pi.gpuIndex).toEqual([1]);
    expect(Array.from(n.gpu!.left)).toEqual([1000, 500]);
  });
  it('a node whose GPU count changes places its GPU pods again', () => {
    const c = new ClusterState();
    c.addNode(gpuNode('n', 2));
    const p = gpuPod('p', 500, 1);
    c.addPod({ ...p, spec: { ...p.spec, nodeName: 'n' } });
    const n = c.addNode(gpuNode('n', 4, 'T4'));
    expect(n.gpu!.model).toBe('T4');
    expect(Array.from(n.gpu!.left)).toEqual([500, 1000, 1000, 1000]);
  });
});

describe('Open-Gpu-Share filter and Reserve in a profile', () => {
  it('filter reasons: no GPU, wrong model, insufficient', () => {
    const c = new ClusterState();
    const t4 = c.addNode(gpuNode('t4', 1, 'T4'));
    const cpu = c.addNode(makeNode('cpu', { cpu: '8' }));
    const pod = c.addPod(gpuPod('p', 500, 1, '1', 'V100M16|V100M32'));
    expect(gpuFit(pod, cpu)?.reasons).toEqual(['node(s) had no GPU']);
    expect(gpuFit(pod, t4)?.reasons).toEqual(["node(s) didn't match Pod's GPU model"]);
    const big = c.addPod(gpuPod('big', 1000, 2));
    expect(gpuFit(big, t4)?.reasons).toEqual(['Insufficient GPU']);
    expect(gpuFit(c.addPod(makePod('plain', [{ cpu: '1' }])), cpu)).toBeNull();
  });
  it('schedules sharing pods onto devices with the configured gpuSelMethod and refuses what does not fit', () => {
    const config: KubeSchedulerConfiguration = {
      profiles: [
        {
          schedulerName: 'default-scheduler',
          plugins: { multiPoint: { enabled: [{ name: 'Open-Gpu-Share' }] } },
          pluginConfig: [{ name: 'Open-Gpu-Share', args: { gpuSelMethod: 'worst' } }],
        },
      ],
    };
    const c = new ClusterState();
    const n = c.addNode(gpuNode('n', 2));
    const s = new Scheduler(c, buildProfiles(config, IN_TREE_PLUGINS, c), { seed: 1, podInitialBackoffSeconds: 0 });
    for (const [name, milli] of [['a', 600], ['b', 600], ['c', 300], ['d', 500]] as const) c.addPod(gpuPod(name, milli, 1));
    s.enqueueAllPending();
    s.runUntilIdle();
    // worst fit: a → 0 (tie, first), b → 1, c → 0 (400 vs 400 → first), d does not fit (100 and 400 left)
    expect(c.pods.get('default/a')!.gpuIndex).toEqual([0]);
    expect(c.pods.get('default/b')!.gpuIndex).toEqual([1]);
    expect(c.pods.get('default/c')!.gpuIndex).toEqual([0]);
    expect(c.pods.get('default/d')!.nodeName).toBe('');
    expect(Array.from(n.gpu!.left)).toEqual([100, 400]);
  });
});
