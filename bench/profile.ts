/**
 * Profiling aid for the engine benchmark's synthetic day (bench/engine.ts): runs the HPA day (or
 * the plain one) for a few simulated hours, printing wall and CPU time; with `--summarize`, lists
 * the functions with the most self time in a V8 CPU profile.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof bin/run-ts.mjs bench/profile.ts [hours=4] [hpa|plain]
 *   node bin/run-ts.mjs bench/profile.ts --summarize /tmp/prof [top=40]
 *
 * `--summarize` takes a .cpuprofile file or a folder (then its largest profile: the main thread;
 * tsx's loader thread writes a second, small one).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticDay } from './engine.ts';
import { runScenario } from '../src/engine/simulation.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (ms), highest first. */
export function selfTimes(profile: CpuProfile): { fn: string; ms: number; pct: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const f = n.callFrame;
    // tsx compiles each module to one line: name and file identify a function
    const key = `${f.functionName || '(anonymous)'} ${f.url.replace(/^file:\/\/.*?\/(src|bench|node_modules)\//, '$1/')}`;
    const dt = profile.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  return [...self]
    .map(([fn, us]) => ({ fn, ms: us / 1000, pct: (100 * us) / total }))
    .sort((a, b) => b.ms - a.ms);
}

/** The profile at `path`, or the largest .cpuprofile in the folder `path`. */
function profileFile(path: string): string {
  if (!statSync(path).isDirectory()) return path;
  const files = readdirSync(path)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(path, f));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${path}`);
  return files.reduce((a, b) => (statSync(b).size > statSync(a).size ? b : a));
}

if (process.argv[2] === '--summarize') {
  const top = Number(process.argv[4] ?? 40);
  for (const r of selfTimes(JSON.parse(readFileSync(profileFile(process.argv[3]), 'utf8'))).slice(0, top)) {
    process.stdout.write(`${r.pct.toFixed(1).padStart(5)}% ${r.ms.toFixed(0).padStart(7)} ms  ${r.fn}\n`);
  }
} else {
  const hours = Number(process.argv[2] ?? 4);
  const sc = syntheticDay(process.argv[3] !== 'plain');
  sc.duration = hours * 3600;
  const cpu0 = process.cpuUsage();
  const r = await runScenario(sc);
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(`${sc.name} ${hours} h: wall ${r.wallSeconds.toFixed(2)} s, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, ${r.engine.ticksRun} ticks\n`);
}
