/**
 * Start-up benchmark: how long the `kubesim` command takes as a whole process, from the compiled
 * dist/ (what the bin runs) and, for comparison, from the TypeScript sources through tsx (what the
 * bin ran before dist/, still available as KUBESIM_FROM_SOURCE=1). Also reading 5,000 Node
 * manifests and building the cluster, in-process from dist/. Targets (issue 9): `--help` ≤ 0.3 s,
 * 5,000 Nodes read and built ≤ 0.3 s. Builds dist/ first (`npm run build`) unless --no-build.
 * Writes reports/bench-startup.md.
 *
 *   npm run bench            (all benchmarks)
 *   node bin/run-ts.mjs bench/startup.ts [--runs N] [--no-build]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/kubesim.mjs');

/** Wall seconds of one process: min, median, max over the counted runs. */
interface Timing {
  min: number;
  median: number;
  max: number;
}

function stats(xs: number[]): Timing {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { min: s[0], median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, max: s[s.length - 1] };
}

/** Runs `node args` once; returns its wall seconds (throws if it fails). */
function once(args: string[], env: Record<string, string> = {}): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status ?? r.signal}: ${String(r.stderr).slice(0, 2000)}`);
  return secs;
}

/** A command measured from dist/ and from the sources, runs alternating, after one warm-up each. */
interface Row {
  what: string;
  command: string;
  dist: Timing;
  source: Timing;
}

function compare(what: string, args: string[], runs: number): Row {
  const d: number[] = [];
  const s: number[] = [];
  once([BIN, ...args]);
  once([BIN, ...args], { KUBESIM_FROM_SOURCE: '1' });
  for (let i = 0; i < runs; i++) {
    d.push(once([BIN, ...args]));
    s.push(once([BIN, ...args], { KUBESIM_FROM_SOURCE: '1' }));
  }
  return { what, command: `kubesim ${args.join(' ')}`, dist: stats(d), source: stats(s) };
}

/** `count` Nodes of 4 sizes over 3 zones, as one multi-document YAML. */
function nodesYaml(count: number): string {
  const sizes = [
    ['4', '16Gi'],
    ['8', '32Gi'],
    ['16', '64Gi'],
    ['32', '128Gi'],
  ];
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    const [cpu, mem] = sizes[i % sizes.length];
    const name = `node-${String(i).padStart(5, '0')}`;
    docs.push(
      `apiVersion: v1\nkind: Node\nmetadata:\n  name: ${name}\n  labels:\n    kubernetes.io/hostname: ${name}\n    kubernetes.io/os: linux\n    topology.kubernetes.io/zone: zone-${i % 3}\n    node.kubernetes.io/instance-type: m-${cpu}\nstatus:\n  capacity: { cpu: "${cpu}", memory: ${mem}, pods: "110" }\n  allocatable: { cpu: "${cpu}", memory: ${mem}, pods: "110" }\n`,
    );
  }
  return docs.join('---\n');
}

/** Reads `file` and builds the cluster in a fresh process from dist/; returns in-process seconds per run. */
function loadNodes(file: string, runs: number): { timing: Timing; load: Timing; build: Timing; cpu: Timing; nodes: number } {
  const script = `
    const { loadManifests, buildCluster } = await import(${JSON.stringify(join(ROOT, 'dist/index.js'))});
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const loaded = loadManifests([${JSON.stringify(file)}]);
    const t1 = performance.now();
    const cluster = buildCluster(loaded);
    const t2 = performance.now();
    const c = process.cpuUsage(c0);
    process.stdout.write(JSON.stringify({ t: (t2 - t0) / 1000, load: (t1 - t0) / 1000, build: (t2 - t1) / 1000, cpu: (c.user + c.system) / 1e6, nodes: cluster.nodes.size }));`;
  const ts: number[] = [];
  const loads: number[] = [];
  const builds: number[] = [];
  const cpu: number[] = [];
  let nodes = 0;
  for (let i = 0; i <= runs; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`loading ${file} failed: ${r.stderr}`);
    const out = JSON.parse(r.stdout) as { t: number; load: number; build: number; cpu: number; nodes: number };
    nodes = out.nodes;
    if (i > 0) {
      ts.push(out.t);
      loads.push(out.load);
      builds.push(out.build);
      cpu.push(out.cpu);
    }
  }
  return { timing: stats(ts), load: stats(loads), build: stats(builds), cpu: stats(cpu), nodes };
}

/**
 * Whole-process figures measured 2026-12-06 on the 2-core benchmark machine (AMD EPYC, Node
 * v20.20.2) by an external timer: before and after in turn (A B A B …), 10 counted runs each after
 * a warm-up, the operating system's own accounting of each finished process, medians. Before:
 * commit 59e7ec8, whose bin registered tsx and imported src/cli/main.ts, which imported every
 * command with the engine and the Kubernetes client. After: the bin imports dist/, commands load
 * their implementation when they run.
 */
const WHOLE_PROCESS = [
  { command: 'kubesim --help', before: { wall: 1.621, cpu: 2.654, rss: 210.4 }, after: { wall: 0.222, cpu: 0.244, rss: 59.2 } },
  { command: 'kubesim run scenarios/quickstart.yaml --quiet', before: { wall: 1.748, cpu: 2.764, rss: 222.2 }, after: { wall: 0.412, cpu: 0.478, rss: 77.3 } },
];

/**
 * Reading 5,000 Node manifests and building the cluster, measured 2026-12-06 on the 2-core
 * benchmark machine (AMD EPYC, Node v20.20.2) while other work shared it: before and after in turn,
 * RUNS5000 counted runs each after a warm-up; in-process as loadNodes above (seconds, CPU includes
 * V8's helper threads), and `kubesim validate` of the same file as a whole process timed by
 * /usr/bin/time. Before: commit 8f2b519, which walked every parse event of the file into a
 * position map per document while loading. After: positions are worked out per document when a
 * location is first asked for (an error or a warning), from the parse events packed into an
 * Int32Array; parsed quantities are remembered.
 */
const RUNS5000 = 15;
const LOAD_5000 = {
  before: { min: 0.365, median: 0.546, load: 0.507, build: 0.045, cpu: 0.583, validateWall: 0.73, validateCpu: 0.75, validateRss: 148.0 },
  after: { min: 0.258, median: 0.383, load: 0.349, build: 0.031, cpu: 0.427, validateWall: 0.55, validateCpu: 0.61, validateRss: 132.5 },
};

const f3 = (x: number): string => x.toFixed(3);
const ratio = (a: number, b: number): string => `${(a / b).toFixed(1)}×`;

function main(): void {
  const argv = process.argv.slice(2);
  const runs = argv.includes('--runs') ? Number(argv[argv.indexOf('--runs') + 1]) : 10;
  if (!argv.includes('--no-build')) {
    const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('npm run build failed');
  }
  const out = mkdtempSync(join(tmpdir(), 'kubesim-bench-startup-'));
  const nodesFile = join(out, 'nodes-5000.yaml');
  writeFileSync(nodesFile, nodesYaml(5000));

  const rows: Row[] = [
    compare('help', ['--help'], runs),
    compare('version', ['--version'], runs),
    compare('validate a scenario', ['validate', 'scenarios/quickstart.yaml'], runs),
    compare('run the quick start', ['run', 'scenarios/quickstart.yaml', '--quiet', '--out', join(out, 'quickstart')], runs),
    compare('validate 5,000 Nodes', ['validate', nodesFile], Math.max(3, Math.floor(runs / 2))),
  ];
  const load = loadNodes(nodesFile, Math.max(3, Math.floor(runs / 2)));

  for (const r of rows) console.log(`${r.command.padEnd(60)} dist ${f3(r.dist.median)} s   source (tsx) ${f3(r.source.median)} s   ${ratio(r.source.median, r.dist.median)}`);
  console.log(`read ${load.nodes} Node manifests and build the cluster (in-process, dist): ${f3(load.timing.median)} s`);

  const help = rows[0].dist.median;
  const table = [
    '| what | command | dist/ wall s (min / median / max) | sources through tsx wall s (min / median / max) | sources / dist |',
    '|---|---|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.what} | \`${r.command.replace(out, '$TMP')}\` | ${f3(r.dist.min)} / **${f3(r.dist.median)}** / ${f3(r.dist.max)} | ${f3(r.source.min)} / ${f3(r.source.median)} / ${f3(r.source.max)} | ${ratio(r.source.median, r.dist.median)} |`,
    ),
  ].join('\n');
  const whole = [
    '| command | wall s before → after | CPU s before → after | peak RSS MiB before → after |',
    '|---|---:|---:|---:|',
    ...WHOLE_PROCESS.map(
      (w) =>
        `| \`${w.command}\` | ${w.before.wall.toFixed(2)} → ${w.after.wall.toFixed(2)} (${ratio(w.before.wall, w.after.wall)} less) | ${w.before.cpu.toFixed(2)} → ${w.after.cpu.toFixed(2)} | ${w.before.rss.toFixed(0)} → ${w.after.rss.toFixed(0)} |`,
    ),
  ].join('\n');
  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  writeFileSync(
    join(ROOT, 'reports/bench-startup.md'),
    `# Start-up benchmark

The \`kubesim\` bin runs the compiled JavaScript in dist/ (built by \`npm run build\`, which \`npm ci\` runs as \`prepare\`); before, it registered tsx and transpiled the TypeScript sources at every start, and \`--help\` loaded every command with the engine and the Kubernetes client. Commands now load their implementation when they run, and tsx is loaded only when a scheduler plugin written in TypeScript is given.

Targets (issue 9): \`kubesim --help\` answers in ≤ 0.3 s — **${f3(help)} s** (${help <= 0.3 ? 'met' : 'NOT met'}); reading 5,000 Node manifests and building the cluster takes ≤ 0.3 s — **${f3(load.timing.median)} s** in-process (${load.timing.median <= 0.3 ? 'met' : 'NOT met'}; min ${f3(load.timing.min)}, max ${f3(load.timing.max)}): \`loadManifests\` (reading and parsing the YAML; source positions are worked out only when an error or a warning needs one) ${f3(load.load.median)} s, \`buildCluster\` ${f3(load.build.median)} s; CPU ${f3(load.cpu.median)} s.

## Whole process, dist/ against the sources through tsx

Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${runs} runs of each after a warm-up, dist and sources alternating (the 5,000-Node rows ${Math.max(3, Math.floor(runs / 2))} runs); wall time of the whole \`node bin/kubesim.mjs …\` process as seen by its parent. The "sources through tsx" column is \`KUBESIM_FROM_SOURCE=1\`, how the bin started before dist/ (but with today's lazy loading of commands, so it is faster than the original: see below). Other processes were sharing the machine: quote medians.

${table}

## Before and after, measured from outside

The same commands timed from outside with the operating system's own accounting of each process, before and after in turn, 10 runs each after a warm-up, medians, 2026-12-06 on the same machine: before is commit 59e7ec8 (the bin registered tsx and loaded every command, the engine and the Kubernetes client at start), after is this build. Before, CPU exceeds wall: tsx's transpiler (esbuild) works alongside Node.

${whole}

## Reading 5,000 Node manifests, before and after

Measured 2026-12-06 on the same machine (2 cores, AMD EPYC, Node v20.20.2) while other work shared it, so the medians are higher than on an idle machine (the minimums are closer to it): before and after in turn, ${RUNS5000} runs each after a warm-up. Before is commit 8f2b519: while loading, \`parseDocuments\` walked every parse event of the file into a map of field path → position for each document (a string key and a record for every value: 95,000 for this file), although only an error or a warning ever reads one. After: it records where each document's events start and packs the events into an Int32Array (4 integers each); a document's positions are worked out when a location in it is first asked for, then kept; an object's \`source.location\` is computed on first read; the quantity checker remembers what each written quantity parsed to (the 30,000 quantities of these 5,000 Nodes are 9 distinct strings). Parsed objects and every located error and warning are unchanged (test/manifests/lazy-positions.test.ts). What remains is mostly js-yaml itself: parsing the 1.6 MB file into events and constructing the values, with the garbage collection that goes with it, takes about 0.2 s of the in-process time on an idle machine.

| measure | before | after |
|---|---:|---:|
| in-process \`loadManifests\` + \`buildCluster\`, wall s (min / median) | ${f3(LOAD_5000.before.min)} / **${f3(LOAD_5000.before.median)}** | ${f3(LOAD_5000.after.min)} / **${f3(LOAD_5000.after.median)}** |
| \`loadManifests\` / \`buildCluster\`, median s | ${f3(LOAD_5000.before.load)} / ${f3(LOAD_5000.before.build)} | ${f3(LOAD_5000.after.load)} / ${f3(LOAD_5000.after.build)} |
| in-process CPU s, median | ${f3(LOAD_5000.before.cpu)} | ${f3(LOAD_5000.after.cpu)} |
| \`kubesim validate\` of the file, whole process: wall s / CPU s, medians | ${LOAD_5000.before.validateWall.toFixed(2)} / ${LOAD_5000.before.validateCpu.toFixed(2)} | ${LOAD_5000.after.validateWall.toFixed(2)} / ${LOAD_5000.after.validateCpu.toFixed(2)} |
| \`kubesim validate\` peak RSS MiB, median | ${LOAD_5000.before.validateRss.toFixed(0)} | ${LOAD_5000.after.validateRss.toFixed(0)} |

Reproduce: \`node bin/run-ts.mjs bench/startup.ts\` (or \`npm run bench\` for every benchmark); for CPU time and peak memory of one command, \`/usr/bin/time -v node bin/kubesim.mjs --help\`.
`,
  );
  console.log('wrote reports/bench-startup.md');
}

main();
