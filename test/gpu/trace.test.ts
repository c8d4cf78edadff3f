/** The openb trace loader: small slices of the real lists, and located errors for malformed rows. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/cli/errors.ts';
import { ClusterState } from '../../src/model/cluster.ts';
import { openbNode, openbPod, parseOpenbNodes, parseOpenbPods } from '../../src/trace/openb.ts';

const DIR = 'scenarios/traces/alibaba-gpu-v2023/csv';
const head = (f: string, n: number): string => readFileSync(`${DIR}/${f}`, 'utf8').split('\n').slice(0, n + 1).join('\n');

function err(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof UserError) return e.format();
    throw e;
  }
  throw new Error('no error');
}

describe('openb lists', () => {
  it('node list rows become GPU nodes', () => {
    const nodes = parseOpenbNodes(head('openb_node_list_gpu_node.csv', 3), 'n.csv');
    expect(nodes[0]).toEqual({ name: 'openb-node-0000', cpuMilli: 64000, memoryMib: 262144, gpu: 2, model: 'P100' });
    const c = new ClusterState();
    const ni = c.addNode(openbNode(nodes[0]));
    expect(ni.gpu!.count).toBe(2);
    expect(ni.gpu!.model).toBe('P100');
    expect(ni.allocatable.milliCPU).toBe(64000);
  });
  it('pod lists with 11 and with 5 columns', () => {
    const full = parseOpenbPods(head('openb_pod_list_default.csv', 20), 'p.csv');
    expect(full[1]).toEqual({ name: 'openb-pod-0001', cpuMilli: 6000, memoryMib: 12288, numGpu: 1, gpuMilli: 460, gpuSpec: '', qos: 'LS', podPhase: 'Running', creationTime: 427061, deletionTime: 12902960, scheduledTime: 427061 });
    const short = parseOpenbPods(head('openb_pod_list_multigpu20.csv', 20), 'm.csv');
    expect(short[1]).toEqual({ name: 'openb-pod-0001', cpuMilli: 6000, memoryMib: 12288, numGpu: 1, gpuMilli: 460, gpuSpec: '' });
    const spec = parseOpenbPods(head('openb_pod_list_gpuspec33.csv', 400), 's.csv').find((p) => p.gpuSpec !== '')!;
    const pi = new ClusterState().addPod(openbPod(spec));
    expect(pi.gpu!.models!.length).toBeGreaterThan(0);
    expect(pi.requests.milliCPU).toBe(spec.cpuMilli);
  });
});

describe('malformed rows are located errors (file:line:column, column name)', () => {
  const H = 'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec\n';
  it.each([
    ['missing column', 'name,cpu_milli,memory_mib,num_gpu\n', 'p.csv:1:1: gpu_milli: missing column "gpu_milli" in the header'],
    ['short row', H + 'a,1000,10,1\n', 'p.csv:2:12: gpu_milli: expected 6 columns, found 4 (missing column "gpu_milli")'],
    ['negative', H + 'a,-5,10,0,0,\n', 'p.csv:2:3: cpu_milli: cpu_milli is negative: -5'],
    ['non-numeric', H + 'a,1000,lots,0,0,\n', 'p.csv:2:8: memory_mib: memory_mib is not an integer: "lots"'],
    ['gpu_milli > 1000', H + 'a,1000,10,1,1001,\n', 'p.csv:2:13: gpu_milli: gpu_milli must be in 0–1000, got 1001'],
    ['unknown model', H + 'a,1000,10,1,500,T4|H100\n', 'p.csv:2:20: gpu_spec: unknown GPU model "H100"'],
    ['sharing with 2 GPUs', H + 'a,1000,10,2,500,\n', 'p.csv:2:13: gpu_milli: a GPU-sharing pod (gpu_milli 500 < 1000) must have num_gpu 1, got 2'],
  ])('%s', (_n, text, want) => {
    expect(err(() => parseOpenbPods(text, 'p.csv'))).toContain(want);
  });
  it('node list: unknown model, GPUs without model', () => {
    expect(err(() => parseOpenbNodes('sn,cpu_milli,memory_mib,gpu,model\nn0,1000,10,2,X9\n', 'n.csv'))).toContain('n.csv:2:14: model: unknown GPU model "X9"');
    expect(err(() => parseOpenbNodes('sn,cpu_milli,memory_mib,gpu,model\nn0,1000,10,2,\n', 'n.csv'))).toContain('n.csv:2:14: model: a node with 2 GPUs needs a GPU model');
  });
});
