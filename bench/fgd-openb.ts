/**
 * The FGD paper's experiment (USENIX ATC '23 §6) on the Alibaba openb trace: lists × policies × seeds,
 * in parallel child processes, then a report with the paper's metric (unallocated GPU % vs arrived
 * workload; GPU fragmentation ratio) next to the paper's own published numbers
 * (bench/reference/fgd-paper-results.json, from the simulator repo's expected_results).
 *
 *   node bin/run-ts.mjs bench/fgd-openb.ts [--quick] [--lists default,cpu050,...] [--policies FGD,...]
 *        [--seeds 42-51] [--jobs 2] [--out reports/bench-fgd-openb (.md, .json)]
 * --quick = default list, 6 policies, seeds 42 and 43. Without flags: all 17 lists × 6 × seeds 42–51.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseOpenbNodes, parseOpenbPods } from '../src/trace/openb.ts';
import { FGD_POLICIES, runFgdExperiment, type FgdPolicy, type FgdRunResult } from '../src/trace/fgd-experiment.ts';

const DIR = 'scenarios/traces/alibaba-gpu-v2023/csv/';
const ALL_LISTS = ['default', 'cpu050', 'cpu100', 'cpu200', 'cpu250', 'gpushare40', 'gpushare60', 'gpushare80', 'gpushare100', 'gpuspec10', 'gpuspec20', 'gpuspec25', 'gpuspec33', 'multigpu20', 'multigpu30', 'multigpu40', 'multigpu50'];
const POLICIES = Object.keys(FGD_POLICIES) as FgdPolicy[];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const quick = process.argv.includes('--quick');
const lists = (arg('lists') ?? (quick ? 'default' : ALL_LISTS.join(','))).split(',');
const policies = (arg('policies') ?? POLICIES.join(',')).split(',') as FgdPolicy[];
const seedArg = arg('seeds') ?? (quick ? '42-43' : '42-51');
const seeds = seedArg.includes('-') ? (([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i))(seedArg.split('-').map(Number)) : seedArg.split(',').map(Number);
const out = arg('out') ?? (quick ? 'reports/bench-fgd-openb-quick' : 'reports/bench-fgd-openb');
const jobs = Number(arg('jobs') ?? Math.max(1, Math.min(2, os.availableParallelism())));
const tasks = lists.flatMap((l) => policies.flatMap((p) => seeds.map((s) => ({ list: l, policy: p, seed: s }))));

const shard = arg('shard');
if (shard !== undefined) {
  // child: run every task i with i % n === k, print one JSON line per run
  const [k, n] = shard.split('/').map(Number);
  const nodes = parseOpenbNodes(readFileSync(DIR + 'openb_node_list_gpu_node.csv', 'utf8'), DIR + 'openb_node_list_gpu_node.csv');
  const podCache = new Map<string, ReturnType<typeof parseOpenbPods>>();
  tasks.forEach((t, i) => {
    if (i % n !== k) return;
    const f = `${DIR}openb_pod_list_${t.list}.csv`;
    if (!podCache.has(t.list)) podCache.set(t.list, parseOpenbPods(readFileSync(f, 'utf8'), f));
    const r = runFgdExperiment({ list: t.list, nodes, pods: podCache.get(t.list)!, policy: t.policy, seed: t.seed });
    process.stdout.write(JSON.stringify(r) + '\n');
  });
} else {
  const t0 = performance.now();
  const results: FgdRunResult[] = [];
  await Promise.all(
    Array.from({ length: jobs }, (_, k) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ['bin/run-ts.mjs', 'bench/fgd-openb.ts', ...process.argv.slice(2), '--shard', `${k}/${jobs}`], { stdio: ['ignore', 'pipe', 'inherit'] });
        let buf = '';
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const r = JSON.parse(buf.slice(0, nl)) as FgdRunResult;
            buf = buf.slice(nl + 1);
            results.push(r);
            process.stderr.write(`[${results.length}/${tasks.length}] ${r.list} ${r.policy} seed ${r.seed}: alloc@100 ${r.alloc[100]} % (${r.seconds.toFixed(1)} s)\n`);
          }
        });
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`shard ${k} exited ${code}`))));
      }),
    ),
  );
  const wall = (performance.now() - t0) / 1000;
  writeFileSync(`${out}.json`, JSON.stringify({ machine: machine(), date: new Date().toISOString(), wallSeconds: wall, jobs, runs: results }, null, 1));
  writeFileSync(`${out}.md`, report(results, wall));
  process.stderr.write(`wrote ${out}.md and .json (${results.length} runs, ${wall.toFixed(0)} s)\n`);
}

function machine(): string {
  return `${os.cpus()[0]?.model ?? 'cpu'} × ${os.availableParallelism()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()}`;
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}
function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}
function sd(xs: number[]): number {
  return xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / (xs.length - 1));
}
function f2(x: number): string {
  return x.toFixed(2);
}

function report(rs: FgdRunResult[], wall: number): string {
  const paper = JSON.parse(readFileSync('bench/reference/fgd-paper-results.json', 'utf8')) as { alloc: Record<string, Record<string, Record<string, (number | null)[]>>>; fragRatio: Record<string, Record<string, Record<string, (number | null)[]>>> };
  const L: string[] = [];
  L.push('# FGD paper experiment on the Alibaba openb trace', '');
  L.push(`Machine: ${machine()}. Date: ${new Date().toISOString()}. ${rs.length} runs (${[...new Set(rs.map((r) => r.list))].join(', ')}; seeds ${[...new Set(rs.map((r) => r.seed))].join(', ')}) in ${wall.toFixed(0)} s wall with ${jobs} processes; one run (≈ ${Math.round(mean(rs.map((r) => r.pods)))} pods on 1,213 nodes) takes ${f2(mean(rs.map((r) => r.seconds)))} s on average (min ${f2(Math.min(...rs.map((r) => r.seconds)))}, max ${f2(Math.max(...rs.map((r) => r.seconds)))}).`, '');
  L.push('Metric: unallocated GPU % = 100 − allocated milli-GPU as % of the 6,212 GPUs, at an arrived workload (cumulative GPU request of submitted pods) of x % of capacity. "paper" = the same statistic over the 10 seeds of the authors\' published runs (kubernetes-scheduler-simulator experiments/analysis/expected_results).', '');
  for (const list of [...new Set(rs.map((r) => r.list))]) {
    L.push(`## ${list}`, '');
    L.push('| policy | runs | unalloc. GPU % at 100 % arrived: mean ± sd | paper (10 seeds) | at 130 %: median [25–75 %] | paper | GPU frag. ratio at 100 % (median) | paper | failed pods (mean) |');
    L.push('|---|---|---|---|---|---|---|---|---|');
    for (const p of POLICIES) {
      const rr = rs.filter((r) => r.list === list && r.policy === p);
      if (rr.length === 0) continue;
      const u100 = rr.map((r) => 100 - (r.alloc[100] ?? NaN));
      const u130 = rr.map((r) => 100 - (r.alloc[130] ?? NaN));
      const fr = rr.map((r) => r.fragRatio[100] ?? NaN);
      const pa = paper.alloc[list]?.[p];
      const pf = paper.fragRatio[list]?.[p];
      const p100 = pa ? (pa['100'].filter((v) => v !== null) as number[]).map((v) => 100 - v) : [];
      const p130 = pa ? (pa['130'].filter((v) => v !== null) as number[]).map((v) => 100 - v) : [];
      const pfr = pf ? (pf['100'].filter((v) => v !== null) as number[]) : [];
      L.push(`| ${p} | ${rr.length} | ${f2(mean(u100))} ± ${f2(sd(u100))} | ${p100.length ? `${f2(mean(p100))} ± ${f2(sd(p100))}` : '-'} | ${f2(quantile(u130, 0.5))} [${f2(quantile(u130, 0.25))}–${f2(quantile(u130, 0.75))}] | ${p130.length ? `${f2(quantile(p130, 0.5))} [${f2(quantile(p130, 0.25))}–${f2(quantile(p130, 0.75))}]` : '-'} | ${f2(quantile(fr, 0.5))} | ${pfr.length ? f2(quantile(pfr, 0.5)) : '-'} | ${f2(mean(rr.map((r) => r.failed)))} |`);
    }
    L.push('');
    L.push(`Curve (median unallocated GPU % over seeds; ours / paper) at x = 75, 80, 85, 90, 95, 100, 105, 110, 120, 130 % arrived:`, '');
    L.push('| policy | ' + [75, 80, 85, 90, 95, 100, 105, 110, 120, 130].join(' | ') + ' |');
    L.push('|---|' + '---|'.repeat(10));
    for (const p of POLICIES) {
      const rr = rs.filter((r) => r.list === list && r.policy === p);
      if (rr.length === 0) continue;
      const pa = paper.alloc[list]?.[p];
      const cells = [75, 80, 85, 90, 95, 100, 105, 110, 120, 130].map((x) => {
        const ours = quantile(rr.map((r) => 100 - (r.alloc[x] ?? NaN)), 0.5);
        const theirs = pa ? quantile((pa[String(x)].filter((v) => v !== null) as number[]).map((v) => 100 - v), 0.5) : NaN;
        return `${f2(ours)} / ${f2(theirs)}`;
      });
      L.push(`| ${p} | ${cells.join(' | ')} |`);
    }
    L.push('');
  }
  return L.join('\n') + '\n';
}
