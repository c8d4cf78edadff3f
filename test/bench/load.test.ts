/** BENCH.yaml loading: defaults, seeds, policies, and located errors (file:line, field path) for bad files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/cli/errors.ts';
import { loadBench } from '../../src/bench/load.ts';
import { DEFAULT_METRICS } from '../../src/bench/metrics.ts';
import { prepareBench } from '../../src/bench/run.ts';
import { userErrorOf } from '../helpers/errors.ts';

const FIX = resolve('test/bench/fixtures');
const LEAST = resolve('scenarios/config/least-allocated.yaml');
const MOST = resolve('scenarios/config/most-allocated.yaml');
const dir = mkdtempSync(join(tmpdir(), 'kubesim-bench-load-'));
let n = 0;

/** Writes a bench file (absolute paths inside) and returns its path. */
function bench(text: string): string {
  const f = join(dir, `b${n++}.yaml`);
  writeFileSync(f, text);
  return f;
}

/** A valid bench: with the default scenarios and policies, seeds are at line 10, metrics at 11, and `extra` at 12. */
const GOOD = (over: Partial<Record<'scenarios' | 'policies' | 'seeds' | 'metrics', string>> = {}, extra = ''): string => `apiVersion: kubesim.io/v1alpha1
kind: Bench
metadata:
  name: t
scenarios:
${over.scenarios ?? `  - ${FIX}/bookinfo.yaml`}
policies:
${over.policies ?? `  least: { config: ${LEAST} }\n  most: { config: ${MOST} }`}
seeds: ${over.seeds ?? '[1, 2, 3]'}
metrics: ${over.metrics ?? '[meanUsedNodes]'}
${extra}
`;

describe('loadBench', () => {
  it('reads scenarios, policies in order (the first is the baseline), seeds and metrics', () => {
    const spec = loadBench(bench(GOOD()));
    expect(spec.name).toBe('t');
    expect(spec.scenarios).toEqual([{ path: `${FIX}/bookinfo.yaml`, file: `${FIX}/bookinfo.yaml` }]);
    expect(spec.policies.map((p) => [p.name, p.configFile])).toEqual([
      ['least', LEAST],
      ['most', MOST],
    ]);
    expect(spec.baseline).toBe('least');
    expect(spec.seeds).toEqual([1, 2, 3]);
    expect(spec.metrics).toEqual(['meanUsedNodes']);
    expect(spec.level).toBe(0.95);
    expect(spec.duration).toBeUndefined();
  });

  it('paths are relative to the bench file; `default: {}` is the default profile; {from, count} seeds; default metrics', () => {
    const f = join(FIX, 'least-vs-most.yaml');
    const spec = loadBench(f);
    expect(spec.scenarios[0]).toEqual({ path: 'bookinfo.yaml', file: join(FIX, 'bookinfo.yaml') });
    const s2 = loadBench(bench(GOOD({ policies: '  default: {}\n  packed: { config: ' + MOST + ' }', seeds: '{ from: 10, count: 4 }', metrics: 'null' })));
    expect(s2.policies[0]).toEqual({ name: 'default', configPath: undefined, configFile: undefined, pluginPaths: [], pluginFiles: [] });
    expect(s2.seeds).toEqual([10, 11, 12, 13]);
    expect(s2.metrics).toEqual(DEFAULT_METRICS);
  });

  it('`baseline` names the reference policy and moves it first; duration and confidenceLevel', () => {
    const spec = loadBench(bench(GOOD({}, 'baseline: most\nduration: 2m30s\nconfidenceLevel: 0.9')));
    expect(spec.baseline).toBe('most');
    expect(spec.policies.map((p) => p.name)).toEqual(['most', 'least']);
    expect(spec.duration).toBe(150);
    expect(spec.level).toBe(0.9);
  });

  it('scenario entries may rename: {file, name}; string seeds are allowed', () => {
    const spec = loadBench(bench(GOOD({ scenarios: `  - { file: ${FIX}/bookinfo.yaml, name: bi }`, seeds: '[1, "x"]' })));
    expect(spec.scenarios[0].name).toBe('bi');
    expect(spec.seeds).toEqual([1, 'x']);
  });
});

describe('located errors in bench files', () => {
  const cases: [string, string, RegExp, number | undefined, string | undefined][] = [
    ['an unknown top-level field', GOOD({}, 'seed: 4'), /unknown field \(known: apiVersion/, 12, 'seed'],
    ['a wrong kind', GOOD().replace('kind: Bench', 'kind: Scenario'), /must be "Bench"/, 2, 'kind'],
    ['a missing scenario file', GOOD({ scenarios: `  - ${FIX}/bookinfo.yaml\n  - nope.yaml` }), /file not found: nope\.yaml \(paths are relative to the bench file\)/, 7, 'scenarios[1]'],
    ['an empty scenario list', GOOD({ scenarios: '  []' }), /at least one scenario/, 6, 'scenarios'],
    ['a missing policy config', GOOD({ policies: '  least: { config: missing.yaml }' }), /file not found: missing\.yaml/, 8, 'policies.least.config'],
    ['a missing plugin file', GOOD({ policies: '  least: {}\n  p: { plugins: [ ./gone.ts ] }' }), /file not found: \.\/gone\.ts/, 9, 'policies.p.plugins[0]'],
    ['an unknown policy field', GOOD({ policies: `  least: { configs: ${LEAST} }` }), /unknown field \(known: config, plugins, clusterAutoscaler\)/, 8, 'policies.least.configs'],
    ['a policy that is not a map', GOOD({ policies: '  least: yes' }), /must be a map \{config\?, plugins\?, clusterAutoscaler\?\}/, 8, 'policies.least'],
    ['no policies', GOOD({ policies: '  {}' }), /at least one policy/, 8, 'policies'],
    ['a fractional seed', GOOD({ seeds: '[1, 2.5]' }), /a seed is an integer or a string, got 2\.5/, 10, 'seeds[1]'],
    ['a duplicate seed', GOOD({ seeds: '[4, 5, 4]' }), /duplicate seed 4 \(also seeds\[0\]\)/, 10, 'seeds[2]'],
    ['a boolean seed', GOOD({ seeds: '[true]' }), /a seed is an integer or a non-empty string/, 10, 'seeds[0]'],
    ['no seeds', GOOD({ seeds: '[]' }), /at least one seed/, 10, 'seeds'],
    ['seeds {from} without count', GOOD({ seeds: '{ from: 3 }' }), /required field is missing/, 10, 'seeds.count'],
    ['seeds count 0', GOOD({ seeds: '{ count: 0 }' }), /greater than or equal to 1/, 10, 'seeds.count'],
    ['seeds as a string', GOOD({ seeds: 'many' }), /a list of seeds or a map \{from, count\}/, 10, 'seeds'],
    ['an unknown metric', GOOD({ metrics: '[meanUsedNodes, usedNodes]' }), /unknown metric "usedNodes" \(known: maxPendingPods/, 11, 'metrics[1]'],
    ['a duplicate metric', GOOD({ metrics: '[meanUsedNodes, meanUsedNodes]' }), /duplicate metric/, 11, 'metrics[1]'],
    ['a bad duration', GOOD({}, 'duration: 5 minutes'), /invalid duration "5 minutes"/, 12, 'duration'],
    ['an unknown baseline', GOOD({}, 'baseline: fast'), /no policy named "fast" \(policies: least, most\)/, 12, 'baseline'],
    ['a confidence level of 95', GOOD({}, 'confidenceLevel: 95'), /between 0 and 1/, 12, 'confidenceLevel'],
  ];
  it.each(cases)('%s', (_name, text, message, line, field) => {
    const f = bench(text);
    const err = userErrorOf(() => loadBench(f));
    expect(err.message).toMatch(message);
    expect(err.location?.file).toBe(f);
    expect(err.location?.line).toBe(line);
    expect(err.field).toBe(field);
    expect(err.format()).toContain(`${f}:${line}`);
  });

  it('a missing file and a file with two documents', () => {
    expect(userErrorOf(() => loadBench(join(dir, 'none.yaml'))).format()).toMatch(/none\.yaml: bench file not found/);
    expect(userErrorOf(() => loadBench(bench(GOOD() + '---\n' + GOOD()))).message).toMatch(/exactly one YAML document, found 2/);
  });
});

describe('prepareBench: errors found in the files a bench names, before any run', () => {
  it('a broken scenario file is reported at its own line', async () => {
    const sc = join(dir, 'bad-scenario.yaml');
    writeFileSync(sc, 'apiVersion: kubesim.io/v1alpha1\nkind: Scenario\nmetadata: { name: x }\nduration: soon\ncluster: {}\n');
    const err = await prepareBench(loadBench(bench(GOOD({ scenarios: `  - ${sc}` })))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).format()).toMatch(new RegExp(`bad-scenario\\.yaml:4:\\d+: Scenario x: duration: invalid duration`));
  });

  it('a broken scheduler configuration is reported in that file', async () => {
    const cfg = join(dir, 'bad-config.yaml');
    writeFileSync(cfg, 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n  - schedulerName: x\n    plugins:\n      score:\n        enabled: [{ name: NoSuchPlugin }]\n');
    const err = await prepareBench(loadBench(bench(GOOD({ policies: `  bad: { config: ${cfg} }` })))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).location?.file).toBe(cfg);
    expect((err as UserError).message).toMatch(/NoSuchPlugin/);
  });

  it('two scenarios with the same name must be renamed', async () => {
    const f = bench(GOOD({ scenarios: `  - ${FIX}/bookinfo.yaml\n  - ${FIX}/bookinfo.yaml` }));
    const err = await prepareBench(loadBench(f)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).format()).toMatch(new RegExp(`${f}:7:\\d+: Bench t: scenarios\\[1\\]: two scenarios are named "bookinfo"`));
  });

  it('jobs come scenario-major, then policy, then seed', async () => {
    const p = await prepareBench(loadBench(join(FIX, 'least-vs-most.yaml')));
    expect(p.scenarioNames).toEqual(['bookinfo', 'bookinfo-node-failure']);
    expect(p.jobs.map((j) => `${j.scenario}/${j.policy}/${j.seed}`)).toEqual([
      'bookinfo/least/1',
      'bookinfo/least/2',
      'bookinfo/least/3',
      'bookinfo/most/1',
      'bookinfo/most/2',
      'bookinfo/most/3',
      'bookinfo-node-failure/least/1',
      'bookinfo-node-failure/least/2',
      'bookinfo-node-failure/least/3',
      'bookinfo-node-failure/most/1',
      'bookinfo-node-failure/most/2',
      'bookinfo-node-failure/most/3',
    ]);
  });
});
