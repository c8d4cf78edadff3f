/**
 * Node autoscaling benchmark (issue 13, point 8): a simulated 24 h where 50 Deployments under CPU
 * HPAs follow diurnal loads, (a) on one autoscaled node group that grows and shrinks with them
 * (the cluster-autoscaler every 10 s), and (b) the same day with the autoscaler off, on a static
 * cluster as large as (a)'s peak. The cost of the autoscaler is (a)'s time over (b)'s.
 *
 *   node bin/run-ts.mjs bench/autoscaler.ts            (scale 0.1: up to 500 nodes, ~10,000 pods)
 *   node bin/run-ts.mjs bench/autoscaler.ts --scale 1  (up to 5,000 nodes, ~100,000 pods)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import seedrandom from 'seedrandom';
import { DEFAULT_AUTOSCALING_OPTIONS } from '../src/autoscaler/options.ts';
import { runScenario } from '../src/engine/simulation.ts';
import type { Deployment, HorizontalPodAutoscaler, KubeObject } from '../src/model/types.ts';
import type { Scenario, WorkloadSpec } from '../src/scenario/types.ts';
import { DEFAULT_HPA_SETTINGS, DEFAULT_NODE_LIFECYCLE } from '../src/scenario/defaults.ts';

const scaleArg = process.argv.indexOf('--scale');
const SCALE = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 0.1;
const MAX_NODES = Math.round(5000 * SCALE);
const hoursArg = process.argv.indexOf('--hours');
/** Simulated duration (seconds): a day unless --hours says otherwise (for profiling). */
const DURATION = hoursArg > 0 ? Number(process.argv[hoursArg + 1]) * 3600 : 86400;

/** The day: 50 Deployments with HPAs (min 2, max 80×scale×25) on diurnal loads peaking at ~100,000×scale pods. */
function day(autoscaled: boolean, staticNodes: number): Scenario {
  const rng = seedrandom('bench-autoscaler');
  const objects: KubeObject[] = [];
  const workloads: WorkloadSpec[] = [];
  const perDeploymentPeak = (100_000 * SCALE) / 50;
  for (let i = 0; i < 50; i++) {
    const name = `svc-${String(i).padStart(2, '0')}`;
    const cpu = [100, 200, 250, 400][Math.floor(rng() * 4)];
    const d: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'default', generation: 1 },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ name: 'app', image: `registry.example/${name}:v1`, resources: { requests: { cpu: `${cpu}m`, memory: '256Mi' } } }] },
        },
      },
    } as Deployment;
    const hpa: HorizontalPodAutoscaler = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name, namespace: 'default' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: 2,
        maxReplicas: Math.ceil(perDeploymentPeak * 1.25),
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }],
      },
    };
    objects.push(d, hpa);
    // at the peak each pod carries 60 % of its request: load × cpuPerRequest = peak pods × 0.6 × cpu
    const peakLoad = perDeploymentPeak * 0.6 * cpu;
    workloads.push({
      target: { kind: 'Deployment', namespace: 'default', name },
      startup: { pull: 10, ready: 10, shutdown: 5, crashLoop: false },
      noise: 0.05,
      load: { type: 'diurnal', min: peakLoad * 0.1, max: peakLoad, peakAt: (12 + Math.floor(rng() * 6)) * 3600, period: 86400 },
      cpuPerRequest: 1,
      baseCpu: 0,
    });
  }
  const template = { apiVersion: 'v1', kind: 'Node', metadata: { labels: {} }, spec: {}, status: { allocatable: { cpu: '8', memory: '32Gi', pods: '110' }, capacity: { cpu: '8', memory: '32Gi', pods: '110' } } } as const;
  return {
    name: autoscaled ? 'ca-day' : 'static-day',
    description: 'node autoscaling benchmark',
    file: '<bench>',
    seed: 1,
    duration: DURATION,
    tick: 1,
    sampleEvery: 60,
    nodeGroups: autoscaled ? [] : [{ count: staticNodes, namePrefix: 'node', zones: ['a', 'b', 'c'], template: structuredClone(template) as Scenario['nodeGroups'][number]['template'] }],
    autoscaledNodeGroups: autoscaled
      ? [
          {
            name: 'pool',
            minSize: Math.max(1, Math.round(MAX_NODES / 50)),
            maxSize: MAX_NODES,
            initialSize: Math.max(1, Math.round(MAX_NODES / 50)),
            zones: ['a', 'b', 'c'],
            template: structuredClone(template) as Scenario['nodeGroups'][number]['template'],
            price: 0.38,
            provisioning: { delay: { type: 'fixed', value: 90 }, readyAfter: 15, failureProbability: 0, failureMode: 'error', outOfCapacity: [] },
          },
        ]
      : [],
    objects,
    notSimulated: {},
    scheduler: { plugins: [] },
    workloads,
    events: [],
    controllers: {
      hpa: { ...DEFAULT_HPA_SETTINGS },
      nodeLifecycle: { ...DEFAULT_NODE_LIFECYCLE },
      ...(autoscaled ? { clusterAutoscaler: { ...DEFAULT_AUTOSCALING_OPTIONS, expander: ['least-waste'] } } : {}),
    },
    expect: [],
  };
}

interface Measured {
  name: string;
  wallSeconds: number;
  cpuSeconds: number;
  ticks: number;
  peakNodes: number;
  peakPods: number;
  podsCreated: number;
  loops: number;
  peakRssMiB: number;
}

async function measure(sc: Scenario): Promise<Measured> {
  let peak = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const r = await runScenario(sc, { onProgress: () => void (peak = Math.max(peak, process.memoryUsage().rss)) });
  const cpu = process.cpuUsage(cpu0);
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  return {
    name: sc.name,
    wallSeconds: r.wallSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    ticks: r.engine.ticksRun,
    peakNodes: r.recorder.max('nodes') ?? 0,
    peakPods: r.recorder.max('runningPods') ?? 0,
    podsCreated: r.engine.podsCreated,
    loops: r.clusterAutoscaler?.autoscaler.loops.length ?? 0,
    peakRssMiB: Math.round(peak / 1048576),
  };
}

const ONLY_CA = process.argv.includes("--only-ca");
const ca = await measure(day(true, 0));
if (ONLY_CA) process.exit(0);
const off = await measure(day(false, ca.peakNodes));
const rows = [ca, off].map((m) => `| ${m.name} | ${m.wallSeconds.toFixed(2)} | ${m.cpuSeconds.toFixed(2)} | ${m.ticks} | ${m.loops} | ${m.peakNodes} | ${m.peakPods} | ${m.podsCreated} | ${m.peakRssMiB} |`);
const table = ['| run | wall s | CPU s | ticks | CA loops | peak nodes | peak running pods | pods created | peak RSS MiB |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|', ...rows].join('\n');
const ratio = ca.cpuSeconds / off.cpuSeconds;
process.stdout.write(`\nNode autoscaling benchmark (scale ${SCALE}: up to ${MAX_NODES} nodes)\n${table}\nautoscaler on / off: ${ratio.toFixed(2)}× CPU time (target ≤ 2×)\n`);
mkdirSync('reports', { recursive: true });
const file = `reports/bench-autoscaler${SCALE === 1 ? '' : `-scale-${SCALE}`}.md`;
writeFileSync(
  file,
  `# Node autoscaling benchmark (scale ${SCALE})\n\nA simulated day: 50 Deployments under CPU HPAs (60 %) on diurnal loads peaking at about ${Math.round(100000 * SCALE).toLocaleString('en-US')} pods; \`ca-day\` runs them on one autoscaled node group (8 CPU / 32 GiB nodes, up to ${MAX_NODES}) with the cluster-autoscaler every 10 s, \`static-day\` runs the same day with the autoscaler off on a static cluster as large as \`ca-day\`'s peak.\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; the machine was shared with other processes.\n\n${table}\n\nAutoscaler on / off: **${ratio.toFixed(2)}× CPU time** (target ≤ 2×).\n\nReproduce: \`node bin/run-ts.mjs bench/autoscaler.ts --scale ${SCALE}\`.\n`,
);
process.stdout.write(`wrote ${file}\n`);
