/**
 * Renders a bench result: a terminal table (policies as rows, `mean ± half-width` per metric,
 * grouped by scenario, with paired Δ rows against the baseline), bench.md, and bench.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatDuration } from '../engine/time.ts';
import type { BenchResult } from './analyze.ts';
import type { MetricName } from './metrics.ts';
import type { PairedDifference, Summary } from './stats.ts';
import { renderBenchHtml } from '../report/bench-html.ts';

/** A number for a table: integers as they are, others with 2 decimals (1 from 100, 0 from 1000). */
export function formatNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  const s = x.toFixed(a >= 1000 ? 0 : a >= 100 ? 1 : 2);
  // −0.004 rounds to "-0.00": print it without the sign
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}

/** One table cell: mean, half-width (both formatted) and whether it is a significant difference. */
interface Cell {
  mean: string;
  hw: string;
  significant: boolean;
}

function cell(s: Summary | PairedDifference | undefined): Cell {
  if (!s || s.mean === null) return { mean: 'n/a', hw: '', significant: false };
  return { mean: formatNumber(s.mean), hw: s.halfWidth === null ? '' : formatNumber(s.halfWidth), significant: 'significant' in s && s.significant };
}

interface Row {
  label: string;
  policy: string;
  /** A Δ row (policy − baseline) rather than the policy's own values. */
  delta: boolean;
  cells: Cell[];
}

/** The rows of one scenario: each policy, and after every non-baseline policy its Δ row. */
function scenarioRows(r: BenchResult, scenario: string, metrics: readonly MetricName[]): Row[] {
  const rows: Row[] = [];
  for (const p of r.policies) {
    rows.push({ label: p.name, policy: p.name, delta: false, cells: metrics.map((m) => cell(r.summary[scenario][p.name][m])) });
    const cmp = r.comparisons[scenario][p.name];
    if (cmp) rows.push({ label: `  Δ vs ${r.baseline}`, policy: p.name, delta: true, cells: metrics.map((m) => cell(cmp[m])) });
  }
  return rows;
}

function runCount(r: BenchResult): string {
  const n = r.scenarios.length * r.policies.length * r.seeds.length;
  return `${r.scenarios.length} scenario(s) × ${r.policies.length} polic${r.policies.length === 1 ? 'y' : 'ies'} × ${r.seeds.length} seed(s) = ${n} runs`;
}

function pct(level: number): string {
  return `${+(level * 100).toFixed(3)}%`;
}

/**
 * The terminal table, metric columns wrapped into blocks no wider than `width` characters.
 * Cells are `mean ± half-width`; `*` marks a Δ whose interval excludes 0.
 */
export function formatBenchTable(r: BenchResult, width = 120): string {
  const lines: string[] = [];
  lines.push(`Bench ${r.name}: ${runCount(r)}${r.duration !== null ? `, ${formatDuration(r.duration)} each` : ''}`);
  lines.push(`Cells: mean ± half-width of the ${pct(r.confidenceLevel)} confidence interval over seeds (Student t).`);
  if (r.policies.length > 1) lines.push(`Δ rows: paired difference to ${r.baseline} over the same seeds; * = the interval excludes 0.`);
  const metrics = r.metrics.map((m) => m.name);
  for (const sc of r.scenarios) {
    lines.push('', `${sc.name} (${sc.file})`);
    const rows = scenarioRows(r, sc.name, metrics);
    const labelWidth = Math.max(6, ...rows.map((x) => x.label.length));
    // per column: widths of the mean and half-width parts, so ± lines up
    const cols = metrics.map((m, j) => {
      const wm = Math.max(...rows.map((x) => x.cells[j].mean.length));
      const wh = Math.max(...rows.map((x) => x.cells[j].hw.length));
      const body = wm + (wh ? 3 + wh : 0) + 2;
      return { name: m, j, wm, wh, width: Math.max(body, m.length) };
    });
    // greedy blocks of columns that fit the width
    const blocks: (typeof cols)[] = [];
    let cur: typeof cols = [];
    let used = 2 + labelWidth;
    for (const c of cols) {
      if (cur.length && used + 3 + c.width > width) {
        blocks.push(cur);
        cur = [];
        used = 2 + labelWidth;
      }
      cur.push(c);
      used += 3 + c.width;
    }
    if (cur.length) blocks.push(cur);
    blocks.forEach((block, bi) => {
      if (bi > 0) lines.push('');
      lines.push(('  ' + 'policy'.padEnd(labelWidth) + block.map((c) => '   ' + c.name.padEnd(c.width)).join('')).trimEnd());
      for (const row of rows) {
        const parts = block.map((c) => {
          const x = row.cells[c.j];
          const text = x.mean.padStart(c.wm) + (c.wh ? (x.hw ? ' ± ' + x.hw.padEnd(c.wh) : ' '.repeat(3 + c.wh)) : '') + (x.significant ? ' *' : '  ');
          return '   ' + text.padEnd(c.width);
        });
        lines.push(('  ' + row.label.padEnd(labelWidth) + parts.join('')).trimEnd());
      }
    });
  }
  return lines.join('\n') + '\n';
}

function mdCell(x: Cell): string {
  const text = x.hw ? `${x.mean} ± ${x.hw}` : x.mean;
  return x.significant ? `**${text}**` : text;
}

function mdInterval(s: Summary): string {
  return s.ci ? `[${formatNumber(s.ci[0])}, ${formatNumber(s.ci[1])}]` : '—';
}

function mdNum(x: number | null): string {
  return x === null ? '—' : formatNumber(x);
}

/** bench.md: settings, one table per scenario (with Δ rows), per-metric details, the metric catalogue used. */
export function formatBenchMarkdown(r: BenchResult): string {
  const out: string[] = [];
  const level = pct(r.confidenceLevel);
  out.push(`# Bench \`${r.name}\``, '');
  if (r.description) out.push(r.description, '');
  out.push(`- Runs: ${runCount(r)}`);
  out.push(`- Seeds: ${r.seeds.map(String).join(', ')}`);
  out.push(`- Duration: ${r.duration !== null ? formatDuration(r.duration) + ' (overrides every scenario)' : "each scenario's own"}`);
  out.push(
    `- Policies: ${r.policies
      .map((p) => {
        const parts = [p.config ? `config \`${p.config}\`` : 'default profile', ...p.plugins.map((x) => `plugin \`${x}\``)];
        return `**${p.name}**${p.name === r.baseline ? ' (baseline)' : ''}: ${parts.join(', ')}`;
      })
      .join('; ')}`,
  );
  out.push(
    `- Cells: mean ± half-width of the ${level} Student-t confidence interval over seeds. Δ rows: the paired difference (policy − ${r.baseline}) over the same seeds, **bold** where its interval excludes 0.`,
    '',
  );
  const metrics = r.metrics.map((m) => m.name);
  for (const sc of r.scenarios) {
    out.push(`## ${sc.name}`, '', `Scenario file: \`${sc.file}\``, '');
    out.push(`| policy | ${metrics.join(' | ')} |`, `| :-- |${metrics.map(() => ' --: |').join('')}`);
    for (const row of scenarioRows(r, sc.name, metrics)) {
      const label = row.delta ? `Δ ${row.policy} − ${r.baseline}` : row.policy;
      out.push(`| ${label} | ${row.cells.map(mdCell).join(' | ')} |`);
    }
    out.push('', '<details><summary>Details: n, sd, interval, min, max</summary>', '');
    out.push(`| metric | policy | n | mean | sd | ${level} CI | min | max |`, '| :-- | :-- | --: | --: | --: | --: | --: | --: |');
    for (const m of metrics) {
      for (const p of r.policies) {
        const s = r.summary[sc.name][p.name][m]!;
        out.push(`| ${m} | ${p.name} | ${s.n} | ${mdNum(s.mean)} | ${mdNum(s.sd)} | ${mdInterval(s)} | ${mdNum(s.min)} | ${mdNum(s.max)} |`);
      }
      for (const p of r.policies) {
        const d = r.comparisons[sc.name][p.name]?.[m];
        if (d) out.push(`| ${m} | Δ ${p.name} − ${r.baseline} | ${d.n} | ${mdNum(d.mean)} | ${mdNum(d.sd)} | ${d.significant ? `**${mdInterval(d)}**` : mdInterval(d)} | ${mdNum(d.min)} | ${mdNum(d.max)} |`);
      }
    }
    out.push('', '</details>', '');
  }
  out.push('## Metrics', '', '| metric | unit | better | meaning |', '| :-- | :-- | :-- | :-- |');
  for (const m of r.metrics) out.push(`| ${m.name} | ${m.unit} | ${m.better ?? '—'} | ${m.description} |`);
  return out.join('\n') + '\n';
}

/**
 * JSON with 2-space indentation, except that lists of primitives, and maps of primitives (or of
 * such lists) up to 200 characters, stay on one line: a summary or an interval reads as one line,
 * and the file is a fraction as long.
 */
export function stringifyCompact(v: unknown, indent = ''): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every((x) => x === null || typeof x !== 'object')) return `[${v.map((x) => JSON.stringify(x) ?? 'null').join(', ')}]`;
    return `[\n${v.map((x) => inner + stringifyCompact(x, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  const flat = (x: unknown): boolean => x === null || typeof x !== 'object' || (Array.isArray(x) && x.every((y) => y === null || typeof y !== 'object'));
  if (entries.every(([, x]) => flat(x))) {
    const line = `{${entries.map(([k, x]) => `${JSON.stringify(k)}: ${stringifyCompact(x)}`).join(', ')}}`;
    if (indent.length + line.length <= 200) return line;
  }
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${stringifyCompact(x, inner)}`).join(',\n')}\n${indent}}`;
}

/** bench.json text (see {@link stringifyCompact}). */
export function benchJson(r: BenchResult): string {
  return stringifyCompact(r) + '\n';
}

/** Writes bench.json, bench.md and bench.html (the charts: src/report/bench-html.ts) into `dir` (created); returns their paths. */
export function writeBenchOutputs(r: BenchResult, dir: string): { json: string; markdown: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'bench.json');
  const markdown = join(dir, 'bench.md');
  const html = join(dir, 'bench.html');
  writeFileSync(json, benchJson(r));
  writeFileSync(markdown, formatBenchMarkdown(r));
  writeFileSync(html, renderBenchHtml(r));
  return { json, markdown, html };
}
