/**
 * The `kubesim` command line: yargs with one module per command under src/cli/commands/.
 * Commands return an exit code; bad input is a UserError printed without a stack trace (exit 2).
 */
import { readFileSync } from 'node:fs';
import yargs, { type Argv } from 'yargs';
import { EXIT_BAD_INPUT, UserError } from './errors.ts';
import { commands } from './commands/index.ts';

/** The package's version, from package.json (two folders up from src/cli/ and from dist/cli/ alike). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  // yargs still runs the command after a validation failure handled by .fail(): skip it then
  let failed = false;
  let parser: Argv = yargs(argv)
    .scriptName('kubesim')
    .usage('$0 <command> [options]\n\nSimulates kube-scheduler, the HPA and the workload controllers over real Kubernetes manifests.')
    .strict()
    .demandCommand(1, 'Name a command; see the list above.')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(packageVersion())
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err, y) => {
      if (err) throw err;
      process.stderr.write(`${y.help() && ''}`);
      y.showHelp((s: string) => process.stderr.write(s + '\n'));
      process.stderr.write(`\nError: ${msg}\n`);
      exitCode = EXIT_BAD_INPUT;
      failed = true;
    });
  for (const cmd of commands) {
    parser = parser.command(cmd.command, cmd.describe, cmd.builder, async (args) => {
      if (failed) return;
      exitCode = await cmd.run(args as Record<string, unknown>);
    });
  }
  try {
    await parser.parseAsync();
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(`error: ${err.format()}\n`);
      return EXIT_BAD_INPUT;
    }
    throw err;
  }
  return exitCode;
}
