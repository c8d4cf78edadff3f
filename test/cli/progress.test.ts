/**
 * Progress on stderr: plain lines every KUBESIM_PROGRESS_INTERVAL_MS when stderr is not a terminal
 * (a pipe here), a bar on a terminal, nothing with --quiet. The CLI cases spawn the bin (dist/, which
 * `npm test` builds first) with stderr piped and an interval of 0 so that even a short run reports.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProgress, DEFAULT_PROGRESS_INTERVAL_MS, progressIntervalMs, progressMode, simulationProgressText } from '../../src/cli/progress.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function kubesim(args: string[], env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/kubesim.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'kubesim-progress-'));

describe('progress mode and interval', () => {
  it('off with --quiet, a bar on a terminal outside CI, plain lines otherwise', () => {
    expect(progressMode(true, { isTTY: true }, {})).toBe('off');
    expect(progressMode(false, { isTTY: true }, {})).toBe('bar');
    expect(progressMode(false, { isTTY: true }, { CI: 'true' })).toBe('lines');
    expect(progressMode(false, { isTTY: false }, {})).toBe('lines');
    expect(progressMode(false, {}, {})).toBe('lines');
  });

  it('KUBESIM_PROGRESS_INTERVAL_MS sets the interval; anything unusable keeps 5 s', () => {
    expect(progressIntervalMs({})).toBe(DEFAULT_PROGRESS_INTERVAL_MS);
    expect(DEFAULT_PROGRESS_INTERVAL_MS).toBe(5000);
    expect(progressIntervalMs({ KUBESIM_PROGRESS_INTERVAL_MS: '250' })).toBe(250);
    expect(progressIntervalMs({ KUBESIM_PROGRESS_INTERVAL_MS: '0' })).toBe(0);
    expect(progressIntervalMs({ KUBESIM_PROGRESS_INTERVAL_MS: '-1' })).toBe(5000);
    expect(progressIntervalMs({ KUBESIM_PROGRESS_INTERVAL_MS: 'soon' })).toBe(5000);
  });
});

describe('plain lines', () => {
  it('one line per interval of wall time, none before the first, a closing line only if one was printed', () => {
    let t = 0;
    const out: string[] = [];
    const p = createProgress({ mode: 'lines', label: 'kubesim run x', intervalMs: 5000, write: (s) => out.push(s), now: () => t });
    const text = (wall: number) => ({ bar: 'bar', line: `at ${wall} s` });
    for (t = 0; t <= 12_000; t += 1000) p.report(text);
    p.done((wall) => `done in ${wall} s`);
    expect(out).toEqual(['kubesim run x: at 5 s\n', 'kubesim run x: at 10 s\n', 'kubesim run x: done in 13 s\n']);

    const quiet: string[] = [];
    t = 0;
    const short = createProgress({ mode: 'lines', label: 'x', intervalMs: 5000, write: (s) => quiet.push(s), now: () => t });
    t = 4000;
    short.report(text);
    short.done(() => 'done');
    expect(quiet).toEqual([]);
  });

  it('the bar waits a second, redraws in place and is erased at the end; off prints nothing', () => {
    let t = 0;
    const out: string[] = [];
    const p = createProgress({ mode: 'bar', label: 'x', write: (s) => out.push(s), now: () => t });
    p.report(() => ({ bar: 'early', line: '' }));
    t = 1500;
    p.report(() => ({ bar: 'half', line: '' }));
    p.done();
    expect(out).toEqual(['\rhalf', '\r     \r']);
    const off: string[] = [];
    const o = createProgress({ mode: 'off', label: 'x', write: (s) => off.push(s), now: () => t });
    o.report(() => ({ bar: 'b', line: 'l' }));
    o.done(() => 'done');
    expect(off).toEqual([]);
  });

  it('a simulation line has simulated time, wall time, rate, and pods and pending when known', () => {
    const t = simulationProgressText(3600, 4 * 3600, 2, { pods: 1234, pending: 5 });
    expect(t.line).toBe('1h0m0s / 4h0m0s simulated (25%), 2.0 s wall, 1,800× real time, 1,234 pods, 5 pending');
    expect(t.bar).toContain('25%');
    expect(simulationProgressText(600, 1200, 65).line).toBe('10m0s / 20m0s simulated (50%), 1m 05s wall, 9× real time');
  });
});

describe('the CLI with stderr piped', () => {
  it('run prints plain progress lines and a closing line; --quiet silences them', () => {
    const r = kubesim(['run', 'scenarios/quickstart.yaml', '--out', tmp()], { KUBESIM_PROGRESS_INTERVAL_MS: '0' });
    expect(r.status).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('kubesim run quickstart: '));
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]).toMatch(/^kubesim run quickstart: \S+ \/ 4h0m0s simulated \(\d+%\), \d+\.\d s wall/);
    expect(lines.at(-1)).toMatch(/^kubesim run quickstart: done: 4h0m0s simulated in \d+\.\d s wall$/);
    expect(r.stderr).not.toContain('\r');

    const q = kubesim(['run', 'scenarios/quickstart.yaml', '--out', tmp(), '--quiet'], { KUBESIM_PROGRESS_INTERVAL_MS: '0' });
    expect(q.status).toBe(0);
    expect(q.stderr).toBe('');
    expect(q.stdout).toMatch(/^quickstart: 4h0m0s simulated in /);
  });

  it('schedule prints progress with the pods scheduled; --quiet silences it', () => {
    const args = ['schedule', '-m', 'test/fixtures/scheduler/clusters/small.yaml', '-m', 'test/fixtures/scheduler/clusters/workloads.yaml'];
    const r = kubesim([...args, '-o', join(tmp(), 'b.json')], { KUBESIM_PROGRESS_INTERVAL_MS: '0' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^kubesim schedule: \d+ \/ \d+ pods scheduled, \d+ failed attempts, \d+\.\d s wall/m);
    expect(r.stderr).toMatch(/^kubesim schedule: done: 5 scheduled, 1 pending in \d+\.\d s wall$/m);
    const q = kubesim([...args, '-o', join(tmp(), 'b.json'), '-q'], { KUBESIM_PROGRESS_INTERVAL_MS: '0' });
    expect(q.status).toBe(0);
    expect(q.stderr).toBe('');
  });

  it('with the default interval a short run prints no progress', () => {
    const r = kubesim(['run', 'scenarios/quickstart.yaml', '--out', tmp()], { KUBESIM_PROGRESS_INTERVAL_MS: '' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});
