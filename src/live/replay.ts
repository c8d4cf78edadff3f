/**
 * `kubesim replay`: the decisions of a run that map to API writes, applied to a live cluster in
 * time order through client-node.
 *
 * | event               | write                                                                   |
 * |---------------------|-------------------------------------------------------------------------|
 * | ScaleRequested      | merge patch `{spec:{replicas}}` on the workload's scale subresource       |
 * | SuccessfulRescale   | the same, on the live HPA's scaleTargetRef (read from the cluster)       |
 * | RolloutStarted      | strategic merge patch of the template's container images (as `kubectl set image`); a `set` block as a merge patch of the template |
 * | Paused / Resumed    | merge patch `spec.paused` (Deployment) or `spec.suspend` (Job, CronJob)  |
 * | Scheduled (`--bind`)| pods/binding, for a pod of that name that exists and is unbound          |
 *
 * Everything else in events.jsonl is what the live controllers, scheduler and kubelets decide for
 * themselves (ScalingReplicaSet, Killing, Preempted, NodeNotReady, ...): counted, not written.
 * Every write carries `dryRun=All` unless dry-run is `none`; every failure is reported with the
 * API's Status message.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  AppsV1Api,
  AutoscalingV2Api,
  BatchV1Api,
  CoreV1Api,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type V1Container,
} from '@kubernetes/client-node';
import { UserError } from '../cli/errors.ts';
import { formatDuration } from '../engine/time.ts';
import { apiFailure, formatFailure, type ApiFailure } from './api-error.ts';
import { makeApiClient, type RequestPolicy } from './http.ts';
import { JOURNAL_FILE, type ReplayJournal } from './journal.ts';
import { readTextFile } from '../util/files.ts';

/** One line of events.jsonl. */
export interface RunEvent {
  t: number;
  kind: string;
  /** `Kind namespace/name`, or `Kind name` for cluster-scoped objects. */
  object: string;
  /** 1-based line in events.jsonl. */
  line: number;
  [field: string]: unknown;
}

/** What result.json says about the run (when present). */
export interface RunInfo {
  scenario?: string;
  seed?: string | number;
  duration?: number;
}

/** A run's folder, read. */
export interface RunDir {
  dir: string;
  eventsFile: string;
  events: RunEvent[];
  info: RunInfo;
}

/** Reads DIR/events.jsonl (required) and DIR/result.json (optional). Bad input is a located UserError. */
export function readRunDir(dir: string): RunDir {
  if (!existsSync(dir)) throw new UserError('no such run folder', { location: { file: dir } });
  if (!statSync(dir).isDirectory()) throw new UserError('not a folder: pass the run folder that holds events.jsonl (kubesim run --out DIR)', { location: { file: dir } });
  const eventsFile = join(dir, 'events.jsonl');
  if (!existsSync(eventsFile)) throw new UserError('no events.jsonl here: is this the output folder of `kubesim run`?', { location: { file: eventsFile } });
  const events: RunEvent[] = [];
  readTextFile(eventsFile, 'events.jsonl')
    .split('\n')
    .forEach((text, i) => {
      if (!text.trim()) return;
      const location = { file: eventsFile, line: i + 1 };
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch (err) {
        throw new UserError(`not JSON: ${(err as Error).message}`, { location });
      }
      const e = v as Partial<RunEvent>;
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new UserError('each line must be a JSON object {t, kind, object, ...}', { location });
      if (typeof e.t !== 'number' || !Number.isFinite(e.t) || e.t < 0) throw new UserError('t must be a non-negative number of seconds', { location, field: 't' });
      if (typeof e.kind !== 'string' || !e.kind) throw new UserError('kind must be a non-empty string', { location, field: 'kind' });
      if (typeof e.object !== 'string') throw new UserError('object must be a string such as "Deployment default/web"', { location, field: 'object' });
      events.push({ ...(v as object), line: i + 1 } as RunEvent);
    });
  // stable: events of the same second keep their recorded order
  events.sort((a, b) => a.t - b.t || a.line - b.line);
  let info: RunInfo = {};
  const resultFile = join(dir, 'result.json');
  if (existsSync(resultFile)) {
    let r: unknown;
    try {
      r = JSON.parse(readFileSync(resultFile, 'utf8'));
    } catch (err) {
      throw new UserError(`not JSON: ${(err as Error).message}`, { location: { file: resultFile } });
    }
    const o = (r && typeof r === 'object' ? r : {}) as Record<string, unknown>;
    info = {
      scenario: typeof o.scenario === 'string' ? o.scenario : undefined,
      seed: typeof o.seed === 'string' || typeof o.seed === 'number' ? o.seed : undefined,
      duration: typeof o.duration === 'number' ? o.duration : undefined,
    };
  }
  return { dir, eventsFile, events, info };
}

/** An object named by an event. */
export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

/** `Deployment shop/web` → {kind, namespace, name}; `Node a` → {kind, name}. */
export function parseObjectRef(s: string): ObjectRef | undefined {
  const m = /^(\S+) (?:([^/\s]+)\/)?([^/\s]+)$/.exec(s);
  if (!m) return undefined;
  return { kind: m[1], namespace: m[2], name: m[3] };
}

/** `Deployment shop/web`. */
export function formatRef(r: ObjectRef): string {
  return `${r.kind} ${r.namespace !== undefined ? `${r.namespace}/` : ''}${r.name}`;
}

/** One write to make (or one replayable event that cannot be). */
export type ReplayAction =
  | { type: 'scale'; target: ObjectRef; replicas: number }
  | { type: 'hpaScale'; hpa: ObjectRef; replicas: number }
  | { type: 'image'; target: ObjectRef; image: string; container?: string }
  | { type: 'template'; target: ObjectRef; set: Record<string, unknown> }
  | { type: 'pause'; target: ObjectRef; paused: boolean }
  | { type: 'bind'; pod: ObjectRef; node: string }
  | { type: 'skip'; what: string; reason: string };

/** A planned step: the event it comes from and what to do. */
export interface ReplayStep {
  t: number;
  event: RunEvent;
  action: ReplayAction;
}

/** What to replay. */
export interface PlanOptions {
  /** Bind pods of Scheduled events (only pods that exist unbound under the simulated name). */
  bind?: boolean;
  /** Only events about objects in these namespaces (`--namespace`, repeatable): no write goes elsewhere. */
  namespace?: string | readonly string[];
}

/** The steps, plus what was left out and why. */
export interface ReplayPlan {
  steps: ReplayStep[];
  /** Events that are the live cluster's own decisions, by kind. */
  notReplayed: Record<string, number>;
  /** Scripted cluster changes kubesim does not replay (cordon, node failure, ...), by kind. */
  unsupported: Record<string, number>;
  /** Events skipped by `--namespace`. */
  otherNamespaces: number;
}

const SCALE_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet']);
const TEMPLATE_KINDS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);
const PAUSE_KINDS = new Set(['Deployment', 'Job', 'CronJob']);
const REPLAYED = new Set(['ScaleRequested', 'SuccessfulRescale', 'RolloutStarted', 'Paused', 'Resumed', 'Scheduled']);
/** Scripted scenario events that changed the cluster but are not replayed. */
const UNSUPPORTED = new Set(['RollbackRequested', 'NodeFailure', 'NodeRecovery', 'NodeNotSchedulable', 'NodeSchedulable', 'NodeAdded', 'RemovingNode', 'Applied', 'Evicted']);

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** The action of one replayable event. */
function actionOf(e: RunEvent, ref: ObjectRef, opts: PlanOptions): ReplayAction | undefined {
  const what = e.object;
  const skip = (reason: string): ReplayAction => ({ type: 'skip', what, reason });
  switch (e.kind) {
    case 'ScaleRequested': {
      if (typeof e.replicas !== 'number') return skip('the event carries no replicas');
      if (!SCALE_KINDS.has(ref.kind)) return skip(`${ref.kind} has no scale subresource`);
      return { type: 'scale', target: ref, replicas: e.replicas };
    }
    case 'SuccessfulRescale': {
      if (typeof e.to !== 'number') return skip('the event carries no `to` replica count');
      return { type: 'hpaScale', hpa: ref, replicas: e.to };
    }
    case 'RolloutStarted': {
      if (!TEMPLATE_KINDS.has(ref.kind)) return skip(`${ref.kind} has no pod template to roll out`);
      if (typeof e.image === 'string') return { type: 'image', target: ref, image: e.image, ...(typeof e.container === 'string' ? { container: e.container } : {}) };
      if (isObject(e.set)) return { type: 'template', target: ref, set: e.set };
      return skip('the event carries no image (nor `set`): it was recorded by a kubesim that did not write them; run the scenario again to record them');
    }
    case 'Paused':
    case 'Resumed':
      if (!PAUSE_KINDS.has(ref.kind)) return skip(`${ref.kind} cannot be paused`);
      return { type: 'pause', target: ref, paused: e.kind === 'Paused' };
    case 'Scheduled':
      if (!opts.bind) return undefined;
      if (typeof e.node !== 'string') return skip('the event carries no node');
      return { type: 'bind', pod: ref, node: e.node };
  }
  return undefined;
}

/** Turns a run's events into the writes to make, in time order. Pure. */
export function planReplay(events: readonly RunEvent[], opts: PlanOptions = {}): ReplayPlan {
  const namespaces = opts.namespace === undefined ? undefined : new Set<string>(typeof opts.namespace === 'string' ? [opts.namespace] : opts.namespace);
  const plan: ReplayPlan = { steps: [], notReplayed: {}, unsupported: {}, otherNamespaces: 0 };
  const count = (m: Record<string, number>, k: string): void => {
    m[k] = (m[k] ?? 0) + 1;
  };
  for (const e of events) {
    if (UNSUPPORTED.has(e.kind)) {
      count(plan.unsupported, e.kind);
      continue;
    }
    if (!REPLAYED.has(e.kind) || (e.kind === 'Scheduled' && !opts.bind)) {
      count(plan.notReplayed, e.kind);
      continue;
    }
    const ref = parseObjectRef(e.object);
    if (!ref) {
      plan.steps.push({ t: e.t, event: e, action: { type: 'skip', what: e.object, reason: 'the object is not of the form "Kind namespace/name"' } });
      continue;
    }
    if (namespaces !== undefined && (ref.namespace === undefined || !namespaces.has(ref.namespace))) {
      plan.otherNamespaces++;
      continue;
    }
    const a = actionOf(e, ref, opts);
    if (a) plan.steps.push({ t: e.t, event: e, action: a });
  }
  // the RolloutStarted of a rollout with both image and set writes both
  const out: ReplayStep[] = [];
  for (const s of plan.steps) {
    out.push(s);
    if (s.action.type === 'image' && isObject(s.event.set)) out.push({ ...s, action: { type: 'template', target: s.action.target, set: s.event.set } });
    if ((s.action.type === 'image' || s.action.type === 'template') && s.event.crashLoop !== undefined) {
      out.push({ ...s, action: { type: 'skip', what: s.event.object, reason: 'crashLoop is a simulation-only setting; the template change above is replayed without it' } });
    }
  }
  plan.steps = out;
  return plan;
}

/** How long to wait between writes. */
export type ReplayTiming =
  | { mode: 'compressed'; maxGap: number }
  | { mode: 'speed'; speed: number }
  | { mode: 'none' };

/**
 * Seconds to wait before each step: `speed` divides the simulated gaps, `compressed` keeps the
 * order and caps every gap at `maxGap`, `none` writes back to back. The first step waits 0.
 */
export function replayDelays(times: readonly number[], timing: ReplayTiming): number[] {
  return times.map((t, i) => {
    if (i === 0 || timing.mode === 'none') return 0;
    const gap = Math.max(0, t - times[i - 1]);
    return timing.mode === 'speed' ? gap / timing.speed : Math.min(gap, timing.maxGap);
  });
}

/** The outcome of one step. */
export interface StepResult {
  step: ReplayStep;
  /** What was (or would have been) written, e.g. `scale Deployment shop/web to 5`. */
  description: string;
  /** `not-applied`: not attempted because an earlier write failed (real replay stops at the first failure). */
  outcome: 'ok' | 'failed' | 'skipped' | 'not-applied';
  /** Skipped because an earlier replay applied it (replay-journal.jsonl). */
  journaled?: boolean;
  /** For ok: what the server answered; for skipped: why. */
  detail?: string;
  failure?: ApiFailure;
}

/** The outcome of a replay. */
export interface ReplaySummary {
  results: StepResult[];
  ok: number;
  failed: number;
  skipped: number;
  /** Writes not attempted after a failure stopped the replay. */
  notApplied: number;
  /** Writes an earlier replay applied (journal), skipped now. */
  alreadyApplied: number;
  /** The failed write that stopped the replay. */
  stoppedAt?: StepResult;
}

/** How to replay. */
export interface ExecuteOptions {
  /** true: every write carries dryRun=All. */
  dryRun: boolean;
  timing: ReplayTiming;
  /** Called with each result as it happens (the CLI prints a line). */
  onResult?: (r: StepResult) => void;
  /** Waits `seconds` (tests pass a recorder). */
  sleep?: (seconds: number) => Promise<void>;
  /** Request timeout and retries (default: 30 s, 5 retries with back-off on 429/5xx/connection errors, Retry-After honoured). */
  requests?: Partial<RequestPolicy>;
  /** Records applied writes and skips those an earlier replay applied (real replays). */
  journal?: ReplayJournal;
  /** Stop at the first failed write, attempting nothing after it (default: when not a dry run). */
  stopOnFailure?: boolean;
}

const realSleep = (seconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

class Skip extends Error {}

/** The writes of `plan`, made through client-node, in order. Never throws for API failures: they are results. */
export async function executeReplay(kc: KubeConfig, plan: ReplayPlan, opts: ExecuteOptions): Promise<ReplaySummary> {
  const core = makeApiClient(kc, CoreV1Api, opts.requests);
  const apps = makeApiClient(kc, AppsV1Api, opts.requests);
  const batch = makeApiClient(kc, BatchV1Api, opts.requests);
  const autoscaling = makeApiClient(kc, AutoscalingV2Api, opts.requests);
  const stopOnFailure = opts.stopOnFailure ?? !opts.dryRun;
  const dryRun = opts.dryRun ? 'All' : undefined;
  const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  const strategic = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);
  const sleep = opts.sleep ?? realSleep;
  const hpaTargets = new Map<string, ObjectRef | ApiFailure>();

  const ns = (r: ObjectRef): string => r.namespace ?? 'default';

  async function scale(target: ObjectRef, replicas: number): Promise<string> {
    const p = { name: target.name, namespace: ns(target), body: { spec: { replicas } }, dryRun };
    const s =
      target.kind === 'Deployment'
        ? await apps.patchNamespacedDeploymentScale(p, merge)
        : target.kind === 'StatefulSet'
          ? await apps.patchNamespacedStatefulSetScale(p, merge)
          : await apps.patchNamespacedReplicaSetScale(p, merge);
    return `spec.replicas ${s.spec?.replicas ?? '?'}`;
  }

  async function hpaTarget(hpa: ObjectRef): Promise<ObjectRef> {
    const key = `${ns(hpa)}/${hpa.name}`;
    let t = hpaTargets.get(key);
    if (!t) {
      try {
        const h = await autoscaling.readNamespacedHorizontalPodAutoscaler({ name: hpa.name, namespace: ns(hpa) });
        const ref = h.spec?.scaleTargetRef;
        t = ref ? { kind: ref.kind, namespace: ns(hpa), name: ref.name } : { message: 'the HPA has no spec.scaleTargetRef' };
      } catch (err) {
        t = apiFailure(err);
      }
      hpaTargets.set(key, t);
    }
    if (!('name' in t)) throw Object.assign(new Error(t.message), { failure: { ...t, message: `reading the HPA: ${t.message}` } });
    return t;
  }

  async function containerNames(target: ObjectRef): Promise<string[]> {
    const p = { name: target.name, namespace: ns(target) };
    const w =
      target.kind === 'Deployment'
        ? await apps.readNamespacedDeployment(p)
        : target.kind === 'StatefulSet'
          ? await apps.readNamespacedStatefulSet(p)
          : target.kind === 'DaemonSet'
            ? await apps.readNamespacedDaemonSet(p)
            : await apps.readNamespacedReplicaSet(p);
    return (w.spec?.template?.spec?.containers ?? []).map((c: V1Container) => c.name);
  }

  async function patchWorkload(target: ObjectRef, body: object, strategy: typeof merge): Promise<void> {
    const p = { name: target.name, namespace: ns(target), body, dryRun };
    switch (target.kind) {
      case 'Deployment':
        await apps.patchNamespacedDeployment(p, strategy);
        return;
      case 'StatefulSet':
        await apps.patchNamespacedStatefulSet(p, strategy);
        return;
      case 'DaemonSet':
        await apps.patchNamespacedDaemonSet(p, strategy);
        return;
      case 'ReplicaSet':
        await apps.patchNamespacedReplicaSet(p, strategy);
        return;
      case 'Job':
        await batch.patchNamespacedJob(p, strategy);
        return;
      case 'CronJob':
        await batch.patchNamespacedCronJob(p, strategy);
        return;
    }
    throw new Skip(`${target.kind} is not patched by replay`);
  }

  async function bind(pod: ObjectRef, node: string): Promise<string> {
    let live;
    try {
      live = await core.readNamespacedPod({ name: pod.name, namespace: ns(pod) });
    } catch (err) {
      const f = apiFailure(err);
      if (f.code === 404) throw new Skip('no pod of that name in the cluster (simulated pod names rarely match live ones)');
      throw err;
    }
    if (live.spec?.nodeName) throw new Skip(live.spec.nodeName === node ? `already bound to ${node}` : `already bound to ${live.spec.nodeName}`);
    await core.createNamespacedPodBinding({
      name: pod.name,
      namespace: ns(pod),
      body: { apiVersion: 'v1', kind: 'Binding', metadata: { name: pod.name, namespace: ns(pod) }, target: { apiVersion: 'v1', kind: 'Node', name: node } },
      dryRun,
    });
    return 'bound';
  }

  async function run(a: Exclude<ReplayAction, { type: 'skip' }>): Promise<string> {
    switch (a.type) {
      case 'scale':
        return scale(a.target, a.replicas);
      case 'hpaScale': {
        const target = await hpaTarget(a.hpa);
        if (!SCALE_KINDS.has(target.kind)) throw new Skip(`the HPA's target ${formatRef(target)} has no scale subresource kubesim writes`);
        return `${formatRef(target)} ${await scale(target, a.replicas)}`;
      }
      case 'image': {
        const names = a.container !== undefined ? [a.container] : await containerNames(a.target);
        if (names.length === 0) throw new Skip('the live template has no containers');
        // what `kubectl set image` sends: containers merge by name
        await patchWorkload(a.target, { spec: { template: { spec: { containers: names.map((name) => ({ name, image: a.image })) } } } }, strategic);
        return `${names.map((n) => `${n}=${a.image}`).join(', ')}`;
      }
      case 'template':
        await patchWorkload(a.target, { spec: { template: a.set } }, merge);
        return 'template merged';
      case 'pause': {
        const field = a.target.kind === 'Deployment' ? 'paused' : 'suspend';
        await patchWorkload(a.target, { spec: { [field]: a.paused } }, merge);
        return `spec.${field} ${a.paused}`;
      }
      case 'bind':
        return bind(a.pod, a.node);
    }
  }

  const summary: ReplaySummary = { results: [], ok: 0, failed: 0, skipped: 0, notApplied: 0, alreadyApplied: 0 };
  const delays = replayDelays(
    plan.steps.map((s) => s.t),
    opts.timing,
  );
  const perLine = new Map<number, number>();
  for (let i = 0; i < plan.steps.length; i++) {
    const step = plan.steps[i];
    const k = perLine.get(step.event.line) ?? 0;
    perLine.set(step.event.line, k + 1);
    const key = stepKey(step.event.line, k);
    const description = describe(step.action);
    let result: StepResult;
    if (summary.stoppedAt) result = { step, description, outcome: 'not-applied', detail: 'not attempted: the replay stopped at an earlier failure' };
    else if (step.action.type !== 'skip' && opts.journal?.applied(key)) {
      result = { step, description, outcome: 'skipped', journaled: true, detail: `already applied by an earlier replay (${JOURNAL_FILE})` };
    } else {
      if (delays[i] > 0) await sleep(delays[i]);
      if (step.action.type === 'skip') result = { step, description, outcome: 'skipped', detail: step.action.reason };
      else {
        try {
          const detail = await run(step.action);
          result = { step, description, outcome: 'ok', detail };
          if (!opts.dryRun) opts.journal?.record(key, step.event.line, description);
        } catch (err) {
          if (err instanceof Skip) result = { step, description, outcome: 'skipped', detail: err.message };
          else {
            const failure = (err as { failure?: ApiFailure }).failure ?? apiFailure(err);
            result = { step, description, outcome: 'failed', failure, detail: formatFailure(failure) };
          }
        }
      }
    }
    summary.results.push(result);
    if (result.outcome === 'ok') summary.ok++;
    else if (result.outcome === 'failed') {
      summary.failed++;
      if (stopOnFailure) summary.stoppedAt = result;
    } else if (result.outcome === 'not-applied') summary.notApplied++;
    else {
      summary.skipped++;
      if (result.journaled) summary.alreadyApplied++;
    }
    opts.onResult?.(result);
  }
  return summary;
}

/** The journal's name of a step: its events.jsonl line and its index among that line's writes. */
export function stepKey(line: number, index: number): string {
  return `${line}.${index}`;
}

/** What a step writes, in words. */
export function describe(a: ReplayAction): string {
  switch (a.type) {
    case 'scale':
      return `scale ${formatRef(a.target)} to ${a.replicas}`;
    case 'hpaScale':
      return `scale the target of ${formatRef(a.hpa)} to ${a.replicas}`;
    case 'image':
      return `set image ${formatRef(a.target)} ${a.container ?? '*'}=${a.image}`;
    case 'template':
      return `patch the template of ${formatRef(a.target)} with ${JSON.stringify(a.set)}`;
    case 'pause':
      return `${a.paused ? 'pause' : 'resume'} ${formatRef(a.target)}`;
    case 'bind':
      return `bind ${formatRef(a.pod)} to ${a.node}`;
    case 'skip':
      return a.what;
  }
}

/** One output line: `[1h0m0s] scale Deployment shop/web to 5 (ScaleRequested) → ok: spec.replicas 5 (dry run)`. */
export function formatResult(r: StepResult, dryRun: boolean): string {
  const head = `[${formatDuration(r.step.t)}] ${r.description} (${r.step.event.kind}, events.jsonl:${r.step.event.line})`;
  if (r.outcome === 'ok') return `${head} → ok${r.detail ? `: ${r.detail}` : ''}${dryRun ? ' (dry run)' : ''}`;
  if (r.outcome === 'failed') return `${head} → FAILED ${r.detail ?? ''}`;
  if (r.outcome === 'not-applied') return `${head} → not applied (stopped)`;
  return `${head} → skipped: ${r.detail ?? ''}`;
}
