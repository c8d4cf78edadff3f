/**
 * A small in-memory stand-in for kube-apiserver on 127.0.0.1 (an ephemeral port), speaking the
 * Kubernetes REST wire format for what `kubesim import` and `kubesim replay` use: list (with
 * limit/continue and a few field selectors), get, create, merge / strategic-merge / JSON patch,
 * delete, the scale subresource of Deployments/ReplicaSets/StatefulSets, pods/binding, pods/log
 * (text set with {@link FakeApiServer.setLog}), and `?dryRun=All`. Errors are metav1.Status objects worded as the real server words them.
 * It is a test double, not Kubernetes: no watch, no admission, no defaulting, no RBAC.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Obj = Record<string, any>;

/** One served resource. */
interface ResourceDef {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  scale?: boolean;
}

const RESOURCES: ResourceDef[] = [
  { group: '', version: 'v1', resource: 'nodes', kind: 'Node', namespaced: false },
  { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace', namespaced: false },
  { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true },
  { group: '', version: 'v1', resource: 'services', kind: 'Service', namespaced: true },
  { group: '', version: 'v1', resource: 'limitranges', kind: 'LimitRange', namespaced: true },
  { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespaced: true },
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespaced: true, scale: true },
  { group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet', namespaced: true, scale: true },
  { group: 'apps', version: 'v1', resource: 'statefulsets', kind: 'StatefulSet', namespaced: true, scale: true },
  { group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet', namespaced: true },
  { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', namespaced: true },
  { group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob', namespaced: true },
  { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler', namespaced: true },
  { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true },
  { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses', kind: 'PriorityClass', namespaced: false },
];

const BY_KIND = new Map(RESOURCES.map((r) => [r.kind, r]));

/** One request as the server saw it. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  authorization?: string;
  body?: unknown;
}

/** A canned failure: the next `times` matching requests get this Status. */
export interface Injection {
  method?: string;
  path: RegExp;
  code: number;
  reason: string;
  message: string;
  times?: number;
  /** Sent as the Retry-After header (seconds). */
  retryAfter?: number;
  /** Milliseconds to wait before answering (a slow server); with code 0, answer normally after the delay. */
  delayMs?: number;
  /** Drop the connection without an answer (ECONNRESET on the client). */
  reset?: boolean;
  /** Put the request's Authorization header into the Status message (a server that echoes credentials). */
  echoAuth?: boolean;
  /** Apply the request to the store before failing (the write happened, the answer was lost). */
  applyFirst?: boolean;
}

/** Seeded random faults: each matching request fails with probability `rate`, at most `max` times in all. */
export interface RandomFaults {
  seed: number;
  rate: number;
  max: number;
  /** Requests to consider (default: writes). */
  path?: RegExp;
  methods?: string[];
  /** Failure kinds drawn from (default all). */
  kinds?: ('429' | '500' | '503' | '409' | 'reset' | 'slow' | 'lost')[];
  /** Delay of `slow` answers, ms (default 50). */
  slowMs?: number;
}

/** mulberry32: a small seeded PRNG for the fault injection. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class HttpError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Obj,
  ) {
    super(message);
  }
}

/** `deployments.apps` / `pods`: how the API server names a resource in messages. */
function qualified(def: ResourceDef): string {
  return def.group ? `${def.resource}.${def.group}` : def.resource;
}

function notFound(def: ResourceDef, name: string): HttpError {
  return new HttpError(404, 'NotFound', `${qualified(def)} "${name}" not found`, { name, group: def.group || undefined, kind: def.resource });
}

function invalid(kind: string, group: string, name: string, field: string, value: unknown, detail: string): HttpError {
  const gk = group ? `${kind}.${group}` : kind;
  const cause = `Invalid value: ${JSON.stringify(value)}: ${detail}`;
  return new HttpError(422, 'Invalid', `${gk} "${name}" is invalid: ${field}: ${cause}`, {
    name,
    group: group || undefined,
    kind,
    causes: [{ reason: 'FieldValueInvalid', message: cause, field }],
  });
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** RFC 7386 JSON merge patch. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return clone(patch);
  const out: Obj = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Obj) } : {};
  for (const [k, v] of Object.entries(patch as Obj)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Merge keys of the lists a strategic merge patch merges (the rest are replaced). */
const MERGE_KEYS: Record<string, string> = { containers: 'name', initContainers: 'name', env: 'name', volumes: 'name', volumeMounts: 'mountPath', imagePullSecrets: 'name' };

/** Strategic merge patch, enough of it for pod templates: the lists above merge by their key. */
function strategicPatch(target: unknown, patch: unknown, key?: string): unknown {
  if (Array.isArray(patch) && key && MERGE_KEYS[key] && Array.isArray(target)) {
    const mk = MERGE_KEYS[key];
    const out = clone(target) as Obj[];
    for (const item of patch as Obj[]) {
      const i = out.findIndex((o) => o[mk] === item[mk]);
      if (i >= 0) out[i] = strategicPatch(out[i], item) as Obj;
      else out.push(clone(item));
    }
    return out;
  }
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return clone(patch);
  const out: Obj = target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Obj) } : {};
  for (const [k, v] of Object.entries(patch as Obj)) {
    if (v === null) delete out[k];
    else out[k] = strategicPatch(out[k], v, k);
  }
  return out;
}

/** RFC 6902 JSON patch: add, replace, remove, test. */
function jsonPatch(target: unknown, ops: unknown): unknown {
  if (!Array.isArray(ops)) throw new HttpError(400, 'BadRequest', 'json patch must be a list of operations');
  let doc = clone(target) as Obj;
  for (const op of ops as Obj[]) {
    const parts = String(op.path).split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = parts.pop()!;
    let parent: any = doc;
    for (const p of parts) {
      parent = parent?.[Array.isArray(parent) ? Number(p) : p];
      if (parent === undefined) throw new HttpError(422, 'Invalid', `the server rejected our request due to an error in our request: doc is missing path: "${op.path}"`);
    }
    const k: any = Array.isArray(parent) ? (last === '-' ? parent.length : Number(last)) : last;
    if (op.op === 'test') {
      if (JSON.stringify(parent[k]) !== JSON.stringify(op.value)) throw new HttpError(422, 'Invalid', `the server rejected our request due to an error in our request: testing value ${op.path} failed`);
    } else if (op.op === 'remove') {
      if (Array.isArray(parent)) parent.splice(k, 1);
      else delete parent[k];
    } else if (op.op === 'add' && Array.isArray(parent)) parent.splice(k, 0, clone(op.value));
    else if (op.op === 'add' || op.op === 'replace') parent[k] = clone(op.value);
    else throw new HttpError(400, 'BadRequest', `unsupported json patch op ${String(op.op)}`);
  }
  return doc;
}

function selectorString(sel: Obj | undefined): string {
  return Object.entries((sel?.matchLabels ?? {}) as Record<string, string>)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/** The in-memory API server. */
export class FakeApiServer {
  /** Objects by `Kind` then `namespace/name` (cluster-scoped: `/name`), stored with apiVersion and kind. */
  readonly store = new Map<string, Map<string, Obj>>();
  readonly requests: RecordedRequest[] = [];
  /** Container logs by `namespace/pod` (the first container) or `namespace/pod/container`. */
  readonly logs = new Map<string, string>();
  private readonly injections: Injection[] = [];
  private server: Server | undefined;
  private rv = 1000;
  private uidSeq = 0;
  url = '';

  constructor(objects: readonly Obj[] = []) {
    for (const o of objects) this.add(o);
  }

  /** Stores an object as if created (uid, resourceVersion, creationTimestamp when absent). */
  add(o: Obj): void {
    const def = BY_KIND.get(o.kind);
    if (!def) throw new Error(`fake apiserver does not serve ${o.kind}`);
    const obj = clone(o);
    obj.metadata ??= {};
    if (def.namespaced) obj.metadata.namespace ??= 'default';
    obj.metadata.uid ??= `uid-${++this.uidSeq}`;
    obj.metadata.resourceVersion = String(++this.rv);
    obj.metadata.creationTimestamp ??= '2025-01-01T00:00:00Z';
    this.kindMap(o.kind).set(`${def.namespaced ? obj.metadata.namespace : ''}/${obj.metadata.name}`, obj);
  }

  /** The stored object, or undefined. */
  get(kind: string, namespace: string | undefined, name: string): Obj | undefined {
    return this.store.get(kind)?.get(`${namespace ?? ''}/${name}`);
  }

  /** A deep copy of every stored object (to compare before/after). */
  snapshot(): Obj {
    return clone(Object.fromEntries([...this.store].map(([k, m]) => [k, Object.fromEntries(m)])));
  }

  /** Sets what GET pods/NAME/log returns for the pod (or one container of it). */
  setLog(namespace: string, pod: string, text: string, container?: string): void {
    this.logs.set(container ? `${namespace}/${pod}/${container}` : `${namespace}/${pod}`, text);
  }

  /** Makes the next matching request(s) fail with this Status. */
  inject(i: Injection): void {
    this.injections.push({ times: 1, ...i });
  }

  /** Faults injected so far by {@link randomFaults}, as `METHOD path kind`. */
  readonly faults: string[] = [];
  private random: (RandomFaults & { next: () => number }) | undefined;

  /** Fails matching requests at random (seeded, bounded by `max`). */
  randomFaults(f: RandomFaults): void {
    this.random = { ...f, next: mulberry32(f.seed) };
  }

  /** Successful writes per `METHOD path` (to check that no write is applied twice). */
  readonly applied: string[] = [];

  /** Requests that write (POST, PUT, PATCH, DELETE). */
  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  /** Listens on 127.0.0.1 on a free port; resolves to the base URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  /** Stops listening (and drops kept-alive connections). */
  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** Writes a kubeconfig pointing at this server (context `fake`, bearer token `fake-token`) into `dir`. */
  writeKubeconfig(dir: string, file = 'kubeconfig.yaml'): string {
    const path = join(dir, file);
    writeFileSync(
      path,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '  - name: fake',
        '    cluster:',
        `      server: ${this.url}`,
        // client-node 1.x refuses plain http unless TLS verification is off for the cluster
        '      insecure-skip-tls-verify: true',
        'users:',
        '  - name: tester',
        '    user:',
        '      token: fake-token',
        'contexts:',
        '  - name: fake',
        '    context:',
        '      cluster: fake',
        '      user: tester',
        'current-context: fake',
        '',
      ].join('\n'),
    );
    return path;
  }

  private kindMap(kind: string): Map<string, Obj> {
    let m = this.store.get(kind);
    if (!m) this.store.set(kind, (m = new Map()));
    return m;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType: req.headers['content-type'],
      authorization: req.headers.authorization,
      body,
    };
    this.requests.push(rec);
    try {
      let inj = this.injections.find((i) => (i.times ?? 1) > 0 && (!i.method || i.method === rec.method) && i.path.test(rec.path));
      if (inj) inj.times = (inj.times ?? 1) - 1;
      else inj = this.drawFault(rec);
      if (inj) {
        if (inj.delayMs) await new Promise((r) => setTimeout(r, inj!.delayMs));
        if (inj.reset) {
          req.socket.destroy();
          return;
        }
        if (inj.applyFirst) this.route(rec);
        if (inj.code !== 0) {
          const message = inj.echoAuth ? `${inj.message} (got Authorization: ${rec.authorization ?? 'none'})` : inj.message;
          if (inj.retryAfter !== undefined) res.setHeader('Retry-After', String(inj.retryAfter));
          throw new HttpError(inj.code, inj.reason, message);
        }
        if (res.destroyed) return;
      }
      const [code, out] = this.route(rec);
      if (rec.method !== 'GET' && code < 300 && rec.query.dryRun === undefined) this.applied.push(`${rec.method} ${rec.path} ${JSON.stringify(rec.body)}`);
      if (typeof out === 'string') {
        res.writeHead(code, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(out) });
        res.end(out);
      } else this.send(res, code, out);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      this.send(res, err.code, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: err.message,
        reason: err.reason,
        ...(err.details ? { details: err.details } : {}),
        code: err.code,
      });
    }
  }

  /** A random fault for this request, if the dice say so. */
  private drawFault(rec: RecordedRequest): Injection | undefined {
    const f = this.random;
    if (!f || this.faults.length >= f.max) return undefined;
    const methods = f.methods ?? ['POST', 'PUT', 'PATCH', 'DELETE'];
    if (!methods.includes(rec.method) || (f.path && !f.path.test(rec.path))) return undefined;
    if (f.next() >= f.rate) return undefined;
    const kinds = f.kinds ?? ['429', '500', '503', '409', 'reset', 'slow', 'lost'];
    const kind = kinds[Math.floor(f.next() * kinds.length)];
    this.faults.push(`${rec.method} ${rec.path} ${kind}`);
    const path = /./;
    switch (kind) {
      case '429':
        return { path, code: 429, reason: 'TooManyRequests', message: 'Too many requests, please try again later.', retryAfter: 0 };
      case '500':
        return { path, code: 500, reason: 'InternalError', message: 'Internal error occurred: etcdserver: leader changed' };
      case '503':
        return { path, code: 503, reason: 'ServiceUnavailable', message: 'the server is currently unable to handle the request' };
      case '409':
        return { path, code: 409, reason: 'Conflict', message: 'Operation cannot be fulfilled: the object has been modified; please apply your changes to the latest version and try again' };
      case 'reset':
        return { path, code: 0, reason: '', message: '', reset: true };
      case 'lost':
        // the write is applied, then the connection drops before the answer
        return { path, code: 0, reason: '', message: '', reset: true, applyFirst: true };
      default:
        return { path, code: 0, reason: '', message: '', delayMs: f.slowMs ?? 50 };
    }
  }

  private send(res: ServerResponse, code: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  }

  private route(r: RecordedRequest): [number, unknown] {
    const segs = r.path.split('/').filter(Boolean);
    let group = '';
    let version: string;
    let rest: string[];
    if (segs[0] === 'api') {
      version = segs[1];
      rest = segs.slice(2);
    } else if (segs[0] === 'apis') {
      group = segs[1];
      version = segs[2];
      rest = segs.slice(3);
    } else throw new HttpError(404, 'NotFound', 'the server could not find the requested resource');
    let ns: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      ns = rest[1];
      rest = rest.slice(2);
    }
    const [resource, name, sub] = rest;
    const def = RESOURCES.find((d) => d.group === group && d.version === version && d.resource === resource);
    if (!def || (ns !== undefined && !def.namespaced) || rest.length > 3) throw new HttpError(404, 'NotFound', 'the server could not find the requested resource');
    const dryRun = r.query.dryRun;
    if (dryRun !== undefined && dryRun !== 'All') throw new HttpError(400, 'BadRequest', `dryRun: Unsupported value: "${dryRun}": supported values: "All"`);
    const persist = dryRun === undefined;
    if (r.method === 'GET' && name === undefined) return [200, this.list(def, ns, r.query)];
    if (name === undefined) {
      if (r.method === 'POST') return this.create(def, ns, r.body as Obj, persist);
      throw new HttpError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
    }
    const key = `${def.namespaced ? ns ?? '' : ''}/${name}`;
    const current = this.store.get(def.kind)?.get(key);
    if (sub === 'binding' && def.kind === 'Pod' && r.method === 'POST') return this.bind(ns!, name, current, r.body as Obj, persist);
    if (sub === 'log' && def.kind === 'Pod' && r.method === 'GET') {
      // pods/log: the container's output as text/plain (kubelet's log, kept here in memory)
      if (!current) throw notFound(def, name);
      const containers = ((current.spec?.containers ?? []) as Obj[]).map((c) => c.name as string);
      const container = r.query.container ?? (containers.length === 1 ? containers[0] : undefined);
      if (container === undefined) throw new HttpError(400, 'BadRequest', `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`);
      if (!containers.includes(container)) throw new HttpError(400, 'BadRequest', `container ${container} is not valid for pod ${name}`);
      return [200, this.logs.get(`${ns}/${name}/${container}`) ?? this.logs.get(`${ns}/${name}`) ?? ''];
    }
    if (sub !== undefined && !(sub === 'scale' && def.scale)) throw new HttpError(404, 'NotFound', 'the server could not find the requested resource');
    if (!current) throw notFound(def, name);
    if (r.method === 'GET') return [200, sub === 'scale' ? this.scaleOf(current) : current];
    if (r.method === 'DELETE') {
      if (persist) this.store.get(def.kind)!.delete(key);
      return [200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, group: def.group || undefined, kind: def.resource, uid: current.metadata.uid } }];
    }
    if (r.method === 'PATCH') {
      const base = sub === 'scale' ? this.scaleOf(current) : current;
      const patched = this.applyPatch(base, r.contentType ?? '', r.body) as Obj;
      let next: Obj;
      if (sub === 'scale') {
        const replicas = patched.spec?.replicas;
        if (!Number.isInteger(replicas) || replicas < 0) throw invalid('Scale', 'autoscaling', name, 'spec.replicas', replicas, 'must be greater than or equal to 0');
        next = { ...clone(current), spec: { ...current.spec, replicas } };
      } else {
        next = { ...patched, apiVersion: current.apiVersion, kind: current.kind, metadata: { ...patched.metadata, name, namespace: current.metadata.namespace, uid: current.metadata.uid } };
      }
      this.validate(def, next);
      if (JSON.stringify(next.spec) !== JSON.stringify(current.spec) && def.kind !== 'Pod') next.metadata.generation = (current.metadata.generation ?? 1) + 1;
      next.metadata.resourceVersion = String(persist ? ++this.rv : this.rv);
      if (persist) this.store.get(def.kind)!.set(key, next);
      return [200, sub === 'scale' ? this.scaleOf(next) : next];
    }
    throw new HttpError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }

  private applyPatch(base: Obj, contentType: string, body: unknown): unknown {
    const ct = contentType.split(';')[0].trim();
    if (ct === 'application/merge-patch+json') return mergePatch(base, body);
    if (ct === 'application/strategic-merge-patch+json') return strategicPatch(base, body);
    if (ct === 'application/json-patch+json') return jsonPatch(base, body);
    throw new HttpError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
  }

  /** A few of the real validations, enough for invalid writes to come back as 422. */
  private validate(def: ResourceDef, o: Obj): void {
    const name = o.metadata?.name;
    if (def.scale && o.spec?.replicas !== undefined && (!Number.isInteger(o.spec.replicas) || o.spec.replicas < 0)) {
      throw invalid(def.kind, def.group, name, 'spec.replicas', o.spec.replicas, 'must be greater than or equal to 0');
    }
    const containers = def.kind === 'Pod' ? o.spec?.containers : o.spec?.template?.spec?.containers ?? o.spec?.jobTemplate?.spec?.template?.spec?.containers;
    const prefix = def.kind === 'Pod' ? 'spec' : def.kind === 'CronJob' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec';
    if (Array.isArray(containers)) {
      containers.forEach((c: Obj, i: number) => {
        if (typeof c.image !== 'string' || c.image.trim() === '') throw invalid(def.kind, def.group, name, `${prefix}.containers[${i}].image`, c.image ?? '', 'must not be empty');
      });
    }
  }

  private scaleOf(o: Obj): Obj {
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: o.metadata.name, namespace: o.metadata.namespace, uid: o.metadata.uid, resourceVersion: o.metadata.resourceVersion, creationTimestamp: o.metadata.creationTimestamp },
      spec: { replicas: o.spec?.replicas ?? 1 },
      status: { replicas: o.status?.replicas ?? 0, selector: selectorString(o.spec?.selector) },
    };
  }

  private create(def: ResourceDef, ns: string | undefined, body: Obj, persist: boolean): [number, unknown] {
    const name = body?.metadata?.name;
    if (!name) throw new HttpError(422, 'Invalid', `${def.kind} "" is invalid: metadata.name: Required value: name or generateName is required`);
    if (def.namespaced) {
      body.metadata.namespace ??= ns;
      if (ns && body.metadata.namespace !== ns) throw new HttpError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    }
    if (this.get(def.kind, def.namespaced ? body.metadata.namespace : undefined, name)) {
      throw new HttpError(409, 'AlreadyExists', `${qualified(def)} "${name}" already exists`, { name, group: def.group || undefined, kind: def.resource });
    }
    const obj: Obj = { ...clone(body), apiVersion: def.group ? `${def.group}/${def.version}` : def.version, kind: def.kind };
    this.validate(def, obj);
    if (persist) this.add(obj);
    return [201, persist ? this.get(def.kind, obj.metadata.namespace, name) : obj];
  }

  /** pods/binding: mirrors pkg/registry/core/pod/storage BindingREST (assignPod/setPodNodeAndMetadata). */
  private bind(ns: string, name: string, pod: Obj | undefined, body: Obj, persist: boolean): [number, unknown] {
    const podsDef = BY_KIND.get('Pod')!;
    if (!pod) throw notFound(podsDef, name);
    const node = body?.target?.name;
    if (!node) throw new HttpError(422, 'Invalid', `Binding "${name}" is invalid: target.name: Required value`);
    if (pod.spec?.nodeName) {
      throw new HttpError(409, 'Conflict', `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${pod.spec.nodeName}"`, {
        name,
        kind: 'pods/binding',
      });
    }
    if (persist) {
      const next = clone(pod);
      next.spec.nodeName = node;
      // the binding also sets PodScheduled=True
      next.status ??= {};
      next.status.conditions = [...(next.status.conditions ?? []).filter((c: Obj) => c.type !== 'PodScheduled'), { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }];
      next.metadata.resourceVersion = String(++this.rv);
      this.store.get('Pod')!.set(`${ns}/${name}`, next);
    }
    return [201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 }];
  }

  private list(def: ResourceDef, ns: string | undefined, q: Record<string, string>): Obj {
    let items = [...(this.store.get(def.kind)?.values() ?? [])].filter((o) => ns === undefined || o.metadata.namespace === ns);
    items.sort((a, b) => {
      const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
      const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    if (q.fieldSelector) items = items.filter(this.fieldFilter(def, q.fieldSelector));
    let start = 0;
    if (q.continue) {
      let tok: { start?: unknown };
      try {
        tok = JSON.parse(Buffer.from(q.continue, 'base64url').toString('utf8')) as { start?: unknown };
      } catch {
        throw new HttpError(400, 'BadRequest', 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
      }
      if (typeof tok.start !== 'number') throw new HttpError(400, 'BadRequest', 'continue key is not valid');
      start = tok.start;
    }
    const limit = q.limit ? Number(q.limit) : 0;
    const end = limit > 0 ? Math.min(items.length, start + limit) : items.length;
    const page = items.slice(start, end).map((o) => {
      // list items carry no apiVersion/kind on the wire
      const { apiVersion: _a, kind: _k, ...rest } = o;
      return rest;
    });
    const metadata: Obj = { resourceVersion: String(this.rv) };
    if (end < items.length) {
      metadata.continue = Buffer.from(JSON.stringify({ start: end, rv: this.rv })).toString('base64url');
      metadata.remainingItemCount = items.length - end;
    }
    return { kind: `${def.kind}List`, apiVersion: def.group ? `${def.group}/${def.version}` : def.version, metadata, items: page };
  }

  private fieldFilter(def: ResourceDef, selector: string): (o: Obj) => boolean {
    const FIELDS: Record<string, (o: Obj) => unknown> = {
      'metadata.name': (o) => o.metadata.name,
      'metadata.namespace': (o) => o.metadata.namespace,
      ...(def.kind === 'Pod' ? { 'status.phase': (o: Obj) => o.status?.phase ?? '', 'spec.nodeName': (o: Obj) => o.spec?.nodeName ?? '' } : {}),
    };
    const reqs = selector.split(',').map((part) => {
      const m = /^([^!=]+)(!=|==|=)(.*)$/.exec(part.trim());
      if (!m) throw new HttpError(400, 'BadRequest', `invalid field selector: ${part}`);
      const get = FIELDS[m[1]];
      if (!get) throw new HttpError(400, 'BadRequest', `field label not supported: ${m[1]}`);
      return { get, neg: m[2] === '!=', value: m[3] };
    });
    return (o) => reqs.every((r) => (String(r.get(o)) === r.value) !== r.neg);
  }
}
