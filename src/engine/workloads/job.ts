/**
 * Job and CronJob controllers in the engine.
 * Job: keeps min(parallelism, completions − succeeded) pods active, counts Succeeded and Failed
 * pods, completes at `completions`, fails past backoffLimit (BackoffLimitExceeded).
 * mirrors pkg/controller/job/job_controller.go syncJob / manageJob (the pod failure policy and
 * backoff delays are not simulated). completionMode Indexed: each pod carries its completion
 * index (annotation and label batch.kubernetes.io/job-completion-index, env JOB_COMPLETION_INDEX,
 * hostname JOB-INDEX), completions are counted per index, the lowest pending indexes start first,
 * and backoffLimitPerIndex / maxFailedIndexes fail an index (and the Job) on their own.
 * mirrors pkg/controller/job/indexed_job_utils.go
 * CronJob: creates a Job at each time its schedule fires (5-field cron, UTC), honouring
 * concurrencyPolicy and suspend. mirrors pkg/controller/cronjob/cronjob_controllerv2.go syncCronJob
 */
import { controllerKeysOf } from './owner.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import type { Container, CronJob, Job } from '../../model/types.ts';
import type { Engine, EngineController } from '../engine.ts';
import { componentRng, randomSuffix, type Random } from '../rng.ts';
import { podFromTemplate } from './replicaset.ts';

interface JobStatus {
  active: number;
  succeeded: number;
  failed: number;
  /** Indexed: succeeded indexes as intervals (`0-2,5`). */
  completedIndexes?: string;
  /** Indexed with backoffLimitPerIndex: indexes that failed past the limit. */
  failedIndexes?: string;
  conditions?: { type: string; status: string; reason?: string }[];
  startTime?: number;
  completionTime?: number;
}

/** Annotation and label of an Indexed Job's pods. */
export const COMPLETION_INDEX_KEY = 'batch.kubernetes.io/job-completion-index';

function finished(st: JobStatus | undefined): boolean {
  return !!st?.conditions?.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/** The engine's Job controller. */
export class JobController implements EngineController {
  readonly name = 'Job';
  private readonly rng: Random;
  /** Pods already counted as succeeded/failed (finished pods stay, as upstream keeps them until TTL). */
  private readonly counted = new Set<string>();

  constructor(seed: string | number) {
    this.rng = componentRng(seed, 'job-controller');
  }

  keysForPod(p: PodInfo): string[] {
    return controllerKeysOf(p.pod, 'Job');
  }

  sync(engine: Engine, keys: readonly string[]): void {
    for (const key of keys) {
      const job = engine.cluster.workloads.Job.get(key) as Job | undefined;
      if (job) this.syncOne(engine, key, job);
    }
  }

  private syncOne(engine: Engine, key: string, job: Job): void {
    if (job.spec.completionMode === 'Indexed' && job.spec.completions !== undefined) return this.syncIndexed(engine, key, job, job.spec.completions);
    const prev = job.status as unknown as JobStatus | undefined;
    if (finished(prev)) return;
    const ns = job.metadata.namespace ?? 'default';
    const name = job.metadata.name ?? '';
    const st: JobStatus = { active: 0, succeeded: prev?.succeeded ?? 0, failed: prev?.failed ?? 0, startTime: prev?.startTime ?? engine.now };
    const active: PodInfo[] = [];
    for (const p of engine.cluster.podsOwnedBy('Job', ns, name)) {
      const phase = p.pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') {
        if (!this.counted.has(p.key)) {
          this.counted.add(p.key);
          if (phase === 'Succeeded') st.succeeded++;
          else st.failed++;
        }
        continue;
      }
      if (!p.pod.metadata.deletionTimestamp) active.push(p);
    }
    // a suspended Job (e.g. waiting for Kueue) runs no pods
    const parallelism = job.spec.suspend === true ? 0 : (job.spec.parallelism ?? 1);
    const completions = job.spec.completions;
    const backoffLimit = job.spec.backoffLimit ?? 6;
    if (st.failed > backoffLimit) {
      for (const p of active) engine.deletePod(p, 'Killing');
      st.active = 0;
      st.conditions = [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }];
      engine.emit('BackoffLimitExceeded', `Job ${key}`, { message: 'Job has reached the specified backoff limit' });
    } else if (completions !== undefined && st.succeeded >= completions) {
      for (const p of active) engine.deletePod(p, 'Killing');
      st.active = 0;
      st.completionTime = engine.now;
      st.conditions = [{ type: 'Complete', status: 'True' }];
      engine.emit('Completed', `Job ${key}`, { message: 'Job completed' });
    } else if (completions === undefined && st.succeeded > 0 && active.length === 0) {
      // work-queue job: done once any pod succeeded and none is left running
      st.completionTime = engine.now;
      st.conditions = [{ type: 'Complete', status: 'True' }];
      engine.emit('Completed', `Job ${key}`, { message: 'Job completed' });
    } else {
      const want = completions === undefined ? (st.succeeded > 0 ? 0 : parallelism) : Math.min(parallelism, completions - st.succeeded);
      for (let i = active.length; i < want; i++) {
        let podName: string;
        do podName = `${name}-${randomSuffix(this.rng)}`;
        while (engine.cluster.pods.has(`${ns}/${podName}`));
        const labels = { ...(job.spec.template.metadata?.labels ?? {}), 'batch.kubernetes.io/job-name': name, 'job-name': name };
        // refused (FailedCreate recorded by createPod): stop this sync, as the Job controller's batch does
        if (!engine.createPod(podFromTemplate(job, { ...job.spec.template, metadata: { ...(job.spec.template.metadata ?? {}), labels } }, podName))) break;
        engine.emit('SuccessfulCreate', `Job ${key}`, { message: `Created pod: ${podName}` });
        active.push(engine.cluster.pods.get(`${ns}/${podName}`)!);
      }
      for (let i = want; i < active.length; i++) engine.deletePod(active[i], 'Killing');
      st.active = Math.min(active.length, Math.max(want, 0));
    }
    engine.cluster.workloads.Job.set(key, { ...job, status: st as unknown as Record<string, unknown> } as Job);
  }

  /**
   * completionMode Indexed: one pod per pending index (lowest first), at most `parallelism`
   * active; an index is done when one of its pods succeeded; with backoffLimitPerIndex an index
   * whose pods failed more often than that is failed and not retried.
   * mirrors job_controller.go manageJob with indexed_job_utils.go (calculateSucceededIndexes,
   * firstPendingIndexes, getNewIndexFailureCounts, addCompletionIndexEnvVariables)
   */
  private syncIndexed(engine: Engine, key: string, job: Job, completions: number): void {
    const prev = job.status as unknown as JobStatus | undefined;
    if (finished(prev)) return;
    const ns = job.metadata.namespace ?? 'default';
    const name = job.metadata.name ?? '';
    const st: JobStatus = { active: 0, succeeded: 0, failed: prev?.failed ?? 0, startTime: prev?.startTime ?? engine.now };
    const succeeded = new Set<number>();
    const failures = new Map<number, number>();
    const activeByIndex = new Map<number, PodInfo[]>();
    const stray: PodInfo[] = [];
    for (const p of engine.cluster.podsOwnedBy('Job', ns, name)) {
      const phase = p.pod.status?.phase;
      const index = completionIndexOf(p, completions);
      if (phase === 'Succeeded' || phase === 'Failed') {
        if (!this.counted.has(p.key)) {
          this.counted.add(p.key);
          if (phase === 'Failed') st.failed++;
        }
        if (index === undefined) continue;
        if (phase === 'Succeeded') succeeded.add(index);
        else failures.set(index, (failures.get(index) ?? 0) + 1);
        continue;
      }
      if (p.pod.metadata.deletionTimestamp) continue;
      if (index === undefined) stray.push(p);
      else activeByIndex.set(index, [...(activeByIndex.get(index) ?? []), p]);
    }
    st.succeeded = succeeded.size;
    if (succeeded.size) st.completedIndexes = formatIndexes(succeeded);
    const perIndex = job.spec.backoffLimitPerIndex as number | undefined;
    const failedIndexes = new Set<number>();
    if (perIndex !== undefined) for (const [i, n] of failures) if (n > perIndex && !succeeded.has(i)) failedIndexes.add(i);
    if (failedIndexes.size) st.failedIndexes = formatIndexes(failedIndexes);
    // pods without a valid index, duplicates of an index, and pods of a finished index go (upstream deletes them too)
    const kill: PodInfo[] = [...stray];
    const active = new Map<number, PodInfo>();
    for (const [i, pods] of activeByIndex) {
      if (succeeded.has(i) || failedIndexes.has(i)) kill.push(...pods);
      else {
        active.set(i, pods[0]);
        kill.push(...pods.slice(1));
      }
    }
    for (const p of kill) engine.deletePod(p, 'Killing');
    const parallelism = job.spec.suspend === true ? 0 : (job.spec.parallelism ?? 1);
    const backoffLimit = job.spec.backoffLimit ?? 6;
    const maxFailed = job.spec.maxFailedIndexes as number | undefined;
    const finish = (cond: { type: string; status: string; reason?: string }, event: string, message: string): void => {
      for (const p of active.values()) engine.deletePod(p, 'Killing');
      active.clear();
      st.conditions = [cond];
      engine.emit(event, `Job ${key}`, { message });
    };
    if (st.failed > backoffLimit) finish({ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
    else if (maxFailed !== undefined && failedIndexes.size > maxFailed) finish({ type: 'Failed', status: 'True', reason: 'MaxFailedIndexesExceeded' }, 'MaxFailedIndexesExceeded', 'Job has exceeded the specified maximal number of failed indexes');
    else if (succeeded.size >= completions) {
      finish({ type: 'Complete', status: 'True' }, 'Completed', 'Job completed');
      st.completionTime = engine.now;
    } else if (succeeded.size + failedIndexes.size >= completions && active.size === 0) {
      finish({ type: 'Failed', status: 'True', reason: 'FailedIndexes' }, 'FailedIndexes', 'Job has failed indexes');
    } else {
      // firstPendingIndexes: the lowest indexes neither done, failed nor running
      const want = Math.max(0, Math.min(parallelism, completions - succeeded.size - failedIndexes.size));
      for (let i = 0; i < completions && active.size < want; i++) {
        if (succeeded.has(i) || failedIndexes.has(i) || active.has(i)) continue;
        const podName = this.indexedPodName(engine, ns, name, i);
        if (!engine.createPod(podFromTemplate(job, indexedTemplate(job, name, i), podName))) break;
        engine.emit('SuccessfulCreate', `Job ${key}`, { message: `Created pod: ${podName}` });
        active.set(i, engine.cluster.pods.get(`${ns}/${podName}`)!);
      }
      // over parallelism (it was lowered): the highest indexes go
      const extra = [...active.keys()].sort((a, b) => b - a).slice(0, Math.max(0, active.size - want));
      for (const i of extra) {
        engine.deletePod(active.get(i)!, 'Killing');
        active.delete(i);
      }
    }
    st.active = active.size;
    engine.cluster.workloads.Job.set(key, { ...job, status: st as unknown as Record<string, unknown> } as Job);
  }

  /** `JOB-INDEX-xxxxx` (upstream's generateName for Indexed Jobs is `JOB-INDEX-`). */
  private indexedPodName(engine: Engine, ns: string, job: string, index: number): string {
    let podName: string;
    do podName = `${job}-${index}-${randomSuffix(this.rng)}`;
    while (engine.cluster.pods.has(`${ns}/${podName}`));
    return podName;
  }
}

/** The pod template of one index: its annotation and label, hostname and JOB_COMPLETION_INDEX in every container. */
function indexedTemplate(job: Job, name: string, index: number): Job['spec']['template'] {
  const t = job.spec.template;
  const meta = t.metadata ?? {};
  const env = { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_KEY}']` } } };
  const withEnv = (c: Container): Container => {
    const list = (Array.isArray(c.env) ? c.env : []) as { name?: string }[];
    return list.some((e) => e.name === 'JOB_COMPLETION_INDEX') ? c : { ...c, env: [...list, env] };
  };
  return {
    metadata: {
      ...meta,
      labels: { ...(meta.labels ?? {}), 'batch.kubernetes.io/job-name': name, 'job-name': name, [COMPLETION_INDEX_KEY]: String(index) },
      annotations: { ...(meta.annotations ?? {}), [COMPLETION_INDEX_KEY]: String(index) },
    },
    spec: {
      ...t.spec,
      hostname: (t.spec.hostname as string | undefined) || `${name}-${index}`,
      containers: t.spec.containers.map(withEnv),
      ...(t.spec.initContainers ? { initContainers: t.spec.initContainers.map(withEnv) } : {}),
    },
  };
}

/** The completion index of a Job pod (annotation, else label), or undefined when absent or out of range. mirrors getCompletionIndex */
export function completionIndexOf(p: PodInfo, completions: number): number | undefined {
  const v = p.pod.metadata.annotations?.[COMPLETION_INDEX_KEY] ?? p.pod.metadata.labels?.[COMPLETION_INDEX_KEY];
  if (v === undefined || !/^\d+$/.test(v)) return undefined;
  const i = Number(v);
  return i < completions ? i : undefined;
}

/** Sorted indexes as `0-2,5,7-8`. mirrors orderedIntervals.String */
export function formatIndexes(indexes: Iterable<number>): string {
  const xs = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < xs.length; ) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j] + 1) j++;
    parts.push(j === i ? String(xs[i]) : `${xs[i]}-${xs[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** One cron field → the set of values it allows. */
function cronField(spec: string, min: number, max: number): Set<number> {
  const out = new Set<number>();
  for (const part of spec.split(',')) {
    const [range, stepStr] = part.split('/');
    const step = stepStr === undefined ? 1 : Number(stepStr);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') [lo, hi] = [min, max];
    else if (range.includes('-')) [lo, hi] = range.split('-').map(Number) as [number, number];
    else [lo, hi] = [Number(range), stepStr === undefined ? Number(range) : max];
    if (![lo, hi, step].every(Number.isInteger) || lo < min || hi > max || lo > hi || step < 1) throw new Error(`invalid cron field "${spec}"`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** A compiled 5-field cron schedule (robfig/cron standard parser, UTC). */
export interface CronSchedule {
  /** The first firing time strictly after `afterMs` (epoch ms), or undefined within a year. */
  next(afterMs: number): number | undefined;
}

/** Parses a standard 5-field cron expression (steps, ranges, lists, `@hourly` macros). Throws with a message when invalid. */
export function parseCron(expr: string): CronSchedule {
  const fields = (MACROS[expr.trim()] ?? expr).trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`expected 5 fields, found ${fields.length}`);
  const [mi, h, dom, mo, dow] = [cronField(fields[0], 0, 59), cronField(fields[1], 0, 23), cronField(fields[2], 1, 31), cronField(fields[3], 1, 12), cronField(fields[4], 0, 7)];
  if (dow.has(7)) dow.add(0);
  const domStar = fields[2] === '*' || fields[2] === '?';
  const dowStar = fields[4] === '*' || fields[4] === '?';
  return {
    next(afterMs) {
      let t = Math.floor(afterMs / 60000) * 60000 + 60000;
      for (let i = 0; i < 366 * 24 * 60; i++, t += 60000) {
        const d = new Date(t);
        if (!mi.has(d.getUTCMinutes()) || !h.has(d.getUTCHours()) || !mo.has(d.getUTCMonth() + 1)) continue;
        const domOk = dom.has(d.getUTCDate());
        const dowOk = dow.has(d.getUTCDay());
        // cron's rule: when both day fields are restricted, either may match
        if (domStar || dowStar ? domOk && dowOk : domOk || dowOk) return t;
      }
      return undefined;
    },
  };
}

/** The engine's CronJob controller: one timer per CronJob at its next firing time. */
export class CronJobController implements EngineController {
  readonly name = 'CronJob';
  private readonly scheduled = new Set<string>();

  sync(engine: Engine, keys: readonly string[]): void {
    for (const key of keys) {
      const cj = engine.cluster.workloads.CronJob.get(key) as CronJob | undefined;
      if (!cj || this.scheduled.has(key)) continue;
      let schedule: CronSchedule;
      try {
        schedule = parseCron(cj.spec.schedule);
      } catch (err) {
        engine.emit('UnparseableSchedule', `CronJob ${key}`, { message: `unparseable schedule "${cj.spec.schedule}": ${(err as Error).message}` });
        continue;
      }
      this.scheduled.add(key);
      this.arm(engine, key, schedule);
    }
  }

  private arm(engine: Engine, key: string, schedule: CronSchedule): void {
    const nowMs = engine.absoluteNow() * 1000;
    const next = schedule.next(nowMs);
    if (next === undefined) return;
    engine.at(engine.now + (next - nowMs) / 1000, () => {
      this.fire(engine, key, next);
      this.arm(engine, key, schedule);
    });
  }

  private fire(engine: Engine, key: string, scheduledMs: number): void {
    const cj = engine.cluster.workloads.CronJob.get(key) as CronJob | undefined;
    if (!cj || cj.spec.suspend) return;
    const ns = cj.metadata.namespace ?? 'default';
    const running = [...engine.cluster.workloads.Job.values()].filter((j) => {
      const ref = j.metadata.ownerReferences?.find((r) => r.controller);
      return ref?.kind === 'CronJob' && ref.name === cj.metadata.name && (j.metadata.namespace ?? 'default') === ns && !finished(j.status as unknown as JobStatus);
    });
    const policy = cj.spec.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && running.length > 0) {
      engine.emit('JobAlreadyActive', `CronJob ${key}`, { message: 'Not starting job because prior execution is running and concurrency policy is Forbid' });
      return;
    }
    if (policy === 'Replace') {
      for (const j of running) {
        const jk = `${ns}/${j.metadata.name}`;
        for (const p of [...engine.cluster.podsOwnedBy('Job', ns, j.metadata.name ?? '')]) engine.deletePod(p, 'Killing');
        engine.cluster.workloads.Job.delete(jk);
        engine.emit('SuccessfulDelete', `CronJob ${key}`, { message: `Deleted job ${j.metadata.name}` });
      }
    }
    // getJobName: the scheduled time in minutes since the epoch
    const name = `${cj.metadata.name}-${Math.floor(scheduledMs / 60000)}`;
    const job: Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: ns,
        labels: cj.spec.jobTemplate.metadata?.labels,
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name ?? '', controller: true }],
      },
      spec: { parallelism: 1, completions: 1, backoffLimit: 6, ...cj.spec.jobTemplate.spec },
    };
    engine.cluster.workloads.Job.set(`${ns}/${name}`, job);
    engine.emit('SuccessfulCreate', `CronJob ${key}`, { message: `Created job ${name}` });
    engine.markDirty('Job', `${ns}/${name}`);
  }
}
