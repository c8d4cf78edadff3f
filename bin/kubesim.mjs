#!/usr/bin/env node
// Runs the TypeScript sources through tsx: no build step, so the CLI always runs the code you see,
// and the same loader lets users pass scheduler plugins written in TypeScript.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
