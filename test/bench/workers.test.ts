/**
 * `kubesim bench` on worker threads: the same bench.json as in-process whatever the worker count
 * (results kept in job order), and a run failing on a worker fails the bench.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeBench } from '../../src/bench/analyze.ts';
import { loadBench } from '../../src/bench/load.ts';
import { benchJson } from '../../src/bench/report.ts';
import { executeJobs, prepareBench } from '../../src/bench/run.ts';

const FIX = resolve('test/bench/fixtures');

describe('worker threads', () => {
  it('1 worker (in-process) and 2 workers give identical JSON', async () => {
    const p = await prepareBench(loadBench(join(FIX, 'least-vs-most.yaml')));
    const one = benchJson(analyzeBench(p.spec, p.scenarioNames, await executeJobs(p.jobs, { workers: 1 })));
    const progress: number[] = [];
    const two = benchJson(analyzeBench(p.spec, p.scenarioNames, await executeJobs(p.jobs, { workers: 2, onProgress: (done) => progress.push(done) })));
    expect(two).toBe(one);
    expect(progress).toEqual(Array.from({ length: p.jobs.length }, (_, i) => i + 1));
  });

  it('a run that throws on a worker fails the bench, naming the run', async () => {
    const f = join(mkdtempSync(join(tmpdir(), 'kubesim-bench-w-')), 'throwing.yaml');
    writeFileSync(
      f,
      `apiVersion: kubesim.io/v1alpha1\nkind: Bench\nmetadata: { name: boom }\nscenarios: [ ${FIX}/bookinfo.yaml ]\npolicies:\n  bad: { plugins: [ ${FIX}/throwing-plugin.ts ] }\nseeds: [1, 2]\n`,
    );
    const p = await prepareBench(loadBench(f));
    await expect(executeJobs(p.jobs, { workers: 2 })).rejects.toThrow(/run bookinfo × bad × seed [12] failed: score exploded/);
  });
});
