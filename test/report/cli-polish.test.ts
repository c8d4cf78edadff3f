/**
 * CLI polish (issue 12 point 6): unknown flags and commands answered as kubectl does ("unknown
 * flag --sed; did you mean --seed?", exit 2), every `--help` example names files that exist, shell
 * completion, --version.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closest, main, packageVersion, unknownArgumentMessage } from '../../src/cli/main.ts';

afterEach(() => vi.restoreAllMocks());

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  const logs = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void (out += a.join(' ') + '\n'));
  const code = await main(args);
  logs.mockRestore();
  vi.restoreAllMocks();
  return { code, out, err };
}

describe('unknown flags and commands', () => {
  it('suggests the closest flag or command', () => {
    expect(closest('sed', ['help', 'seed', 'out'])).toBe('seed');
    expect(closest('worker', ['workers', 'out'])).toBe('workers');
    expect(closest('bogus', ['seed', 'out', 'json'])).toBeUndefined();
    expect(unknownArgumentMessage('Unknown argument: sed', ['run', 'x.yaml', '--sed', '3'], ['seed', 'out'], ['run'], 'run')).toBe("unknown flag --sed; did you mean --seed?\nSee 'kubesim run --help' for usage.");
    expect(unknownArgumentMessage('Unknown arguments: rn, x', ['rn', 'x'], ['help'], ['run', 'bench'], undefined)).toBe('unknown command "rn"; did you mean run?\nSee \'kubesim --help\' for usage.');
    expect(unknownArgumentMessage('Missing required argument: scenario', ['run'], [], ['run'], 'run')).toBeUndefined();
  });

  it('kubesim run X --sed 3: exit 2, "unknown flag --sed; did you mean --seed?"', async () => {
    const r = await cli(['run', 'scenarios/quickstart.yaml', '--sed', '3']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('error: unknown flag --sed; did you mean --seed?');
    expect(r.err).not.toContain('Unknown argument');
  });

  it('kubesim bench X --worker 2 and kubesim rn: the suggestion, exit 2', async () => {
    const b = await cli(['bench', 'scenarios/bench/scheduler-policies.yaml', '--worker', '2']);
    expect(b.code).toBe(2);
    expect(b.err).toContain('unknown flag --worker; did you mean --workers?');
    const c = await cli(['rn', 'scenarios/quickstart.yaml']);
    expect(c.code).toBe(2);
    expect(c.err).toContain('unknown command "rn"; did you mean run?');
    expect(c.err).not.toContain('Did you mean run?');
  });
});

describe('help, version, completion', () => {
  it('every --help example names files that exist', () => {
    const dir = 'src/cli/commands';
    const missing: string[] = [];
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts'))) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const m of src.matchAll(/\.example\(\s*'([^']*)'/g))
        for (const word of m[1].split(/\s+/)) if (/^(scenarios|examples|docs)\/.*\.(ya?ml|ts|csv|md)$/.test(word) && !existsSync(word)) missing.push(`${f}: ${word}`);
    }
    expect(missing).toEqual([]);
  });

  it('--version prints the package version; completion prints a bash/zsh script', async () => {
    const v = await cli(['--version']);
    expect(v.out.trim()).toBe(packageVersion());
    const c = await cli(['completion']);
    expect(c.out).toContain('kubesim completion >> ~/.bashrc');
    expect(c.out).toContain('--get-yargs-completions');
  });
});
