/**
 * `kubesim explain`: one pod against a cluster given as manifests — every node's filter verdict,
 * every score plugin's raw, normalized and weighted score, the total and the chosen node
 * (DESIGN.md §3 JSON contract).
 */
import type { Argv } from 'yargs';
import { UserError } from '../errors.ts';
import { resolve } from 'node:path';
import type { Pod } from '../../model/types.ts';
import type { NodeExplanation, PluginScore } from '../../scheduler/framework/framework.ts';
import type { CommandModule } from './index.ts';

/**
 * The stable JSON shape of `explain --json` (DESIGN.md §3): `nodes` and `selected`, each node
 * exactly `{filter, scores, total}`. `scores` is empty for nodes that were not scored (failed a
 * filter, fell outside the percentageOfNodesToScore window, or were the only feasible node).
 * `pod`, `feasibleNodes`, `evaluatedNodes` and `message` are additions.
 */
export interface ExplainJson {
  pod: string;
  nodes: Record<
    string,
    {
      filter: { passed: boolean; plugin?: string; reason?: string };
      scores: Record<string, PluginScore>;
      total: number;
    }
  >;
  selected: string | null;
  feasibleNodes: number;
  evaluatedNodes: number;
  message?: string;
}

/** Runs the explanation for `pod` and returns the JSON form. */
export async function explain(opts: { manifests: string[]; pod: string; config?: string; plugins?: string[]; seed?: string | number }): Promise<ExplainJson> {
  // loaded here, not at the top, so that `kubesim --help` does not load the scheduler
  const { buildCluster, listManifestFiles, loadManifests } = await import('../../manifests/index.ts');
  const { podsForWorkloads } = await import('../../model/expand.ts');
  const { buildScheduler } = await import('../../scheduler/setup.ts');
  // one load, so the pod gets the cluster's admission (PriorityClasses, LimitRanges) as the API server would give it
  const manifestFiles = listManifestFiles(opts.manifests);
  const podFile = listManifestFiles([opts.pod])[0];
  const same = (a: string, b: string): boolean => resolve(a) === resolve(b);
  const podInManifests = manifestFiles.some((f) => same(f, podFile));
  const loaded = loadManifests(podInManifests ? manifestFiles : [...manifestFiles, podFile]);
  const fromPodFile = loaded.objects.filter((o) => same(o.source.file, podFile));
  const cluster = buildCluster(podInManifests ? loaded : { ...loaded, objects: loaded.objects.filter((o) => !fromPodFile.includes(o)) });
  let pod: Pod | undefined = fromPodFile.find((o) => o.kind === 'Pod')?.object as Pod | undefined;
  if (!pod) {
    // a workload: explain the pod its controller would create
    pod = podsForWorkloads(buildCluster(fromPodFile.map((o) => o.object)))[0];
  }
  if (!pod) throw new UserError('no Pod (or workload with a pod template) found', { location: { file: opts.pod } });
  const scheduler = await buildScheduler(cluster, { configFile: opts.config, pluginFiles: opts.plugins, seed: opts.seed });
  const schedulerName = pod.spec.schedulerName ?? 'default-scheduler';
  const fw = scheduler.frameworks.get(schedulerName);
  if (!fw) throw new UserError(`no profile for schedulerName "${schedulerName}"`, { location: { file: opts.pod }, field: 'spec.schedulerName' });
  const key = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
  if (cluster.pods.has(key)) cluster.removePod(key);
  const p = cluster.addPod({ ...pod, spec: { ...pod.spec, nodeName: undefined } });
  const result = fw.schedulePod(p, { explain: true });
  const nodes: ExplainJson['nodes'] = {};
  for (const [name, e] of result.explanation ?? new Map<string, NodeExplanation>()) {
    const f = e.filter;
    nodes[name] = {
      filter: f === null || f === undefined ? { passed: f === null } : { passed: false, plugin: f.plugin, reason: f.reasons.join('; ') },
      scores: e.scores,
      total: e.total,
    };
  }
  const out: ExplainJson = { pod: key, nodes, selected: result.node, feasibleNodes: result.feasibleNodes, evaluatedNodes: result.evaluatedNodes };
  if (result.message) out.message = result.message;
  return out;
}

/** Renders the explanation as a terminal table. */
export function formatExplainTable(x: ExplainJson): string {
  const plugins = [...new Set(Object.values(x.nodes).flatMap((n) => Object.keys(n.scores)))];
  const header = ['NODE', 'FILTER', ...plugins.map(abbrev), 'TOTAL'];
  const rows: string[][] = [];
  const names = Object.keys(x.nodes).sort((a, b) => x.nodes[b].total - x.nodes[a].total || (a < b ? -1 : 1));
  for (const name of names) {
    const n = x.nodes[name];
    const scored = Object.keys(n.scores).length > 0;
    const filter = n.filter.passed ? (scored ? 'pass' : 'pass (not scored)') : `${n.filter.plugin}: ${n.filter.reason}`;
    rows.push([
      (name === x.selected ? '* ' : '  ') + name,
      filter,
      ...plugins.map((pl) => {
        const s = n.scores[pl];
        return s ? `${s.weighted} (${s.raw})` : '-';
      }),
      n.filter.passed && scored ? String(n.total) : '-',
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const out = [line(header), ...rows.map(line)];
  out.push('');
  if (plugins.length > 0) out.push(`Scores are weighted (raw). Legend: ${plugins.map((p) => `${abbrev(p)}=${p}`).join(', ')}`);
  const total = Object.keys(x.nodes).length;
  const passing = Object.values(x.nodes).filter((n) => n.filter.passed).length;
  // the cycle stops filtering once it has enough feasible nodes (percentageOfNodesToScore; 1 without score plugins)
  const found = passing === x.feasibleNodes ? `${passing} feasible of ${total} nodes` : `${passing} of ${total} nodes pass the filters; the cycle stopped after finding ${x.feasibleNodes}`;
  out.push(x.selected ? `Selected: ${x.selected} (${found})` : `Unschedulable: ${x.message ?? ''}`);
  return out.join('\n');
}

function abbrev(plugin: string): string {
  const short: Record<string, string> = {
    NodeResourcesFit: 'Fit',
    NodeResourcesBalancedAllocation: 'Balanced',
    ImageLocality: 'Image',
    InterPodAffinity: 'PodAff',
    NodeAffinity: 'NodeAff',
    TaintToleration: 'Taint',
    PodTopologySpread: 'Spread',
  };
  return short[plugin] ?? plugin;
}

/** The `explain` command. */
export const explainCommand: CommandModule = {
  command: 'explain',
  describe: 'Explain where one pod would go: per-node filter verdicts and per-plugin scores',
  builder: (y: Argv) =>
    y
      .option('manifests', { alias: 'm', type: 'array', string: true, demandOption: true, describe: 'Files or folders with the cluster: Nodes, bound Pods, workloads, PDBs, PriorityClasses (repeatable)' })
      .option('pod', { alias: 'p', type: 'string', demandOption: true, describe: 'A file with the Pod to place (or a workload: the pod its controller would create)' })
      .option('config', { alias: 'c', type: 'string', describe: 'KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1); the pod\'s spec.schedulerName picks the profile. Default: the v1.35 default profile' })
      .option('plugin', { type: 'array', string: true, describe: 'Custom plugin module (.ts or .js), repeatable; enabled at every extension point it implements unless the config names it' })
      .option('seed', { type: 'string', default: '0', describe: 'Seed of the tie-break among nodes with the same highest total' })
      .option('json', { type: 'boolean', default: false, describe: 'Print JSON: {nodes: {NAME: {filter: {passed, plugin?, reason?}, scores: {PLUGIN: {raw, normalized, weighted}}, total}}, selected}' })
      .example('$0 explain -m test/fixtures/scheduler/clusters/small.yaml -p test/fixtures/scheduler/pods/web.yaml', 'table: one row per node, the selected node starred')
      .example('$0 explain -m cluster/ -p pod.yaml -c sched.yaml --plugin examples/plugins/gpu-binpack.ts --json', 'with a scheduler config and a custom plugin, as JSON')
      .epilog('Every node is run through every filter (the real cycle stops early on large clusters; nodes it would not have scored say so). Score columns show weighted (raw) per plugin. Exit 2 on bad input.'),
  run: async (args) => {
    const x = await explain({
      manifests: args.manifests as string[],
      pod: args.pod as string,
      config: args.config as string | undefined,
      plugins: args.plugin as string[] | undefined,
      seed: args.seed as string,
    });
    process.stdout.write((args.json ? JSON.stringify(x, null, 2) : formatExplainTable(x)) + '\n');
    return 0;
  },
};
