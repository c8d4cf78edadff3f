/** Issue 14: scenario mistakes each field alone cannot show → located errors (file:line, field path), exit 2. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/cli/errors.ts';
import { loadScenario } from '../../src/scenario/load.ts';

const dir = mkdtempSync(join(tmpdir(), 'kubesim-checks-'));
writeFileSync(
  join(dir, 'web.yaml'),
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx, resources: {requests: {cpu: 100m}}}]}
`,
);

const BASE = `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: {name: t}
duration: 1h
cluster:
  nodes:
    - count: 3
      template: {status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}}
  manifests: [web.yaml]
`;

let n = 0;
function load(text: string): ReturnType<typeof loadScenario> {
  const f = join(dir, `s${n++}.yaml`);
  writeFileSync(f, text);
  return loadScenario(f);
}

function fails(text: string): UserError {
  try {
    load(text);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

/** [case, text appended to / replacing in BASE, line, field, message]. */
const CASES: [string, string, number, string, RegExp][] = [
  ['nodeFailure naming a node that does not exist', BASE + 'events:\n  - at: 10m\n    nodeFailure: { node: node-9 }\n', 12, 'events[0].nodeFailure.node', /no node named "node-9" exists at 10m0s \(nodes: node-0, node-1, node-2\)/],
  ['drain of a node removed earlier', BASE + 'events:\n  - at: 5m\n    removeNodes: { nodes: [node-1] }\n  - at: 10m\n    drain: { node: node-1 }\n', 14, 'events[1].drain.node', /no node named "node-1" exists at 10m0s/],
  ['removeNodes naming an unknown node', BASE + 'events:\n  - at: 5m\n    removeNodes: { nodes: [node-0, nod-1] }\n', 12, 'events[0].removeNodes.nodes[1]', /no node named "nod-1"/],
  ['expect target that does not exist', BASE + 'expect:\n  - { metric: readyReplicas, target: Deployment/wbe, min: 1 }\n', 11, 'expect[0].target', /no Deployment default\/wbe in the scenario \(defined: Deployment\/web\)/],
  ['expect target of a kind the scenario lacks', BASE + 'expect:\n  - { metric: replicas, target: StatefulSet/db, min: 1 }\n', 11, 'expect[0].target', /the scenario defines no StatefulSet/],
  ['NodeGroup target without autoscaled groups', BASE + 'expect:\n  - { metric: targetSize, target: NodeGroup/pool, min: 1 }\n', 11, 'expect[0].target', /no autoscaled node groups/],
  ['event target that does not exist', BASE + 'events:\n  - at: 5m\n    scale: { target: Deployment/other/web, replicas: 1 }\n', 12, 'events[0].scale.target', /no Deployment other\/web/],
  ['workload target that does not exist', BASE + 'workloads:\n  - target: Deployment/api\n', 11, 'workloads[0].target', /no Deployment default\/api/],
  ['after later than before', BASE + 'expect:\n  - { metric: pendingPods, max: 0, after: 30m, before: 10m }\n', 11, 'expect[0].before', /\(10m0s\) is earlier than `after` \(30m0s\): the window is empty/],
  ['after beyond the duration', BASE + 'expect:\n  - { metric: pendingPods, max: 0, after: 2h }\n', 11, 'expect[0].after', /after the scenario's duration \(1h0m0s\)/],
  ['at beyond the duration', BASE + 'expect:\n  - { metric: pendingPods, max: 0, at: 2h }\n', 11, 'expect[0].at', /after the scenario's duration/],
  ['tick larger than duration', BASE.replace('duration: 1h', 'duration: 1h\ntick: 2h'), 5, 'tick', /longer than the scenario's duration/],
  ['tick of 1ns', BASE.replace('duration: 1h', 'duration: 1h\ntick: 1ns'), 5, 'tick', /must be at least 1ms/],
  ['sampleEvery shorter than the tick', BASE.replace('duration: 1h', 'duration: 1h\ntick: 10s\nsampleEvery: 1s'), 6, 'sampleEvery', /shorter than the tick/],
  [
    'two pools with the same namePrefix',
    BASE.replace('  manifests:', '    - count: 1\n      template: {status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}}\n  manifests:'),
    9,
    'cluster.nodes[1]',
    /also the prefix of cluster.nodes\[0\] \(both use the default "node"\): node names would collide/,
  ],
  [
    'two pools with the same explicit namePrefix',
    BASE.replace('    - count: 3\n', '    - count: 3\n      namePrefix: a\n').replace('  manifests:', '    - count: 1\n      namePrefix: a\n      template: {status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}}\n  manifests:'),
    11,
    'cluster.nodes[1].namePrefix',
    /namePrefix "a" is also the prefix of cluster.nodes\[0\]/,
  ],
];

describe('scenario cross-checks', () => {
  for (const [name, text, line, field, msg] of CASES) {
    it(name, () => {
      const e = fails(text);
      expect(e.location?.line, e.format()).toBe(line);
      expect(e.field).toBe(field);
      expect(e.message).toMatch(msg);
    });
  }

  it('nodes that exist at the time of the event are accepted: pools, addNodes and apply before it, manifest Nodes', () => {
    writeFileSync(join(dir, 'node.yaml'), 'apiVersion: v1\nkind: Node\nmetadata: {name: big}\nstatus: {allocatable: {cpu: "8", memory: 16Gi, pods: "110"}}\n');
    writeFileSync(join(dir, 'late.yaml'), 'apiVersion: v1\nkind: Node\nmetadata: {name: late}\nstatus: {allocatable: {cpu: "8", memory: 16Gi, pods: "110"}}\n');
    const s = load(
      BASE.replace('manifests: [web.yaml]', 'manifests: [web.yaml, node.yaml]') +
        `events:
  - at: 1m
    addNodes: { count: 2, namePrefix: extra, template: {status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}} }
  - at: 2m
    apply: { manifests: [late.yaml] }
  - at: 3m
    nodeFailure: { node: extra-1 }
  - at: 4m
    cordon: { node: late }
  - at: 5m
    drain: { node: big }
  - at: 6m
    nodeRecovery: { node: node-2 }
expect:
  - { metric: readyReplicas, target: Deployment/web, min: 1, after: 10m, before: 20m }
`,
    );
    expect(s.events).toHaveLength(6);
  });

  it('a node added after the event is still an error (it does not exist yet)', () => {
    const e = fails(BASE + 'events:\n  - at: 1m\n    cordon: { node: extra-0 }\n  - at: 2m\n    addNodes: { count: 1, namePrefix: extra, template: {status: {allocatable: {cpu: "2"}}} }\n');
    expect(e.field).toBe('events[0].cordon.node');
  });
});
