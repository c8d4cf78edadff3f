/**
 * `kubesim import`: reads a live cluster (kubeconfig) and writes a multi-document YAML snapshot
 * of the simulated kinds, to stdout or `--out FILE`. Exit 0, 1 when the API refused a read
 * (the Status message is printed), 2 on bad input (kubeconfig, options).
 */
import type { Argv } from 'yargs';
import { parseDuration } from '../../engine/time.ts';
import { EXIT_OK, UserError } from '../errors.ts';
import type { CommandModule } from './index.ts';
import { writeFileAtomic } from './schedule.ts';

/** Exit code when the API server refused or could not be reached. */
const EXIT_API_FAILED = 1;

/** The `import` command. */
export const importCommand: CommandModule = {
  command: 'import',
  describe: 'Read a live cluster (Nodes, Pods, workloads, HPAs, PDBs, ...) into a snapshot YAML that scenarios and validate load',
  builder: (y: Argv) =>
    y
      .option('kubeconfig', { type: 'string', describe: 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, in-cluster)' })
      .option('context', { type: 'string', describe: "kubeconfig context (default: its current-context)" })
      .option('namespace', { alias: 'n', type: 'string', describe: 'Only this namespace for namespaced kinds (Nodes and PriorityClasses are always read)' })
      .option('out', { alias: 'o', type: 'string', describe: 'Write the snapshot here (atomically) instead of stdout' })
      // the default is the importer's DEFAULT_PAGE_SIZE, shown without loading the Kubernetes client (a test checks they agree)
      .option('page-size', { type: 'number', defaultDescription: '500', describe: 'Items per list request (limit/continue)' })
      .option('include-finished-pods', { type: 'boolean', default: false, describe: 'Also import Succeeded and Failed pods (the scheduler ignores them)' })
      .option('request-timeout', { type: 'string', default: '30s', describe: 'Abandon a request after this long (then retried like a connection error)' })
      .option('qps', { type: 'number', default: 5, describe: 'Client-side rate limit: requests per second (client-go\'s default 5), retries included' })
      .option('burst', { type: 'number', default: 10, describe: 'Requests allowed at once above --qps (client-go\'s default 10)' })
      .option('retries', { type: 'number', default: 5, describe: 'Retries per request on 429, 5xx, timeouts and connection errors (exponential back-off with jitter, Retry-After honoured)' })
      .example('$0 import --kubeconfig ~/.kube/config > snapshot.yaml', 'the whole cluster')
      .example('$0 import -n shop -o shop.yaml', 'one namespace (plus Nodes and PriorityClasses)')
      .epilog('Writes nothing to the cluster. Use the file as a scenario\'s cluster.manifests entry, or check it with `kubesim validate`.'),
  run: async (args) => {
    // loaded here, not at the top: the Kubernetes client takes ~0.4 s to load and `--help` needs none of it
    const { DEFAULT_PAGE_SIZE, formatCounts, importCluster, ImportError, snapshotYaml } = await import('../../live/import.ts');
    const { loadKubeConfig } = await import('../../live/kubeconfig.ts');
    const pageSize = (args['page-size'] as number | undefined) ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new UserError(`--page-size must be a positive integer, got ${String(pageSize)}`);
    const { credentialStrings, redact, TokenBucket } = await import('../../live/http.ts');
    const timeout = parseDuration(String(args['request-timeout']));
    if (timeout === undefined || timeout <= 0) throw new UserError(`--request-timeout must be a positive duration such as 30s, got ${String(args['request-timeout'])}`);
    const retries = Number(args.retries);
    if (!Number.isInteger(retries) || retries < 0 || retries > 100) throw new UserError(`--retries must be an integer in [0, 100], got ${String(args.retries)}`);
    const { rateLimiterOf } = await import('./replay.ts');
    const rateLimiter = rateLimiterOf(args, TokenBucket);
    const { kc, context, server } = loadKubeConfig({ kubeconfig: args.kubeconfig as string | undefined, context: args.context as string | undefined });
    const secrets = credentialStrings(kc);
    const namespace = args.namespace as string | undefined;
    let result;
    try {
      result = await importCluster(kc, {
        namespace,
        pageSize,
        includeFinishedPods: args['include-finished-pods'] as boolean,
        requests: {
          timeoutSeconds: timeout,
          retries,
          rateLimiter,
          onRetry: (i) => void process.stderr.write(redact(`retry ${i.attempt}/${retries}: ${i.method} ${i.path} got ${i.reason}; waiting ${i.waitSeconds.toFixed(1)}s\n`, secrets)),
        },
      });
    } catch (err) {
      if (err instanceof ImportError) {
        process.stderr.write(redact(`error: ${server} (context ${context}): ${err.message}\nNothing was written.\n`, secrets));
        return EXIT_API_FAILED;
      }
      throw new UserError(redact(`import failed: ${(err as Error).message ?? String(err)}`, secrets));
    }
    const header = [
      `kubesim import from ${server} (context ${context})${namespace ? `, namespace ${namespace}` : ''}`,
      `${formatCounts(result.counts)}${args['include-finished-pods'] ? '' : '; Succeeded/Failed pods left out'}`,
      ...result.revisions.map((r) => `${r.object}: current revision ${r.live} renamed to kubesim's ${r.kubesim} (${r.pods} pod${r.pods === 1 ? '' : 's'} relabelled)`),
    ];
    const text = snapshotYaml(result.objects, header);
    const out = args.out as string | undefined;
    if (out) writeFileAtomic(out, text);
    else process.stdout.write(text);
    process.stderr.write(`Imported ${formatCounts(result.counts)} from ${server} (context ${context}) in ${result.requests} list requests${out ? ` → ${out}` : ''}\n`);
    if (result.revisions.length) process.stderr.write(`${result.revisions.length} StatefulSet/DaemonSet revision(s) renamed to kubesim's template hashes so their pods stay current (see the snapshot header)\n`);
    if (result.loadError) process.stderr.write(`warning: kubesim's manifests loader rejects this snapshot as it is: ${result.loadError}\n`);
    if (namespace) process.stderr.write(`note: pods of other namespaces were not imported, so Nodes look emptier than they are\n`);
    return EXIT_OK;
  },
};
