/**
 * Example scoring plugin with arguments: prefer cheaper zones. The per-zone hourly cost comes
 * from pluginConfig args (`costs: {zone: cost}`); the cheapest zone scores 100, the most
 * expensive 0, nodes in unknown zones get `unknownScore` (default 0). Normalization is
 * min-max over the feasible nodes, done by the plugin's normalizeScore.
 *
 * KubeSchedulerConfiguration:
 *   pluginConfig:
 *     - name: ZoneCost
 *       args: { costs: { eu-west-1a: 1.0, eu-west-1b: 0.8 } }
 */
import type { UserPlugin } from '../../src/scheduler/custom-plugins.ts';

/** The plugin name (needed because this module exports a factory). */
export const name = 'ZoneCost';
/** Default score weight. */
export const weight = 2;

const ZONE = 'topology.kubernetes.io/zone';

/** Builds the plugin from its args. */
export default function zoneCost(args: Record<string, unknown> | undefined): UserPlugin {
  const costs = (args?.costs ?? {}) as Record<string, number>;
  for (const [zone, c] of Object.entries(costs)) {
    if (typeof c !== 'number' || !(c >= 0)) throw new Error(`costs.${zone} must be a non-negative number`);
  }
  const unknownScore = typeof args?.unknownScore === 'number' ? args.unknownScore : 0;
  const values = Object.values(costs);
  const max = values.length ? Math.max(...values) : 0;
  return {
    name,
    // raw score: how much cheaper than the most expensive zone, in thousandths
    score(_state, _pod, node) {
      const zone = node.labels?.[ZONE];
      const c = zone !== undefined ? costs[zone] : undefined;
      return c === undefined ? -1 : Math.round((max - c) * 1000);
    },
    normalizeScore(_state, _pod, _nodes, scores) {
      const known = scores.filter((s) => s >= 0);
      const hi = known.length ? Math.max(...known) : 0;
      const lo = known.length ? Math.min(...known) : 0;
      for (let i = 0; i < scores.length; i++) {
        if (scores[i] < 0) scores[i] = unknownScore;
        else scores[i] = hi === lo ? 100 : Math.trunc((100 * (scores[i] - lo)) / (hi - lo));
      }
      return null;
    },
  };
}
