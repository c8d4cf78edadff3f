/**
 * KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1) → profiles: plugins enabled and
 * disabled per extension point (with `*`), multiPoint, weights, pluginConfig args and
 * percentageOfNodesToScore. The default profile is the v1.35 default plugin set.
 * mirrors pkg/scheduler/apis/config/v1/default_plugins.go mergePlugins and
 * pkg/scheduler/framework/runtime/framework.go NewFramework / expandMultiPointPlugins / getScoreWeights
 */
import { UserError, type SourceLocation } from '../cli/errors.ts';
import type { FieldPath } from '../manifests/path.ts';
import { formatPath } from '../manifests/path.ts';
import type { ClusterState } from '../model/cluster.ts';
import { DEFAULT_SCHEDULER_NAME, type PostFilterPlugin, type Profile, type WeightedScorePlugin } from './framework/profile.ts';
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

/** One extension point name of a config. */
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

/** kubescheduler.config.k8s.io/v1 KubeSchedulerProfile (the fields kubesim reads). */
export interface KubeSchedulerProfile {
  schedulerName?: string;
  percentageOfNodesToScore?: number;
  plugins?: Partial<Record<ExtensionPoint, PluginSet>>;
  pluginConfig?: { name: string; args?: Record<string, unknown> }[];
  /**
   * kubesim extension, not in upstream's API: how equal top scores are broken — 'random'
   * (default, kube-scheduler's selectHost) or 'nodeName' (the smallest node name, as the FGD
   * paper's simulator). See docs/gpu.md.
   */
  tieBreak?: 'random' | 'nodeName';
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

/**
 * The v1.35 default profile: every plugin enabled through multiPoint, in this order, with these
 * score weights (default_plugins.go getDefaultPlugins with the DynamicResourceAllocation gate on,
 * which inserts DynamicResources just before DefaultPreemption).
 */
export const DEFAULT_MULTI_POINT: readonly PluginRef[] = [
  { name: 'SchedulingGates' },
  { name: 'PrioritySort' },
  { name: 'NodeUnschedulable' },
  { name: 'NodeName' },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts' },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'VolumeRestrictions' },
  { name: 'NodeVolumeLimits' },
  { name: 'VolumeBinding' },
  { name: 'VolumeZone' },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DynamicResources' },
  { name: 'DefaultPreemption' },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
  { name: 'DefaultBinder' },
];

/** A merged plugin set: what is enabled, in order, and what stays disabled (kept for multiPoint expansion). */
export interface MergedPluginSet {
  enabled: PluginRef[];
  disabled: PluginRef[];
}

/**
 * Merges a configuration's plugin set into the default one: defaults not disabled keep their
 * place (a default the config re-enables is replaced in place by the config's entry, weight
 * included — an unset weight is not inherited), then the config's other entries are appended in
 * their order (duplicates too: the framework rejects them). `*` disables every default.
 * mirrors pkg/scheduler/apis/config/v1/default_plugins.go mergePluginSet
 */
export function mergePluginSet(defaults: PluginSet, custom: PluginSet | undefined): MergedPluginSet {
  const disabledNames = new Set<string>();
  const disabled: PluginRef[] = [];
  for (const d of [...(custom?.disabled ?? []), ...(defaults.disabled ?? [])]) {
    disabled.push({ name: d.name });
    disabledNames.add(d.name);
  }
  const customEnabled = custom?.enabled ?? [];
  // the last entry of a name is the one that replaces a default (a map keyed by name upstream)
  const byName = new Map<string, number>();
  customEnabled.forEach((p, i) => byName.set(p.name, i));
  const replaced = new Set<number>();
  const enabled: PluginRef[] = [];
  if (!disabledNames.has('*')) {
    for (const d of defaults.enabled ?? []) {
      if (disabledNames.has(d.name)) continue;
      const i = byName.get(d.name);
      if (i !== undefined) {
        replaced.add(i);
        enabled.push(customEnabled[i]);
      } else enabled.push(d);
    }
  }
  customEnabled.forEach((p, i) => {
    if (!replaced.has(i)) enabled.push(p);
  });
  return { enabled, disabled };
}

/** The extension points kubesim runs. */
export type SimulatedPoint = 'preFilter' | 'filter' | 'postFilter' | 'preScore' | 'score' | 'reserve';

const SIMULATED_POINTS: readonly SimulatedPoint[] = ['preFilter', 'filter', 'postFilter', 'preScore', 'score', 'reserve'];

/** Upstream's interface name of each extension point, for error messages. */
const POINT_TYPE: Record<SimulatedPoint, string> = {
  preFilter: 'PreFilterPlugin',
  filter: 'FilterPlugin',
  postFilter: 'PostFilterPlugin',
  preScore: 'PreScorePlugin',
  score: 'ScorePlugin',
  reserve: 'ReservePlugin',
};

/** Whether a plugin implements an extension point (has the method). */
export function implementsPoint(p: SchedulerPlugin, ep: SimulatedPoint): boolean {
  switch (ep) {
    case 'preFilter':
      return typeof p.preFilter === 'function';
    case 'filter':
      return typeof p.filter === 'function';
    case 'postFilter':
      return 'postFilterKind' in p;
    case 'preScore':
      return typeof p.preScore === 'function';
    case 'score':
      return typeof p.score === 'function';
    case 'reserve':
      return typeof p.reserve === 'function';
  }
}

/**
 * The plugins of one extension point: those the point enables itself, then multiPoint's.
 * Order: plugins enabled at the point that multiPoint also enables (the point's order), then
 * the rest of multiPoint, then the point's other plugins. A point disabling `*` takes nothing
 * from multiPoint; a point disabling a name drops that multiPoint plugin. Plugins that do not
 * implement the point are skipped when they come from multiPoint and an error when named at the point.
 * mirrors pkg/scheduler/framework/runtime/framework.go updatePluginList and expandMultiPointPlugins
 */
export function expandExtensionPoint(
  ep: SimulatedPoint,
  point: MergedPluginSet,
  multiPoint: MergedPluginSet,
  has: (name: string, ep: SimulatedPoint) => boolean,
): { names: string[] } | { error: string; name: string; fromMultiPoint: boolean } {
  const enabledSet: string[] = [];
  for (const p of point.enabled) {
    if (!has(p.name, ep)) return { error: `plugin "${p.name}" does not extend ${POINT_TYPE[ep]} plugin`, name: p.name, fromMultiPoint: false };
    if (enabledSet.includes(p.name)) return { error: `plugin "${p.name}" already registered as "${POINT_TYPE[ep]}"`, name: p.name, fromMultiPoint: false };
    enabledSet.push(p.name);
  }
  const disabled = new Set(point.disabled.map((d) => d.name));
  if (disabled.has('*')) return { names: enabledSet };
  const multi: string[] = [];
  const overrides = new Set<string>();
  for (const p of multiPoint.enabled) {
    if (!has(p.name, ep)) continue;
    if (disabled.has(p.name)) continue;
    if (enabledSet.includes(p.name)) {
      overrides.add(p.name);
      continue;
    }
    if (multi.includes(p.name)) return { error: `plugin "${p.name}" already registered as "${POINT_TYPE[ep]}"`, name: p.name, fromMultiPoint: true };
    multi.push(p.name);
  }
  return {
    names: [...enabledSet.filter((n) => overrides.has(n)), ...multi, ...enabledSet.filter((n) => !overrides.has(n))],
  };
}

/**
 * Score weights: a weight set at `score` wins over multiPoint's; unset or 0 means 1.
 * mirrors pkg/scheduler/framework/runtime/framework.go getScoreWeights
 */
export function scoreWeights(score: MergedPluginSet, multiPoint: MergedPluginSet, unsetWeight: (name: string) => number = () => 1): Map<string, number> {
  const w = new Map<string, number>();
  for (const p of [...score.enabled, ...multiPoint.enabled]) {
    if (w.has(p.name)) continue;
    w.set(p.name, p.weight === undefined ? unsetWeight(p.name) : p.weight === 0 ? 1 : p.weight);
  }
  return w;
}

/** Options of {@link buildProfiles}. */
export interface BuildProfilesOptions {
  /** File the configuration came from (for error locations). */
  source?: string;
  /** Locates a field path of the configuration document (file:line:column). */
  locate?: (path: FieldPath) => SourceLocation;
  /**
   * Users' plugins (already in the registry) to enable through multiPoint, with these weights, in
   * profiles whose configuration does not name them; their weight also applies where a
   * configuration names them without one.
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
  const fail = (message: string, path: FieldPath): never => {
    throw new UserError(message, { location: opts.locate ? opts.locate(path) : { file: source }, field: formatPath(path) || undefined });
  };
  const globalPct = config?.percentageOfNodesToScore;
  if (globalPct !== undefined && (!Number.isInteger(globalPct) || globalPct < 0 || globalPct > 100)) {
    fail(`not in valid range [0-100]: ${globalPct}`, ['percentageOfNodesToScore']);
  }
  const profiles = config?.profiles && config.profiles.length > 0 ? config.profiles : [{}];
  const seen = new Map<string, number>();
  return profiles.map((p, i) => {
    // SetDefaults: only a lone profile gets the default schedulerName; validation requires one otherwise
    if (p.schedulerName === undefined && profiles.length > 1) fail('Required value: schedulerName', ['profiles', i, 'schedulerName']);
    const name = p.schedulerName ?? DEFAULT_SCHEDULER_NAME;
    if (name === '') fail('Required value: schedulerName', ['profiles', i, 'schedulerName']);
    const prev = seen.get(name);
    if (prev !== undefined) fail(`Duplicate value: "${name}" (also profiles[${prev}].schedulerName)`, ['profiles', i, 'schedulerName']);
    seen.set(name, i);
    return buildProfile(p, globalPct, registry, cluster, i, fail, opts.extraPlugins ?? []);
  });
}

function buildProfile(
  cfg: KubeSchedulerProfile,
  globalPct: number | undefined,
  registry: Registry,
  cluster: ClusterState,
  index: number,
  fail: (message: string, path: FieldPath) => never,
  extraPlugins: readonly { name: string; weight: number }[],
): Profile {
  const at = (...path: (string | number)[]): FieldPath => ['profiles', index, ...path];
  // the profile's percentage, when set (0 included), overrides the global one
  const pct = cfg.percentageOfNodesToScore ?? globalPct;
  if (cfg.percentageOfNodesToScore !== undefined && (!Number.isInteger(pct) || pct! < 0 || pct! > 100)) {
    fail(`not in valid range [0-100]: ${pct}`, at('percentageOfNodesToScore'));
  }
  if (cfg.tieBreak !== undefined && cfg.tieBreak !== 'random' && cfg.tieBreak !== 'nodeName') fail(`Unsupported value: ${JSON.stringify(cfg.tieBreak)}: supported values: "random", "nodeName"`, at('tieBreak'));
  const plugins = cfg.plugins ?? {};
  for (const ep of Object.keys(plugins)) {
    if (!(EXTENSION_POINTS as readonly string[]).includes(ep)) fail(`unknown extension point (known: ${EXTENSION_POINTS.join(', ')})`, at('plugins', ep));
  }
  // where each plugin name first appears, for error locations
  const named = new Map<string, FieldPath>();
  for (const ep of EXTENSION_POINTS) {
    const set = plugins[ep];
    set?.enabled?.forEach((r, j) => {
      if (!named.has(r.name)) named.set(r.name, at('plugins', ep, 'enabled', j, 'name'));
      if (r.weight !== undefined && (!Number.isInteger(r.weight) || r.weight < 0 || r.weight > MAX_WEIGHT)) {
        fail(`weight must be an integer in [0, ${MAX_WEIGHT}] (0 means 1), got ${r.weight}`, at('plugins', ep, 'enabled', j, 'weight'));
      }
    });
  }
  // users' plugins loaded from files run through multiPoint unless the configuration names them
  const customMulti: PluginSet = {
    enabled: [...(plugins.multiPoint?.enabled ?? []), ...extraPlugins.filter((e) => !named.has(e.name)).map((e) => ({ name: e.name, weight: e.weight }))],
    disabled: plugins.multiPoint?.disabled,
  };
  const multiPoint = mergePluginSet({ enabled: [...DEFAULT_MULTI_POINT] }, customMulti);
  const pointSets = Object.fromEntries(SIMULATED_POINTS.map((ep) => [ep, mergePluginSet({}, plugins[ep])])) as Record<SimulatedPoint, MergedPluginSet>;

  const argsByName = new Map<string, Record<string, unknown>>();
  (cfg.pluginConfig ?? []).forEach((pc, j) => {
    if (argsByName.has(pc.name)) fail(`Duplicate value: "${pc.name}"`, at('pluginConfig', j));
    argsByName.set(pc.name, pc.args ?? {});
  });
  const argsPath = (name: string): FieldPath => {
    const j = (cfg.pluginConfig ?? []).findIndex((pc) => pc.name === name);
    return j >= 0 ? at('pluginConfig', j, 'args') : (named.get(name) ?? at('plugins'));
  };

  // instantiate every enabled plugin once (pluginsNeeded), unknown names are errors
  const handle: FrameworkHandle = { cluster };
  const instances = new Map<string, SchedulerPlugin>();
  const needed = [...multiPoint.enabled, ...EXTENSION_POINTS.filter((ep) => ep !== 'multiPoint').flatMap((ep) => plugins[ep]?.enabled ?? [])];
  for (const { name } of needed) {
    if (instances.has(name) || NOT_SIMULATED_PLUGINS.has(name)) continue;
    const factory = registry.get(name);
    if (!factory) {
      fail(`plugin "${name}" does not exist (built-in: ${[...registry.keys()].join(', ')}; load custom plugins with --plugin)`, named.get(name) ?? at('plugins'));
    }
    let inst: SchedulerPlugin;
    try {
      inst = factory!(argsByName.get(name), handle);
    } catch (err) {
      if (err instanceof UserError) throw err;
      fail(`plugin "${name}": ${(err as Error).message}`, argsPath(name));
    }
    instances.set(name, inst!);
  }
  // not-simulated plugins implement nothing kubesim runs
  const has = (name: string, ep: SimulatedPoint): boolean => {
    const inst = instances.get(name);
    return inst !== undefined && implementsPoint(inst, ep);
  };
  const hasOrIgnored = (name: string, ep: SimulatedPoint): boolean => NOT_SIMULATED_PLUGINS.has(name) || has(name, ep);
  const lists = {} as Record<SimulatedPoint, SchedulerPlugin[]>;
  for (const ep of SIMULATED_POINTS) {
    const r = expandExtensionPoint(ep, pointSets[ep], multiPoint, hasOrIgnored);
    if ('error' in r) fail(r.error, r.fromMultiPoint ? at('plugins', 'multiPoint') : at('plugins', ep));
    else lists[ep] = r.names.filter((n) => !NOT_SIMULATED_PLUGINS.has(n)).map((n) => instances.get(n)!);
  }
  const userWeight = new Map(extraPlugins.map((e) => [e.name, e.weight]));
  const weights = scoreWeights(pointSets.score, multiPoint, (n) => userWeight.get(n) ?? 1);
  const score: WeightedScorePlugin[] = lists.score.map((plugin) => ({ plugin, weight: weights.get(plugin.name) ?? 1 }));
  return {
    schedulerName: cfg.schedulerName ?? DEFAULT_SCHEDULER_NAME,
    preFilter: lists.preFilter,
    filter: lists.filter,
    postFilter: lists.postFilter as PostFilterPlugin[],
    // PreScore of a plugin that does not score in this profile cannot change a decision: not run
    preScore: lists.preScore.filter((p) => score.some((s) => s.plugin === p)),
    score,
    reserve: lists.reserve,
    percentageOfNodesToScore: pct,
    ...(cfg.tieBreak !== undefined ? { tieBreak: cfg.tieBreak } : {}),
  };
}

/** Largest score weight accepted (int32, as the API type; upstream only guards the int64 total against overflow). */
export const MAX_WEIGHT = 2147483647;
