/** `kubesim validate FILE.csv...` for the openb trace lists: counts per file, or a located error. */
import { readOpenbFile, summarizeOpenb } from './openb.ts';

/** The report of trace files (`--json` prints it as is). */
export interface TraceValidateReport {
  version: 1;
  trace: ({ file: string; kind: 'nodes' | 'pods' } & Record<string, number | string>)[];
}

/** True when every path names a CSV file (validate then reads them as trace lists). */
export function isTracePaths(paths: readonly string[]): boolean {
  return paths.length > 0 && paths.every((p) => p.toLowerCase().endsWith('.csv'));
}

/** Reads every file (throws the first located error). */
export function validateTraceFiles(paths: readonly string[]): TraceValidateReport {
  return { version: 1, trace: paths.map((file) => {
    const f = readOpenbFile(file);
    return { file, kind: f.kind, ...summarizeOpenb(f) };
  }) };
}

/** Human form. */
export function formatTraceReport(r: TraceValidateReport): string {
  const lines: string[] = [];
  for (const t of r.trace) {
    const { file, kind, ...rest } = t;
    lines.push(`${file}: openb ${kind} list, ${Object.entries(rest).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  return lines.join('\n') + '\n';
}
