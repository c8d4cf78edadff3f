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

/** Edit distance (Levenshtein) of two short strings. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length];
}

/** The closest of `known` to `word` (a prefix, or within a third of its length in edits), if any. */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const dist = k.startsWith(word) || word.startsWith(k) ? Math.abs(k.length - word.length) * 0.5 : editDistance(word, k);
    if (dist < bestD) ((bestD = dist), (best = k));
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/**
 * yargs' "Unknown argument(s): x" as kubectl says it: `unknown flag --bogus; did you mean --bench?`
 * or `unknown command "rn"; did you mean run?`. Undefined for other messages.
 */
export function unknownArgumentMessage(msg: string, argv: readonly string[], flags: readonly string[], commandNames: readonly string[], command: string | undefined): string | undefined {
  const m = /^Unknown arguments?: (.+)$/.exec(msg);
  if (!m) return undefined;
  const words = m[1].split(', ');
  const lines: string[] = [];
  for (const w of words) {
    const flag = argv.find((a) => a === `--${w}` || a.startsWith(`--${w}=`) || a === `-${w}`);
    if (flag) {
      const dash = flag.startsWith('--') ? '--' : '-';
      const s = closest(w, flags.filter((f) => f.length > 1));
      lines.push(`unknown flag ${dash}${w}${s ? `; did you mean --${s}?` : ''}`);
    } else if (!command && argv.find((a) => !a.startsWith('-')) === w) {
      const s = closest(w, commandNames);
      lines.push(`unknown command "${w}"${s ? `; did you mean ${s}?` : ''}`);
      break;
    } else lines.push(`unexpected argument "${w}"`);
  }
  const help = command ? `kubesim ${command} --help` : 'kubesim --help';
  return `${lines.join('\n')}\nSee '${help}' for usage.`;
}

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  // yargs still runs the command after a validation failure handled by .fail(): skip it then
  let failed = false;
  // the flags of the command being parsed (for "did you mean")
  let flags: string[] = ['help', 'version'];
  let current: string | undefined;
  const commandNames = [...commands.map((c) => c.command.split(' ')[0]), 'completion'];
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
    .completion('completion', 'Print a bash/zsh completion script (kubesim completion >> ~/.bashrc)')
    .fail((msg, err, y) => {
      if (err) throw err;
      // recommendCommands' "Did you mean run?" comes first; the unknown-command line that follows says it
      if (msg && /^Did you mean /.test(msg)) {
        exitCode = EXIT_BAD_INPUT;
        failed = true;
        return;
      }
      const unknown = msg ? unknownArgumentMessage(msg, argv, flags, commandNames, current) : undefined;
      if (unknown) {
        process.stderr.write(`error: ${unknown}\n`);
        exitCode = EXIT_BAD_INPUT;
        failed = true;
        return;
      }
      process.stderr.write(`${y.help() && ''}`);
      y.showHelp((s: string) => process.stderr.write(s + '\n'));
      process.stderr.write(`\nError: ${msg}\n`);
      exitCode = EXIT_BAD_INPUT;
      failed = true;
    });
  for (const cmd of commands) {
    const builder = (y: Argv): Argv => {
      const built = cmd.builder(y);
      current = cmd.command.split(' ')[0];
      const o = (built as unknown as { getOptions(): { key: Record<string, unknown>; alias: Record<string, string[]> } }).getOptions();
      flags = [...new Set([...Object.keys(o.key), ...Object.values(o.alias).flat()])];
      return built;
    };
    parser = parser.command(cmd.command, cmd.describe, builder, async (args) => {
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
