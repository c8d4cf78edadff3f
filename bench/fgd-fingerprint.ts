/**
 * Decision fingerprints of FGD experiment runs: for each list × policy × seed, a SHA-256 over every
 * pod's node and GPU devices and over the run's result (without its timing), plus the run time.
 * Used to check that a speed-up changes no decision: run before and after, compare the hashes.
 *
 *   node bin/run-ts.mjs bench/fgd-fingerprint.ts [--lists default,...] [--policies FGD,...] [--seeds 42,43] [--engine cached|scheduler] > fp.jsonl
 *   node bin/run-ts.mjs bench/fgd-fingerprint.ts --compare a.jsonl b.jsonl
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseOpenbNodes, parseOpenbPods } from '../src/trace/openb.ts';
import { FGD_POLICIES, runFgdExperiment, type FgdPolicy } from '../src/trace/fgd-experiment.ts';

const DIR = 'scenarios/traces/alibaba-gpu-v2023/csv/';
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv.includes('--compare')) {
  const i = process.argv.indexOf('--compare');
  const read = (f: string): Map<string, { placements: string; result: string; seconds: number }> =>
    new Map(readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l)).map((r) => [`${r.list}/${r.policy}/${r.seed}`, r]));
  const a = read(process.argv[i + 1]);
  const b = read(process.argv[i + 2]);
  let bad = 0;
  for (const [k, ra] of a) {
    const rb = b.get(k);
    if (!rb) continue;
    const same = ra.placements === rb.placements && ra.result === rb.result;
    if (!same) bad++;
    console.log(`${same ? 'same' : 'DIFFERENT'} ${k}  ${ra.seconds.toFixed(2)} s → ${rb.seconds.toFixed(2)} s`);
  }
  process.exit(bad > 0 ? 1 : 0);
}

const lists = (arg('lists') ?? 'default').split(',');
const policies = (arg('policies') ?? Object.keys(FGD_POLICIES).join(',')).split(',') as FgdPolicy[];
const seeds = (arg('seeds') ?? '42').split(',').map(Number);
const engine = (arg('engine') ?? 'cached') as 'cached' | 'scheduler';
const nodes = parseOpenbNodes(readFileSync(DIR + 'openb_node_list_gpu_node.csv', 'utf8'), 'nodes');
for (const list of lists) {
  const pods = parseOpenbPods(readFileSync(`${DIR}openb_pod_list_${list}.csv`, 'utf8'), list);
  for (const policy of policies) {
    for (const seed of seeds) {
      const h = createHash('sha256');
      const r = runFgdExperiment({ list, nodes, pods, policy, seed, engine, onPlaced: (name, node, gpus) => h.update(`${name} ${node} ${gpus?.join('-') ?? ''}\n`) });
      const { seconds, ...rest } = r;
      const result = createHash('sha256').update(JSON.stringify(rest)).digest('hex');
      console.log(JSON.stringify({ list, policy, seed, placements: h.digest('hex'), result, seconds, alloc100: r.alloc[100], failed: r.failed }));
    }
  }
}
