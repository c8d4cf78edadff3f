// Entry of a bench worker thread: registers tsx in this thread (module hooks are per thread),
// then loads the TypeScript worker, so workers run the same sources as the CLI however it was started.
import { register } from 'tsx/esm/api';
register();
await import('./worker.ts');
