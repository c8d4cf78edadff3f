/**
 * One FGD experiment run per policy named on the command line (default list, seed 42), with its
 * time and the placer's counters; for profiling:
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bin/run-ts.mjs bench/fgd-one.ts FGD [--list default] [--seed 42] [--engine scheduler]
 */
import { readFileSync } from 'node:fs';
import { parseOpenbNodes, parseOpenbPods } from '../src/trace/openb.ts';
import { runFgdExperiment, type FgdPolicy } from '../src/trace/fgd-experiment.ts';
const D = 'scenarios/traces/alibaba-gpu-v2023/csv/';
const argv = process.argv.slice(2);
const opt = (k: string, d: string): string => (argv.includes(`--${k}`) ? argv[argv.indexOf(`--${k}`) + 1] : d);
const list = opt('list', 'default');
const seed = Number(opt('seed', '42'));
const engine = opt('engine', 'cached') as 'cached' | 'scheduler';
const policies = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1].startsWith('--'))) as FgdPolicy[];
const nodes = parseOpenbNodes(readFileSync(D + 'openb_node_list_gpu_node.csv', 'utf8'), 'n');
const pods = parseOpenbPods(readFileSync(`${D}openb_pod_list_${list}.csv`, 'utf8'), 'p');
for (const policy of policies) {
  const stats = {};
  const c0 = process.cpuUsage();
  const r = runFgdExperiment({ list, nodes, pods, policy, seed, engine, stats });
  const c = process.cpuUsage(c0);
  const cpu = ((c.user + c.system) / 1e6).toFixed(2);
  console.log(policy, r.pods, r.failed, r.finalAlloc.toFixed(2), 'alloc@100', r.alloc[100], '@130', r.alloc[130], 'frag@100', r.fragRatio[100]?.toFixed(2), r.seconds.toFixed(2) + 's wall', cpu + 's cpu', JSON.stringify(stats));
}
