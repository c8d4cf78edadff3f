/**
 * Loading a kubeconfig the way kubectl does (`--kubeconfig`, else $KUBECONFIG, else
 * ~/.kube/config, else the in-cluster service account), with bad input as located UserErrors.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { UserError } from '../cli/errors.ts';

/** Where to find the cluster. */
export interface KubeConfigOptions {
  /** A kubeconfig file; default: $KUBECONFIG, ~/.kube/config, then in-cluster. */
  kubeconfig?: string;
  /** A context of that kubeconfig; default: its current-context. */
  context?: string;
}

/** A loaded kubeconfig and what it points at. */
export interface LoadedKubeConfig {
  kc: KubeConfig;
  /** The file read, or `in-cluster`. */
  source: string;
  context: string;
  server: string;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Line and column (1-based) of a js-yaml error, when it has a mark. */
function yamlMark(err: unknown): { line?: number; column?: number } {
  const mark = (err as { mark?: { line?: number; column?: number } }).mark;
  if (!mark || typeof mark.line !== 'number') return {};
  return { line: mark.line + 1, column: typeof mark.column === 'number' ? mark.column + 1 : undefined };
}

/** Reads one kubeconfig file into `kc`, turning every failure into a UserError located at the file. */
function loadFile(kc: KubeConfig, file: string): void {
  if (!existsSync(file)) throw new UserError('kubeconfig: no such file', { location: { file } });
  try {
    kc.loadFromFile(file);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const what = e.code === 'EISDIR' ? 'is a folder, not a kubeconfig file' : e.message.split('\n')[0];
    throw new UserError(`kubeconfig: ${what}`, { location: { file, ...yamlMark(err) } });
  }
}

/**
 * Loads the kubeconfig named by `opts` (or found as kubectl finds it), selects the context and
 * checks that it names a cluster with a server. Throws a UserError (exit 2) otherwise.
 */
export function loadKubeConfig(opts: KubeConfigOptions = {}): LoadedKubeConfig {
  const kc = new KubeConfig();
  let source: string;
  if (opts.kubeconfig !== undefined) {
    loadFile(kc, opts.kubeconfig);
    source = opts.kubeconfig;
  } else if (process.env.KUBECONFIG) {
    // kubectl merges the list; client-node's loadFromDefault does too, we only locate errors first
    const files = process.env.KUBECONFIG.split(process.platform === 'win32' ? ';' : ':').filter(Boolean);
    for (const f of files) if (!existsSync(f)) throw new UserError('kubeconfig (from $KUBECONFIG): no such file', { location: { file: f } });
    try {
      kc.loadFromDefault();
    } catch (err) {
      throw new UserError(`kubeconfig (from $KUBECONFIG): ${(err as Error).message.split('\n')[0]}`, { location: { file: files[0] ?? '$KUBECONFIG', ...yamlMark(err) } });
    }
    source = files.join(':');
  } else if (existsSync(join(homedir(), '.kube', 'config'))) {
    source = join(homedir(), '.kube', 'config');
    loadFile(kc, source);
  } else if (existsSync(SERVICE_ACCOUNT_TOKEN)) {
    kc.loadFromCluster();
    source = 'in-cluster';
  } else {
    // client-node would fall back to http://localhost:8080; kubectl refuses, and so do we
    throw new UserError('no kubeconfig: pass --kubeconfig FILE, set $KUBECONFIG, or create ~/.kube/config');
  }
  if (opts.context !== undefined) {
    if (!kc.getContextObject(opts.context)) {
      const names = kc.getContexts().map((c) => c.name);
      throw new UserError(`context "${opts.context}" is not in the kubeconfig (contexts: ${names.length ? names.join(', ') : 'none'})`, { location: { file: source } });
    }
    kc.setCurrentContext(opts.context);
  }
  const context = kc.getCurrentContext();
  if (!context || !kc.getContextObject(context)) {
    throw new UserError(context ? `current-context "${context}" is not defined in the kubeconfig` : 'kubeconfig has no current-context; pass --context NAME', { location: { file: source } });
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new UserError(`context "${context}" names a cluster that is not defined in the kubeconfig`, { location: { file: source } });
  if (!cluster.server) throw new UserError(`cluster "${cluster.name}" has no server`, { location: { file: source } });
  return { kc, source, context, server: cluster.server };
}
