/**
 * KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) → profiles: plugins enabled and
 * disabled per extension point (with `*`), multiPoint, weights, pluginConfig args and
 * percentageOfNodesToScore. The default profile is the v1.35 default plugin set.
 * mirrors pkg/scheduler/apis/config/v1/default_plugins.go mergePlugins and
 * pkg/scheduler/framework/runtime/framework.go expandMultiPointPlugins
 */
import { UserError } from '../cli/errors.ts';
import type { ClusterState } from '../model/cluster.ts';
import {
  DEFAULT_PLUGIN_ORDER,
  DEFAULT_SCHEDULER_NAME,
  DEFAULT_SCORE_WEIGHTS,
  type PostFilterPlugin,
  type Profile,
  type WeightedScorePlugin,
} from './framework/profile.ts';
import type { FrameworkHandle, PluginFactory, SchedulerPlugin } from './framework/types.ts';

/** A plugin entry in a config's plugin set. */
export interface PluginRef {
  name: string;
  weight?: number;
}

/** kubescheduler.config.k8s.io/v1 PluginSet. */
export interface PluginSet {
  enabled?: PluginRef[];
  disabled?: PluginRef[];
}

/** The extension points a config may list. */
export const EXTENSION_POINTS = ['preFilter', 'filter', 'postFilter', 'preScore', 'score', 'multiPoint', 'queueSort', 'reserve', 'permit', 'preBind', 'bind', 'postBind', 'preEnqueue'] as const;

/** kubescheduler.config.k8s.io/v1 KubeSchedulerProfile (the fields kubesim reads). */
export interface KubeSchedulerProfile {
  schedulerName?: string;
  percentageOfNodesToScore?: number;
  plugins?: Partial<Record<(typeof EXTENSION_POINTS)[number], PluginSet>>;
  pluginConfig?: { name: string; args?: Record<string, unknown> }[];
}

/** kubescheduler.config.k8s.io/v1 KubeSchedulerConfiguration (the fields kubesim reads). */
export interface KubeSchedulerConfiguration {
  apiVersion?: string;
  kind?: string;
  percentageOfNodesToScore?: number;
  profiles?: KubeSchedulerProfile[];
}

/** Plugin name → factory. */
export type Registry = ReadonlyMap<string, PluginFactory>;

/** Plugins that exist upstream but are not simulated (volumes, DRA, binder, queue sort, gates): accepted and ignored. */
export const NOT_SIMULATED_PLUGINS = new Set([
  'PrioritySort',
  'SchedulingGates',
  'VolumeRestrictions',
  'NodeVolumeLimits',
  'VolumeBinding',
  'VolumeZone',
  'DynamicResources',
  'DefaultBinder',
]);

interface Entry {
  name: string;
  weight?: number;
}

function mergeSet(base: Entry[], set: PluginSet | undefined): Entry[] {
  if (!set) return base;
  const disabled = new Set((set.disabled ?? []).map((p) => p.name));
  const all = disabled.has('*');
  const enabled = set.enabled ?? [];
  const enabledNames = new Set(enabled.map((p) => p.name));
  // Defaults not disabled keep their place; an explicitly enabled default is replaced in place (custom weight).
  const out: Entry[] = [];
  for (const e of base) {
    if (all || disabled.has(e.name)) continue;
    const override = enabled.find((p) => p.name === e.name);
    out.push(override ? { name: e.name, weight: override.weight ?? e.weight } : e);
  }
  for (const p of enabled) {
    if (out.some((e) => e.name === p.name)) continue;
    if (!enabledNames.has(p.name)) continue;
    out.push({ name: p.name, weight: p.weight });
  }
  return out;
}

/** Options of {@link buildProfiles}. */
export interface BuildProfilesOptions {
  /** File the configuration came from (for error locations). */
  source?: string;
  /**
   * Users' plugins (already in the registry) to enable at every extension point they implement,
   * with these weights, in profiles whose configuration does not name them.
   */
  extraPlugins?: readonly { name: string; weight: number }[];
}

/** Builds every profile of `config` (one default profile when it has none). */
export function buildProfiles(
  config: KubeSchedulerConfiguration | undefined,
  registry: Registry,
  cluster: ClusterState,
  opts: BuildProfilesOptions = {},
): Profile[] {
  const source = opts.source ?? 'scheduler config';
  const profiles = config?.profiles && config.profiles.length > 0 ? config.profiles : [{}];
  const seen = new Set<string>();
  return profiles.map((p, i) => {
    const name = p.schedulerName ?? DEFAULT_SCHEDULER_NAME;
    if (seen.has(name)) throw new UserError(`duplicate profile for schedulerName "${name}"`, { location: { file: source }, field: `profiles[${i}].schedulerName` });
    seen.add(name);
    return buildProfile(p, config?.percentageOfNodesToScore, registry, cluster, source, i, opts.extraPlugins ?? []);
  });
}

function buildProfile(
  cfg: KubeSchedulerProfile,
  globalPct: number | undefined,
  registry: Registry,
  cluster: ClusterState,
  source: string,
  index: number,
  extraPlugins: readonly { name: string; weight: number }[],
): Profile {
  const field = (f: string): string => `profiles[${index}].${f}`;
  const pct = cfg.percentageOfNodesToScore ?? globalPct;
  if (pct !== undefined && (!Number.isInteger(pct) || pct < 0 || pct > 100)) {
    throw new UserError(`percentageOfNodesToScore must be an integer in [0, 100], got ${pct}`, { location: { file: source }, field: field('percentageOfNodesToScore') });
  }
  const plugins = cfg.plugins ?? {};
  for (const ep of Object.keys(plugins)) {
    if (!(EXTENSION_POINTS as readonly string[]).includes(ep)) {
      throw new UserError(`unknown extension point "${ep}" (known: ${EXTENSION_POINTS.join(', ')})`, { location: { file: source }, field: field(`plugins.${ep}`) });
    }
  }
  const named = new Set<string>();
  for (const set of Object.values(plugins)) for (const r of [...(set?.enabled ?? []), ...(set?.disabled ?? [])]) named.add(r.name);
  const multiPoint = mergeSet(
    [
      ...DEFAULT_PLUGIN_ORDER.map((n) => ({ name: n, weight: DEFAULT_SCORE_WEIGHTS[n] })),
      // users' plugins the configuration does not mention run after the defaults
      ...extraPlugins.filter((e) => !named.has(e.name)).map((e) => ({ name: e.name, weight: e.weight })),
    ],
    plugins.multiPoint,
  );
  const argsByName = new Map<string, Record<string, unknown>>();
  for (const pc of cfg.pluginConfig ?? []) argsByName.set(pc.name, pc.args ?? {});

  const handle: FrameworkHandle = { cluster };
  const instances = new Map<string, SchedulerPlugin>();
  const instance = (name: string, at: string): SchedulerPlugin | undefined => {
    if (NOT_SIMULATED_PLUGINS.has(name)) return undefined;
    let inst = instances.get(name);
    if (inst) return inst;
    const factory = registry.get(name);
    if (!factory) {
      throw new UserError(`plugin "${name}" is not registered (built-in: ${[...registry.keys()].join(', ')}; load custom plugins with --plugin)`, {
        location: { file: source },
        field: field(at),
      });
    }
    try {
      inst = factory(argsByName.get(name), handle);
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw new UserError(`plugin "${name}": ${(err as Error).message}`, { location: { file: source }, field: field('pluginConfig') });
    }
    instances.set(name, inst);
    return inst;
  };

  const point = (ep: 'preFilter' | 'filter' | 'preScore' | 'score' | 'postFilter', has: (p: SchedulerPlugin) => boolean): Entry[] => {
    const fromMulti = multiPoint.filter((e) => {
      const inst = instance(e.name, 'plugins.multiPoint');
      return inst !== undefined && has(inst);
    });
    return mergeSet(fromMulti, plugins[ep]);
  };
  const list = (entries: Entry[], ep: string): SchedulerPlugin[] =>
    entries.map((e) => instance(e.name, `plugins.${ep}`)).filter((p): p is SchedulerPlugin => p !== undefined);

  const score: WeightedScorePlugin[] = point('score', (p) => typeof p.score === 'function').flatMap((e) => {
    const plugin = instance(e.name, 'plugins.score');
    if (!plugin) return [];
    const weight = e.weight ?? DEFAULT_SCORE_WEIGHTS[e.name] ?? 1;
    if (!Number.isInteger(weight) || weight < 0 || weight > 100) {
      throw new UserError(`score plugin "${e.name}" weight must be an integer in [0, 100], got ${weight}`, { location: { file: source }, field: field('plugins.score') });
    }
    return [{ plugin, weight: weight === 0 ? 1 : weight }];
  });
  const scored = new Set(score.map((s) => s.plugin));
  return {
    schedulerName: cfg.schedulerName ?? DEFAULT_SCHEDULER_NAME,
    preFilter: list(point('preFilter', (p) => typeof p.preFilter === 'function'), 'preFilter'),
    filter: list(point('filter', (p) => typeof p.filter === 'function'), 'filter'),
    postFilter: list(point('postFilter', (p) => 'postFilterKind' in p), 'postFilter') as PostFilterPlugin[],
    // PreScore runs only for plugins that also score in this profile.
    preScore: list(point('preScore', (p) => typeof p.preScore === 'function'), 'preScore').filter((p) => scored.has(p)),
    score,
    percentageOfNodesToScore: pct,
  };
}
