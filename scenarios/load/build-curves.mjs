#!/usr/bin/env node
// Builds the load curves in this folder from the unmodified traces in the project's shared data
// (see SOURCES.md). Usage: node scenarios/load/build-curves.mjs <path to shared/data/load>
// Deterministic: re-running it reproduces the committed files byte for byte.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = process.argv[2];
if (!src) {
  console.error('usage: node build-curves.mjs <path to shared/data/load>');
  process.exit(2);
}
const out = dirname(fileURLToPath(import.meta.url));

/** WorldCup98: the per-minute rows of one GMT day, missing minutes filled with 0. */
function worldcupDay(day, file) {
  const counts = new Map();
  for (const line of readFileSync(join(src, 'worldcup98/invocation_count.csv'), 'utf8').split('\n').slice(1)) {
    const [period, count] = line.split(',');
    if (period?.startsWith(day)) counts.set(period, Number(count));
  }
  const rows = ['period,count'];
  for (let m = 0; m < 1440; m++) {
    const hh = String(Math.floor(m / 60)).padStart(2, '0');
    const mm = String(m % 60).padStart(2, '0');
    const period = `${day} ${hh}:${mm}:00`;
    rows.push(`${period},${counts.get(period) ?? 0}`);
  }
  writeFileSync(join(out, file), rows.join('\n') + '\n');
}

/** Azure LLM inference trace: requests per `step` seconds from the minute of the first request to the last. */
function azureCounts(name, step, file) {
  const lines = readFileSync(join(src, `azure-llm-inference-2023/AzureLLMInferenceTrace_${name}.csv`), 'utf8').split('\n').slice(1).filter((l) => l.trim() !== '');
  // TIMESTAMP is "YYYY-MM-DD HH:MM:SS.fffffff" (UTC assumed; only differences matter)
  const ts = lines.map((l) => Date.parse(l.split(',')[0].slice(0, 23).replace(' ', 'T') + 'Z') / 1000);
  const start = Math.floor(ts[0] / 60) * 60;
  const counts = [];
  for (const t of ts) {
    const i = Math.floor((t - start) / step);
    while (counts.length <= i) counts.push(0);
    counts[i]++;
  }
  const rows = ['start,requests'];
  counts.forEach((c, i) => rows.push(`${new Date((start + i * step) * 1000).toISOString().replace('.000Z', 'Z')},${c}`));
  writeFileSync(join(out, file), rows.join('\n') + '\n');
}

worldcupDay('1998-07-01', 'worldcup98-1998-07-01.csv');
azureCounts('code', 15, 'azure-llm-code-15s.csv');
azureCounts('conv', 15, 'azure-llm-conv-15s.csv');
