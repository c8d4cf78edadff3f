/**
 * `kubesim run SCENARIO`: runs a scenario and writes result.json, events.jsonl, summary.md and
 * report.html. Exit 0 when every expectation held, 1 when one failed (which and when), 2 on bad input.
 */
import { basename, extname, join } from 'node:path';
import type { Argv } from 'yargs';
import { formatDuration } from '../../engine/time.ts';
import { EXIT_EXPECT_FAILED, EXIT_OK } from '../errors.ts';
import { createProgress, formatWall, progressMode, simulationProgressText, type SimulationCounts } from '../progress.ts';
import type { Engine } from '../../engine/engine.ts';
import type { CommandModule } from './index.ts';

/** The `run` command. */
export const runCommand: CommandModule = {
  command: 'run <scenario>',
  describe: 'Run a scenario file and write its report (result.json, events.jsonl, summary.md, report.html)',
  builder: (y: Argv) =>
    y
      .positional('scenario', { type: 'string', describe: 'Scenario file (kind: Scenario, apiVersion kubesim.io/v1alpha1)' })
      .option('seed', { type: 'string', describe: "Overrides the scenario's seed" })
      .option('out', { alias: 'o', type: 'string', describe: 'Output folder (default reports/<scenario name>)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print result.json to stdout instead of the summary' })
      .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No progress (the bar on a terminal, a line every 5 s elsewhere)' })
      .option('force', { type: 'boolean', default: false, describe: 'Run even when the size estimate exceeds the memory this process may use (give node more heap with NODE_OPTIONS=--max-old-space-size=MiB)' })
      .example('$0 run scenarios/quickstart.yaml', 'run and write reports/quickstart/')
      .example('$0 run scenarios/node-failure.yaml --seed 7 --out /tmp/nf', 'another seed, another folder'),
  run: async (args) => {
    // loaded here, not at the top, so that `kubesim --help` does not load the engine
    const { runScenario } = await import('../../engine/simulation.ts');
    const { writeRunOutputs, resultJson } = await import('../../report/outputs.ts');
    const { loadScenario } = await import('../../scenario/load.ts');
    const file = args.scenario as string;
    const scenario = loadScenario(file, { force: args.force === true });
    const seed = args.seed !== undefined ? (/^-?\d+$/.test(String(args.seed)) ? Number(args.seed) : String(args.seed)) : undefined;
    const progress = createProgress({ mode: progressMode(args.quiet === true), label: `kubesim run ${scenario.name || basename(file)}` });
    const duration = scenario.duration;
    // When the engine passes itself as a third argument, pods and pending are shown too.
    const onProgress = (now: number, total: number, engine?: Engine): void =>
      progress.report((wall) => {
        const counts: SimulationCounts | undefined = engine ? { pods: engine.cluster.pods.size, pending: engine.cluster.pendingPods.size } : undefined;
        return simulationProgressText(now, total, wall, counts);
      });
    const result = await runScenario(scenario, { seed, onProgress });
    progress.done((wall) => `done: ${formatDuration(duration)} simulated in ${formatWall(wall)} wall`);
    const out = (args.out as string | undefined) ?? join('reports', scenario.name || basename(file, extname(file)));
    const written = writeRunOutputs(result, out);
    const failed = result.expectations.filter((x) => !x.passed);
    if (args.json) process.stdout.write(JSON.stringify(resultJson(result), null, 2) + '\n');
    else {
      const lines: string[] = [];
      lines.push(`${scenario.name}: ${formatDuration(scenario.duration)} simulated in ${result.wallSeconds.toFixed(2)} s (seed ${String(result.seed)})`);
      for (const x of result.expectations) lines.push(`  ${x.passed ? 'ok  ' : 'FAIL'} ${x.text} — ${x.observed}${x.failedAt !== undefined ? `, first violated at ${formatDuration(x.failedAt)}` : ''}`);
      lines.push(`Report: ${join(written.dir, 'report.html')} (also summary.md, result.json, events.jsonl in ${written.dir})`);
      process.stdout.write(lines.join('\n') + '\n');
    }
    if (failed.length) {
      process.stderr.write(`${failed.length} expectation(s) failed: ${failed.map((x) => `#${x.index + 1} "${x.text}"${x.failedAt !== undefined ? ` at ${formatDuration(x.failedAt)}` : ''}`).join('; ')}\n`);
      return EXIT_EXPECT_FAILED;
    }
    return EXIT_OK;
  },
};
