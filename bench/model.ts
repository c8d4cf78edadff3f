/**
 * Cluster model benchmark: 5,000 nodes and 1,000,000 bound pods (from 2,000 templates, as
 * controllers create them: pods share their template's spec), built through ClusterState.addPod.
 * Prints build time, heap and RSS, and the cost of removing and re-binding pods (the incremental
 * NodeInfo aggregates); writes reports/bench-model.md.
 *
 *   node --expose-gc bin/run-ts.mjs bench/model.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import seedrandom from 'seedrandom';
import { ClusterState } from '../src/model/cluster.ts';
import type { Node, Pod, PodSpec } from '../src/model/types.ts';

/** One measured build. */
export interface ModelBenchResult {
  nodes: number;
  pods: number;
  buildSeconds: number;
  podsPerSecond: number;
  heapMiB: number;
  rssMiB: number;
  bytesPerPod: number;
  rebindPerSecond: number;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Builds `nodeCount` nodes and `podCount` bound pods and measures. */
export function measureModel(nodeCount = 5000, podCount = 1_000_000): ModelBenchResult {
  const rng = seedrandom('bench-model');
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const cluster = new ClusterState();
  for (let i = 0; i < nodeCount; i++) {
    const node: Node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `node-${i}`, labels: { 'kubernetes.io/hostname': `node-${i}`, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
      status: { allocatable: { cpu: '64', memory: '256Gi', pods: '250' } },
    };
    cluster.addNode(node);
  }
  const templates: { spec: PodSpec; labels: Record<string, string> }[] = [];
  for (let t = 0; t < 2000; t++) {
    templates.push({
      labels: { app: `app-${t}`, tier: t % 2 ? 'web' : 'db' },
      spec: {
        containers: [
          { name: 'main', image: `registry.example/app-${t}:v1`, resources: { requests: { cpu: `${50 + (t % 20) * 25}m`, memory: `${64 + (t % 16) * 32}Mi` } } },
          ...(t % 3 === 0 ? [{ name: 'sidecar', image: 'envoy:v1', resources: { requests: { cpu: '10m', memory: '32Mi' } } }] : []),
        ],
        schedulerName: 'default-scheduler',
      },
    });
  }
  const start = performance.now();
  for (let i = 0; i < podCount; i++) {
    const t = templates[i % templates.length];
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `app-${i % templates.length}-${i}`, namespace: 'default', labels: t.labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `app-${i % templates.length}`, controller: true }] },
      spec: t.spec,
      status: { phase: 'Running' },
    };
    const p = cluster.addPod(pod);
    cluster.bindPod(p, `node-${Math.floor(rng() * nodeCount)}`);
  }
  const buildSeconds = (performance.now() - start) / 1000;
  gc();
  const heap = process.memoryUsage().heapUsed - heap0;
  const rss = process.memoryUsage().rss;
  // incremental aggregates: remove and re-add 100,000 pods
  const keys = [...cluster.pods.keys()].slice(0, 100_000);
  const t0 = performance.now();
  for (const k of keys) {
    const p = cluster.removePod(k)!;
    const again = cluster.addPod(p.pod);
    cluster.bindPod(again, `node-${Math.floor(rng() * nodeCount)}`);
  }
  const rebindPerSecond = keys.length / ((performance.now() - t0) / 1000);
  let total = 0;
  for (const ni of cluster.nodes.values()) total += ni.pods.length;
  if (total !== podCount) throw new Error(`pods on nodes ${total} != ${podCount}`);
  return {
    nodes: nodeCount,
    pods: podCount,
    buildSeconds,
    podsPerSecond: podCount / buildSeconds,
    heapMiB: Math.round(heap / 1048576),
    rssMiB: Math.round(rss / 1048576),
    bytesPerPod: Math.round(heap / podCount),
    rebindPerSecond,
  };
}

/** Runs the benchmark and writes reports/bench-model.md. */
export async function main(): Promise<ModelBenchResult> {
  const r = measureModel();
  const table = [
    '| nodes | pods | build s | pods/s added+bound | heap MiB | bytes/pod | RSS MiB | remove+re-add+bind /s |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${r.nodes} | ${r.pods.toLocaleString('en-US')} | ${r.buildSeconds.toFixed(2)} | ${Math.round(r.podsPerSecond).toLocaleString('en-US')} | ${r.heapMiB} | ${r.bytesPerPod} | ${r.rssMiB} | ${Math.round(r.rebindPerSecond).toLocaleString('en-US')} |`,
  ].join('\n');
  process.stdout.write(`\nCluster model (ClusterState + NodeInfo aggregates)\n${table}\n`);
  mkdirSync('reports', { recursive: true });
  writeFileSync(
    'reports/bench-model.md',
    `# Cluster model benchmark\n\n5,000 nodes and 1,000,000 pods bound through \`ClusterState.addPod\` + \`bindPod\` (every index and per-node aggregate maintained), pods created from 2,000 templates sharing their template's spec as controllers' pods do. Target (DESIGN.md §5): 1,000,000 pods under 2 GiB.\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores, Node ${process.version}${(globalThis as { gc?: unknown }).gc ? ' (with --expose-gc, heap measured after a full GC)' : ' (no --expose-gc: heap includes garbage)'}.\n\n${table}\n\nReproduce: \`node --expose-gc bin/run-ts.mjs bench/model.ts\`.\n`,
  );
  return r;
}

if (process.argv[1]?.endsWith('model.ts')) await main();
