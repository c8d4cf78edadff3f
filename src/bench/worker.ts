/**
 * A bench worker thread: receives jobs `{index, job}` from the pool, runs each in this thread and
 * posts back `{index, values}` or `{index, error}`.
 */
import { parentPort } from 'node:worker_threads';
import { runJob, serializeError, type BenchJob } from './run.ts';

if (!parentPort) throw new Error('src/bench/worker.ts runs as a worker thread');
const port = parentPort;
port.on('message', (msg: { index: number; job: BenchJob }) => {
  runJob(msg.job).then(
    (values) => port.postMessage({ index: msg.index, values }),
    (err: unknown) => port.postMessage({ index: msg.index, error: serializeError(err) }),
  );
});
port.postMessage({ ready: true });
