/**
 * Mutants of scenario files for the fuzz test (test/robustness/fuzz.test.ts) and the longer
 * campaign (bench/fuzz.ts): fast-check arbitraries over the bundled scenarios, with their
 * relative paths made absolute so a mutant can live in a temp folder.
 */
import { readFileSync, symlinkSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import fc from 'fast-check';
import type { Scenario } from '../../src/scenario/types.ts';

/** Scenarios mutated (small ones: mutants that load are run). */
export const FUZZ_SCENARIOS = [
  'scenarios/quickstart.yaml',
  'scenarios/node-failure.yaml',
  'scenarios/preemption-storm.yaml',
  'scenarios/rolling-update-pdb.yaml',
  'scenarios/hpa-flash-spike.yaml',
  'scenarios/bad-rollout-rollback.yaml',
  'scenarios/daemonset-rollout.yaml',
  'scenarios/autoscaler-batch-burst.yaml',
];

/** A scenario's text with every relative path (manifests, csv, config, plugins) made absolute. */
export interface BaseScenario {
  file: string;
  text: string;
  /** Absolute manifest paths it names (one is swapped for a mutated copy by some mutants). */
  manifests: string[];
}

export function prepareScenario(file: string): BaseScenario {
  const base = dirname(file);
  const manifests: string[] = [];
  const text = readFileSync(file, 'utf8').replace(/(?<=[\s[,])((?:\.\.?\/)?(?:manifests|load|config|plugins)\/[^\s,}\]]+)/g, (p: string) => {
    const abs = resolve(base, p);
    if (/\.ya?ml$/.test(abs) && /manifests/.test(abs)) manifests.push(abs);
    return abs;
  });
  return { file, text, manifests };
}

/** One mutant: the scenario text, maybe a mutated manifest (written next to it as mutated-manifest.yaml). */
export interface Mutant {
  text: string;
  manifest?: string;
  how: string;
}

const WEIRD_VALUES = ['-1', '0', '1e308', '-1e308', '.inf', '.nan', '99999999999999999999', '"x"', '[]', '{}', 'null', 'true', '1ns', '1000000h', '0.0001', '"1e400"', '~', '&a x', '*a', '!!binary aGVsbG8='];

function replaceNth(text: string, re: RegExp, n: number, f: (m: string) => string): string {
  let i = 0;
  return text.replace(re, (m) => (i++ === n ? f(m) : m));
}

/** Mutations of one text (scenario or manifest). */
function textMutation(text: string): fc.Arbitrary<{ text: string; how: string }> {
  const len = Math.max(1, text.length);
  const lines = text.split('\n');
  return fc.oneof(
    fc.record({ at: fc.nat(len - 1), byte: fc.integer({ min: 0, max: 255 }) }).map(({ at, byte }) => ({ text: text.slice(0, at) + String.fromCharCode(byte) + text.slice(at + 1), how: `byte ${byte} at ${at}` })),
    fc.nat(len).map((at) => ({ text: text.slice(0, at), how: `truncated at ${at}` })),
    fc.nat(lines.length - 1).map((l) => ({ text: lines.filter((_, i) => i !== l).join('\n'), how: `line ${l + 1} deleted` })),
    fc.record({ l: fc.nat(lines.length - 1), k: fc.nat(lines.length - 1) }).map(({ l, k }) => {
      const ls = [...lines];
      ls.splice(k, 0, ls[l]);
      return { text: ls.join('\n'), how: `line ${l + 1} duplicated at ${k + 1}` };
    }),
    fc.record({ n: fc.nat(40), v: fc.constantFrom(...WEIRD_VALUES) }).map(({ n, v }) => ({
      text: replaceNth(text, /(:\s+)([^\s{[#][^\n#,}]*)/g, n, (m) => m.replace(/(:\s+).*/, `$1${v}`)),
      how: `value ${n} → ${v}`,
    })),
    fc.record({ n: fc.nat(40), d: fc.integer({ min: 1, max: 5000 }) }).map(({ n, d }) => ({
      text: replaceNth(text, /(:\s+)([^\s{[#][^\n#,}]*)/g, n, (m) => m.replace(/(:\s+).*/, `$1${'['.repeat(d)}${']'.repeat(d)}`)),
      how: `value ${n} nested ${d} deep`,
    })),
    fc.nat(40).map((n) => {
      const bomb = `&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]`;
      const levels = Array.from({ length: 8 }, (_, i) => `x${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`).join('\n');
      const t = replaceNth(text, /(:\s+)([^\s{[#][^\n#,}]*)/g, n, (m) => m.replace(/(:\s+).*/, `$1*l8`));
      return { text: `# bomb\n${levels.replace(/^/gm, '')}\n`.replace('# bomb\n', `x0: ${bomb}\n`) + t, how: `alias bomb at value ${n}` };
    }),
    fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => ({ text: Buffer.from(b).toString('latin1'), how: 'binary garbage' })),
  );
}

/** Mutants of the bases: mostly the scenario text, sometimes one of its manifests. */
export function mutantArbitrary(bases: readonly BaseScenario[], dir: string): fc.Arbitrary<Mutant> {
  return fc.nat(bases.length - 1).chain((bi) => {
    const b = bases[bi];
    const scenarioMutant = textMutation(b.text).map((m) => ({ text: m.text, how: `${b.file}: ${m.how}` }));
    if (b.manifests.length === 0) return scenarioMutant;
    const manifestMutant = fc
      .nat(b.manifests.length - 1)
      .chain((mi) => textMutation(readFileSync(b.manifests[mi], 'utf8')).map((m) => ({ mi, m })))
      .map(({ mi, m }) => ({
        text: b.text.split(b.manifests[mi]).join(join(dir, 'mutated-manifest.yaml')),
        manifest: m.text,
        how: `${b.file}: manifest ${b.manifests[mi]}: ${m.how}`,
      }));
    const linkMutant = fc.constantFrom('loop', 'dangling', 'folder').map((kind) => {
      const link = join(dir, `link-${kind}.yaml`);
      rmSync(link, { force: true, recursive: true });
      if (kind === 'loop') symlinkSync(link, link);
      else if (kind === 'dangling') symlinkSync(join(dir, 'nowhere.yaml'), link);
      else symlinkSync(dir, link);
      return { text: b.text.split(b.manifests[0]).join(link), how: `${b.file}: manifest → ${kind} link` };
    });
    return fc.oneof({ weight: 6, arbitrary: scenarioMutant }, { weight: 3, arbitrary: manifestMutant }, { weight: 1, arbitrary: linkMutant });
  });
}

/** Small enough to run in the fuzz test's time budget. */
export function runnable(sc: Scenario): boolean {
  const nodes = sc.nodeGroups.reduce((n, g) => n + g.count, 0) + sc.objects.filter((o) => o.kind === 'Node').length;
  const replicas = sc.objects.reduce((n, o) => n + (typeof (o.spec as { replicas?: unknown } | undefined)?.replicas === 'number' ? ((o.spec as { replicas: number }).replicas) : 1), 0);
  // the autoscaler scenarios take seconds per run: loaded, not run, here (bench/fuzz.ts runs them)
  return sc.duration <= 6 * 3600 && sc.tick >= 0.5 && nodes <= 50 && replicas <= 200 && (sc.autoscaledNodeGroups ?? []).length === 0;
}
