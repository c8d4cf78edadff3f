/**
 * A small worker-thread pool for bench runs: each worker takes the next job as soon as it is
 * free; results are stored by job index, so their order never depends on the worker count or
 * on which worker finished first.
 */
import { Worker } from 'node:worker_threads';

/** A job's failure as it crosses the thread boundary. */
export interface SerializedError {
  message: string;
  /** Set for a UserError: where the bad input is. */
  userError?: { location?: { file: string; line?: number; column?: number }; object?: string; field?: string };
  stack?: string;
}

type WorkerMessage<R> = { ready: true } | { index: number; values: R } | { index: number; error: SerializedError };

/** Options of {@link runInWorkers}. */
export interface PoolOptions {
  /** Called after each finished job with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Runs `jobs` on `workers` threads started from `entry` (a module that answers `{index, job}`
 * messages with `{index, values}` or `{index, error}`, after posting `{ready: true}`). Resolves
 * to the results in job order; rejects with the first job failure (`onError` turns it into an
 * Error) and stops every worker.
 */
export function runInWorkers<J, R>(
  jobs: readonly J[],
  workers: number,
  entry: URL,
  onError: (e: SerializedError, index: number) => Error,
  opts: PoolOptions = {},
): Promise<R[]> {
  const results: R[] = new Array(jobs.length);
  if (jobs.length === 0) return Promise.resolve(results);
  const count = Math.max(1, Math.min(workers, jobs.length));
  return new Promise<R[]>((resolvePool, rejectPool) => {
    const threads: Worker[] = [];
    let next = 0;
    let done = 0;
    let settled = false;
    const stop = (): void => {
      for (const w of threads) void w.terminate();
    };
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      stop();
      rejectPool(err);
    };
    const feed = (w: Worker): void => {
      if (next >= jobs.length) return;
      const index = next++;
      w.postMessage({ index, job: jobs[index] });
    };
    for (let i = 0; i < count; i++) {
      const w = new Worker(entry);
      threads.push(w);
      w.on('message', (m: WorkerMessage<R>) => {
        if (settled) return;
        if ('ready' in m) return feed(w);
        if ('error' in m) return fail(onError(m.error, m.index));
        results[m.index] = m.values;
        done++;
        opts.onProgress?.(done, jobs.length);
        if (done === jobs.length) {
          settled = true;
          stop();
          resolvePool(results);
        } else feed(w);
      });
      w.on('error', (err) => fail(err instanceof Error ? err : new Error(String(err))));
      w.on('exit', (code) => {
        if (!settled) fail(new Error(`a bench worker exited with code ${code} before the bench finished`));
      });
    }
  });
}
