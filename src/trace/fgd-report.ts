/**
 * The report of the FGD experiment bench: the paper's figures as static SVG — the default list's
 * unallocated GPU vs arrived workload (median over seeds, 25–75 % band, x 75–130 %) and, per family
 * of pod lists (cpu, gpushare, gpuspec, multigpu), bars of unallocated GPU at 100 % arrived
 * (mean ± sd) — with the Markdown and JSON tables behind them, next to the paper's own published
 * runs when the bench names them (bench/reference/fgd-paper-results.json).
 *
 * The SVG is drawn here with d3-scale and d3-shape and the palette and text helpers of
 * src/report/chart.ts: that module's charts are HTML figures for report pages with a time axis,
 * while these are standalone SVG files (for the README and reports/) with a percent x-axis.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, join } from 'node:path';
import { scaleBand, scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';
import { COLORS, esc, textWidth } from '../report/chart.ts';
import type { FgdBenchRun } from './fgd-bench.ts';
import { FGD_POLICIES, type FgdPolicy, type FgdRunResult } from './fgd-experiment.ts';

/** The families of pod lists in the paper's figures, by name prefix. */
export const FAMILIES = ['cpu', 'gpushare', 'gpuspec', 'multigpu'] as const;
const POLICIES = Object.keys(FGD_POLICIES) as FgdPolicy[];
const POLICY_COLOR: Record<FgdPolicy, string> = { Random: COLORS[6], DotProd: COLORS[4], GpuClustering: COLORS[2], GpuPacking: COLORS[3], BestFit: COLORS[0], FGD: COLORS[1] };
/** x of the curve: arrived workload, % of the cluster's GPUs. */
export const CURVE_X = Array.from({ length: 56 }, (_, i) => 75 + i);

/** The paper's runs: per list, policy and x (as a string), one value per seed. */
export interface PaperResults {
  alloc: Record<string, Record<string, Record<string, (number | null)[]>>>;
  fragRatio: Record<string, Record<string, Record<string, (number | null)[]>>>;
}

export function quantile(xs: readonly number[], q: number): number {
  const s = xs.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (pos - lo);
}
export function mean(xs: readonly number[]): number {
  const v = xs.filter((x) => Number.isFinite(x));
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : Number.NaN;
}
/** Sample standard deviation (n − 1). */
export function sd(xs: readonly number[]): number {
  const v = xs.filter((x) => Number.isFinite(x));
  if (v.length < 2) return 0;
  const m = mean(v);
  return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
}
const r2 = (x: number): number | null => (Number.isFinite(x) ? Math.round(x * 100) / 100 : null);

/** Statistics of one list × policy (ours, and the paper's when known). */
export interface PolicySummary {
  runs: number;
  seeds: number[];
  /** Unallocated GPU % at 100 % arrived: per seed, mean, sd. */
  unalloc100: { values: (number | null)[]; mean: number | null; sd: number | null };
  /** At 130 %: median and quartiles. */
  unalloc130: { median: number | null; q25: number | null; q75: number | null };
  /** GPU fragmentation ratio at 100 % (median). */
  fragRatio100: number | null;
  failedMean: number;
  secondsMean: number;
  /** Unallocated GPU % at CURVE_X: median and quartiles over seeds. */
  curve: { median: (number | null)[]; q25: (number | null)[]; q75: (number | null)[] };
  paper?: { runs: number; unalloc100: { mean: number | null; sd: number | null }; unalloc130: { median: number | null; q25: number | null; q75: number | null }; fragRatio100: number | null; curveMedian: (number | null)[] };
}

/** Per list, per policy. */
export type FgdSummary = Record<string, Partial<Record<FgdPolicy, PolicySummary>>>;

/** Statistics of every list × policy of the runs. */
export function summarizeFgd(runs: readonly FgdRunResult[], paper?: PaperResults): FgdSummary {
  const out: FgdSummary = {};
  for (const list of [...new Set(runs.map((r) => r.list))]) {
    out[list] = {};
    for (const p of POLICIES) {
      const rr = runs.filter((r) => r.list === list && r.policy === p);
      if (rr.length === 0) continue;
      const un = (r: FgdRunResult, x: number): number => (r.alloc[x] === null || r.alloc[x] === undefined ? Number.NaN : 100 - r.alloc[x]!);
      const u100 = rr.map((r) => un(r, 100));
      const u130 = rr.map((r) => un(r, 130));
      const s: PolicySummary = {
        runs: rr.length,
        seeds: rr.map((r) => r.seed),
        unalloc100: { values: u100.map(r2), mean: r2(mean(u100)), sd: r2(sd(u100)) },
        unalloc130: { median: r2(quantile(u130, 0.5)), q25: r2(quantile(u130, 0.25)), q75: r2(quantile(u130, 0.75)) },
        fragRatio100: r2(quantile(rr.map((r) => r.fragRatio[100] ?? Number.NaN), 0.5)),
        failedMean: mean(rr.map((r) => r.failed)),
        secondsMean: mean(rr.map((r) => r.seconds)),
        curve: {
          median: CURVE_X.map((x) => r2(quantile(rr.map((r) => un(r, x)), 0.5))),
          q25: CURVE_X.map((x) => r2(quantile(rr.map((r) => un(r, x)), 0.25))),
          q75: CURVE_X.map((x) => r2(quantile(rr.map((r) => un(r, x)), 0.75))),
        },
      };
      const pa = paper?.alloc[list]?.[p];
      if (pa) {
        const col = (x: number): number[] => (pa[String(x)] ?? []).filter((v): v is number => v !== null).map((v) => 100 - v);
        const pf = (paper!.fragRatio[list]?.[p]?.['100'] ?? []).filter((v): v is number => v !== null);
        s.paper = {
          runs: col(100).length,
          unalloc100: { mean: r2(mean(col(100))), sd: r2(sd(col(100))) },
          unalloc130: { median: r2(quantile(col(130), 0.5)), q25: r2(quantile(col(130), 0.25)), q75: r2(quantile(col(130), 0.75)) },
          fragRatio100: r2(quantile(pf, 0.5)),
          curveMedian: CURVE_X.map((x) => r2(quantile(col(x), 0.5))),
        };
      }
      out[list][p] = s;
    }
  }
  return out;
}

const SVG_STYLE = '<style>text{font:12px system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;fill:#374151}.t{font-size:15px;font-weight:600;fill:#111827}.a{font-weight:600;fill:#111827}.g{stroke:#eef0f3}.b{stroke:#9ca3af}.n{font-size:11px;fill:#6b7280}</style>';
const f1 = (v: number): string => v.toFixed(1);

function legend(x0: number, y: number, width: number, items: { label: string; color: string; dash?: string; box?: boolean }[]): { svg: string; height: number } {
  const parts: string[] = [];
  let x = x0;
  let yy = y;
  for (const it of items) {
    const w = 26 + textWidth(it.label) + 16;
    if (x + w > x0 + width && x > x0) {
      x = x0;
      yy += 18;
    }
    parts.push(
      it.box
        ? `<rect x="${f1(x)}" y="${f1(yy - 9)}" width="16" height="10" fill="${it.color}"/>`
        : `<line x1="${f1(x)}" x2="${f1(x + 20)}" y1="${f1(yy - 4)}" y2="${f1(yy - 4)}" stroke="${it.color}" stroke-width="2.4"${it.dash ? ` stroke-dasharray="${it.dash}"` : ''}/>`,
    );
    parts.push(`<text x="${f1(x + 26)}" y="${f1(yy)}">${esc(it.label)}</text>`);
    x += w;
  }
  return { svg: parts.join(''), height: yy - y + 18 };
}

/**
 * Figure: unallocated GPU % vs arrived workload for one list (the paper's Fig. 9(a) for the
 * default list): the median over seeds per policy with its 25–75 % band; the paper's median dashed.
 */
export function curveSvg(list: string, summary: FgdSummary, title: string): string {
  const W = 720;
  const H = 440;
  const rows = summary[list] ?? {};
  const pols = POLICIES.filter((p) => rows[p]);
  const withPaper = pols.some((p) => rows[p]!.paper);
  const items: { label: string; color: string; dash?: string }[] = pols.map((p) => ({ label: p, color: POLICY_COLOR[p] }));
  if (withPaper) items.push({ label: "paper's runs (median)", color: '#6b7280', dash: '5,4' });
  const lg = legend(64, 44, W - 80, items);
  const T = 44 + lg.height + 6;
  const L = 58;
  const R = 18;
  const B = 48;
  let hi = 0;
  for (const p of pols) for (const v of [...rows[p]!.curve.q75, ...(rows[p]!.paper?.curveMedian ?? [])]) if (v !== null && v > hi) hi = v;
  const x = scaleLinear().domain([75, 130]).range([L, W - R]);
  const y = scaleLinear().domain([0, Math.max(5, hi * 1.05)]).range([H - B, T]).nice(6);
  const parts: string[] = [SVG_STYLE, `<rect width="${W}" height="${H}" fill="#fff"/>`, `<text class="t" x="${L}" y="22">${esc(title)}</text>`, lg.svg];
  for (const v of y.ticks(6)) parts.push(`<line class="g" x1="${L}" x2="${W - R}" y1="${f1(y(v))}" y2="${f1(y(v))}"/><text x="${L - 6}" y="${f1(y(v) + 4)}" text-anchor="end">${v}</text>`);
  for (const v of [75, 80, 85, 90, 95, 100, 105, 110, 115, 120, 125, 130]) parts.push(`<line class="g" x1="${f1(x(v))}" x2="${f1(x(v))}" y1="${T}" y2="${H - B}"/><text x="${f1(x(v))}" y="${H - B + 17}" text-anchor="middle">${v}</text>`);
  parts.push(`<line class="b" x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}"/>`);
  parts.push(`<text class="a" x="${f1((L + W - R) / 2)}" y="${H - 10}" text-anchor="middle">Arrived workload (% of the cluster's GPUs)</text>`);
  parts.push(`<text class="a" transform="translate(16,${f1((T + H - B) / 2)}) rotate(-90)" text-anchor="middle">Unallocated GPU (%)</text>`);
  const pts = (vals: (number | null)[]): [number, number][] => CURVE_X.map((xv, i) => [xv, vals[i]] as [number, number | null]).filter((p): p is [number, number] => p[1] !== null);
  const ln = line<[number, number]>().x((p) => x(p[0])).y((p) => y(p[1])).digits(1);
  for (const p of pols) {
    const s = rows[p]!;
    const band = CURVE_X.map((xv, i) => [xv, s.curve.q25[i], s.curve.q75[i]] as const).filter((b): b is readonly [number, number, number] => b[1] !== null && b[2] !== null);
    const ar = area<readonly [number, number, number]>().x((b) => x(b[0])).y0((b) => y(b[1])).y1((b) => y(b[2])).digits(1);
    parts.push(`<path d="${ar(band) ?? ''}" fill="${POLICY_COLOR[p]}" fill-opacity="0.16" stroke="none"/>`);
  }
  for (const p of pols) {
    const s = rows[p]!;
    if (s.paper) parts.push(`<path d="${ln(pts(s.paper.curveMedian)) ?? ''}" fill="none" stroke="${POLICY_COLOR[p]}" stroke-width="1.3" stroke-dasharray="5,4" opacity="0.85"/>`);
    parts.push(`<path d="${ln(pts(s.curve.median)) ?? ''}" fill="none" stroke="${POLICY_COLOR[p]}" stroke-width="2.2"><title>${esc(p)}</title></path>`);
  }
  const n = Math.max(...pols.map((p) => rows[p]!.runs));
  parts.push(`<text class="n" x="${W - R}" y="${T - 6}" text-anchor="end">kubesim: median of ${n} seed${n === 1 ? '' : 's'}, band 25–75 %</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">${parts.join('')}</svg>\n`;
}

/** The lists of a family present in the summary, in the order of their numeric suffix. */
export function familyLists(summary: FgdSummary, family: string): string[] {
  const num = (l: string): number => Number(l.slice(family.length));
  return Object.keys(summary)
    .filter((l) => l.startsWith(family) && /^\d+$/.test(l.slice(family.length)))
    .sort((a, b) => num(a) - num(b));
}

/**
 * Figure: per family of pod lists, grouped bars of unallocated GPU % at 100 % arrived workload
 * (mean over seeds, whisker ± sd), one group per list; the paper's mean as a black tick.
 */
export function familiesSvg(summary: FgdSummary, title: string): string | null {
  const fams = FAMILIES.map((f) => ({ f, lists: familyLists(summary, f) })).filter((x) => x.lists.length > 0);
  if (fams.length === 0) return null;
  const W = 980;
  const panelW = W / 2;
  const panelH = 300;
  const pols = POLICIES.filter((p) => Object.values(summary).some((r) => r[p]));
  const withPaper = Object.values(summary).some((r) => Object.values(r).some((s) => s?.paper));
  const items: { label: string; color: string; box: boolean }[] = pols.map((p) => ({ label: p, color: POLICY_COLOR[p], box: true }));
  if (withPaper) items.push({ label: "paper's mean", color: '#111827', box: false });
  const lg = legend(20, 44, W - 40, items);
  const top = 44 + lg.height;
  const rowsN = Math.ceil(fams.length / 2);
  const H = top + rowsN * panelH;
  const parts: string[] = [SVG_STYLE, `<rect width="${W}" height="${H}" fill="#fff"/>`, `<text class="t" x="20" y="22">${esc(title)}</text>`, lg.svg];
  fams.forEach(({ f, lists }, k) => {
    const ox = (k % 2) * panelW;
    const oy = top + Math.floor(k / 2) * panelH;
    const L = ox + 56;
    const R = ox + panelW - 14;
    const T = oy + 30;
    const Bm = oy + panelH - 48;
    let hi = 0;
    for (const l of lists)
      for (const p of pols) {
        const s = summary[l][p];
        if (!s) continue;
        hi = Math.max(hi, (s.unalloc100.mean ?? 0) + (s.unalloc100.sd ?? 0), s.paper?.unalloc100.mean ?? 0);
      }
    const y = scaleLinear().domain([0, Math.max(1, hi * 1.08)]).range([Bm, T]).nice(5);
    const gx = scaleBand<string>().domain(lists).range([L, R]).paddingInner(0.18).paddingOuter(0.08);
    const bx = scaleBand<string>().domain(pols).range([0, gx.bandwidth()]).padding(0.08);
    parts.push(`<text class="a" x="${L}" y="${oy + 18}">${esc(f)} lists</text>`);
    for (const v of y.ticks(5)) parts.push(`<line class="g" x1="${L}" x2="${R}" y1="${f1(y(v))}" y2="${f1(y(v))}"/><text x="${L - 6}" y="${f1(y(v) + 4)}" text-anchor="end">${v}</text>`);
    parts.push(`<line class="b" x1="${L}" x2="${R}" y1="${Bm}" y2="${Bm}"/>`);
    parts.push(`<text class="a" transform="translate(${ox + 16},${f1((T + Bm) / 2)}) rotate(-90)" text-anchor="middle">Unallocated GPU (%)</text>`);
    for (const l of lists) {
      const g0 = gx(l)!;
      parts.push(`<text x="${f1(g0 + gx.bandwidth() / 2)}" y="${Bm + 17}" text-anchor="middle">${esc(l)}</text>`);
      for (const p of pols) {
        const s = summary[l][p];
        if (!s || s.unalloc100.mean === null) continue;
        const x0 = g0 + bx(p)!;
        const w = bx.bandwidth();
        const m = s.unalloc100.mean;
        const d = s.unalloc100.sd ?? 0;
        parts.push(`<rect x="${f1(x0)}" y="${f1(y(m))}" width="${f1(w)}" height="${f1(Bm - y(m))}" fill="${POLICY_COLOR[p]}"><title>${esc(`${l} ${p}: ${m.toFixed(2)} ± ${d.toFixed(2)} %${s.paper ? `; paper ${s.paper.unalloc100.mean?.toFixed(2)} ± ${s.paper.unalloc100.sd?.toFixed(2)} %` : ''}`)}</title></rect>`);
        if (d > 0) {
          const cx = f1(x0 + w / 2);
          parts.push(`<line x1="${cx}" x2="${cx}" y1="${f1(y(m + d))}" y2="${f1(y(Math.max(0, m - d)))}" stroke="#111827" stroke-width="1"/>`);
        }
        const pm = s.paper?.unalloc100.mean;
        if (pm !== null && pm !== undefined) parts.push(`<line x1="${f1(x0 - 1)}" x2="${f1(x0 + w + 1)}" y1="${f1(y(pm))}" y2="${f1(y(pm))}" stroke="#111827" stroke-width="2"/>`);
      }
    }
    parts.push(`<text class="n" x="${f1((L + R) / 2)}" y="${Bm + 36}" text-anchor="middle">pod list (at 100 % arrived workload; bars: mean over seeds, whiskers ± sd)</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(title)}">${parts.join('')}</svg>\n`;
}

/** The machine a bench ran on. */
export function machineText(): string {
  return `${os.cpus()[0]?.model ?? 'cpu'} × ${os.availableParallelism()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()}`;
}

const fmt = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(2));

/** The Markdown report (figures linked as files beside it). */
export function fgdMarkdown(b: FgdBenchRun, summary: FgdSummary, figures: { curve?: string; families?: string }, date: string): string {
  const rs = b.runs;
  const secs = rs.map((r) => r.seconds);
  const L: string[] = [];
  L.push(`# ${b.spec.name}: the FGD paper's experiment on the Alibaba openb trace${b.quick ? ' (quick)' : ''}`, '');
  L.push(
    `${rs.length} runs (pod lists ${[...new Set(rs.map((r) => r.list))].join(', ')}; policies ${[...new Set(rs.map((r) => r.policy))].join(', ')}; seeds ${[...new Set(rs.map((r) => r.seed))].join(', ')}) ` +
      `in ${b.wallSeconds.toFixed(1)} s wall on ${b.workers} worker thread${b.workers === 1 ? '' : 's'}; one run (≈ ${Math.round(mean(rs.map((r) => r.pods))).toLocaleString('en')} pods on ${rs[0] ? Math.round(rs[0].totalGpus).toLocaleString('en') : '?'} GPUs) ` +
      `takes ${mean(secs).toFixed(2)} s on average (median ${quantile(secs, 0.5).toFixed(2)}, max ${Math.max(...secs).toFixed(2)}). Machine: ${machineText()}. Date: ${date}.`,
    '',
  );
  L.push(
    'Metric: unallocated GPU % = 100 − allocated milli-GPU as % of the cluster\'s GPUs, at an arrived workload (cumulative GPU request of the pods submitted so far) of x % of the GPUs; GPU fragmentation ratio = fragmented share of the idle milli-GPU (FGD\'s measure). ' +
      (b.spec.reference ? '"paper" = the same statistic over the authors\' published runs (kubernetes-scheduler-simulator experiments/analysis/expected_results, 10 seeds).' : ''),
    '',
  );
  const lists = Object.keys(summary);
  const curveList = lists.includes('default') ? 'default' : lists[0];
  if (figures.curve) L.push(`![unallocated GPU vs arrived workload, ${curveList} list](${figures.curve})`, '');
  L.push(`## Unallocated GPU vs arrived workload (${curveList} list): median [25–75 %] over seeds`, '');
  const xs = [75, 80, 85, 90, 95, 100, 105, 110, 115, 120, 125, 130];
  L.push('| policy | ' + xs.map((x) => `${x} %`).join(' | ') + ' |', '|---|' + '---|'.repeat(xs.length));
  for (const p of POLICIES) {
    const s = summary[curveList]?.[p];
    if (!s) continue;
    const i = (x: number): number => CURVE_X.indexOf(x);
    L.push(`| ${p} | ` + xs.map((x) => `${fmt(s.curve.median[i(x)])} [${fmt(s.curve.q25[i(x)])}–${fmt(s.curve.q75[i(x)])}]${s.paper ? `<br>paper ${fmt(s.paper.curveMedian[i(x)])}` : ''}`).join(' | ') + ' |');
  }
  L.push('');
  const fams = FAMILIES.filter((f) => familyLists(summary, f).length > 0);
  if (fams.length) {
    if (figures.families) L.push(`![unallocated GPU at 100 % arrived workload per family of pod lists](${figures.families})`, '');
    L.push('## Unallocated GPU at 100 % arrived workload per family of pod lists: mean ± sd over seeds', '');
    L.push('| list | ' + POLICIES.join(' | ') + ' |', '|---|' + '---|'.repeat(POLICIES.length));
    for (const l of [...(lists.includes('default') ? ['default'] : []), ...fams.flatMap((f) => familyLists(summary, f))]) {
      L.push(`| ${l} | ` + POLICIES.map((p) => {
        const s = summary[l]?.[p];
        if (!s) return '–';
        return `${fmt(s.unalloc100.mean)} ± ${fmt(s.unalloc100.sd)}${s.paper ? `<br>paper ${fmt(s.paper.unalloc100.mean)} ± ${fmt(s.paper.unalloc100.sd)}` : ''}`;
      }).join(' | ') + ' |');
    }
    L.push('');
  }
  L.push('## Every list', '');
  L.push('| list | policy | runs | unalloc. GPU % at 100 %: mean ± sd | paper | at 130 %: median [25–75 %] | paper | frag. ratio at 100 % (median) | paper | failed pods (mean) | s / run |');
  L.push('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const l of lists)
    for (const p of POLICIES) {
      const s = summary[l][p];
      if (!s) continue;
      const pp = s.paper;
      L.push(
        `| ${l} | ${p} | ${s.runs} | ${fmt(s.unalloc100.mean)} ± ${fmt(s.unalloc100.sd)} | ${pp ? `${fmt(pp.unalloc100.mean)} ± ${fmt(pp.unalloc100.sd)}` : '–'} | ` +
          `${fmt(s.unalloc130.median)} [${fmt(s.unalloc130.q25)}–${fmt(s.unalloc130.q75)}] | ${pp ? `${fmt(pp.unalloc130.median)} [${fmt(pp.unalloc130.q25)}–${fmt(pp.unalloc130.q75)}]` : '–'} | ` +
          `${fmt(s.fragRatio100)} | ${pp ? fmt(pp.fragRatio100) : '–'} | ${s.failedMean.toFixed(0)} | ${s.secondsMean.toFixed(2)} |`,
      );
    }
  L.push('');
  return L.join('\n');
}

/** Written files of a report. */
export interface FgdReportFiles {
  markdown: string;
  json: string;
  svgs: string[];
}

/**
 * Writes `<out>/<stem>.md`, `.json` and the figures `<stem>-curve.svg`, `<stem>-families.svg`;
 * the stem is `bench-<bench name>[-quick]` unless given.
 */
export function writeFgdReport(b: FgdBenchRun, outDir: string, name = `bench-${b.spec.name}${b.quick ? '-quick' : ''}`): FgdReportFiles {
  mkdirSync(outDir, { recursive: true });
  const paper = b.spec.reference && existsSync(b.spec.reference) ? (JSON.parse(readFileSync(b.spec.reference, 'utf8')) as PaperResults) : undefined;
  const summary = summarizeFgd(b.runs, paper);
  const date = new Date().toISOString();
  const svgs: string[] = [];
  const figures: { curve?: string; families?: string } = {};
  const lists = Object.keys(summary);
  if (lists.length) {
    const curveList = lists.includes('default') ? 'default' : lists[0];
    const f = join(outDir, `${name}-curve.svg`);
    writeFileSync(f, curveSvg(curveList, summary, `Unallocated GPU vs arrived workload — openb ${curveList} list`));
    svgs.push(f);
    figures.curve = basename(f);
  }
  const fam = familiesSvg(summary, 'Unallocated GPU at 100 % arrived workload, per family of pod lists');
  if (fam) {
    const f = join(outDir, `${name}-families.svg`);
    writeFileSync(f, fam);
    svgs.push(f);
    figures.families = basename(f);
  }
  const markdown = join(outDir, `${name}.md`);
  writeFileSync(markdown, fgdMarkdown(b, summary, figures, date));
  const json = join(outDir, `${name}.json`);
  const body = {
    name: b.spec.name,
    quick: b.quick,
    machine: machineText(),
    date,
    wallSeconds: b.wallSeconds,
    workers: b.workers,
    curveX: CURVE_X,
    summary,
  };
  // one run per line: the file stays readable and diffable at 1,020 runs
  const head = JSON.stringify(body, null, 1).replace(/\n}$/, '');
  writeFileSync(json, `${head},\n "runs": [\n${b.runs.map((r) => '  ' + JSON.stringify(r)).join(',\n')}\n ]\n}\n`);
  return { markdown, json, svgs };
}
