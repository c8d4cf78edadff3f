/**
 * Builds a Scheduler from files: a KubeSchedulerConfiguration (validated with located errors)
 * and users' plugin modules. Shared by `explain`, `schedule`, `run` and the benchmarks.
 */
import { UserError, type SourceLocation } from '../cli/errors.ts';
import { readTextFile } from '../util/files.ts';
import { Checker, isObject, type JsonObject, type ObjectSource } from '../manifests/check.ts';
import type { FieldPath } from '../manifests/path.ts';
import { parseDocuments } from '../manifests/yaml-source.ts';
import type { ClusterState } from '../model/cluster.ts';
import { buildProfiles, EXTENSION_POINTS, MAX_WEIGHT, type KubeSchedulerConfiguration, type PluginSet } from './config.ts';
import { loadPluginModule, type LoadedPlugin } from './custom-plugins.ts';
import type { Profile } from './framework/profile.ts';
import { registryWith } from './registry.ts';
import { Scheduler, type SchedulerOptions } from './scheduler.ts';

/** Top-level fields of KubeSchedulerConfiguration v1: kubesim reads some and accepts the rest (strict decoding rejects others). */
const CONFIG_FIELDS = [
  'apiVersion',
  'kind',
  'parallelism',
  'leaderElection',
  'clientConnection',
  'healthzBindAddress',
  'metricsBindAddress',
  'enableProfiling',
  'enableContentionProfiling',
  'percentageOfNodesToScore',
  'podInitialBackoffSeconds',
  'podMaxBackoffSeconds',
  'profiles',
  'extenders',
  'delayCacheUntilActive',
];

/** A parsed configuration with a locator of its fields. */
export interface LocatedSchedulerConfig {
  config: KubeSchedulerConfiguration;
  /** file:line:column of a field path of the document. */
  locate: (path: FieldPath) => SourceLocation;
}

/**
 * Reads and validates a KubeSchedulerConfiguration file (kubescheduler.config.k8s.io/v1).
 * Unknown fields are errors, as kube-scheduler decodes its configuration strictly.
 */
export function readSchedulerConfig(file: string): LocatedSchedulerConfig {
  const docs = parseDocuments(readTextFile(file, 'scheduler configuration file'), file).filter((d) => d.value !== null && d.value !== undefined);
  if (docs.length !== 1) throw new UserError(`expected one KubeSchedulerConfiguration document, found ${docs.length}`, { location: { file, line: 1, column: 1 } });
  const doc = docs[0];
  const source: ObjectSource = { file, document: 0, base: [], location: doc.locate([]), locate: (p) => doc.locate(p) };
  const c = new Checker(source, 'KubeSchedulerConfiguration');
  if (!isObject(doc.value)) c.fail([], 'must be a map');
  const obj = doc.value as JsonObject;
  const known = (o: JsonObject, path: FieldPath, fields: readonly string[]): void => {
    for (const k of Object.keys(o)) if (!fields.includes(k)) c.fail([...path, k], `unknown field "${k}" (known: ${fields.join(', ')})`);
  };
  const apiVersion = c.string(obj, 'apiVersion', [], true);
  if (apiVersion !== 'kubescheduler.config.k8s.io/v1') c.fail(['apiVersion'], `must be "kubescheduler.config.k8s.io/v1", got ${JSON.stringify(apiVersion)}`);
  c.string(obj, 'kind', [], true, ['KubeSchedulerConfiguration']);
  known(obj, [], CONFIG_FIELDS);
  const pct = c.int(obj, 'percentageOfNodesToScore', [], { min: 0, max: 100 });
  const profiles = (c.objectList(obj, 'profiles', []) ?? []).map((p, i) => {
    const pp: FieldPath = ['profiles', i];
    known(p, pp, ['schedulerName', 'percentageOfNodesToScore', 'plugins', 'pluginConfig', 'tieBreak']);
    const plugins = c.object(p, 'plugins', pp);
    const sets: Record<string, PluginSet> = {};
    for (const ep of Object.keys(plugins ?? {})) {
      const ep2: FieldPath = [...pp, 'plugins'];
      if (!(EXTENSION_POINTS as readonly string[]).includes(ep)) c.fail([...ep2, ep], `unknown extension point (known: ${EXTENSION_POINTS.join(', ')})`);
      const set = c.object(plugins!, ep, ep2) ?? {};
      known(set, [...ep2, ep], ['enabled', 'disabled']);
      const refs = (key: 'enabled' | 'disabled'): { name: string; weight?: number }[] =>
        (c.objectList(set, key, [...ep2, ep]) ?? []).map((r, j) => {
          known(r, [...ep2, ep, key, j], ['name', 'weight']);
          return {
            name: c.string(r, 'name', [...ep2, ep, key, j], true)!,
            weight: c.int(r, 'weight', [...ep2, ep, key, j], { min: 0, max: MAX_WEIGHT }),
          };
        });
      sets[ep] = { enabled: refs('enabled'), disabled: refs('disabled') };
    }
    const seen = new Set<string>();
    const pluginConfig = (c.objectList(p, 'pluginConfig', pp) ?? []).map((pc, j) => {
      known(pc, [...pp, 'pluginConfig', j], ['name', 'args']);
      const name = c.string(pc, 'name', [...pp, 'pluginConfig', j], true)!;
      if (seen.has(name)) c.fail([...pp, 'pluginConfig', j, 'name'], `Duplicate value: "${name}"`);
      seen.add(name);
      return { name, args: c.object(pc, 'args', [...pp, 'pluginConfig', j]) ?? {} };
    });
    return {
      schedulerName: c.string(p, 'schedulerName', pp),
      percentageOfNodesToScore: c.int(p, 'percentageOfNodesToScore', pp, { min: 0, max: 100 }),
      plugins: sets,
      pluginConfig,
      // kubesim extension (not in upstream's API): how equal top scores are broken (docs/gpu.md)
      ...(p.tieBreak !== undefined ? { tieBreak: c.string(p, 'tieBreak', pp, false, ['random', 'nodeName']) as 'random' | 'nodeName' } : {}),
    };
  });
  return { config: { apiVersion, kind: 'KubeSchedulerConfiguration', percentageOfNodesToScore: pct, profiles }, locate: (p) => doc.locate(p) };
}

/** Reads and validates a KubeSchedulerConfiguration file (kubescheduler.config.k8s.io/v1). */
export function loadSchedulerConfig(file: string): KubeSchedulerConfiguration {
  return readSchedulerConfig(file).config;
}

/** Inputs of {@link buildScheduler}. */
export interface SchedulerSetup {
  configFile?: string;
  /** Extra configuration applied when no file is given (e.g. percentageOfNodesToScore from the CLI). */
  config?: KubeSchedulerConfiguration;
  pluginFiles?: readonly string[];
  seed?: string | number;
  onEvent?: SchedulerOptions['onEvent'];
  evictVictim?: SchedulerOptions['evictVictim'];
  healthy?: SchedulerOptions['healthy'];
  podInitialBackoffSeconds?: number;
  podMaxBackoffSeconds?: number;
}

/** Loads users' plugins, the configuration, and builds the profiles. */
export async function buildSchedulerProfiles(cluster: ClusterState, setup: SchedulerSetup): Promise<{ profiles: Profile[]; plugins: LoadedPlugin[] }> {
  const plugins: LoadedPlugin[] = [];
  for (const f of setup.pluginFiles ?? []) plugins.push(await loadPluginModule(f));
  const registry = registryWith(plugins);
  const located = setup.configFile ? readSchedulerConfig(setup.configFile) : undefined;
  const config = located ? located.config : setup.config;
  const profiles = buildProfiles(config, registry, cluster, {
    source: setup.configFile ?? 'scheduler configuration',
    locate: located?.locate,
    extraPlugins: plugins.map((p) => ({ name: p.name, weight: p.weight })),
  });
  return { profiles, plugins };
}

/** A Scheduler over `cluster` from configuration files. */
export async function buildScheduler(cluster: ClusterState, setup: SchedulerSetup = {}): Promise<Scheduler> {
  const { profiles } = await buildSchedulerProfiles(cluster, setup);
  return new Scheduler(cluster, profiles, {
    seed: setup.seed,
    onEvent: setup.onEvent,
    evictVictim: setup.evictVictim,
    healthy: setup.healthy,
    podInitialBackoffSeconds: setup.podInitialBackoffSeconds,
    podMaxBackoffSeconds: setup.podMaxBackoffSeconds,
  });
}
