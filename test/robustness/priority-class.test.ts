/**
 * Issue 14: a Deployment or Job whose pod template names a missing PriorityClass is accepted
 * (validate warns); its controller's pod creations fail with FailedCreate as upstream's
 * ReplicaSet/Job controllers record it, until the class exists. Bare Pods stay refused.
 * Also: summary.podsCreated counts the pods created.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { UserError } from '../../src/cli/errors.ts';
import { buildCluster, parseManifests } from '../../src/manifests/index.ts';
import { podsForWorkloads } from '../../src/model/expand.ts';
import { runScenario } from '../../src/engine/simulation.ts';
import { summarize } from '../../src/report/outputs.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { captureOutput } from '../helpers/capture.ts';

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

const NODE = 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}\n';
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      priorityClassName: gold
      containers: [{name: c, image: nginx, resources: {requests: {cpu: 100m}}}]
`;
const JOB = `apiVersion: batch/v1
kind: Job
metadata: {name: batch}
spec:
  parallelism: 2
  completions: 2
  template:
    spec:
      priorityClassName: gold
      restartPolicy: Never
      containers: [{name: c, image: busybox, resources: {requests: {cpu: 100m}}}]
`;
const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: bare}\nspec:\n  priorityClassName: gold\n  containers: [{name: c, image: nginx}]\n';
const GOLD = 'apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: gold}\nvalue: 1000\n';

const dir = mkdtempSync(join(tmpdir(), 'kubesim-pc-'));
const file = (name: string, text: string): string => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

describe('a workload template naming a missing PriorityClass', () => {
  it('is accepted with a warning at the field, and its pods are not expanded by schedule', () => {
    const loaded = parseManifests(`${NODE}---\n${DEPLOY}---\n${JOB}`, 'm.yaml');
    const w = loaded.warnings.filter((x) => /PriorityClass gold/.test(x.message));
    expect(w.map((x) => [x.object, x.location?.line])).toEqual([
      ['Deployment default/web', 15],
      ['Job default/batch', 26],
    ]);
    expect(w[0].message).toContain('every pod its controller creates is refused (FailedCreate: pods are forbidden: no PriorityClass with name gold was found)');
    expect(podsForWorkloads(buildCluster(loaded))).toEqual([]);
  });

  it('validate: exit 0 with the warning; a bare Pod naming it stays an error (exit 2)', async () => {
    expect(await main(['validate', file('ok.yaml', `${NODE}---\n${DEPLOY}`)])).toBe(0);
    expect(out + err).toContain('PriorityClass gold, which does not exist');
    err = '';
    expect(await main(['validate', file('bare.yaml', `${NODE}---\n${POD}`)])).toBe(2);
    expect(err).toMatch(/bare\.yaml:10:\d+: Pod default\/bare: spec\.priorityClassName: no PriorityClass with name gold was found/);
    expect(() => parseManifests(POD)).toThrow(UserError);
  });

  it('run: the ReplicaSet and Job controllers record FailedCreate, retrying with back-off; pods appear once the class is applied', async () => {
    file('m.yaml', `${DEPLOY}---\n${JOB}`);
    file('gold.yaml', GOLD);
    const sc = file(
      's.yaml',
      `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: {name: pc}
duration: 30m
cluster:
  nodes:
    - count: 1
      template: {status: {allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}}
  manifests: [m.yaml]
events:
  - at: 20m
    apply: { manifests: [gold.yaml] }
`,
    );
    const r = await runScenario(loadScenario(sc));
    const failed = r.engine.events.filter((e) => e.kind === 'FailedCreate');
    const rs = failed.filter((e) => e.object.startsWith('ReplicaSet default/web-'));
    const job = failed.filter((e) => e.object === 'Job default/batch');
    expect(rs.length).toBeGreaterThan(1);
    expect(job.length).toBeGreaterThan(1);
    expect(rs[0].message).toMatch(/^Error creating: pods "web-[a-z0-9]+-" is forbidden: no PriorityClass with name gold was found$/);
    expect(job[0].message).toBe('Error creating: pods "batch-" is forbidden: no PriorityClass with name gold was found');
    // no SuccessfulCreate for a refused pod
    expect(r.engine.events.filter((e) => e.kind === 'SuccessfulCreate' && e.object === 'Job default/batch').every((e) => e.t >= 20 * 60)).toBe(true);
    // back-off: the retries get sparser, none after the class exists
    const times = rs.map((e) => e.t);
    expect(times.every((t) => t < 20 * 60)).toBe(true);
    expect(times.at(-1)! - times.at(-2)!).toBeGreaterThan(times[1] - times[0]);
    // before 20m no pod existed; afterwards the Deployment's pods were created with the class's priority
    const created = r.engine.events.filter((e) => e.kind === 'Scheduled');
    expect(created.length).toBeGreaterThanOrEqual(2);
    expect(created.every((e) => e.t >= 20 * 60)).toBe(true);
    const webPods = [...r.engine.cluster.pods.values()].filter((p) => p.pod.metadata.name!.startsWith('web-'));
    expect(webPods).toHaveLength(2);
    expect(webPods.every((p) => p.pod.spec.priority === 1000)).toBe(true);
  });
});

describe('summary.podsCreated', () => {
  it('counts the pods created during the run (quickstart: 16, it said 19: terminating and evicted pods were miscounted)', async () => {
    const r = await runScenario(loadScenario('scenarios/quickstart.yaml'));
    const pods = new Set(r.engine.events.filter((e) => e.object.startsWith('Pod ')).map((e) => e.object));
    expect(summarize(r).podsCreated).toBe(16);
    expect(summarize(r).podsCreated).toBe(pods.size);
  });
});
