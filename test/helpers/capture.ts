/** Captures a CLI run's stdout/stderr (and console.log, which yargs uses for --help) in tests. */
import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Registers hooks that reset the capture before each test and restore the real streams after.
 * `reset` clears the caller's buffers; `out`/`err` receive what is written.
 */
export function captureOutput(reset: () => void, out: (s: string) => void, err: (s: string) => void): void {
  beforeEach(() => {
    reset();
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (out(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (err(String(s)), true));
    vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => out(a.join(' ') + '\n'));
  });
  afterEach(() => vi.restoreAllMocks());
}
