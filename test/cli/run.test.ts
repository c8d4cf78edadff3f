/** `kubesim run`: exit codes 0 / 1 / 2, located scenario errors, outputs. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { captureOutput } from '../helpers/capture.ts';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { UserError } from '../../src/cli/errors.ts';
import { loadScenario } from '../../src/scenario/load.ts';

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

const dir = mkdtempSync(join(tmpdir(), 'kubesim-run-'));
const MANIFEST = resolve('scenarios/manifests/istio_istio/samples/bookinfo/platform/kube/bookinfo.yaml');

/** A scenario file in a temp folder; `body` replaces the default parts. */
function scenario(name: string, body: string): string {
  const f = join(dir, `${name}.yaml`);
  writeFileSync(f, body);
  return f;
}

const GOOD = (expect: string): string => `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: { name: t }
duration: 10m
cluster:
  nodes:
    - count: 3
      template:
        status: { allocatable: { cpu: "2", memory: 8Gi, pods: "110" } }
  manifests: [ ${MANIFEST} ]
expect:
${expect}
`;

describe('kubesim run exit codes', () => {
  it('0 when every expectation holds, with the report path printed', async () => {
    const f = scenario('ok', GOOD('  - { metric: pendingPods, max: 0, after: 1m }'));
    const code = await main(['run', f, '--out', join(dir, 'out-ok'), '--quiet']);
    expect(code).toBe(0);
    expect(out).toContain(join(dir, 'out-ok', 'report.html'));
    expect(existsSync(join(dir, 'out-ok', 'events.jsonl'))).toBe(true);
  });

  it('1 when an expectation fails, naming which and when', async () => {
    const f = scenario('fail', GOOD('  - { metric: readyPods, min: 100, after: 2m }'));
    const code = await main(['run', f, '--out', join(dir, 'out-fail'), '--quiet']);
    expect(code).toBe(1);
    expect(err).toMatch(/1 expectation\(s\) failed: #1 "\{ metric: readyPods, min: 100, after: 2m \}" at 2m0s/);
    // the report is still written: a failed expectation is a result, not an error
    expect(JSON.parse(readFileSync(join(dir, 'out-fail', 'result.json'), 'utf8')).passed).toBe(false);
  });

  it('2 on bad input, one located line, no stack trace, nothing written', async () => {
    const f = scenario('bad', GOOD('  - { metric: readyPods, min: 1 }').replace('duration: 10m', 'duration: ten minutes'));
    const code = await main(['run', f, '--out', join(dir, 'out-bad'), '--quiet']);
    expect(code).toBe(2);
    expect(err).toBe(`error: ${f}:4:11: Scenario t: duration: invalid duration "ten minutes": use Go's form like "30s", "5m", "1h30m"\n`);
    expect(existsSync(join(dir, 'out-bad'))).toBe(false);
  });

  it('--help explains the command', async () => {
    await main(['run', '--help']);
    expect(out).toContain('--seed');
    expect(out).toContain('Output folder');
  });
});

/** [case, yaml edit, line, field path, message fragment] — each a distinct scenario mistake. */
const BAD: [string, (s: string) => string, number, string, string][] = [
  ['unknown top-level field', (s) => s.replace('duration: 10m', 'duration: 10m\nduratoin: 5m'), 5, 'duratoin', 'unknown field'],
  ['wrong apiVersion', (s) => s.replace('kubesim.io/v1alpha1', 'kubesim.io/v1'), 1, 'apiVersion', 'must be "kubesim.io/v1alpha1"'],
  ['bad node count', (s) => s.replace('count: 3', 'count: three'), 7, 'cluster.nodes[0].count', 'must be an integer'],
  ['bad allocatable quantity', (s) => s.replace('cpu: "2"', 'cpu: "2 cores"'), 9, 'cluster.nodes[0].template.status.allocatable.cpu', 'invalid quantity'],
  ['missing manifest file', (s) => s.replace(MANIFEST, './nope.yaml'), 10, 'cluster.manifests[0]', 'file not found'],
  ['bad expect metric', (s) => s.replace('metric: readyPods', 'metric: readyPod'), 12, 'expect[0].metric', 'unsupported value "readyPod"'],
  ['workload metric without target', (s) => s.replace('metric: readyPods', 'metric: readyReplicas'), 12, 'expect[0].target', 'needs a target'],
  ['event with two actions', (s) => s + 'events:\n  - at: 1m\n    cordon: { node: node-0 }\n    drain: { node: node-0 }\n', 14, 'events[0]', 'exactly one action'],
  ['event after the end', (s) => s + 'events:\n  - at: 1h\n    cordon: { node: node-0 }\n', 14, 'events[0].at', "after the scenario's duration"],
  ['bad target reference', (s) => s + 'events:\n  - at: 1m\n    scale: { target: web, replicas: 2 }\n', 15, 'events[0].scale.target', 'must be "Kind/name"'],
];

describe('scenario errors are located (file, line, field path)', () => {
  for (const [name, edit, line, field, msg] of BAD) {
    it(name, () => {
      const f = scenario(name.replace(/\s+/g, '-'), edit(GOOD('  - { metric: readyPods, min: 1 }')));
      let e: unknown;
      try {
        loadScenario(f);
      } catch (x) {
        e = x;
      }
      expect(e).toBeInstanceOf(UserError);
      const u = e as UserError;
      expect(u.location?.file).toBe(f);
      expect(u.location?.line).toBe(line);
      expect(u.field).toBe(field);
      expect(u.message).toContain(msg);
    });
  }
});
