import { readFileSync } from 'node:fs';
import { parseOpenbNodes, parseOpenbPods } from '../src/trace/openb.ts';
import { runFgdExperiment, type FgdPolicy } from '../src/trace/fgd-experiment.ts';
const D = '/work/main/scenarios/traces/alibaba-gpu-v2023/csv/';
const nodes = parseOpenbNodes(readFileSync(D + 'openb_node_list_gpu_node.csv', 'utf8'), 'n');
const pods = parseOpenbPods(readFileSync(D + 'openb_pod_list_default.csv', 'utf8'), 'p');
for (const policy of process.argv.slice(2) as FgdPolicy[]) {
  const r = runFgdExperiment({ list: 'default', nodes, pods, policy, seed: 42 });
  console.log(policy, r.pods, r.failed, r.finalAlloc.toFixed(2), 'alloc@100', r.alloc[100], '@130', r.alloc[130], 'frag@100', r.fragRatio[100]?.toFixed(2), r.seconds.toFixed(2) + 's');
}
