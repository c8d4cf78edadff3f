/**
 * The compiled package (dist/, built by `npm run build`, which `npm test` and `npm ci` run first):
 * the bin runs it (version, a TypeScript plugin loaded through tsx on demand, bench workers on
 * compiled code), `import ... from 'kubesim'` resolves through package.json `exports` from plain
 * Node with type declarations, and `npm pack` ships only what a user needs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeBench } from '../../src/bench/analyze.ts';
import { loadBench } from '../../src/bench/load.ts';
import { benchJson } from '../../src/bench/report.ts';
import { executeJobs, prepareBench } from '../../src/bench/run.ts';
import { DEFAULT_PAGE_SIZE } from '../../src/live/import.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/kubesim.mjs');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; files: string[] };

/** Runs the bin (compiled code) with stdout and stderr piped. */
function kubesim(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli/main.js')) || !existsSync(join(ROOT, 'dist/bench/worker-entry.mjs'))) {
    throw new Error('dist/ is missing or incomplete: run `npm run build` first (`npm test` does)');
  }
});

describe('the bin runs dist/', () => {
  it('--version prints the package version', () => {
    const r = kubesim(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('--help lists the commands and the import default page size without loading the Kubernetes client', () => {
    const r = kubesim(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['run', 'validate', 'explain', 'schedule', 'bench', 'import', 'replay']) expect(r.stdout).toMatch(new RegExp(`kubesim ${c}\\b`));
    // the import command's help shows the importer's default without importing it
    const imp = kubesim(['import', '--help']);
    expect(imp.stdout).toContain(`[default: ${DEFAULT_PAGE_SIZE}]`);
  });

  it('loads a TypeScript scheduler plugin through tsx, only when one is given', () => {
    const r = kubesim([
      'schedule',
      '-m',
      'test/fixtures/scheduler/clusters/small.yaml',
      '-m',
      'test/fixtures/scheduler/clusters/workloads.yaml',
      '--plugin',
      'examples/plugins/gpu-binpack.ts',
      '--json',
      '-o',
      join(mkdtempSync(join(tmpdir(), 'kubesim-dist-')), 'b.json'),
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).bindings.length).toBeGreaterThan(0);
  });

  it('bench workers run the compiled worker and give the same JSON as the sources in-process', async () => {
    const bench = join(ROOT, 'test/bench/fixtures/least-vs-most.yaml');
    const r = kubesim(['bench', bench, '--workers', '2', '--json', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const p = await prepareBench(loadBench(bench));
    expect(r.stdout).toBe(benchJson(analyzeBench(p.spec, p.scenarioNames, await executeJobs(p.jobs, { workers: 1 }))));
  });

  it('a TypeScript plugin on a compiled bench worker is loaded (its error names the run)', () => {
    const fix = join(ROOT, 'test/bench/fixtures');
    const f = join(mkdtempSync(join(tmpdir(), 'kubesim-dist-')), 'throwing.yaml');
    writeFileSync(f, `apiVersion: kubesim.io/v1alpha1\nkind: Bench\nmetadata: { name: boom }\nscenarios: [ ${fix}/bookinfo.yaml ]\npolicies:\n  bad: { plugins: [ ${fix}/throwing-plugin.ts ] }\nseeds: [1, 2]\n`);
    const r = kubesim(['bench', f, '--workers', '2', '--quiet']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/run bookinfo × bad × seed [12] failed: score exploded/);
  });
});

describe("the package: import from 'kubesim'", () => {
  /** A folder outside the project with node_modules/kubesim → the project, as after `npm install kubesim`. */
  function consumer(): string {
    const dir = mkdtempSync(join(tmpdir(), 'kubesim-consumer-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules/kubesim'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    return dir;
  }

  it('resolves to dist/index.js from plain Node', () => {
    const dir = consumer();
    writeFileSync(
      join(dir, 'main.mjs'),
      [
        "import { parseQuantity, loadScenario, runScenario, Scheduler, reconcile } from 'kubesim';",
        "console.log(JSON.stringify({ q: parseQuantity('1500m') !== undefined, fns: [loadScenario, runScenario, Scheduler, reconcile].map((f) => typeof f), url: import.meta.resolve('kubesim') }));",
      ].join('\n'),
    );
    const r = spawnSync(process.execPath, ['main.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { q: boolean; fns: string[]; url: string };
    expect(out.fns).toEqual(['function', 'function', 'function', 'function']);
    expect(out.url).toMatch(/\/dist\/index\.js$/);
  });

  it("type-checks a TypeScript consumer against dist's declarations", () => {
    const dir = consumer();
    writeFileSync(
      join(dir, 'main.ts'),
      [
        "import { parseQuantity, loadScenario, type Scenario, type Pod } from 'kubesim';",
        'const s: Scenario = loadScenario(\'x.yaml\');',
        "const p: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, spec: { containers: [] } };",
        'export const out = [s.name, p.metadata.name, parseQuantity(\'1\')];',
        '// @ts-expect-error: not exported',
        "import { definitelyNotExported } from 'kubesim';",
        'export { definitelyNotExported };',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')] }, files: ['main.ts'] }),
    );
    const r = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', '.'], { cwd: dir, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('npm pack ships dist, the bin, scenarios, README and LICENSE, and no sources, tests, reports or CI', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/bench/worker-entry.mjs', 'bin/kubesim.mjs', 'README.md', 'LICENSE', 'package.json', 'scenarios/quickstart.yaml']) {
      expect(files).toContain(f);
    }
    const stray = files.filter((f) => /^(src|test|bench|reports|docs|\.ci|examples)\//.test(f) || f === 'bin/run-ts.mjs' || /^tsconfig/.test(f));
    expect(stray).toEqual([]);
  });
});
