/**
 * Issue 14, file-system errors: symbolic-link loops, dangling links, folders where files are
 * expected, unreadable files → a located message and exit 2, never a stack trace.
 */
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { UserError } from '../../src/cli/errors.ts';
import { listManifestFiles, loadManifests } from '../../src/manifests/index.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { readCsvColumn } from '../../src/scenario/csv.ts';
import { readSchedulerConfig } from '../../src/scheduler/setup.ts';
import { loadPluginModule } from '../../src/scheduler/custom-plugins.ts';
import { captureOutput } from '../helpers/capture.ts';

let out = '';
let err = '';
captureOutput(
  () => {
    out = '';
    err = '';
  },
  (s) => void (out += s),
  (s) => void (err += s),
);

const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

const NODE = 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}\n';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'kubesim-fs-'));
}

function userError(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

async function userErrorAsync(f: () => Promise<unknown>): Promise<UserError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

function scenario(dir: string, extra: string): string {
  const f = join(dir, 'scenario.yaml');
  writeFileSync(
    f,
    `apiVersion: kubesim.io/v1alpha1
kind: Scenario
metadata: {name: fs}
duration: 10m
cluster:
  nodes:
    - {count: 1, template: {status: {allocatable: {cpu: "2", memory: 4Gi, pods: "110"}}}}
${extra}`,
  );
  return f;
}

describe('manifest folder walk', () => {
  it('a symbolic link to an ancestor folder (a loop) is a located error, exit 2', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'node.yaml'), NODE);
    mkdirSync(join(dir, 'sub'));
    symlinkSync('..', join(dir, 'sub', 'up'));
    const e = userError(() => listManifestFiles([dir]));
    expect(e.format()).toContain(join(dir, 'sub', 'up'));
    expect(e.message).toMatch(/symbolic link loop/);
    expect(await main(['validate', dir])).toBe(2);
    expect(err).toMatch(/^error: .*sub\/up: symbolic link loop/);
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('a self-referencing link (ELOOP) named *.yaml is a located error', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'node.yaml'), NODE);
    symlinkSync('self.yaml', join(dir, 'self.yaml'));
    const e = userError(() => listManifestFiles([dir]));
    expect(e.format()).toBe(`${join(dir, 'self.yaml')}: symbolic link loop (too many levels of symbolic links)`);
    expect(await main(['validate', join(dir, 'self.yaml')])).toBe(2);
    expect(err).toContain('symbolic link loop');
  });

  it('a dangling link named *.yaml is a located error naming its target; one with another name is skipped', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'node.yaml'), NODE);
    symlinkSync('gone.yaml', join(dir, 'broken.yaml'));
    const e = userError(() => loadManifests([dir]));
    expect(e.format()).toBe(`${join(dir, 'broken.yaml')}: dangling symbolic link: its target gone.yaml does not exist`);
    expect(await main(['validate', dir])).toBe(2);
    expect(err).toContain('dangling symbolic link');

    const ok = tmp();
    writeFileSync(join(ok, 'node.yaml'), NODE);
    symlinkSync('gone', join(ok, 'README'));
    expect(listManifestFiles([ok])).toEqual([join(ok, 'node.yaml')]);
  });

  it('a folder link that is not a loop is followed', () => {
    const dir = tmp();
    const other = tmp();
    writeFileSync(join(other, 'node.yaml'), NODE);
    symlinkSync(other, join(dir, 'linked'));
    expect(listManifestFiles([dir])).toEqual([join(dir, 'linked', 'node.yaml')]);
  });

  it.skipIf(IS_ROOT)('an unreadable manifest file or folder is a located error (skipped as root: root reads anything)', async () => {
    const dir = tmp();
    const f = join(dir, 'node.yaml');
    writeFileSync(f, NODE);
    chmodSync(f, 0o000);
    expect(userError(() => loadManifests([dir])).format()).toBe(`${f}: permission denied (the file cannot be read by this user)`);
    const d2 = tmp();
    mkdirSync(join(d2, 'locked'));
    writeFileSync(join(d2, 'node.yaml'), NODE);
    chmodSync(join(d2, 'locked'), 0o000);
    expect(userError(() => loadManifests([d2])).format()).toContain('locked: cannot list folder: permission denied');
    expect(await main(['validate', dir])).toBe(2);
  });
});

describe('scenario file and the files it names', () => {
  it('a folder given as the scenario file (EISDIR) → exit 2', async () => {
    const dir = tmp();
    expect(userError(() => loadScenario(dir)).format()).toBe(`${dir}: scenario file: is a folder, expected a file`);
    expect(await main(['run', dir, '--out', join(dir, 'out'), '--quiet'])).toBe(2);
    expect(err).toContain('is a folder, expected a file');
    expect(err).not.toMatch(/\n\s+at /);
  });

  it('a dangling or looping scenario link → located errors', () => {
    const dir = tmp();
    symlinkSync('nowhere.yaml', join(dir, 's.yaml'));
    expect(userError(() => loadScenario(join(dir, 's.yaml'))).message).toBe('scenario file: dangling symbolic link: its target nowhere.yaml does not exist');
    symlinkSync('loop.yaml', join(dir, 'loop.yaml'));
    expect(userError(() => loadScenario(join(dir, 'loop.yaml'))).message).toMatch(/symbolic link loop/);
    expect(userError(() => loadScenario(join(dir, 'missing.yaml'))).message).toBe('scenario file not found');
  });

  it.skipIf(IS_ROOT)('an unreadable scenario file → exit 2 (skipped as root: root reads anything)', () => {
    const dir = tmp();
    const f = scenario(dir, '');
    chmodSync(f, 0o000);
    expect(userError(() => loadScenario(f)).message).toMatch(/permission denied/);
  });

  it('a load CSV that is a folder → located at the csv field', () => {
    const dir = tmp();
    mkdirSync(join(dir, 'load.csv'));
    const f = scenario(dir, 'workloads:\n  - target: Deployment/web\n    load: {csv: load.csv, column: rps}\n');
    const e = userError(() => loadScenario(f));
    expect(e.format()).toMatch(/scenario\.yaml:\d+:\d+: Scenario fs: workloads\[0\]\.load\.csv: CSV file: is a folder, expected a file/);
    expect(userError(() => readCsvColumn(join(dir, 'load.csv'), 'rps')).message).toBe('CSV file: is a folder, expected a file');
  });

  it('a scheduler config that is a folder, a dangling link or a loop → located errors (no EISDIR)', async () => {
    const dir = tmp();
    expect(userError(() => readSchedulerConfig(dir)).format()).toBe(`${dir}: scheduler configuration file: is a folder, expected a file`);
    symlinkSync('x.yaml', join(dir, 'cfg.yaml'));
    expect(userError(() => readSchedulerConfig(join(dir, 'cfg.yaml'))).message).toMatch(/dangling symbolic link/);
    symlinkSync('l.yaml', join(dir, 'l.yaml'));
    expect(userError(() => readSchedulerConfig(join(dir, 'l.yaml'))).message).toMatch(/symbolic link loop/);
    const f = scenario(dir, `scheduler: {config: ${dir}}\n`);
    expect(await main(['run', f, '--out', join(dir, 'out'), '--quiet'])).toBe(2);
    expect(err).toContain('is a folder, expected a file');
  });

  it('a plugin path that is a folder, a dangling link or a loop → located errors', async () => {
    const dir = tmp();
    expect((await userErrorAsync(() => loadPluginModule(dir))).message).toMatch(/is a folder/);
    symlinkSync('x.ts', join(dir, 'p.ts'));
    expect((await userErrorAsync(() => loadPluginModule(join(dir, 'p.ts')))).message).toMatch(/dangling symbolic link/);
    symlinkSync('l.ts', join(dir, 'l.ts'));
    expect((await userErrorAsync(() => loadPluginModule(join(dir, 'l.ts')))).message).toMatch(/symbolic link loop/);
  });

  it('a binary file as manifests → a located YAML error, exit 2', async () => {
    const dir = tmp();
    const f = join(dir, 'bin.yaml');
    writeFileSync(f, Buffer.from([0, 1, 2, 0xff, 0xfe, 0x7b, 0x0a, 0x00, 0x3a]));
    expect(await main(['validate', f])).toBe(2);
    expect(err).toMatch(/^error: .*bin\.yaml/);
  });
});

describe('describeFsError (the reasons, including those root never meets)', () => {
  it('names each error code without a stack', async () => {
    const { describeFsError, fsUserError } = await import('../../src/util/files.ts');
    const e = (code: string): Error => Object.assign(new Error(`${code}: x, open '/f'\n    at y`), { code });
    expect(describeFsError(e('EACCES'), '/nonexistent')).toBe('permission denied (the file cannot be read by this user)');
    expect(describeFsError(e('EPERM'), '/nonexistent')).toBe('permission denied (the file cannot be read by this user)');
    expect(describeFsError(e('EISDIR'), '/nonexistent')).toBe('is a folder, expected a file');
    expect(describeFsError(e('ELOOP'), '/nonexistent')).toMatch(/symbolic link loop/);
    expect(describeFsError(e('EIO'), '/nonexistent')).toBe("cannot read: EIO EIO: x, open '/f'");
    expect(fsUserError(e('EACCES'), '/f', 'CSV file').format()).toBe('/f: CSV file: permission denied (the file cannot be read by this user)');
  });
});
