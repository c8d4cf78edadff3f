/**
 * Expendable pods (priority below expendable-pods-priority-cutoff, -10) are invisible to the
 * autoscaler: they never trigger a scale-up, and a node running only them counts as empty.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../src/engine/simulation.ts';
import { loadScenario } from '../../src/scenario/load.ts';

const dir = mkdtempSync(join(tmpdir(), 'kubesim-expendable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const manifests = `apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: { name: overprovisioning }
value: -100
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: filler }
spec:
  replicas: REPLICAS
  selector: { matchLabels: { app: filler } }
  template:
    metadata: { labels: { app: filler } }
    spec:
      priorityClassName: overprovisioning
      containers: [{ name: pause, image: registry.k8s.io/pause, resources: { requests: { cpu: 1500m, memory: 1Gi } } }]
`;

function scenario(replicas: number): string {
  writeFileSync(join(dir, `m${replicas}.yaml`), manifests.replace('REPLICAS', String(replicas)));
  const f = join(dir, `s${replicas}.yaml`);
  writeFileSync(
    f,
    `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: expendable }
duration: 40m
cluster:
  nodeGroups:
    - name: pool
      minSize: 0
      maxSize: 5
      initialSize: 2
      template: { status: { allocatable: { cpu: "2", memory: 8Gi, pods: "110" } } }
  manifests: [m${replicas}.yaml]
`,
  );
  return f;
}

describe('expendable pods', () => {
  it('never trigger a scale-up, even when they are all that is pending', async () => {
    const r = await runScenario(loadScenario(scenario(6)));
    // two run on the initial nodes; those nodes look empty and go; nothing brings capacity back
    expect(r.engine.events.filter((e) => e.kind === 'ScaledUpGroup')).toEqual([]);
    expect(r.engine.events.filter((e) => e.kind === 'TriggeredScaleUp')).toEqual([]);
    expect(r.recorder.valueAt('pendingPods', 2400)).toBe(6);
  });

  it('do not keep their node: it is removed as empty', async () => {
    const r = await runScenario(loadScenario(scenario(2)));
    const removed = r.engine.events.filter((e) => e.kind === 'ScaleDownEmpty' && String(e.message).includes('removed'));
    expect(removed.length).toBe(2);
    expect(r.recorder.valueAt('NodeGroup/default/pool.nodes', 2400)).toBe(0);
  });
});

describe('allPodsAreNew (static_autoscaler.go)', () => {
  it('2 s for any pod, 30 s while a GPU pod is among them', async () => {
    const { allPodsAreNew } = await import('../../src/autoscaler/static-autoscaler.ts');
    const { newPodInfo } = await import('../../src/model/pod-info.ts');
    const pod = (name: string, gpu: boolean) =>
      newPodInfo({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', resources: { requests: gpu ? { cpu: '1', 'nvidia.com/gpu': '1' } : { cpu: '1' } } }] } });
    const created = new Map<unknown, number>();
    const cpu = pod('cpu', false);
    const gpu = pod('gpu', true);
    created.set(cpu, 100);
    created.set(gpu, 100);
    const at = (p: unknown) => created.get(p)!;
    expect(allPodsAreNew([cpu], at, 101)).toBe(true);
    expect(allPodsAreNew([cpu], at, 102)).toBe(false);
    expect(allPodsAreNew([cpu, gpu], at, 120)).toBe(true);
    expect(allPodsAreNew([cpu, gpu], at, 130)).toBe(false);
  });
});
