/**
 * Seeded randomness split per component: each component (scheduler, a workload's load noise, a
 * controller's pod names) draws from its own stream derived from the run seed and its name, so
 * adding a node or a workload does not shift the draws of an unrelated one.
 */
import seedrandom from 'seedrandom';

/** A uniform [0, 1) source. */
export type Random = () => number;

/** The stream of component `name` under run seed `seed`. */
export function componentRng(seed: string | number, name: string): Random {
  return seedrandom(`${seed}/${name}`);
}

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** A 5-character suffix from apimachinery's alphabet (utilrand.String), as generateName produces. */
export function randomSuffix(rng: Random, n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHANUMS[Math.floor(rng() * ALPHANUMS.length)];
  return s;
}
