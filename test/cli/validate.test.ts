/** `kubesim validate` run in-process through main(), with stdout/stderr captured. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { captureOutput } from '../helpers/capture.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { ValidateReport } from '../../src/cli/commands/validate.ts';

const FIX = join(import.meta.dirname, '../fixtures/manifests');

let out = '';
let err = '';
captureOutput(
  () => {
    out = '';
    err = '';
  },
  (s) => void (out += s),
  (s) => void (err += s),
);

function tmpFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-validate-'));
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

const NODES = `apiVersion: v1
kind: Node
metadata: {name: small-1, labels: {topology.kubernetes.io/zone: a}}
status: {capacity: {cpu: "2", memory: 4Gi, pods: "110"}}
---
apiVersion: v1
kind: Node
metadata: {name: small-2, labels: {topology.kubernetes.io/zone: b}}
status: {capacity: {cpu: "2", memory: 4Gi, pods: "110"}, allocatable: {cpu: 1900m, memory: 3Gi, pods: "110"}}
---
apiVersion: v1
kind: Pod
metadata: {name: bound}
spec: {nodeName: small-1, containers: [{name: c, resources: {requests: {cpu: 500m, memory: 1Gi}}}]}
`;

describe('kubesim validate', () => {
  it('prints counts by kind for a fixture file and exits 0', async () => {
    const code = await main(['validate', join(FIX, 'GoogleCloudPlatform_microservices-demo/release/kubernetes-manifests.yaml')]);
    expect(code).toBe(0);
    expect(out).toMatch(/Loaded 35 objects from 1 file\./);
    expect(out).toMatch(/Deployment\s+12\n/);
    expect(out).toMatch(/ServiceAccount\s+11\s+\(not simulated\)/);
    expect(out).toMatch(/No Node objects/);
    expect(out).toMatch(/Not simulated \(read and ignored\): ServiceAccount 11\./);
  });

  it('--json: stable shape with kinds, notSimulated, resources and unfit pods', async () => {
    const nodes = tmpFile('nodes.yaml', NODES);
    const code = await main(['validate', '--json', nodes, join(FIX, 'kubernetes_examples/AI/vllm-deployment/vllm-deployment.yaml'), join(FIX, 'kubernetes_website/content/en/examples/application/php-apache.yaml')]);
    expect(code).toBe(0);
    const r = JSON.parse(out) as ValidateReport;
    expect(r.version).toBe(1);
    expect(r.kinds).toEqual({ Deployment: 2, Node: 2, Pod: 1, Service: 1 });
    expect(r.nodes).toBe(2);
    expect(r.pods).toEqual({ bound: 1, pending: 0 });
    const cpu = r.resources.find((x) => x.resource === 'cpu')!;
    expect(cpu).toEqual({ resource: 'cpu', unit: 'millicores', allocatable: 3900, requested: 500 });
    const mem = r.resources.find((x) => x.resource === 'memory')!;
    expect(mem).toEqual({ resource: 'memory', unit: 'bytes', allocatable: 7 * 2 ** 30, requested: 2 ** 30 });
    // the vLLM deployment asks for a GPU no node has
    expect(r.unfit.length).toBe(1);
    expect(r.unfit[0].object).toMatch(/^Deployment default\//);
    expect(r.unfit[0].fromTemplate).toBe(true);
    expect(r.unfit[0].reasons['Insufficient nvidia.com/gpu']).toBe(2);
    expect(r.unfit[0].message).toMatch(/^0\/2 nodes are available: .*2 Insufficient nvidia\.com\/gpu/);
    expect(r.unfit[0].location.file).toMatch(/vllm-deployment\.yaml$/);
  });

  it('human output shows allocatable vs requested in readable units and the unfit pod', async () => {
    const nodes = tmpFile('nodes.yaml', NODES);
    const big = tmpFile('big.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec: {containers: [{name: c, resources: {requests: {cpu: "3", memory: 1Gi}}}]}\n');
    const code = await main(['validate', nodes, big]);
    expect(code).toBe(0);
    expect(out).toMatch(/cpu\s+3\.9\s+500m\s+13%/);
    expect(out).toMatch(/memory\s+7Gi\s+1Gi\s+14%/);
    expect(out).toMatch(/big\.yaml:1:1: Pod default\/big: requests cpu=3 memory=1Gi: 0\/2 nodes are available: 2 Insufficient cpu\./);
  });

  it('folders are searched recursively', async () => {
    const code = await main(['validate', '--json', join(FIX, 'stefanprodan_podinfo')]);
    expect(code).toBe(0);
    const r = JSON.parse(out) as ValidateReport;
    expect(r.files.length).toBe(4);
    expect(r.kinds).toEqual({ CronJob: 1, Deployment: 1, HorizontalPodAutoscaler: 1, StatefulSet: 1 });
  });

  it('a bad file: one line on stderr with file:line:column, object and field; exit 2; no stack trace', async () => {
    const code = await main(['validate', join(FIX, 'GoogleCloudPlatform_kubernetes-engine-samples/autoscaling/custom-compute-classes/reservations/deployment-gpu.yaml')]);
    expect(code).toBe(2);
    expect(out).toBe('');
    const lines = err.trim().split('\n');
    expect(lines.length).toBe(1);
    expect(lines[0]).toMatch(
      /^error: .*deployment-gpu\.yaml:43:31: Deployment default\/ccc-reservations: spec\.template\.spec\.containers\[0\]\.resources\.limits\[nvidia\.com\/gpu\]: invalid quantity/,
    );
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('--json on a bad file prints a JSON error and exits 2', async () => {
    const bad = tmpFile('bad.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: "three"\n');
    const code = await main(['validate', '--json', bad]);
    expect(code).toBe(2);
    const j = JSON.parse(out) as { error: { field: string; location: { line: number; column: number }; object: string } };
    expect(j.error.field).toBe('spec.replicas');
    expect(j.error.object).toBe('Deployment default/web');
    expect(j.error.location.line).toBe(5);
    expect(j.error.location.column).toBe(13);
  });

  it('a missing path is a located error, exit 2', async () => {
    const code = await main(['validate', '/nonexistent/manifests.yaml']);
    expect(code).toBe(2);
    expect(err).toMatch(/^error: \/nonexistent\/manifests\.yaml: no such file or directory\n$/);
  });
});
