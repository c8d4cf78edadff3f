/**
 * Our FGD experiment against the paper's published runs: per list × policy, unallocated GPU % at
 * 100 % arrived workload (mean ± sd over seeds, ours and theirs), the difference with a Welch
 * 95 % interval, and whether the policies come in the same order; the tables of
 * reports/fgd-paper-comparison.md.
 *
 *   node bin/run-ts.mjs bench/fgd-compare.ts [reports/bench-fgd-openb.json] [bench/reference/fgd-paper-results.json]
 */
import { readFileSync } from 'node:fs';
import { tHalfWidth } from '../src/bench/stats.ts';
import type { FgdRunResult } from '../src/trace/fgd-experiment.ts';
import { mean, sd, type PaperResults } from '../src/trace/fgd-report.ts';

const [ours = 'reports/bench-fgd-openb.json', ref = 'bench/reference/fgd-paper-results.json'] = process.argv.slice(2);
const runs = (JSON.parse(readFileSync(ours, 'utf8')) as { runs: FgdRunResult[] }).runs;
const paper = JSON.parse(readFileSync(ref, 'utf8')) as PaperResults;
const POL = ['Random', 'DotProd', 'GpuClustering', 'GpuPacking', 'BestFit', 'FGD'];
const lists = [...new Set(runs.map((r) => r.list))];
const f = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : '–');

function welch(a: number[], b: number[]): { d: number; half: number } {
  const va = sd(a) ** 2 / a.length;
  const vb = sd(b) ** 2 / b.length;
  const se = Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / ((va * va) / (a.length - 1) + (vb * vb) / (b.length - 1));
  // tHalfWidth(sd, n) = t(df = n − 1) · sd / √n: with sd = se·√(df+1), n = df + 1 it is t(df) · se
  const n = Math.max(2, Math.round(df) + 1);
  return { d: mean(a) - mean(b), half: tHalfWidth(se * Math.sqrt(n), n) };
}

for (const x of [100, 130]) {
  console.log(`\n### Unallocated GPU % at ${x} % arrived workload: ours − paper (mean over 10 seeds each, Welch 95 % interval)\n`);
  console.log('| list | ' + POL.join(' | ') + ' | same order of policies |');
  console.log('|---|' + '---|'.repeat(POL.length + 1));
  const all: number[] = [];
  for (const l of lists) {
    const cells: string[] = [];
    const om: number[] = [];
    const pm: number[] = [];
    for (const p of POL) {
      const o = runs.filter((r) => r.list === l && r.policy === p).map((r) => 100 - (r.alloc[x] ?? NaN));
      const t = (paper.alloc[l]?.[p]?.[String(x)] ?? []).filter((v): v is number => v !== null).map((v) => 100 - v);
      om.push(mean(o));
      pm.push(mean(t));
      if (o.length < 2 || t.length < 2) {
        cells.push('–');
        continue;
      }
      const w = welch(o, t);
      all.push(w.d);
      const sig = Math.abs(w.d) > w.half ? '**' : '';
      cells.push(`${sig}${w.d >= 0 ? '+' : ''}${f(w.d)}${sig} ± ${f(w.half)}<br><small>${f(mean(o))} vs ${f(mean(t))}</small>`);
    }
    const order = (m: number[]): string => POL.map((p, i) => [p, m[i]] as const).sort((a, b) => a[1] - b[1]).map((e) => e[0]).join('<');
    cells.push(order(om) === order(pm) ? 'yes' : `ours ${order(om)}<br>paper ${order(pm)}`);
    console.log(`| ${l} | ${cells.join(' | ')} |`);
  }
  console.log(`\nAll ${all.length} list × policy pairs: mean difference ${f(mean(all))}, mean |difference| ${f(mean(all.map(Math.abs)))}, max |difference| ${f(Math.max(...all.map(Math.abs)))} points.`);
}
