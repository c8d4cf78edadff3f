/** Every CLI command, in the order `--help` lists them. */
import type { Argv } from 'yargs';
import { validateCommand } from './validate.ts';
import { explainCommand } from './explain.ts';
import { scheduleCommand } from './schedule.ts';
import { runCommand } from './run.ts';
import { benchCommand } from './bench.ts';
import { importCommand } from './import.ts';
import { replayCommand } from './replay.ts';
import { whyCommand } from './why.ts';
import { compareCommand } from './compare.ts';

/** One CLI command: yargs definition plus a run function returning the exit code. */
export interface CommandModule {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv;
  run: (args: Record<string, unknown>) => Promise<number>;
}

/** Registered commands. Add new commands here. */
export const commands: CommandModule[] = [runCommand, validateCommand, explainCommand, scheduleCommand, benchCommand, importCommand, replayCommand, whyCommand, compareCommand];
