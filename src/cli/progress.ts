/**
 * Progress of long commands on stderr, so a run never looks dead. On a terminal: one live line
 * redrawn in place (a bar) once the command has run a second, erased when the command ends. Anywhere else (CI, a log file, `| tee`):
 * a plain line every few seconds of wall time — none for a short run — and a closing line if any was
 * printed. `--quiet` silences both. The interval of plain lines is KUBESIM_PROGRESS_INTERVAL_MS
 * (default 5000 ms; tests set it small). This module loads nothing heavy: the CLI imports it at start-up.
 */
import { formatDuration } from '../engine/time.ts';

/** How progress is shown: a redrawn line on a terminal, plain lines elsewhere, or nothing. */
export type ProgressMode = 'bar' | 'lines' | 'off';

/** Milliseconds between plain progress lines. */
export const DEFAULT_PROGRESS_INTERVAL_MS = 5000;

/** A terminal bar appears only after this long. */
const BAR_DELAY_MS = 1000;

/** The interval of plain lines: KUBESIM_PROGRESS_INTERVAL_MS when it is a non-negative number, else 5 s. */
export function progressIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.KUBESIM_PROGRESS_INTERVAL_MS;
  if (v === undefined || v.trim() === '') return DEFAULT_PROGRESS_INTERVAL_MS;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : DEFAULT_PROGRESS_INTERVAL_MS;
}

/** The mode for a command: off with --quiet, a bar on a terminal (not under CI), plain lines otherwise. */
export function progressMode(quiet: boolean, stream: { isTTY?: boolean } = process.stderr, env: NodeJS.ProcessEnv = process.env): ProgressMode {
  if (quiet) return 'off';
  return stream.isTTY === true && !env.CI ? 'bar' : 'lines';
}

/** What a command reports each time: `bar` is the terminal line, `line` the plain one (without prefix). */
export interface ProgressText {
  bar: string;
  line: string;
}

/** A progress sink. `report` is cheap when nothing is due (it only reads the clock). */
export interface Progress {
  /** Reports the current state; `text` is called only when something will be printed. */
  report(text: (wallSeconds: number) => ProgressText): void;
  /** Ends progress: erases the bar, or prints `final` as a closing plain line if any line was printed. */
  done(final?: (wallSeconds: number) => string): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  mode: ProgressMode;
  /** Prefix of plain lines, e.g. `kubesim run quickstart`. */
  label: string;
  /** Defaults to {@link progressIntervalMs}. */
  intervalMs?: number;
  /** Defaults to process.stderr.write. */
  write?: (s: string) => void;
  /** Wall clock in ms (tests). */
  now?: () => number;
}

/** A progress sink for one command. */
export function createProgress(opts: ProgressOptions): Progress {
  if (opts.mode === 'off') return { report: () => {}, done: () => {} };
  const write = opts.write ?? ((s: string) => void process.stderr.write(s));
  const now = opts.now ?? (() => performance.now());
  const started = now();
  const wall = (): number => (now() - started) / 1000;
  if (opts.mode === 'bar') {
    let last = '';
    // nothing for the first second (a short command does not flash a bar), then at most 10 redraws a second
    let lastAt = started + BAR_DELAY_MS - 100;
    return {
      report(text) {
        const t = now();
        if (t - lastAt < 100) return;
        lastAt = t;
        const s = `\r${text(wall()).bar}`;
        if (s !== last) write(s);
        last = s;
      },
      done() {
        if (last) write('\r' + ' '.repeat(last.length) + '\r');
      },
    };
  }
  const interval = opts.intervalMs ?? progressIntervalMs();
  let nextAt = started + interval;
  let printed = false;
  return {
    report(text) {
      const t = now();
      if (t < nextAt) return;
      nextAt = t + interval;
      printed = true;
      write(`${opts.label}: ${text(wall()).line}\n`);
    },
    done(final) {
      if (printed && final) write(`${opts.label}: ${final(wall())}\n`);
    },
  };
}

/** `12,345` */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Wall seconds as `4.2 s` or `1m 05s`. */
export function formatWall(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  return `${m}m ${String(Math.floor(seconds - m * 60)).padStart(2, '0')}s`;
}

/** The counts a running simulation shows next to its time (from the engine's cluster). */
export interface SimulationCounts {
  pods: number;
  pending: number;
}

/** Progress text of a simulation at simulated second `now` of `total`. */
export function simulationProgressText(now: number, total: number, wallSeconds: number, counts?: SimulationCounts): ProgressText {
  const f = total > 0 ? Math.min(1, now / total) : 1;
  const width = 30;
  const bar = '█'.repeat(Math.round(f * width)).padEnd(width, '░');
  const pct = `${(f * 100).toFixed(0).padStart(3)}%`;
  const rate = wallSeconds > 0 && now > 0 ? `${formatCount(now / wallSeconds)}× real time` : '';
  const pods = counts ? `${formatCount(counts.pods)} pods, ${formatCount(counts.pending)} pending` : '';
  return {
    bar: [`${bar} ${pct}  ${formatDuration(now)} / ${formatDuration(total)} simulated`, pods].filter(Boolean).join(', '),
    line: [`${formatDuration(now)} / ${formatDuration(total)} simulated (${pct.trim()})`, `${formatWall(wallSeconds)} wall`, rate, pods].filter(Boolean).join(', '),
  };
}
