/** `kubesim why` on a run folder of the scale-down-blocked scenario: upstream's reasons, read back. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { runScenario } from '../../src/engine/simulation.ts';
import { writeRunOutputs } from '../../src/report/outputs.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { captureOutput } from '../helpers/capture.ts';

let stdout = '';
captureOutput(
  () => (stdout = ''),
  (s) => (stdout += s),
  () => {},
);
/** Runs the CLI and returns its exit code with what it printed. */
async function capture(fn: () => Promise<number>): Promise<{ code: number; stdout: string }> {
  const before = stdout.length;
  const code = await fn();
  return { code, stdout: stdout.slice(before) };
}

const tmp = mkdtempSync(join(tmpdir(), 'kubesim-why-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const dir = join(tmp, 'run');

beforeAll(async () => {
  writeRunOutputs(await runScenario(loadScenario('scenarios/autoscaler-scale-down-blocked.yaml')), dir);
});

describe('kubesim why', () => {
  it('names the kube-system pod that keeps its node', async () => {
    const { code, stdout } = await capture(() => main(['why', dir, '--node', 'pool-1', '--at', '9m', '--json']));
    expect(code).toBe(0);
    const a = JSON.parse(stdout);
    expect(a.verdict).toMatch(/RecentlyUnremovable/);
    expect(a.details.join(' ')).toMatch(/found unremovable earlier: BlockedByPod/);
    expect(a.details.join(' ')).toMatch(/kube-system\/cluster-autoscaler-.*UnmovableKubeSystemPod/);
  });

  it('a PDB blocks while ZooKeeper starts (NotEnoughPdb)', async () => {
    const { stdout } = await capture(() => main(['why', dir, '--node', 'pool-3', '--at', '1m']));
    expect(stdout).toMatch(/BlockedByPod/);
    expect(stdout).toMatch(/default\/zk-\d: NotEnoughPdb/);
  });

  it('an unneeded node waits out scale-down-unneeded-time, then is removed', async () => {
    const { stdout } = await capture(() => main(['why', dir, '--node', 'pool-3', '--at', '12m']));
    expect(stdout).toMatch(/NotUnneededLongEnough/);
    expect(stdout).toMatch(/unneeded since 5m10s; removable after 15m10s/);
    const later = await capture(() => main(['why', dir, '--node', 'pool-3', '--at', '40m']));
    expect(later.stdout).toMatch(/removed at 16m20s: Scale-down: node pool-3 removed with drain/);
  });

  it('a node of a group at its min size is not a candidate', async () => {
    const { stdout } = await capture(() => main(['why', dir, '--node', 'pool-1', '--at', '30m']));
    expect(stdout).toMatch(/node group pool is at its min size \(1 ≤ minSize 1\)/);
  });

  it('bad input: not a run folder, or both --node and --pod, is exit 2', async () => {
    expect((await capture(() => main(['why', join(tmp, 'nope'), '--node', 'x']))).code).toBe(2);
    expect((await capture(() => main(['why', dir, '--node', 'x', '--pod', 'default/y']))).code).toBe(2);
  });
});

describe('kubesim why --pod', () => {
  const pf = join(tmp, 'pf');
  beforeAll(async () => {
    writeRunOutputs(await runScenario(loadScenario('scenarios/autoscaler-provisioning-failure.yaml')), pf);
  });

  it('names the groups considered: the backed-off spot group skipped, the estimate and choice of the other', async () => {
    const events = (await import('node:fs')).readFileSync(join(pf, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const trig = events.find((e: { kind: string; message?: string }) => e.kind === 'TriggeredScaleUp' && String(e.message).includes('on-demand'));
    const pod = String(trig.object).replace('Pod ', '');
    const { code, stdout } = await capture(() => main(['why', pf, '--pod', pod]));
    expect(code).toBe(0);
    expect(stdout).toMatch(/TriggeredScaleUp at \d+s: pod triggered scale-up: \[\{on-demand 0->1 \(max: 20\)\}\]/);
    expect(stdout).toMatch(/node group spot: skipped \(in backoff after failed scale-up\)/);
    expect(stdout).toMatch(/node group on-demand: estimate \d+ node\(s\) for \d+ pod\(s\).*chosen by the expander/);
  });
});
