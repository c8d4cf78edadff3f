/**
 * `kubesim bench collect --job NAME`: reads the shard files that the pods of an emitted Indexed
 * Job printed between markers in their logs (client-node, read only) and writes one file per
 * shard. Per index it takes the newest Succeeded pod; indexes without one are reported.
 */
import { BatchV1Api, CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiFailure, formatFailure } from '../live/api-error.ts';
import { parseShardFile, shardFileName, unwrapShard } from './shard.ts';

/** Annotation (and label) the Job controller puts on each pod of an Indexed Job. */
const COMPLETION_INDEX_KEY = 'batch.kubernetes.io/job-completion-index';

/** A failed API call (exit 1). */
export class CollectError extends Error {}

/** What collect found. */
export interface CollectResult {
  /** Shard count (the Job's completions). */
  shards: number;
  /** Files written, by shard index. */
  written: { index: number; pod: string; file: string; runs: number }[];
  /** Indexes without a usable shard, with why. */
  missing: { index: number; reason: string }[];
}

function indexOf(p: V1Pod): number | undefined {
  const v = p.metadata?.annotations?.[COMPLETION_INDEX_KEY] ?? p.metadata?.labels?.[COMPLETION_INDEX_KEY];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Reads the Job's pods and logs and writes `OUT/bench-shard-I-of-N.jsonl` for every index that succeeded. */
export async function collectShards(kc: KubeConfig, opts: { job: string; namespace: string; out: string; container?: string }): Promise<CollectResult> {
  const batch = kc.makeApiClient(BatchV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const call = async <T>(what: string, f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (err) {
      throw new CollectError(`${what}: ${formatFailure(apiFailure(err))}`);
    }
  };
  const job = await call(`reading Job ${opts.namespace}/${opts.job}`, () => batch.readNamespacedJob({ name: opts.job, namespace: opts.namespace }));
  if (job.spec?.completionMode !== 'Indexed' || job.spec.completions === undefined) {
    throw new CollectError(`Job ${opts.namespace}/${opts.job} is not an Indexed Job with completions (was it made by kubesim bench --emit-job?)`);
  }
  const shards = job.spec.completions;
  const uid = job.metadata?.uid;
  const pods = await call(`listing the pods of Job ${opts.namespace}/${opts.job}`, () =>
    core.listNamespacedPod({ namespace: opts.namespace, labelSelector: `batch.kubernetes.io/job-name=${opts.job}` }),
  );
  // the label selector may match pods of an older Job of the same name: keep this Job's (owner uid)
  const mine = pods.items.filter(
    (p) =>
      p.metadata?.labels?.['batch.kubernetes.io/job-name'] === opts.job &&
      (!uid || (p.metadata?.ownerReferences ?? []).some((r) => r.kind === 'Job' && r.uid === uid)),
  );
  const result: CollectResult = { shards, written: [], missing: [] };
  mkdirSync(opts.out, { recursive: true });
  for (let index = 0; index < shards; index++) {
    const candidates = mine.filter((p) => indexOf(p) === index);
    const done = candidates
      .filter((p) => p.status?.phase === 'Succeeded')
      .sort((a, b) => String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? '')) || String(a.metadata?.name).localeCompare(String(b.metadata?.name)));
    if (done.length === 0) {
      const phases = candidates.map((p) => `${p.metadata?.name} ${p.status?.phase ?? 'Pending'}`);
      result.missing.push({ index, reason: phases.length ? `no Succeeded pod (${phases.join(', ')})` : 'no pod' });
      continue;
    }
    const pod = done[0];
    const podName = pod.metadata!.name!;
    const log = await call(`reading the log of pod ${opts.namespace}/${podName}`, () =>
      core.readNamespacedPodLog({ name: podName, namespace: opts.namespace, container: opts.container ?? pod.spec?.containers?.[0]?.name }),
    );
    const source = `pod ${opts.namespace}/${podName}`;
    let text: string;
    try {
      const shard = unwrapShard(String(log), source);
      if (shard.index !== index || shard.count !== shards) throw new Error(`the log holds shard ${shard.index}/${shard.count}, expected ${index}/${shards}`);
      parseShardFile(shard.text, source);
      text = shard.text;
    } catch (err) {
      result.missing.push({ index, reason: `${source}: ${(err as Error).message}` });
      continue;
    }
    const file = join(opts.out, shardFileName(index, shards));
    writeFileSync(file, text);
    result.written.push({ index, pod: podName, file, runs: parseShardFile(text, file).runs.length });
  }
  return result;
}
