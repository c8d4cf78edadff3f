// Entry of a bench worker thread (a plain .mjs that the build copies to dist/bench/). Compiled
// (dist/), it loads worker.js beside it. From the sources (vitest, KUBESIM_FROM_SOURCE=1) it
// registers tsx in this thread first (module hooks are per thread) and loads worker.ts.
import { existsSync } from 'node:fs';

const compiled = new URL('./worker.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('./worker.ts', import.meta.url).href);
}
