/**
 * `kubesim compare RUN_A RUN_B`: two result folders (written by `kubesim run --out`) side by side:
 * prints what differs (expectations, peak and final replicas, pending pods and time, nodes, node
 * autoscaling cost and pod wait, event counts) as a table, JSON or YAML, and writes compare.html
 * (both runs drawn on the same axes) and compare.json into --out. Exit 0, or 2 on bad input.
 */
import type { Argv } from 'yargs';
import { EXIT_OK, UserError } from '../errors.ts';
import type { CommandModule } from './index.ts';

/** The `compare` command. */
export const compareCommand: CommandModule = {
  command: 'compare <runA> <runB>',
  describe: 'Compare two run folders: what differs, and compare.html with both runs on the same axes',
  builder: (y: Argv) =>
    y
      .positional('runA', { type: 'string', describe: 'Result folder of run A (kubesim run --out DIR), or its result.json' })
      .positional('runB', { type: 'string', describe: 'Result folder of run B' })
      .option('output', { alias: 'o', type: 'string', choices: ['table', 'json', 'yaml'], default: 'table', describe: 'Output format of the differences' })
      .option('out', { type: 'string', describe: 'Folder for compare.html and compare.json (default reports/compare)' })
      .example('$0 compare reports/quickstart reports/quickstart-seed7', 'what changed between two runs, and reports/compare/compare.html')
      .example('$0 run scenarios/binpack-least.yaml --out /tmp/a && $0 run scenarios/binpack-most.yaml --out /tmp/b && $0 compare /tmp/a /tmp/b -o yaml', 'two policies on the same workload'),
  run: async (args) => {
    const { compareRuns, formatComparison, loadRun, renderComparePage } = await import('../../report/compare.ts');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const a = String(args.runA);
    const b = String(args.runB);
    if (a === b) throw new UserError(`compare: both runs are ${a}; name two result folders`);
    const A = loadRun(a, 'A');
    const B = loadRun(b, 'B');
    const c = compareRuns(A, B);
    const out = (args.out as string | undefined) ?? join('reports', 'compare');
    mkdirSync(out, { recursive: true });
    const html = join(out, 'compare.html');
    writeFileSync(html, renderComparePage(A, B, c));
    writeFileSync(join(out, 'compare.json'), JSON.stringify(c, null, 2) + '\n');
    const format = (args.output as string | undefined) ?? 'table';
    if (format === 'json') process.stdout.write(JSON.stringify(c, null, 2) + '\n');
    else if (format === 'yaml') {
      const { dump } = await import('js-yaml');
      process.stdout.write(dump(c, { lineWidth: 200, noRefs: true }));
    } else {
      process.stdout.write(formatComparison(c));
      process.stdout.write(`\nCharts: ${html} (also compare.json)\n`);
    }
    return EXIT_OK;
  },
};
