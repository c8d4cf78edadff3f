/**
 * `kubesim validate PATH...`: loads manifests (files or folders), prints counts by kind,
 * allocatable vs requested per resource, pods that fit no node by resources, and notices about
 * ignored kinds. `--json` prints one stable JSON document instead (see docs/validate.md).
 */
import type { Argv } from 'yargs';
import { UserError, EXIT_BAD_INPUT, EXIT_OK, type SourceLocation } from '../errors.ts';
import type { CommandModule } from './index.ts';
import { buildCluster, loadManifests, summarizeManifests, type LoadedManifests, type ManifestSummary, type UnfitPod } from '../../manifests/index.ts';
import { formatAmount } from '../../manifests/summary.ts';
import type { ClusterState } from '../../model/cluster.ts';
import { newPodInfo } from '../../model/pod-info.ts';
import { computeFitPreFilterState, fitsRequest } from '../../scheduler/plugins/node-resources-fit.ts';
import { formatTraceReport, isTracePaths, validateTraceFiles } from '../../trace/validate.ts';

/** The `--json` document of `kubesim validate` (version 1; fields are only ever added). */
export interface ValidateReport {
  version: 1;
  files: string[];
  /** Objects per kind, all kinds. */
  kinds: Record<string, number>;
  /** Kinds read but not simulated, with counts. */
  notSimulated: Record<string, number>;
  nodes: number;
  pods: { bound: number; pending: number };
  /** Per resource: cpu in millicores, memory and storage in bytes, others as counts. */
  resources: { resource: string; unit: string; allocatable: number; requested: number }[];
  /** Pods (explicit pending Pods, one per workload template) that fit no node by resources. */
  unfit: UnfitPod[];
  warnings: { message: string; object?: string; location?: SourceLocation }[];
}

/** Reason counts across nodes, worded as the scheduler's FitError. */
function fitMessage(nodes: number, reasons: Record<string, number>): string {
  const parts = Object.entries(reasons)
    .map(([r, n]) => `${n} ${r}`)
    .sort();
  return `0/${nodes} nodes are available: ${parts.join(', ')}.`;
}

/** Pods that fit no node by resources alone (NodeResourcesFit's filter; other filters are not run). */
export function unfitPods(summary: ManifestSummary, cluster: ClusterState): UnfitPod[] {
  const nodes = [...cluster.nodes.values()];
  if (nodes.length === 0) return [];
  const out: UnfitPod[] = [];
  const none = new Set<string>();
  for (const cand of summary.candidates) {
    const info = newPodInfo(cand.pod);
    const state = computeFitPreFilterState(info, none, none);
    const reasons: Record<string, number> = {};
    let fits = false;
    for (const ni of nodes) {
      const insufficient = fitsRequest(state, ni);
      if (insufficient.length === 0) {
        fits = true;
        break;
      }
      for (const r of insufficient) reasons[r.reason] = (reasons[r.reason] ?? 0) + 1;
    }
    if (fits) continue;
    const r = info.requests;
    const requests: Record<string, number> = {};
    if (r.milliCPU) requests.cpu = r.milliCPU;
    if (r.memory) requests.memory = r.memory;
    if (r.ephemeralStorage) requests['ephemeral-storage'] = r.ephemeralStorage;
    for (const k of Object.keys(r.scalar).sort()) if (r.scalar[k]) requests[k] = r.scalar[k];
    out.push({ object: cand.object, fromTemplate: cand.fromTemplate, location: cand.location, requests, reasons, message: fitMessage(nodes.length, reasons) });
  }
  return out;
}

/** Loads and checks manifests and returns the report `validate` prints. */
export function validateManifests(paths: string[]): { report: ValidateReport; loaded: LoadedManifests } {
  const loaded = loadManifests(paths);
  const cluster = buildCluster(loaded);
  const summary = summarizeManifests(loaded, cluster);
  const report: ValidateReport = {
    version: 1,
    files: loaded.files,
    kinds: sortedRecord(summary.counts),
    notSimulated: sortedRecord(summary.notSimulated),
    nodes: summary.nodes,
    pods: { bound: summary.boundPods, pending: summary.pendingPods },
    resources: summary.resources,
    unfit: unfitPods(summary, cluster),
    warnings: loaded.warnings,
  };
  return { report, loaded };
}

function sortedRecord(r: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(r).sort()) out[k] = r[k];
  return out;
}

function loc(l: SourceLocation | undefined): string {
  if (!l) return '';
  return `${l.file}${l.line !== undefined ? `:${l.line}` : ''}${l.column !== undefined ? `:${l.column}` : ''}`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** The human-readable form of a report. */
export function formatReport(r: ValidateReport): string {
  const lines: string[] = [];
  const total = Object.values(r.kinds).reduce((a, b) => a + b, 0);
  lines.push(`Loaded ${total} object${total === 1 ? '' : 's'} from ${r.files.length} file${r.files.length === 1 ? '' : 's'}.`, '');
  lines.push('Objects by kind:');
  const kw = Math.max(4, ...Object.keys(r.kinds).map((k) => k.length));
  for (const [k, n] of Object.entries(r.kinds)) lines.push(`  ${pad(k, kw)}  ${String(n).padStart(4)}${k in r.notSimulated ? '  (not simulated)' : ''}`);
  lines.push('');
  lines.push(`Cluster: ${r.nodes} node${r.nodes === 1 ? '' : 's'}, ${r.pods.bound} bound pod${r.pods.bound === 1 ? '' : 's'}, ${r.pods.pending} pending pod${r.pods.pending === 1 ? '' : 's'}.`);
  if (r.nodes > 0) {
    const rw = Math.max(18, ...r.resources.map((t) => t.resource.length));
    lines.push('', `  ${pad('resource', rw)}  ${'allocatable'.padStart(12)}  ${'requested'.padStart(12)}  ${'used'.padStart(5)}`);
    for (const t of r.resources) {
      const pct = t.allocatable > 0 ? `${Math.round((t.requested / t.allocatable) * 100)}%` : '-';
      lines.push(`  ${pad(t.resource, rw)}  ${formatAmount(t.resource, t.allocatable).padStart(12)}  ${formatAmount(t.resource, t.requested).padStart(12)}  ${pct.padStart(5)}`);
    }
  } else {
    lines.push('  No Node objects: pods are not checked for fit (add Node manifests or use a scenario).');
  }
  lines.push('');
  if (r.unfit.length === 0) {
    if (r.nodes > 0) lines.push('Every pod fits some node by resources (explicit pending Pods and one pod per workload template).');
  } else {
    lines.push(`Pods that fit no node by resources (${r.unfit.length}):`);
    for (const u of r.unfit) {
      const req = Object.entries(u.requests)
        .map(([k, v]) => `${k}=${formatAmount(k, v)}`)
        .join(' ');
      lines.push(`  ${loc(u.location)}: ${u.object}${u.fromTemplate ? ' (pod template)' : ''}: requests ${req || 'nothing'}: ${u.message}`);
    }
  }
  const ns = Object.entries(r.notSimulated);
  if (ns.length > 0) {
    lines.push('', `Not simulated (read and ignored): ${ns.map(([k, n]) => `${k} ${n}`).join(', ')}.`);
  }
  if (r.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const w of r.warnings) lines.push(`  ${[loc(w.location), w.object, w.message].filter(Boolean).join(': ')}`);
  }
  return lines.join('\n') + '\n';
}

/** `kubesim validate`. */
export const validateCommand: CommandModule = {
  command: 'validate <paths..>',
  describe: 'Load manifests (files or folders) and report kinds, resource totals and pods that fit no node',
  builder: (y: Argv) =>
    y
      .positional('paths', { type: 'string', array: true, describe: 'manifest files or folders (*.yaml, *.yml, *.json, searched recursively), or openb trace lists (*.csv, docs/gpu.md)' })
      .option('json', { type: 'boolean', default: false, describe: 'print one JSON document (stable shape, see docs/validate.md)' }) as Argv,
  run: async (args) => {
    const paths = (args.paths as string[] | undefined) ?? [];
    const json = args.json === true;
    try {
      if (isTracePaths(paths)) {
        const tr = validateTraceFiles(paths);
        process.stdout.write(json ? JSON.stringify(tr, null, 2) + '\n' : formatTraceReport(tr));
        return EXIT_OK;
      }
      const { report } = validateManifests(paths);
      process.stdout.write(json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
      return EXIT_OK;
    } catch (err) {
      if (json && err instanceof UserError) {
        const error = { message: err.message, object: err.object, field: err.field, location: err.location, text: err.format() };
        process.stdout.write(JSON.stringify({ version: 1, error }, null, 2) + '\n');
        process.stderr.write(`error: ${err.format()}\n`);
        return EXIT_BAD_INPUT;
      }
      throw err;
    }
  },
};
