/**
 * What `kubesim schedule` of one million pods spends outside the scheduler (issue 9, item 3), in
 * process, phase by phase: reading and building the nodes, expanding the Deployments, adding the
 * pods to the cluster model, queueing them, popping each and binding it round-robin with no
 * scheduling (pop, done, ClusterState.bindPod, AssignedPodAdded), and writing bindings.json. CPU
 * seconds of the process per phase (the fairer figure on a shared machine), wall seconds, and
 * heap and RSS after a full GC at the end of each phase.
 *
 *   node --expose-gc --max-old-space-size=6144 bin/run-ts.mjs bench/schedule-overhead.ts [--scale 1] [--root <tree>]
 *
 * The manifests are those of bench/schedule-million.ts (round(20000·s) nodes, round(1000·s)
 * Deployments of 1,000 replicas). `--root` measures the sources of another checkout (a
 * before-tree), with this script.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Manifests from '../src/manifests/index.ts';
import type * as Expand from '../src/model/expand.ts';
import type * as Setup from '../src/scheduler/setup.ts';
import type * as ScheduleCommand from '../src/cli/commands/schedule.ts';
import type { PodInfo } from '../src/model/pod-info.ts';
import type { QueuedPodInfo } from '../src/scheduler/queue.ts';
import { deploymentsYaml, nodesYaml } from './million-manifests.ts';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const root = resolve(flag('root', resolve(import.meta.dirname, '..')));
const scale = Number(flag('scale', '1'));
const nodeCount = Math.max(1, Math.round(20000 * scale));
const deployments = Math.max(1, Math.round(1000 * scale));

const load = <T>(path: string): Promise<T> => import(pathToFileURL(join(root, path)).href) as Promise<T>;
const { buildCluster, loadManifests } = await load<typeof Manifests>('src/manifests/index.ts');
const { podsForWorkloads } = await load<typeof Expand>('src/model/expand.ts');
const { buildScheduler } = await load<typeof Setup>('src/scheduler/setup.ts');
const { writeJsonAtomic } = await load<typeof ScheduleCommand>('src/cli/commands/schedule.ts');

const dir = mkdtempSync(join(tmpdir(), 'kubesim-overhead-'));
writeFileSync(join(dir, 'nodes.yaml'), nodesYaml(nodeCount));
writeFileSync(join(dir, 'apps.yaml'), deploymentsYaml(deployments, 1000));
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) process.stderr.write('run with --expose-gc for heap figures after a full GC\n');
const rows: string[] = [];

/** Runs one phase and records its CPU and wall seconds, then heap and RSS after a GC. */
async function phase<T>(name: string, f: () => T | Promise<T>): Promise<T> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await f();
  const c = process.cpuUsage(c0);
  const wall = (performance.now() - t0) / 1000;
  gc?.();
  const m = process.memoryUsage();
  rows.push(`| ${name} | ${((c.user + c.system) / 1e6).toFixed(2)} | ${wall.toFixed(2)} | ${(m.heapUsed / 2 ** 20).toFixed(0)} | ${(m.rss / 2 ** 20).toFixed(0)} |`);
  process.stderr.write(`${rows[rows.length - 1]}\n`);
  return r;
}

process.stderr.write(`${deployments * 1000} pods onto ${nodeCount} nodes, sources of ${root}\n`);
const cluster = await phase('read and build the nodes', () => buildCluster(loadManifests([join(dir, 'nodes.yaml'), join(dir, 'apps.yaml')])));
const pods = await phase('expand the Deployments', () => podsForWorkloads(cluster));
await phase('ClusterState.addPod', () => {
  for (const p of pods) cluster.addPod(p);
});
pods.length = 0;
const scheduler = await phase('build the scheduler', () => buildScheduler(cluster, { seed: '0' }));
await phase('queue them (enqueueAllPending)', () => scheduler.enqueueAllPending());
// the queue is private to the scheduler: reached here to pop without scheduling
const queue = (scheduler as unknown as { queue: { pop(): QueuedPodInfo | undefined; done(q: QueuedPodInfo): void } }).queue;
const nodes = cluster.nodeList();
const bindings: { pod: string; node: string }[] = [];
await phase('pop, done, bindPod, AssignedPodAdded', () => {
  let i = 0;
  for (let q = queue.pop(); q !== undefined; q = queue.pop()) {
    const p: PodInfo = q.pod;
    queue.done(q);
    const node = nodes[i++ % nodes.length].name;
    cluster.bindPod(p, node);
    bindings.push({ pod: p.key, node });
    scheduler.assignedPodAdded(p, 0);
  }
});
await phase('write bindings.json', () => writeJsonAtomic(join(dir, 'bindings.json'), { seed: '0', nodes: cluster.nodes.size, bindings, pending: [], preemptions: [], recreated: [] }));
rmSync(dir, { recursive: true, force: true });
process.stdout.write(['| phase | CPU s | wall s | heap MiB | RSS MiB |', '|---|---:|---:|---:|---:|', ...rows].join('\n') + '\n');
