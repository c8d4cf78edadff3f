/**
 * Engine benchmark: a simulated 24 h on 500 nodes with 50 Deployments (rollouts, scale events,
 * a node failure and recovery, drains), and — when the HPA controller is registered — the same
 * day with an HPA and a diurnal load on every Deployment. Prints simulated seconds per wall
 * second, ticks executed and peak memory; writes reports/bench-engine.md.
 *
 *   npm run bench            (all benchmarks)
 *   node bin/run-ts.mjs bench/engine.ts
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import seedrandom from 'seedrandom';
import { runScenario } from '../src/engine/simulation.ts';
import type { Deployment, HorizontalPodAutoscaler, KubeObject } from '../src/model/types.ts';
import type { Scenario, ScenarioEvent, WorkloadSpec } from '../src/scenario/types.ts';
import { DEFAULT_HPA_SETTINGS, DEFAULT_NODE_LIFECYCLE } from '../src/scenario/defaults.ts';

/** Builds the synthetic day: 500 nodes, 50 Deployments, optional HPAs with diurnal load. */
export function syntheticDay(withHpa: boolean, seed = 1): Scenario {
  const rng = seedrandom(`bench-engine/${seed}`);
  const objects: KubeObject[] = [];
  const workloads: WorkloadSpec[] = [];
  const events: ScenarioEvent[] = [];
  for (let i = 0; i < 50; i++) {
    const name = `svc-${String(i).padStart(2, '0')}`;
    const replicas = 4 + Math.floor(rng() * 16);
    const cpu = [100, 250, 500, 1000][Math.floor(rng() * 4)];
    const mem = [128, 256, 512, 1024][Math.floor(rng() * 4)];
    const d: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'default', generation: 1 },
      spec: {
        replicas,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            containers: [{ name: 'app', image: `registry.example/${name}:v1`, resources: { requests: { cpu: `${cpu}m`, memory: `${mem}Mi` } } }],
            tolerations: [
              { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
              { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
            ],
            schedulerName: 'default-scheduler',
            restartPolicy: 'Always',
            terminationGracePeriodSeconds: 30,
          },
        },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        minReadySeconds: 0,
      },
    };
    objects.push(d);
    const w: WorkloadSpec = { target: { kind: 'Deployment', namespace: 'default', name }, startup: { pull: 10, ready: 5 + Math.floor(rng() * 20), shutdown: 5, crashLoop: false }, noise: 0.05 };
    if (withHpa) {
      const hpa: HorizontalPodAutoscaler = {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name, namespace: 'default' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
          minReplicas: 2,
          maxReplicas: 40,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
        },
      };
      objects.push(hpa);
      w.load = { type: 'diurnal', min: 50, max: 400 + Math.floor(rng() * 800), peakAt: (10 + Math.floor(rng() * 8)) * 3600, period: 86400 };
      w.cpuPerRequest = Math.max(1, Math.round(cpu / 100));
      w.baseCpu = Math.round(cpu / 10);
    }
    workloads.push(w);
    // two rollouts and a scale event per Deployment over the day
    events.push({ at: Math.floor(rng() * 86000), index: events.length, action: { type: 'rollout', target: w.target, image: `registry.example/${name}:v2` } });
    events.push({ at: Math.floor(rng() * 86000), index: events.length, action: { type: 'rollout', target: w.target, image: `registry.example/${name}:v3` } });
    if (!withHpa) events.push({ at: Math.floor(rng() * 86000), index: events.length, action: { type: 'scale', target: w.target, replicas: replicas + 4 } });
  }
  events.push({ at: 6 * 3600, index: events.length, action: { type: 'nodeFailure', node: 'node-17' } });
  events.push({ at: 8 * 3600, index: events.length, action: { type: 'nodeRecovery', node: 'node-17' } });
  events.push({ at: 12 * 3600, index: events.length, action: { type: 'drain', node: 'node-42' } });
  events.sort((a, b) => a.at - b.at || a.index - b.index);
  return {
    name: withHpa ? 'bench-engine-hpa-day' : 'bench-engine-day',
    description: 'synthetic day',
    file: '<bench>',
    seed,
    duration: 86400,
    tick: 1,
    sampleEvery: 60,
    nodeGroups: [
      {
        count: 500,
        namePrefix: 'node',
        zones: ['a', 'b', 'c'],
        template: { apiVersion: 'v1', kind: 'Node', metadata: {}, status: { allocatable: { cpu: '8', memory: '32Gi', pods: '110' } } },
      },
    ],
    objects,
    notSimulated: {},
    scheduler: { plugins: [] },
    workloads,
    events,
    controllers: {
      hpa: { ...DEFAULT_HPA_SETTINGS },
      nodeLifecycle: { ...DEFAULT_NODE_LIFECYCLE },
    },
    expect: [],
  };
}

/** One measured run. */
export interface EngineBenchResult {
  name: string;
  simulatedSeconds: number;
  wallSeconds: number;
  /** CPU time of the process during the run (user + system; all threads, GC included). */
  cpuSeconds: number;
  ticks: number;
  events: number;
  pods: number;
  peakRssMiB: number;
  hpaRescales: number;
}

async function measure(withHpa: boolean): Promise<EngineBenchResult> {
  const sc = syntheticDay(withHpa);
  let peak = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const r = await runScenario(sc, { onProgress: () => void (peak = Math.max(peak, process.memoryUsage().rss)) });
  const cpu = process.cpuUsage(cpu0);
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  return {
    name: sc.name,
    simulatedSeconds: sc.duration,
    wallSeconds: r.wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    ticks: r.engine.ticksRun,
    events: r.engine.events.length,
    pods: r.engine.cluster.pods.size,
    peakRssMiB: Math.round(peak / 1048576),
    hpaRescales: r.engine.events.filter((e) => e.kind === 'SuccessfulRescale').length,
  };
}

/**
 * This benchmark on the engine before its speed-ups (ac64cba with the engine, HPA and Deployment
 * speed-up commits faf5e69…ac64cba reverted; the scheduler's own speed-ups included), measured
 * 2026-11-23 on the same 2-core machine in alternation with the optimised code (load ≈ 3).
 */
const BEFORE_SPEEDUPS: readonly EngineBenchResult[] = [
  { name: 'bench-engine-day', simulatedSeconds: 86400, wallSeconds: 3.72, cpuSeconds: 3.67, ticks: 3964, events: 4748, pods: 797, peakRssMiB: 140, hpaRescales: 0 },
  { name: 'bench-engine-hpa-day', simulatedSeconds: 86400, wallSeconds: 29.55, cpuSeconds: 29.41, ticks: 14276, events: 7945, pods: 176, peakRssMiB: 213, hpaRescales: 1293 },
];

/** What made the engine faster (outputs byte-identical before and after). */
const SPEEDUPS = [
  'HPA reconcile: conditions updated in place on the call’s own copy, no per-call closures, selector text and matcher cached per selector object, the spec defaulted without copying the object, frozen controller options merged once, state lists copied shallowly.',
  'Replica calculator: pod requests cached per pod spec (pods of a template share it), readiness facts (Ready condition, parsed times) derived once per pod status object, timestamps memoized, utilization totals in doubles when exact (BigInt otherwise), canonical quantities without BigInt for safe integers.',
  'Metrics pipeline: pod selections cached until a pod is added or removed (Engine.podSetVersion) and shared by the scrape and the HPA sync, each runtime looked up once per scraped pod, no per-scrape pod index (an HPA reads its target’s own samples when the scraped selectors provably select disjoint pods), resource samples handed to the HPA as a Map.',
  'Deployment sync: unchanged ReplicaSets shared instead of deep-copied, writes copy only what they change (copyForWrite), a new ReplicaSet shares the Deployment’s pod spec, a plain recursive deepCopy instead of structuredClone, one ReplicaSet pass per sync batch; semantic equality without key-set allocations.',
  'Recorder: cluster node sums updated only for nodes whose generation or readiness moved; a workload recorded unchanged (same object, status and spec) skipped; series handles looked up per kind.',
];

/** The results as a Markdown table. */
function resultTable(results: readonly EngineBenchResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.simulatedSeconds} | ${r.wallSeconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${Math.round(r.simulatedSeconds / r.wallSeconds).toLocaleString('en-US')} | ${r.ticks} | ${r.events} | ${r.hpaRescales} | ${r.pods} | ${r.peakRssMiB} |`,
  );
  return [
    '| run | simulated s | wall s | CPU s | simulated s / wall s | ticks executed | events | HPA rescales | pods at end | peak RSS MiB |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

/** Runs both days and writes reports/bench-engine.md. */
export async function main(): Promise<EngineBenchResult[]> {
  const results = [await measure(false), await measure(true)];
  const table = resultTable(results);
  const before = resultTable(BEFORE_SPEEDUPS);
  const ratios = results
    .map((r) => {
      const b = BEFORE_SPEEDUPS.find((x) => x.name === r.name);
      return b ? `${r.name}: ${(b.wallSeconds / r.wallSeconds).toFixed(1)}× less wall time, ${(b.cpuSeconds / r.cpuSeconds).toFixed(1)}× less CPU time` : '';
    })
    .filter((x) => x !== '');
  process.stdout.write(`\nEngine benchmark (500 nodes, 50 Deployments, 24 h simulated)\n${table}\n\nBefore the speed-ups:\n${before}\n${ratios.join('\n')}\n`);
  mkdirSync('reports', { recursive: true });
  writeFileSync(
    'reports/bench-engine.md',
    `# Engine benchmark\n\nA simulated day (86,400 one-second ticks) on 500 nodes with 50 Deployments: two rollouts per Deployment, scale events, a node failure with taint-based eviction and recovery, a drain. The second run adds an autoscaling/v2 HPA (CPU 60%) with a diurnal load on every Deployment. Ticks with nothing due are skipped.\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; other processes were sharing the machine, so treat wall times as upper bounds (CPU s is the process's user + system time during the run, GC threads included).\n\n${table}\n\n## Before the speed-ups\n\nThe same benchmark on the engine before its speed-ups (ac64cba with the engine, HPA and Deployment speed-up commits reverted), measured 2026-11-23 on the same machine in alternation with the optimised code:\n\n${before}\n\n${ratios.map((x) => `- ${x}`).join('\n')}\n\nEvery bundled scenario, a 6 h and a 24 h HPA day and the 24 h plain day give byte-identical result.json, events.jsonl, summary.md and report.html before and after.\n\nWhat made it faster:\n\n${SPEEDUPS.map((x) => `- ${x}`).join('\n')}\n\nProfile a run: \`node --cpu-prof --cpu-prof-dir=/tmp/prof bin/run-ts.mjs bench/profile.ts 4\`, then \`node bin/run-ts.mjs bench/profile.ts --summarize /tmp/prof/<largest>.cpuprofile\`.\n\nReproduce: \`node bin/run-ts.mjs bench/engine.ts\` (or \`npm run bench\` for every benchmark).\n`,
  );
  return results;
}

if (process.argv[1]?.endsWith('engine.ts')) await main();
