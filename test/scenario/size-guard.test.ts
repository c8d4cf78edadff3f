/**
 * The scale guard: a run estimated to need more memory than the process may use, or too many
 * ticks, is refused before it starts (located, naming the field and --force), never an OOM abort.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.ts';
import { estimateRunSize } from '../../src/scenario/size-guard.ts';

const dir = mkdtempSync(join(tmpdir(), 'kubesim-guard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

function scenario(count: number, duration = '1h', manifests = ''): string {
  return `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: guard }
duration: ${duration}
cluster:
  nodes:
    - count: ${count}
      template: { status: { allocatable: { cpu: "4", memory: 16Gi, pods: "110" } } }
${manifests}`;
}

function refusal(file: string): string {
  try {
    loadScenario(file);
  } catch (e) {
    return (e as { format(): string }).format();
  }
  return '';
}

describe('scale guard', () => {
  it('a node count beyond the heap is refused at its field, naming --force', () => {
    const msg = refusal(write('nodes.yaml', scenario(100_000_000)));
    expect(msg).toMatch(/nodes\.yaml:7:\d+: .*cluster\.nodes\[0\]\.count: this run would need about [\d.]+ GiB/);
    expect(msg).toMatch(/--force/);
  });

  it('a duration with billions of samples is refused at `duration`', () => {
    expect(refusal(write('duration.yaml', scenario(3, '876000000h')))).toMatch(/duration\.yaml:4:\d+: .*duration: .*samples/);
  });

  it("an HPA's maxReplicas counts as the workload's size", () => {
    write('app.yaml', `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: c, image: nginx }] }
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: web }
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }
  minReplicas: 2
  maxReplicas: 2000000000
  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 50 } } }]
`);
    const msg = refusal(write('hpa.yaml', scenario(3, '1h', '  manifests: [app.yaml]\n')));
    expect(msg).toMatch(/cluster\.manifests: .*Deployment default\/web \(spec\.replicas: 2000000000\)/);
  });

  it('--force lets a large run through; an ordinary scenario is far under the limit', () => {
    const f = write('force.yaml', scenario(200_000));
    expect(refusal(f)).toMatch(/this run would need/);
    expect(loadScenario(f, { force: true }).nodeGroups[0].count).toBe(200_000);
    const q = estimateRunSize(loadScenario('scenarios/quickstart.yaml'));
    expect(q.bytes).toBeLessThan(64 * 1024 * 1024);
  });
});
