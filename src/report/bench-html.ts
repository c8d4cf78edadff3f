/**
 * bench.html: a bench result as charts. Per scenario: the cost against pending-pod wait trade-off
 * (when the bench measures both: one point per policy with its confidence interval on both axes),
 * then each metric per policy as a dot (mean) and whisker (confidence interval) with the
 * baseline's mean as a reference line, and the table of means. Static SVG, no script needed.
 */
import type { BenchResult } from '../bench/analyze.ts';
import type { MetricName } from '../bench/metrics.ts';
import { formatDuration } from '../engine/time.ts';
import { CHART_CSS, COLORS, esc, formatCompact, intervalChart, resetChartIds, scatterChart, type ValueFormat } from './chart.ts';

const COST_METRICS = ['cost', 'nodeHours'] as const;
const WAIT_METRICS = ['podWaitP95', 'podWaitP50', 'podWaitMax'] as const;

type Metric = BenchResult['metrics'][number];

function unitFormat(unit: string): ValueFormat {
  if (unit === '$') return 'money';
  if (unit === '%') return 'percent';
  if (unit === 's') return 'seconds';
  return 'number';
}

/** "cost ($)", "podWaitP95 (s)". */
function axisTitle(m: Metric): string {
  return `${m.name} (${m.unit})${m.better ? `, ${m.better} is better` : ''}`;
}

/** The two metrics of the trade-off chart, when the bench has them. */
export function tradeOffMetrics(r: BenchResult): { cost: Metric; wait: Metric } | undefined {
  const find = (names: readonly string[]): Metric | undefined => names.map((n) => r.metrics.find((m) => m.name === n)).find(Boolean);
  const cost = find(COST_METRICS);
  const wait = find(WAIT_METRICS);
  return cost && wait ? { cost, wait } : undefined;
}

function policyColor(r: BenchResult, name: string): string {
  return COLORS[r.policies.findIndex((p) => p.name === name) % COLORS.length];
}

function num(x: number | null | undefined): string {
  return x === null || x === undefined ? 'n/a' : formatCompact(Math.round(x * 1000) / 1000);
}

/** The cost-against-wait chart of one scenario. */
export function tradeOffChart(r: BenchResult, scenario: string): string {
  const m = tradeOffMetrics(r);
  if (!m) return '';
  const pts = r.policies.map((p) => {
    const c = r.summary[scenario][p.name][m.cost.name as MetricName];
    const w = r.summary[scenario][p.name][m.wait.name as MetricName];
    const level = `${+(r.confidenceLevel * 100).toFixed(2)}%`;
    return {
      label: p.name,
      x: w?.mean ?? 0,
      y: c?.mean ?? 0,
      x0: w?.ci?.[0] ?? null,
      x1: w?.ci?.[1] ?? null,
      y0: c?.ci?.[0] ?? null,
      y1: c?.ci?.[1] ?? null,
      color: policyColor(r, p.name),
      title: `${p.name}: ${m.cost.name} ${num(c?.mean)} ${m.cost.unit} [${num(c?.ci?.[0])}, ${num(c?.ci?.[1])}], ${m.wait.name} ${num(w?.mean)} ${m.wait.unit} [${num(w?.ci?.[0])}, ${num(w?.ci?.[1])}] (${level} intervals over ${c?.n ?? 0} seeds)`,
    };
  });
  return scatterChart(`${scenario}: ${m.cost.name} against ${m.wait.name}`, pts, {
    xTitle: `pending-pod wait: ${m.wait.name} (${m.wait.unit})`,
    yTitle: `${m.cost.name} (${m.cost.unit})`,
    xFormat: unitFormat(m.wait.unit),
    yFormat: unitFormat(m.cost.unit),
    note: 'one point per policy; whiskers: confidence intervals on both axes. Lower left is cheaper and faster.',
  });
}

/** The page. */
export function renderBenchHtml(r: BenchResult): string {
  resetChartIds();
  const level = `${+(r.confidenceLevel * 100).toFixed(3)}%`;
  const runs = r.scenarios.length * r.policies.length * r.seeds.length;
  const sections = r.scenarios.map((sc) => {
    const charts = r.metrics.map((m) => {
      const base = r.summary[sc.name][r.baseline]?.[m.name];
      const rows = r.policies.map((p) => {
        const s = r.summary[sc.name][p.name][m.name];
        const d = r.comparisons[sc.name][p.name]?.[m.name];
        const sig = d?.significant ? ' *' : '';
        return {
          label: `${p.name}${sig}`,
          mean: s?.mean ?? null,
          lo: s?.ci?.[0] ?? null,
          hi: s?.ci?.[1] ?? null,
          color: policyColor(r, p.name),
          title: `${p.name}: ${num(s?.mean)} ${m.unit}, ${level} CI [${num(s?.ci?.[0])}, ${num(s?.ci?.[1])}], n ${s?.n ?? 0}${d ? `; Δ vs ${r.baseline} ${num(d.mean)} [${num(d.ci?.[0])}, ${num(d.ci?.[1])}]${d.significant ? ' (significant)' : ''}` : ''}`,
        };
      });
      return intervalChart(m.name, rows, { xTitle: axisTitle(m), ...(base?.mean !== null && base?.mean !== undefined ? { reference: base.mean } : {}), format: unitFormat(m.unit), note: m.description });
    });
    const head = `<tr><th>policy</th>${r.metrics.map((m) => `<th>${esc(m.name)} <span class="muted">(${esc(m.unit)})</span></th>`).join('')}</tr>`;
    const body = r.policies
      .map((p) => {
        const cells = r.metrics.map((m) => {
          const s = r.summary[sc.name][p.name][m.name];
          const d = r.comparisons[sc.name][p.name]?.[m.name];
          const text = s?.mean === null || s?.mean === undefined ? 'n/a' : `${num(s.mean)}${s.halfWidth !== null ? ` ± ${num(s.halfWidth)}` : ''}`;
          return `<td${d?.significant ? ' class="sig"' : ''}>${text}${d?.significant ? ' *' : ''}</td>`;
        });
        return `<tr><td><span class="dot" style="background:${policyColor(r, p.name)}"></span>${esc(p.name)}${p.name === r.baseline ? ' <span class="muted">(baseline)</span>' : ''}</td>${cells.join('')}</tr>`;
      })
      .join('');
    const trade = tradeOffChart(r, sc.name);
    return `<section class="scenario" id="sc-${esc(sc.name)}"><h2>${esc(sc.name)} <span class="muted">${esc(sc.file)}</span></h2>
${trade ? `<div class="tradeoff">${trade}</div>` : ''}
<div class="metrics">${charts.join('\n')}</div>
<table class="num"><thead>${head}</thead><tbody>${body}</tbody></table>
</section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kubesim bench — ${esc(r.name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${BENCH_CSS}${CHART_CSS}</style></head><body>
<h1>Bench ${esc(r.name)}</h1>
${r.description ? `<p class="desc">${esc(r.description)}</p>` : ''}
<p class="facts"><span>${r.scenarios.length} scenario${r.scenarios.length === 1 ? '' : 's'} × ${r.policies.length} polic${r.policies.length === 1 ? 'y' : 'ies'} × ${r.seeds.length} seed${r.seeds.length === 1 ? '' : 's'} = ${runs} runs</span>${r.duration !== null ? `<span>${formatDuration(r.duration)} each</span>` : ''}<span>baseline <b>${esc(r.baseline)}</b></span><span>${level} Student-t intervals over seeds</span></p>
<p class="legend">${r.policies.map((p) => `<span class="key"><span class="dot" style="background:${policyColor(r, p.name)}"></span>${esc(p.name)}</span>`).join('')} <span class="muted">· dashed line: the baseline's mean · * the paired difference to the baseline excludes 0</span></p>
${sections.join('\n')}
</body></html>
`;
}

const BENCH_CSS = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1180px;padding:20px 24px 60px;color:#111827;background:#fafafa}
h1{margin:0 0 2px;font-size:26px}h2{margin:28px 0 10px;border-bottom:1px solid #e5e7eb;padding-bottom:4px;font-size:20px}
.desc{margin:0 0 8px;color:#374151}.muted{color:#6b7280;font-weight:normal;font-size:14px}
.facts{display:flex;flex-wrap:wrap;gap:4px 16px}
.metrics{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:12px;margin:12px 0}
.tradeoff{max-width:600px}
table{border-collapse:collapse;width:100%;margin:8px 0;background:#fff}td,th{border-bottom:1px solid #eef0f3;padding:4px 8px;text-align:left}
th{background:#f3f4f6;font-weight:600}table.num td:not(:first-child),table.num th:not(:first-child){text-align:right;font-variant-numeric:tabular-nums}
td.sig{font-weight:700}table.num td{white-space:nowrap}
.dot{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:6px;vertical-align:middle}
`;
