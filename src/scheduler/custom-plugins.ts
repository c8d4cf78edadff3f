/**
 * Users' scheduler plugins: a `.ts` or `.js` module whose default export (or `plugin` export) is
 * a plugin object `{ name, filter?, score?, normalizeScore?, preFilter?, preScore?, weight? }`, or a
 * factory `(args, handle) => plugin` with `export const name` (it receives the pluginConfig args). Loaded plugins are registered like built-ins and, unless a
 * KubeSchedulerConfiguration names them, enabled at every extension point they implement.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { fsUserError } from '../util/files.ts';
import { UserError } from '../cli/errors.ts';
import type { FrameworkHandle, PluginFactory, SchedulerPlugin } from './framework/types.ts';

/** A user plugin as its module exports it: the framework contract plus an optional default weight. */
export interface UserPlugin extends SchedulerPlugin {
  /** Score weight when the configuration does not set one (default 1). */
  readonly weight?: number;
}

/** A loaded plugin module. */
export interface LoadedPlugin {
  name: string;
  factory: PluginFactory;
  weight: number;
  /** The module's path as given (for error locations). */
  file: string;
}

const METHODS = ['preFilter', 'filter', 'preScore', 'score', 'normalizeScore', 'addPod', 'removePod'] as const;

/** Checks that `v` is a plugin object; throws a UserError naming the file and what is wrong. */
export function checkPluginObject(v: unknown, file: string): UserPlugin {
  if (typeof v !== 'object' || v === null) throw new UserError('the module must export a plugin object or a factory function', { location: { file } });
  const o = v as Record<string, unknown>;
  if (typeof o.name !== 'string' || o.name === '') throw new UserError('the plugin has no `name` (a non-empty string)', { location: { file }, field: 'name' });
  for (const m of METHODS) {
    if (o[m] !== undefined && typeof o[m] !== 'function') throw new UserError(`\`${m}\` must be a function`, { location: { file }, field: m });
  }
  if (!METHODS.some((m) => typeof o[m] === 'function')) {
    throw new UserError('the plugin implements no extension point (filter, score, normalizeScore, preFilter, preScore)', { location: { file } });
  }
  if (o.weight !== undefined && (typeof o.weight !== 'number' || !Number.isInteger(o.weight) || o.weight < 1 || o.weight > 100)) {
    throw new UserError('`weight` must be an integer in [1, 100]', { location: { file }, field: 'weight' });
  }
  // the speed hints (docs/scheduler.md): promises the framework relies on, so their shape is checked
  for (const m of ['scoreNodes', 'scoreEpoch'] as const) {
    if (o[m] !== undefined && typeof o[m] !== 'function') throw new UserError(`\`${m}\` must be a function`, { location: { file }, field: m });
  }
  if (o.nodeLocal !== undefined && typeof o.nodeLocal !== 'boolean') throw new UserError('`nodeLocal` must be true or false', { location: { file }, field: 'nodeLocal' });
  if (o.scoreEpoch !== undefined && o.nodeLocal !== true) {
    throw new UserError('`scoreEpoch` is used only with `nodeLocal: true`', { location: { file }, field: 'scoreEpoch' });
  }
  if (o.defaultNormalize !== undefined) {
    const dn = o.defaultNormalize as { maxPriority?: unknown; reverse?: unknown } | null;
    if (typeof dn !== 'object' || dn === null || typeof dn.maxPriority !== 'number' || !(dn.maxPriority > 0) || typeof dn.reverse !== 'boolean') {
      throw new UserError('`defaultNormalize` must be { maxPriority: a number > 0, reverse: true or false }', { location: { file }, field: 'defaultNormalize' });
    }
    if (typeof o.normalizeScore !== 'function') {
      throw new UserError('`defaultNormalize` describes `normalizeScore`, which the plugin does not have', { location: { file }, field: 'defaultNormalize' });
    }
  }
  return v as UserPlugin;
}

let typeScriptLoader: Promise<void> | undefined;

/**
 * Makes `import()` of a `.ts` plugin work. Compiled kubesim (dist/, `.js`) runs without a
 * TypeScript loader, so tsx is registered here, once, the first time a TypeScript plugin is
 * loaded (it is not loaded at start-up: it costs a second). When this module is itself
 * TypeScript (under vitest or tsx), a loader is already in place.
 */
function ensureTypeScriptLoader(): Promise<void> {
  if (!import.meta.url.endsWith('.js')) return Promise.resolve();
  typeScriptLoader ??= import('tsx/esm/api').then((tsx) => {
    tsx.register();
  });
  return typeScriptLoader;
}

/** Imports a plugin module (TypeScript through tsx, or JavaScript) and checks what it exports. */
export async function loadPluginModule(path: string, baseDir = process.cwd()): Promise<LoadedPlugin> {
  const file = resolve(baseDir, path);
  if (!existsSync(file)) {
    let reason = 'plugin file not found';
    try {
      statSync(file);
    } catch (err) {
      reason = fsUserError(err, file, 'plugin file').message;
    }
    throw new UserError(reason, { location: { file: path } });
  }
  if (statSync(file).isDirectory()) throw new UserError('plugin file: is a folder, expected a .ts or .js module', { location: { file: path } });
  let mod: Record<string, unknown>;
  try {
    if (/\.[cm]?tsx?$/.test(file)) await ensureTypeScriptLoader();
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    throw new UserError(`cannot load plugin module: ${(err as Error).message.split('\n')[0]}`, { location: { file: path } });
  }
  const exported = mod.default ?? mod.plugin;
  if (typeof exported === 'function') {
    const factory = exported as (args: Record<string, unknown> | undefined, handle: FrameworkHandle) => unknown;
    // A factory module names its plugin with `export const name` (instances are built per profile with args).
    const name = mod.name;
    if (typeof name !== 'string' || name === '') throw new UserError('a module exporting a factory must also export `name` (the plugin name)', { location: { file: path }, field: 'name' });
    const weight = typeof mod.weight === 'number' ? mod.weight : 1;
    return {
      name,
      weight,
      file: path,
      factory: (args, handle) => {
        const inst = checkPluginObject(factory(args, handle), path);
        if (inst.name !== name) throw new UserError(`the factory built a plugin named "${inst.name}", expected "${name}"`, { location: { file: path } });
        return inst;
      },
    };
  }
  const plugin = checkPluginObject(exported, path);
  return { name: plugin.name, weight: plugin.weight ?? 1, file: path, factory: () => plugin };
}
