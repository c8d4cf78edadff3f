/** `kubesim explain` and `kubesim schedule` run in-process through main(), with stdout/stderr captured. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { captureOutput } from '../helpers/capture.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExplainJson } from '../../src/cli/commands/explain.ts';
import type { ScheduleJson } from '../../src/cli/commands/schedule.ts';
import { main } from '../../src/cli/main.ts';

const ROOT = join(import.meta.dirname, '../..');
const FIX = join(ROOT, 'test/fixtures/scheduler');
const SMALL = join(FIX, 'clusters/small.yaml');
const WORKLOADS = join(FIX, 'clusters/workloads.yaml');
const WEB = join(FIX, 'pods/web.yaml');

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
  const dir = mkdtempSync(join(tmpdir(), 'kubesim-cli-'));
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

const zero = { raw: 0, normalized: 0, weighted: 0 };

/**
 * The expected `explain --json` for pods/web.yaml (1 CPU, 2Gi, prefers disk=ssd with weight 50)
 * on clusters/small.yaml, worked out from upstream's formulas:
 *
 * Filters: node-c has `dedicated=gpu:NoSchedule` the pod does not tolerate (TaintToleration);
 * node-d has 500m CPU / 1Gi (NodeResourcesFit: "Insufficient cpu", "Insufficient memory").
 * node-a (4 CPU, 8Gi, runs db 1 CPU / 2Gi, disk=ssd) and node-b (4 CPU, 8Gi, spot=true:PreferNoSchedule) pass.
 *
 * TaintToleration (weight 3): raw = untolerated PreferNoSchedule taints: a 0, b 1; normalize
 *   reversed, 100 − 100·raw/max: a 100, b 0 → weighted a 300, b 0.
 * NodeAffinity (weight 2): raw = Σ matching preferred weights: a 50, b 0; normalize 100·raw/max:
 *   a 100, b 0 → a 200, b 0.
 * NodeResourcesFit LeastAllocated (weight 1, no normalize): requested after placing the pod
 *   a: cpu 2000m/4000m → (4000−2000)·100/4000 = 50, memory 4Gi/8Gi → 50; (50+50)/2 = 50.
 *   b: cpu 1000m/4000m → 75, memory 2Gi/8Gi → 75; → 75.
 * NodeResourcesBalancedAllocation (weight 1): fractions a (0.5, 0.5), b (0.25, 0.25): std 0 →
 *   (1 − 0)·100 = 100 on both.
 * ImageLocality: no node reports images → 0. PodTopologySpread and InterPodAffinity: no
 *   constraints, no terms, no Service/ReplicaSet selecting the pod → PreScore Skip → 0.
 * Totals: a = 300 + 200 + 50 + 100 = 650; b = 0 + 0 + 75 + 100 = 175 → node-a.
 */
const EXPECTED_WEB: ExplainJson = {
  pod: 'default/web',
  nodes: {
    'node-a': {
      filter: { passed: true },
      scores: {
        TaintToleration: { raw: 0, normalized: 100, weighted: 300 },
        NodeAffinity: { raw: 50, normalized: 100, weighted: 200 },
        NodeResourcesFit: { raw: 50, normalized: 50, weighted: 50 },
        PodTopologySpread: zero,
        InterPodAffinity: zero,
        NodeResourcesBalancedAllocation: { raw: 100, normalized: 100, weighted: 100 },
        ImageLocality: zero,
      },
      total: 650,
    },
    'node-b': {
      filter: { passed: true },
      scores: {
        TaintToleration: { raw: 1, normalized: 0, weighted: 0 },
        NodeAffinity: zero,
        NodeResourcesFit: { raw: 75, normalized: 75, weighted: 75 },
        PodTopologySpread: zero,
        InterPodAffinity: zero,
        NodeResourcesBalancedAllocation: { raw: 100, normalized: 100, weighted: 100 },
        ImageLocality: zero,
      },
      total: 175,
    },
    'node-c': { filter: { passed: false, plugin: 'TaintToleration', reason: 'node(s) had untolerated taint {dedicated: gpu}' }, scores: {}, total: 0 },
    'node-d': { filter: { passed: false, plugin: 'NodeResourcesFit', reason: 'Insufficient cpu; Insufficient memory' }, scores: {}, total: 0 },
  },
  selected: 'node-a',
  feasibleNodes: 2,
  evaluatedNodes: 4,
};

describe('kubesim explain', () => {
  it('--json matches the DESIGN.md §3 contract with hand-computed scores', async () => {
    const code = await main(['explain', '-m', SMALL, '-p', WEB, '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const x = JSON.parse(out) as ExplainJson;
    expect(x).toEqual(EXPECTED_WEB);
    // the contract's shape exactly: per node {filter, scores, total}; filter {passed, plugin?, reason?}; scores {raw, normalized, weighted}
    for (const n of Object.values(x.nodes)) {
      expect(Object.keys(n).sort()).toEqual(['filter', 'scores', 'total']);
      expect(Object.keys(n.filter).every((k) => ['passed', 'plugin', 'reason'].includes(k))).toBe(true);
      for (const s of Object.values(n.scores)) expect(Object.keys(s).sort()).toEqual(['normalized', 'raw', 'weighted']);
    }
    expect(Object.keys(x)).toEqual(expect.arrayContaining(['nodes', 'selected']));
  });

  it('the table names every node, marks the selected one and explains the columns', async () => {
    const code = await main(['explain', '-m', SMALL, '-p', WEB]);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^NODE\s+FILTER\s+Taint\s+NodeAff\s+Fit\s+Spread\s+PodAff\s+Balanced\s+Image\s+TOTAL$/);
    // rows by total, selected first with a star; weighted (raw) per plugin
    expect(lines[1]).toMatch(/^\* node-a\s+pass\s+300 \(0\)\s+200 \(50\)\s+50 \(50\)\s+0 \(0\)\s+0 \(0\)\s+100 \(100\)\s+0 \(0\)\s+650$/);
    expect(lines[2]).toMatch(/^ {2}node-b\s+pass\s+0 \(1\)\s+0 \(0\)\s+75 \(75\).*\s175$/);
    expect(out).toMatch(/ {2}node-c\s+TaintToleration: node\(s\) had untolerated taint \{dedicated: gpu\}/);
    expect(out).toMatch(/ {2}node-d\s+NodeResourcesFit: Insufficient cpu; Insufficient memory/);
    expect(out).toMatch(/Legend: Taint=TaintToleration, NodeAff=NodeAffinity, Fit=NodeResourcesFit/);
    expect(out).toMatch(/Selected: node-a \(2 feasible of 4 nodes\)\n$/);
  });

  it('--config: MostAllocated at weight 2 and BalancedAllocation off change the scores', async () => {
    const code = await main(['explain', '-m', SMALL, '-p', WEB, '--json', '-c', join(FIX, 'configs/most-allocated.yaml')]);
    expect(code).toBe(0);
    const x = JSON.parse(out) as ExplainJson;
    // MostAllocated: a cpu 2000·100/4000 = 50, memory 50 → 50, ×2; b: 25 ×2
    expect(x.nodes['node-a'].scores.NodeResourcesFit).toEqual({ raw: 50, normalized: 50, weighted: 100 });
    expect(x.nodes['node-b'].scores.NodeResourcesFit).toEqual({ raw: 25, normalized: 25, weighted: 50 });
    expect(x.nodes['node-a'].scores.NodeResourcesBalancedAllocation).toBeUndefined();
    expect(x.nodes['node-a'].total).toBe(300 + 200 + 100);
    expect(x.nodes['node-b'].total).toBe(50);
  });

  it('--plugin with its config: ZoneCost (zone-b cheapest, weight 5) moves the pod to node-b', async () => {
    const code = await main(['explain', '-m', SMALL, '-p', WEB, '--json', '-c', join(FIX, 'configs/zone-cost.yaml'), '--plugin', join(ROOT, 'examples/plugins/zone-cost.ts')]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const x = JSON.parse(out) as ExplainJson;
    // raw (1.0 − cost)·1000: a 0, b 400; min-max over the two feasible nodes: 0 and 100; ×5
    expect(x.nodes['node-a'].scores.ZoneCost).toEqual({ raw: 0, normalized: 0, weighted: 0 });
    expect(x.nodes['node-b'].scores.ZoneCost).toEqual({ raw: 400, normalized: 100, weighted: 500 });
    expect(x.nodes['node-b'].total).toBe(175 + 500);
    expect(x.selected).toBe('node-b');
  });

  it('an unschedulable pod: selected null, every node with its failing plugin, the FitError message', async () => {
    const pod = tmpFile('huge.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: huge}\nspec: {containers: [{name: c, image: x, resources: {requests: {cpu: "64"}}}]}\n');
    const code = await main(['explain', '-m', SMALL, '-p', pod, '--json']);
    expect(code).toBe(0);
    const x = JSON.parse(out) as ExplainJson;
    expect(x.selected).toBeNull();
    expect(Object.values(x.nodes).every((n) => !n.filter.passed && n.filter.plugin)).toBe(true);
    expect(x.message).toBe('0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 3 Insufficient cpu.');
  });

  it('a workload file explains the pod its controller would create, with the cluster\'s PriorityClass', async () => {
    const deploy = tmpFile('deploy.yaml', readFileSync(WORKLOADS, 'utf8').split('\n---\n')[1]);
    const code = await main(['explain', '-m', SMALL, '-p', deploy, '--json']);
    expect(code).toBe(0);
    const x = JSON.parse(out) as ExplainJson;
    expect(x.pod).toBe('default/api-0');
    expect(x.selected).toBe('node-a');
    const pod = tmpFile('p.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: u}\nspec: {priorityClassName: critical, containers: [{name: c, image: x}]}\n');
    out = '';
    // the PriorityClass lives in the cluster manifests: admission sees it
    expect(await main(['explain', '-m', SMALL, '-m', WORKLOADS, '-p', pod, '--json'])).toBe(0);
    expect((JSON.parse(out) as ExplainJson).selected).not.toBeNull();
  });

  it('two profiles: the pod\'s schedulerName picks the one without score plugins, which stops at the first feasible node', async () => {
    const args = ['explain', '-m', SMALL, '-p', join(FIX, 'pods/no-scoring.yaml'), '-c', join(FIX, 'configs/two-profiles.yaml')];
    expect(await main([...args, '--json'])).toBe(0);
    const x = JSON.parse(out) as ExplainJson;
    expect(x.feasibleNodes).toBe(1); // schedule_one.go: numNodesToFind = 1 without scoring
    expect(Object.values(x.nodes).every((n) => Object.keys(n.scores).length === 0)).toBe(true);
    expect(Object.values(x.nodes).filter((n) => n.filter.passed).length).toBe(3);
    out = '';
    expect(await main(args)).toBe(0);
    expect(out).toMatch(/^NODE\s+FILTER\s+TOTAL$/m);
    expect(out).toMatch(/Selected: node-\w \(3 of 4 nodes pass the filters; the cycle stopped after finding 1\)\n$/);
  });

  it('a schedulerName without a profile is a located error', async () => {
    expect(await main(['explain', '-m', SMALL, '-p', join(FIX, 'pods/no-scoring.yaml')])).toBe(2);
    expect(err).toMatch(/^error: .*no-scoring\.yaml: spec\.schedulerName: no profile for schedulerName "no-scoring-scheduler"\n$/);
  });

  it('--help explains every option', async () => {
    const code = await main(['explain', '--help']);
    expect(code).toBe(0);
    for (const o of ['--manifests', '--pod', '--config', '--plugin', '--seed', '--json']) expect(out).toContain(o);
    const flat = out.replace(/\s+/g, ' ');
    expect(flat).toMatch(/schedulerName picks the profile/);
    expect(flat).toMatch(/filter: \{passed, plugin\?, reason\?\}/);
  });
});

describe('kubesim schedule', () => {
  const outFile = (): string => join(mkdtempSync(join(tmpdir(), 'kubesim-sched-')), 'bindings.json');

  it('writes the bindings JSON, lists pending pods with reasons, preemptions and replacements', async () => {
    const f = outFile();
    const code = await main(['schedule', '-m', SMALL, '-m', WORKLOADS, '-o', f]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const j = JSON.parse(readFileSync(f, 'utf8')) as ScheduleJson;
    expect(j.seed).toBe('0');
    expect(j.nodes).toBe(4);
    // urgent (priority 100000) goes first, preempts the batch pod on node-b, binds there on its retry
    expect(j.preemptions).toEqual([{ pod: 'default/urgent', node: 'node-b', victims: ['default/batch-7d9f-x2x4q'] }]);
    expect(j.recreated).toEqual([{ victim: 'default/batch-7d9f-x2x4q', pod: 'default/batch-7d9f-0' }]);
    const where = Object.fromEntries(j.bindings.map((b) => [b.pod, b.node]));
    expect(where['default/urgent']).toBe('node-b');
    expect(Object.keys(where).sort()).toEqual(['default/api-0', 'default/api-1', 'default/api-2', 'default/batch-7d9f-0', 'default/urgent']);
    // the api replicas respect their zone spread (maxSkew 1 over zone-a and zone-b)
    const zoneOf: Record<string, string> = { 'node-a': 'a', 'node-b': 'b', 'node-c': 'a', 'node-d': 'b' };
    const apiZones = ['default/api-0', 'default/api-1', 'default/api-2'].map((p) => zoneOf[where[p]]);
    expect(Math.abs(apiZones.filter((z) => z === 'a').length - apiZones.filter((z) => z === 'b').length)).toBeLessThanOrEqual(1);
    expect(j.pending).toEqual([
      // the PostFilter (DefaultPreemption) message is appended as upstream's FitError.Error does; huge
      // asks for more cpu than any node has, so no node is worth preempting on
      {
        pod: 'default/huge',
        message:
          '0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 3 Insufficient cpu. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.',
        plugins: ['NodeResourcesFit', 'TaintToleration'],
      },
    ]);
    expect(out).toMatch(/^default\/urgent\s+→ node-b$/m);
    expect(out).toMatch(/^default\/urgent preempted default\/batch-7d9f-x2x4q on node-b$/m);
    expect(out).toMatch(/^default\/batch-7d9f-0 replaces preempted default\/batch-7d9f-x2x4q$/m);
    expect(out).toMatch(/Pending \(1\):\n {2}default\/huge: 0\/4 nodes are available: 1 node\(s\) had untolerated taint \{dedicated: gpu\}, 3 Insufficient cpu\. preemption: 0\/4 nodes are available: 4 Preemption is not helpful for scheduling\.\n/);
    expect(out).toMatch(new RegExp(`5 scheduled, 1 pending, 1 preemptions on 4 nodes\\. Bindings written to ${f.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\n$`));
  });

  it('is deterministic per seed: the same seed twice gives byte-identical output', async () => {
    // six identical nodes: the first replica's node is a tie broken by the seed
    const nodes = Array.from({ length: 6 }, (_, i) => `apiVersion: v1\nkind: Node\nmetadata: {name: n${i}, labels: {topology.kubernetes.io/zone: z${i % 2}}}\nstatus: {capacity: {cpu: "4", memory: 8Gi, pods: "110"}}\n`).join('---\n');
    const cluster = tmpFile('c.yaml', `${nodes}---\n${readFileSync(WORKLOADS, 'utf8').split('\n---\n')[1]}`);
    const run = async (seed: string): Promise<string> => {
      const f = outFile();
      expect(await main(['schedule', '-m', cluster, '--seed', seed, '-o', f])).toBe(0);
      return readFileSync(f, 'utf8');
    };
    const a = await run('11');
    expect(await run('11')).toBe(a);
    const j = JSON.parse(a) as ScheduleJson;
    expect(j.bindings.length).toBeGreaterThan(0);
    expect(j.bindings.length).toBe(3);
    // another seed places some replica elsewhere
    const others = await Promise.all(['1', '2', '3', '4'].map(run));
    expect(others.some((o) => JSON.stringify((JSON.parse(o) as ScheduleJson).bindings) !== JSON.stringify(j.bindings))).toBe(true);
  });

  it('a snapshot\'s running pods count: only the pods the controllers would still create are placed', async () => {
    const f = outFile();
    expect(await main(['schedule', '-m', join(FIX, 'clusters/snapshot.yaml'), '-o', f])).toBe(0);
    const j = JSON.parse(readFileSync(f, 'utf8')) as ScheduleJson;
    // Deployment 3 replicas, 2 running through its ReplicaSet → 1; StatefulSet db-0 runs → db-1; DaemonSet runs on n1 → n2
    expect(j.bindings.map((b) => b.pod).sort()).toEqual(['default/agent-n2', 'default/db-1', 'default/web-0']);
    expect(j.bindings.find((b) => b.pod === 'default/agent-n2')!.node).toBe('n2');
    expect(j.pending).toEqual([]);
  });

  it('--json prints what it writes', async () => {
    const f = outFile();
    expect(await main(['schedule', '-m', SMALL, '-m', WORKLOADS, '-o', f, '--json'])).toBe(0);
    expect(out).toBe(readFileSync(f, 'utf8'));
  });

  it('--help explains every option', async () => {
    const code = await main(['schedule', '--help']);
    expect(code).toBe(0);
    for (const o of ['--manifests', '--config', '--plugin', '--seed', '--percentage-of-nodes-to-score', '--out', '--json']) expect(out).toContain(o);
    expect(out.replace(/\s+/g, ' ')).toMatch(/same seed gives the same bindings/);
  });
});

describe('bad input: exit 2, one located line, no stack trace', () => {
  const bad = async (argv: string[]): Promise<string> => {
    const code = await main(argv);
    expect(code).toBe(2);
    expect(err).not.toMatch(/\n\s+at /);
    return err;
  };

  it('explain: an unknown field in the scheduler config', async () => {
    const cfg = tmpFile('sched.yaml', 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- schedulerName: default-scheduler\n  plugin: {}\n');
    expect(await bad(['explain', '-m', SMALL, '-p', WEB, '-c', cfg])).toMatch(/^error: .*sched\.yaml:5:\d+: KubeSchedulerConfiguration: profiles\[0\]\.plugin: unknown field "plugin"/);
  });

  it('explain: a plugin that does not exist, located at its name', async () => {
    const cfg = tmpFile('sched.yaml', 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- plugins:\n    score:\n      enabled:\n      - name: GPUBinPack\n');
    expect(await bad(['explain', '-m', SMALL, '-p', WEB, '-c', cfg])).toMatch(
      /^error: .*sched\.yaml:7:\d+: profiles\[0\]\.plugins\.score\.enabled\[0\]\.name: plugin "GPUBinPack" does not exist \(built-in: .*; load custom plugins with --plugin\)\n$/,
    );
  });

  it('explain: a pod file without a pod', async () => {
    const f = tmpFile('empty.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n');
    expect(await bad(['explain', '-m', SMALL, '-p', f])).toMatch(/^error: .*empty\.yaml: no Pod \(or workload with a pod template\) found\n$/);
  });

  it('explain: a missing pod file', async () => {
    expect(await bad(['explain', '-m', SMALL, '-p', '/nonexistent/pod.yaml'])).toBe('error: /nonexistent/pod.yaml: no such file or directory\n');
  });

  it('explain: a bad manifest in the cluster is located at file:line:column with object and field', async () => {
    const f = tmpFile('nodes.yaml', 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus:\n  capacity: {cpu: lots}\n');
    expect(await bad(['explain', '-m', f, '-p', WEB])).toMatch(/^error: .*nodes\.yaml:5:\d+: Node n1: status\.capacity\.cpu: .*\n$/);
  });

  it('explain: missing --pod prints the usage and the error', async () => {
    const e = await bad(['explain', '-m', SMALL]);
    expect(e).toMatch(/Missing required argument: pod/);
    expect(out).toBe('');
  });

  it('schedule: a weight out of range', async () => {
    const cfg = tmpFile('sched.yaml', 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- plugins:\n    score:\n      enabled:\n      - {name: ImageLocality, weight: -3}\n');
    const f = join(mkdtempSync(join(tmpdir(), 'kubesim-bad-')), 'b.json');
    expect(await bad(['schedule', '-m', SMALL, '-c', cfg, '-o', f])).toMatch(/^error: .*sched\.yaml:7:\d+: KubeSchedulerConfiguration: profiles\[0\]\.plugins\.score\.enabled\[0\]\.weight: /);
    expect(existsSync(f)).toBe(false);
  });

  it('schedule: a plugin module reusing a built-in name', async () => {
    const p = tmpFile('dup.mjs', "export default { name: 'ImageLocality', score() { return 0; } };\n");
    expect(await bad(['schedule', '-m', SMALL, '--plugin', p])).toMatch(/^error: .*dup\.mjs: name: the name "ImageLocality" is already used by a built-in plugin\n$/);
  });

  it('schedule: missing --manifests', async () => {
    expect(await bad(['schedule'])).toMatch(/Missing required argument: manifests/);
  });
});
