/**
 * A worker thread of the FGD experiment bench (fgd-bench.ts): answers `{index, job}` with
 * `{index, values}` (the run's FgdRunResult) or `{index, error}`. The node list and the pod lists
 * are read once per thread.
 */
import { parentPort } from 'node:worker_threads';
import { UserError } from '../cli/errors.ts';
import { runFgdJob, type FgdJob } from './fgd-bench.ts';

if (!parentPort) throw new Error('src/trace/fgd-worker.ts runs as a worker thread');
const port = parentPort;
port.on('message', (msg: { index: number; job: FgdJob }) => {
  try {
    port.postMessage({ index: msg.index, values: runFgdJob(msg.job) });
  } catch (err) {
    const error =
      err instanceof UserError
        ? { message: err.message, userError: { location: err.location, object: err.object, field: err.field } }
        : err instanceof Error
          ? { message: err.message, stack: err.stack }
          : { message: String(err) };
    port.postMessage({ index: msg.index, error });
  }
});
port.postMessage({ ready: true });
