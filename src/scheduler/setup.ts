/**
 * Builds a Scheduler from files: a KubeSchedulerConfiguration (validated with located errors)
 * and users' plugin modules. Shared by `explain`, `schedule`, `run` and the benchmarks.
 */
import { readFileSync, existsSync } from 'node:fs';
import { UserError } from '../cli/errors.ts';
import { Checker, isObject, type JsonObject, type ObjectSource } from '../manifests/check.ts';
import type { FieldPath } from '../manifests/path.ts';
import { parseDocuments } from '../manifests/yaml-source.ts';
import type { ClusterState } from '../model/cluster.ts';
import { buildProfiles, EXTENSION_POINTS, type KubeSchedulerConfiguration, type PluginSet } from './config.ts';
import { loadPluginModule, type LoadedPlugin } from './custom-plugins.ts';
import type { Profile } from './framework/profile.ts';
import { registryWith } from './registry.ts';
import { Scheduler, type SchedulerOptions } from './scheduler.ts';

/** Reads and validates a KubeSchedulerConfiguration file (kubescheduler.config.k8s.io/v1). */
export function loadSchedulerConfig(file: string): KubeSchedulerConfiguration {
  if (!existsSync(file)) throw new UserError('scheduler configuration file not found', { location: { file } });
  const docs = parseDocuments(readFileSync(file, 'utf8'), file).filter((d) => d.value !== null && d.value !== undefined);
  if (docs.length !== 1) throw new UserError(`expected one KubeSchedulerConfiguration document, found ${docs.length}`, { location: { file, line: 1, column: 1 } });
  const doc = docs[0];
  const source: ObjectSource = { file, document: 0, base: [], location: doc.locate([]), locate: (p) => doc.locate(p) };
  const c = new Checker(source, 'KubeSchedulerConfiguration');
  if (!isObject(doc.value)) c.fail([], 'must be a map');
  const obj = doc.value as JsonObject;
  const apiVersion = c.string(obj, 'apiVersion', [], true);
  if (apiVersion !== 'kubescheduler.config.k8s.io/v1') c.fail(['apiVersion'], `must be "kubescheduler.config.k8s.io/v1", got ${JSON.stringify(apiVersion)}`);
  c.string(obj, 'kind', [], true, ['KubeSchedulerConfiguration']);
  const pct = c.int(obj, 'percentageOfNodesToScore', [], { min: 0, max: 100 });
  const profiles = (c.objectList(obj, 'profiles', []) ?? []).map((p, i) => {
    const pp: FieldPath = ['profiles', i];
    const plugins = c.object(p, 'plugins', pp);
    const sets: Record<string, PluginSet> = {};
    for (const ep of Object.keys(plugins ?? {})) {
      const ep2: FieldPath = [...pp, 'plugins'];
      if (!(EXTENSION_POINTS as readonly string[]).includes(ep)) c.fail([...ep2, ep], `unknown extension point (known: ${EXTENSION_POINTS.join(', ')})`);
      const set = c.object(plugins!, ep, ep2) ?? {};
      const refs = (key: 'enabled' | 'disabled'): { name: string; weight?: number }[] =>
        (c.objectList(set, key, [...ep2, ep]) ?? []).map((r, j) => ({
          name: c.string(r, 'name', [...ep2, ep, key, j], true)!,
          weight: c.int(r, 'weight', [...ep2, ep, key, j], { min: 0, max: 100 }),
        }));
      sets[ep] = { enabled: refs('enabled'), disabled: refs('disabled') };
    }
    const pluginConfig = (c.objectList(p, 'pluginConfig', pp) ?? []).map((pc, j) => ({
      name: c.string(pc, 'name', [...pp, 'pluginConfig', j], true)!,
      args: c.object(pc, 'args', [...pp, 'pluginConfig', j]) ?? {},
    }));
    return {
      schedulerName: c.string(p, 'schedulerName', pp),
      percentageOfNodesToScore: c.int(p, 'percentageOfNodesToScore', pp, { min: 0, max: 100 }),
      plugins: sets,
      pluginConfig,
    };
  });
  return { apiVersion, kind: 'KubeSchedulerConfiguration', percentageOfNodesToScore: pct, profiles };
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
}

/** Loads users' plugins, the configuration, and builds the profiles. */
export async function buildSchedulerProfiles(cluster: ClusterState, setup: SchedulerSetup): Promise<{ profiles: Profile[]; plugins: LoadedPlugin[] }> {
  const plugins: LoadedPlugin[] = [];
  for (const f of setup.pluginFiles ?? []) plugins.push(await loadPluginModule(f));
  let registry;
  try {
    registry = registryWith(plugins);
  } catch (err) {
    throw new UserError((err as Error).message);
  }
  const config = setup.configFile ? loadSchedulerConfig(setup.configFile) : setup.config;
  const profiles = buildProfiles(config, registry, cluster, {
    source: setup.configFile ?? 'scheduler configuration',
    extraPlugins: plugins.map((p) => ({ name: p.name, weight: p.weight })),
  });
  return { profiles, plugins };
}

/** A Scheduler over `cluster` from configuration files. */
export async function buildScheduler(cluster: ClusterState, setup: SchedulerSetup = {}): Promise<Scheduler> {
  const { profiles } = await buildSchedulerProfiles(cluster, setup);
  return new Scheduler(cluster, profiles, { seed: setup.seed, onEvent: setup.onEvent, evictVictim: setup.evictVictim, healthy: setup.healthy });
}
