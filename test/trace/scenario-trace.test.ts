/**
 * A scenario naming a trace instead of manifests (cluster.trace, src/scenario/trace.ts), the
 * bundled scenarios/gpu-sharing-openb.yaml, and `tieBreak` in a KubeSchedulerConfiguration profile.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/cli/errors.ts';
import { runScenario } from '../../src/engine/simulation.ts';
import { GPU_MILLI } from '../../src/model/gpu.ts';
import { ClusterState } from '../../src/model/cluster.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { buildSchedulerProfiles } from '../../src/scheduler/setup.ts';

const tmp = mkdtempSync(join(tmpdir(), 'kubesim-trace-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const CSV = resolve('scenarios/traces/alibaba-gpu-v2023/csv');

function err(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e.format();
    throw e;
  }
  throw new Error('no error');
}

function scenario(name: string, trace: string, extra = ''): string {
  const f = join(tmp, `${name}.yaml`);
  writeFileSync(f, `apiVersion: kubesim.io/v1alpha1\nkind: Scenario\nmetadata: { name: ${name} }\nduration: 1m\ncluster:\n  trace:\n${trace}\n${extra}`);
  return f;
}

describe('cluster.trace', () => {
  it('the bundled scenario: 50 GPU nodes and 300 trace pods, all placed by FGD on devices', async () => {
    const sc = loadScenario('scenarios/gpu-sharing-openb.yaml');
    const nodes = sc.objects.filter((o) => o.kind === 'Node');
    const pods = sc.objects.filter((o) => o.kind === 'Pod');
    expect(nodes).toHaveLength(50);
    expect(pods).toHaveLength(300);
    expect(pods.some((p) => Number(p.metadata.annotations?.[GPU_MILLI]) < 1000 && Number(p.metadata.annotations?.[GPU_MILLI]) > 0)).toBe(true);
    const r = await runScenario(sc);
    expect(r.expectations.every((e) => e.passed)).toBe(true);
    const cluster = r.engine.cluster;
    const bound = [...cluster.pods.values()].filter((p) => p.nodeName);
    expect(bound).toHaveLength(300);
    // every GPU pod holds devices of its node, and no device is over-committed
    for (const p of bound) if (p.gpu) expect(p.gpuIndex?.length).toBe(p.gpu.count);
    for (const n of cluster.nodes.values()) for (const left of n.gpu?.left ?? []) expect(left).toBeGreaterThanOrEqual(0);
  });

  it('nodes only, first N rows', () => {
    const sc = loadScenario(scenario('nodes-only', `    nodes: ${CSV}/openb_node_list_gpu_node.csv\n    maxNodes: 3`, 'expect:\n  - { metric: pendingPods, max: 0 }\n'));
    expect(sc.objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Node/openb-node-0000', 'Node/openb-node-0001', 'Node/openb-node-0002']);
  });

  it('bad fields are located in the scenario', () => {
    expect(err(() => loadScenario(scenario('missing', `    nodes: ${CSV}/nope.csv`)))).toMatch(/missing\.yaml:7:\d+.*cluster\.trace\.nodes.*file not found/s);
    expect(err(() => loadScenario(scenario('unknown', `    nodes: ${CSV}/openb_node_list_gpu_node.csv\n    podz: x`)))).toMatch(/cluster\.trace\.podz.*unknown field/s);
    expect(err(() => loadScenario(scenario('format', `    format: csv\n    nodes: ${CSV}/openb_node_list_gpu_node.csv`)))).toMatch(/cluster\.trace\.format/);
    expect(err(() => loadScenario(scenario('swapped', `    nodes: ${CSV}/openb_pod_list_default.csv`)))).toMatch(/is a pod list, not a node list/);
  });

  it('a malformed trace row is an error naming the CSV file, line and column; nothing is loaded', () => {
    const bad = join(tmp, 'pods.csv');
    writeFileSync(bad, 'name,cpu_milli,memory_mib,num_gpu,gpu_milli\nopenb-pod-0,1000,2048,1,500\nopenb-pod-1,1000,2048,1,1500\n');
    const e = err(() => loadScenario(scenario('badrow', `    nodes: ${CSV}/openb_node_list_gpu_node.csv\n    pods: ${bad}`)));
    expect(e).toMatch(/pods\.csv:3:\d+/);
    expect(e).toMatch(/gpu_milli/);
  });
});

describe('tieBreak in a KubeSchedulerConfiguration profile (kubesim extension)', () => {
  const config = (tieBreak: string): string => {
    const f = join(tmp, `sched-${tieBreak}.yaml`);
    writeFileSync(f, `apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n  - schedulerName: default-scheduler\n    tieBreak: ${tieBreak}\n`);
    return f;
  };
  it('nodeName and random are read into the profile; default unset', async () => {
    expect((await buildSchedulerProfiles(new ClusterState(), { configFile: config('nodeName') })).profiles[0].tieBreak).toBe('nodeName');
    expect((await buildSchedulerProfiles(new ClusterState(), { configFile: config('random') })).profiles[0].tieBreak).toBe('random');
    expect((await buildSchedulerProfiles(new ClusterState(), {})).profiles[0].tieBreak).toBeUndefined();
  });
  it('another value is a located error', async () => {
    await expect(buildSchedulerProfiles(new ClusterState(), { configFile: config('smallest') })).rejects.toThrow(/tieBreak|random, nodeName|"random"/);
    try {
      await buildSchedulerProfiles(new ClusterState(), { configFile: config('smallest') });
    } catch (e) {
      expect((e as UserError).format()).toMatch(/sched-smallest\.yaml:5:\d+/);
    }
  });
});
