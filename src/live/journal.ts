/**
 * The replay journal: `replay-journal.jsonl` in the run folder records every write `kubesim
 * replay --dry-run=none` applied, one JSON line each, appended as soon as the API server
 * accepted it. A later replay of the same run against the same cluster skips the recorded
 * writes (a rerun applies only what is missing) and `--resume` continues after a failure.
 *
 * Line 1 is a header `{"journal":1,"server":…,"context":…,"events":"sha256:…"}`; every other
 * line is `{"step":"12.0","line":12,"write":"scale Deployment shop/web to 5","at":"…"}` (step =
 * events.jsonl line and the index of the write among that line's writes).
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../cli/errors.ts';
import { fsUserError } from '../util/files.ts';

export const JOURNAL_FILE = 'replay-journal.jsonl';

/** What the journal is about. */
export interface JournalHeader {
  journal: 1;
  server: string;
  context: string;
  /** sha256 of events.jsonl: a journal is only valid for the run it was written for. */
  events: string;
}

/** One applied write. */
export interface JournalEntry {
  step: string;
  line: number;
  write: string;
  at: string;
}

/** sha256 of a file's bytes, as `sha256:hex`. */
export function fileDigest(file: string): string {
  return `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
}

/** The journal of one run folder for one cluster. */
export class ReplayJournal {
  readonly file: string;
  /** Steps applied by earlier replays (read when opened). */
  readonly earlier = new Map<string, JournalEntry>();
  /** Steps applied by this replay. */
  readonly now: JournalEntry[] = [];

  private constructor(
    dir: string,
    private readonly header: JournalHeader,
  ) {
    this.file = join(dir, JOURNAL_FILE);
  }

  /**
   * Opens (or starts) the journal of `dir` for `header`'s cluster and events. A journal written
   * for another cluster or another events.jsonl is a UserError (exit 2), so is `resume` with no
   * journal to resume from.
   */
  static open(dir: string, header: Omit<JournalHeader, 'journal'>, opts: { resume?: boolean } = {}): ReplayJournal {
    const j = new ReplayJournal(dir, { journal: 1, ...header });
    if (!existsSync(j.file)) {
      if (opts.resume) throw new UserError(`nothing to resume: no ${JOURNAL_FILE} here (it is written by \`kubesim replay --dry-run=none\`)`, { location: { file: j.file } });
      // started at once, so a replay that fails at its first write can be resumed too
      appendFileSync(j.file, JSON.stringify(j.header) + '\n');
      return j;
    }
    let text: string;
    try {
      text = readFileSync(j.file, 'utf8');
    } catch (err) {
      throw fsUserError(err, j.file, 'replay journal');
    }
    const lines = text.split('\n');
    lines.forEach((l, i) => {
      if (!l.trim()) return;
      let v: Record<string, unknown>;
      try {
        v = JSON.parse(l) as Record<string, unknown>;
      } catch {
        // a line cut by a crash mid-append: only the last line can be, and it recorded nothing complete
        if (i >= lines.length - 2) return;
        throw new UserError('not JSON: the journal is damaged; move it away to replay from the start', { location: { file: j.file, line: i + 1 } });
      }
      if (i === 0) {
        if (v.journal !== 1) throw new UserError('not a kubesim replay journal (line 1 is not its header)', { location: { file: j.file, line: 1 } });
        if (v.server !== header.server || v.context !== header.context) {
          throw new UserError(
            `this journal records writes to another cluster (${String(v.server)}, context ${String(v.context)}), not ${header.server} (context ${header.context}); move it away to replay to this cluster`,
            { location: { file: j.file, line: 1 } },
          );
        }
        if (v.events !== header.events) {
          throw new UserError('events.jsonl changed since this journal was written (the run was redone?); move the journal away to replay the new run', { location: { file: j.file, line: 1 } });
        }
        return;
      }
      if (typeof v.step === 'string') j.earlier.set(v.step, v as unknown as JournalEntry);
    });
    return j;
  }

  /** True when an earlier replay applied `step`. */
  applied(step: string): boolean {
    return this.earlier.has(step);
  }

  /** Records an applied write (appended at once: a crash right after loses nothing). */
  record(step: string, line: number, write: string): void {
    const entry: JournalEntry = { step, line, write, at: new Date().toISOString() };
    appendFileSync(this.file, JSON.stringify(entry) + '\n');
    this.now.push(entry);
  }
}
