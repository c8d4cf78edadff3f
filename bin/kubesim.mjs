#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm run build`, which `npm ci` runs as `prepare`):
// no transpiler at start-up. tsx is loaded later only for scheduler plugins written in TypeScript.
// KUBESIM_FROM_SOURCE=1 runs src/ through tsx instead (for working on kubesim without rebuilding).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let entry = new URL('../dist/cli/main.js', import.meta.url);
if (process.env.KUBESIM_FROM_SOURCE === '1') {
  const { register } = await import('tsx/esm/api');
  register();
  entry = new URL('../src/cli/main.ts', import.meta.url);
} else if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('kubesim: dist/ is missing: run `npm run build` (npm ci and npm install run it) in the kubesim folder\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
