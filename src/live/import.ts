/**
 * `kubesim import`: reads the simulated kinds from a live cluster through client-node's typed
 * APIs (paginated with limit/continue, as kubectl lists) and writes one multi-document YAML
 * snapshot that `kubesim validate` and a scenario's `cluster.manifests` load.
 *
 * The snapshot keeps what the simulation reads and drops what the API server manages:
 * managedFields, resourceVersion, selfLink, the last-applied annotation, uids of objects
 * nothing owns through them, node heartbeats and addresses, pod IPs and container statuses.
 * Bound pods keep spec.nodeName and their phase and conditions, so they stay bound and ready;
 * Nodes keep capacity, allocatable, taints, labels, images and conditions; workloads and HPAs
 * keep their status (the controllers read it).
 */
import {
  AppsV1Api,
  AutoscalingV2Api,
  BatchV1Api,
  CoreV1Api,
  PolicyV1Api,
  SchedulingV1Api,
  type KubeConfig,
  type V1ListMeta,
} from '@kubernetes/client-node';
import { dump } from 'js-yaml';
import { apiFailure, formatFailure, type ApiFailure } from './api-error.ts';
import { makeApiClient, type RequestPolicy } from './http.ts';
import { alignRevisions, type RevisionNote } from './revisions.ts';
import { toApiJson, type Json } from './serialize.ts';

/** One API object as plain JSON. */
export type ApiObject = { [key: string]: Json };

/** The kinds `kubesim import` reads, in the order the snapshot lists them (what others refer to first). */
export const IMPORT_KINDS = [
  'Namespace',
  'PriorityClass',
  'Node',
  'LimitRange',
  'Service',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'Pod',
] as const;
/** One of {@link IMPORT_KINDS}. */
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** kubectl's default chunk size (`--chunk-size=500`). */
export const DEFAULT_PAGE_SIZE = 500;

/**
 * The scheduler's pod informer ignores finished pods (pkg/scheduler/scheduler.go newPodInformer:
 * field selector `status.phase!=Succeeded,status.phase!=Failed`); so does the import unless asked not to.
 */
export const ACTIVE_PODS_FIELD_SELECTOR = 'status.phase!=Succeeded,status.phase!=Failed';

/** What to import. */
export interface ImportOptions {
  /** Request timeout and retries (default: 30 s, 5 retries with back-off on 429/5xx/connection errors). */
  requests?: Partial<RequestPolicy>;
  /** Restrict namespaced kinds to this namespace (Nodes and PriorityClasses are always read). */
  namespace?: string;
  /** Items per list request (`limit`); continued with `continue` until the list is complete. */
  pageSize?: number;
  /** Also import Succeeded and Failed pods. */
  includeFinishedPods?: boolean;
}

/** A failed list or read: which kind, and the API's Status. */
export class ImportError extends Error {
  readonly kind: ImportKind;
  readonly failure: ApiFailure;
  constructor(kind: ImportKind, failure: ApiFailure) {
    super(`reading ${kind}s: ${formatFailure(failure)}`);
    this.name = 'ImportError';
    this.kind = kind;
    this.failure = failure;
  }
}

/** The imported objects, cleaned and sorted. */
export interface ImportResult {
  objects: ApiObject[];
  /** Objects per kind (every kind of {@link IMPORT_KINDS}, zero included). */
  counts: Record<ImportKind, number>;
  /** List requests made (more than one per kind when a list came in pages). */
  requests: number;
  /** StatefulSet/DaemonSet revisions renamed to kubesim's hashes (see revisions.ts). */
  revisions: RevisionNote[];
  /** Set when kubesim's manifests loader rejects the snapshot (it is still returned). */
  loadError?: string;
}

interface ListPage {
  metadata?: V1ListMeta;
  items: unknown[];
}
type ListParams = { limit?: number; _continue?: string; fieldSelector?: string };

interface KindSource {
  apiVersion: string;
  /** client-node model name of one item. */
  model: string;
  /** List call; `namespace` undefined lists all namespaces. */
  list?: (p: ListParams, namespace: string | undefined) => Promise<ListPage>;
  /** Cluster-scoped kinds read one object by name when a namespace is given. */
  read?: (name: string) => Promise<unknown>;
}

function sources(kc: KubeConfig, requests: Partial<RequestPolicy> = {}): Record<ImportKind, KindSource> {
  const core = makeApiClient(kc, CoreV1Api, requests);
  const apps = makeApiClient(kc, AppsV1Api, requests);
  const batch = makeApiClient(kc, BatchV1Api, requests);
  const autoscaling = makeApiClient(kc, AutoscalingV2Api, requests);
  const policy = makeApiClient(kc, PolicyV1Api, requests);
  const scheduling = makeApiClient(kc, SchedulingV1Api, requests);
  return {
    Namespace: { apiVersion: 'v1', model: 'V1Namespace', list: (p) => core.listNamespace(p), read: (name) => core.readNamespace({ name }) },
    PriorityClass: { apiVersion: 'scheduling.k8s.io/v1', model: 'V1PriorityClass', list: (p) => scheduling.listPriorityClass(p) },
    Node: { apiVersion: 'v1', model: 'V1Node', list: (p) => core.listNode(p) },
    LimitRange: {
      apiVersion: 'v1',
      model: 'V1LimitRange',
      list: (p, ns) => (ns ? core.listNamespacedLimitRange({ ...p, namespace: ns }) : core.listLimitRangeForAllNamespaces(p)),
    },
    Service: {
      apiVersion: 'v1',
      model: 'V1Service',
      list: (p, ns) => (ns ? core.listNamespacedService({ ...p, namespace: ns }) : core.listServiceForAllNamespaces(p)),
    },
    Deployment: {
      apiVersion: 'apps/v1',
      model: 'V1Deployment',
      list: (p, ns) => (ns ? apps.listNamespacedDeployment({ ...p, namespace: ns }) : apps.listDeploymentForAllNamespaces(p)),
    },
    ReplicaSet: {
      apiVersion: 'apps/v1',
      model: 'V1ReplicaSet',
      list: (p, ns) => (ns ? apps.listNamespacedReplicaSet({ ...p, namespace: ns }) : apps.listReplicaSetForAllNamespaces(p)),
    },
    StatefulSet: {
      apiVersion: 'apps/v1',
      model: 'V1StatefulSet',
      list: (p, ns) => (ns ? apps.listNamespacedStatefulSet({ ...p, namespace: ns }) : apps.listStatefulSetForAllNamespaces(p)),
    },
    DaemonSet: {
      apiVersion: 'apps/v1',
      model: 'V1DaemonSet',
      list: (p, ns) => (ns ? apps.listNamespacedDaemonSet({ ...p, namespace: ns }) : apps.listDaemonSetForAllNamespaces(p)),
    },
    Job: {
      apiVersion: 'batch/v1',
      model: 'V1Job',
      list: (p, ns) => (ns ? batch.listNamespacedJob({ ...p, namespace: ns }) : batch.listJobForAllNamespaces(p)),
    },
    CronJob: {
      apiVersion: 'batch/v1',
      model: 'V1CronJob',
      list: (p, ns) => (ns ? batch.listNamespacedCronJob({ ...p, namespace: ns }) : batch.listCronJobForAllNamespaces(p)),
    },
    HorizontalPodAutoscaler: {
      apiVersion: 'autoscaling/v2',
      model: 'V2HorizontalPodAutoscaler',
      list: (p, ns) =>
        ns ? autoscaling.listNamespacedHorizontalPodAutoscaler({ ...p, namespace: ns }) : autoscaling.listHorizontalPodAutoscalerForAllNamespaces(p),
    },
    PodDisruptionBudget: {
      apiVersion: 'policy/v1',
      model: 'V1PodDisruptionBudget',
      list: (p, ns) => (ns ? policy.listNamespacedPodDisruptionBudget({ ...p, namespace: ns }) : policy.listPodDisruptionBudgetForAllNamespaces(p)),
    },
    Pod: {
      apiVersion: 'v1',
      model: 'V1Pod',
      list: (p, ns) => (ns ? core.listNamespacedPod({ ...p, namespace: ns }) : core.listPodForAllNamespaces(p)),
    },
  };
}

const CLUSTER_SCOPED = new Set<ImportKind>(['Namespace', 'PriorityClass', 'Node']);
const WORKLOADS = new Set<ImportKind>(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

/** Reads the cluster. Throws an {@link ImportError} naming the kind on the first failed request. */
export async function importCluster(kc: KubeConfig, opts: ImportOptions = {}): Promise<ImportResult> {
  const src = sources(kc, opts.requests);
  const pageSize = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  const objects: ApiObject[] = [];
  const counts = Object.fromEntries(IMPORT_KINDS.map((k) => [k, 0])) as Record<ImportKind, number>;
  let requests = 0;
  for (const kind of IMPORT_KINDS) {
    const s = src[kind];
    const typed: unknown[] = [];
    try {
      if (opts.namespace !== undefined && kind === 'Namespace') {
        requests++;
        typed.push(await s.read!(opts.namespace));
      } else {
        const ns = CLUSTER_SCOPED.has(kind) ? undefined : opts.namespace;
        const fieldSelector = kind === 'Pod' && !opts.includeFinishedPods ? ACTIVE_PODS_FIELD_SELECTOR : undefined;
        let cont: string | undefined;
        do {
          requests++;
          const page = await s.list!({ limit: pageSize, ...(cont ? { _continue: cont } : {}), ...(fieldSelector ? { fieldSelector } : {}) }, ns);
          typed.push(...page.items);
          cont = page.metadata?._continue || undefined;
        } while (cont);
      }
    } catch (err) {
      throw new ImportError(kind, apiFailure(err));
    }
    for (const t of typed) {
      const o = toApiJson(t, s.model);
      // items of a list come without apiVersion and kind
      objects.push(cleanObject(kind, { ...o, apiVersion: s.apiVersion, kind }));
      counts[kind]++;
    }
  }
  const sorted = sortObjects(objects);
  const aligned = alignRevisions(sorted, snapshotYaml(sorted));
  return { objects: aligned.objects, counts, requests, revisions: aligned.notes, ...(aligned.error !== undefined ? { loadError: aligned.error } : {}) };
}

const KIND_ORDER = new Map<string, number>(IMPORT_KINDS.map((k, i) => [k, i]));

function meta(o: ApiObject): { [key: string]: Json } {
  const m = o.metadata;
  return m && typeof m === 'object' && !Array.isArray(m) ? m : {};
}

/** Snapshot order: kind (in {@link IMPORT_KINDS} order), then namespace, then name. */
export function sortObjects(objects: ApiObject[]): ApiObject[] {
  const key = (o: ApiObject): [number, string, string] => [KIND_ORDER.get(String(o.kind)) ?? 999, String(meta(o).namespace ?? ''), String(meta(o).name ?? '')];
  return [...objects].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka[0] !== kb[0]) return ka[0] - kb[0];
    if (ka[1] !== kb[1]) return ka[1] < kb[1] ? -1 : 1;
    return ka[2] < kb[2] ? -1 : ka[2] > kb[2] ? 1 : 0;
  });
}

function pick(o: { [key: string]: Json } | undefined, keys: readonly string[]): { [key: string]: Json } | undefined {
  if (!o) return undefined;
  const out: { [key: string]: Json } = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k]!;
  return Object.keys(out).length ? out : undefined;
}

function asMap(v: Json | undefined): { [key: string]: Json } | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** Condition fields kept: heartbeat and probe times change every few seconds and nothing reads them. */
const CONDITION_FIELDS = ['type', 'status', 'reason', 'message', 'lastTransitionTime'];
const NODE_STATUS = ['capacity', 'allocatable', 'conditions', 'images'];
const POD_STATUS = ['phase', 'conditions', 'startTime', 'nominatedNodeName'];

function conditions(v: Json | undefined): Json | undefined {
  return Array.isArray(v) ? v.map((c) => pick(asMap(c), CONDITION_FIELDS) ?? {}) : v;
}

/**
 * Drops the server-managed fields of one object (see the module comment for what stays).
 * Pure: returns a new object.
 */
export function cleanObject(kind: ImportKind, o: ApiObject): ApiObject {
  const m = { ...meta(o) };
  delete m.managedFields;
  delete m.resourceVersion;
  delete m.selfLink;
  // controllers match owners by uid and key pods by uid; nothing refers to the others' uids
  if (kind !== 'Pod' && !WORKLOADS.has(kind)) delete m.uid;
  if (!WORKLOADS.has(kind) && kind !== 'HorizontalPodAutoscaler') delete m.generation;
  const ann = asMap(m.annotations);
  if (ann && ann[LAST_APPLIED] !== undefined) {
    const { [LAST_APPLIED]: _drop, ...rest } = ann;
    if (Object.keys(rest).length) m.annotations = rest;
    else delete m.annotations;
  }
  const out: ApiObject = { ...o, metadata: m };
  const status = asMap(o.status);
  let kept: { [key: string]: Json } | undefined;
  switch (kind) {
    case 'Node':
      kept = pick(status, NODE_STATUS);
      if (kept?.conditions) kept.conditions = conditions(kept.conditions)!;
      break;
    case 'Pod':
      kept = pick(status, POD_STATUS);
      if (kept?.conditions) kept.conditions = conditions(kept.conditions)!;
      break;
    case 'Namespace':
    case 'Service':
    case 'PodDisruptionBudget':
      // computed by the API server and the disruption controller; the simulation recomputes it
      kept = undefined;
      break;
    default:
      kept = status && Object.keys(status).length ? status : undefined;
  }
  if (kept) out.status = kept;
  else delete out.status;
  return out;
}

const TOP_ORDER = ['apiVersion', 'kind', 'metadata', 'spec'];

/** Keys sorted (top level: apiVersion, kind, metadata, spec, the rest, status last), for stable bytes. */
function ordered(v: Json, top = false): Json {
  if (Array.isArray(v)) return v.map((x) => ordered(x));
  if (v === null || typeof v !== 'object') return v;
  const keys = Object.keys(v).sort();
  if (top) {
    const rank = (k: string): number => (TOP_ORDER.includes(k) ? TOP_ORDER.indexOf(k) : k === 'status' ? 99 : 50);
    keys.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  }
  const out: { [key: string]: Json } = {};
  for (const k of keys) out[k] = ordered(v[k]!);
  return out;
}

/** The snapshot text: a comment header, then one `---` document per object. */
export function snapshotYaml(objects: readonly ApiObject[], header: readonly string[] = []): string {
  const parts: string[] = header.map((h) => `# ${h}\n`);
  for (const o of objects) parts.push('---\n' + dump(ordered(o, true), { noRefs: true, lineWidth: -1 }));
  return parts.join('');
}

/** `3 Nodes, 12 Pods, 2 Deployments` (kinds with objects only). */
export function formatCounts(counts: Record<ImportKind, number>): string {
  const parts = IMPORT_KINDS.filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${k}${counts[k] === 1 ? '' : k.endsWith('s') ? 'es' : 's'}`);
  return parts.length ? parts.join(', ') : 'no objects';
}
