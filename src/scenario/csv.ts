/** CSV load curves: one numeric column read out of a header-first CSV file. */
import { readTextFile } from '../util/files.ts';

/**
 * Reads column `column` (by header name, or a 0-based index as a string) of a CSV file as numbers.
 * Throws an Error naming the line of the first non-numeric cell (a UserError when the file cannot be read).
 */
export function readCsvColumn(file: string, column: string): number[] {
  const lines = readTextFile(file, 'CSV file').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new Error(`${file}: needs a header line and at least one row`);
  const header = splitCsvLine(lines[0]);
  let idx = header.indexOf(column);
  if (idx < 0 && /^\d+$/.test(column)) idx = Number(column);
  if (idx < 0 || idx >= header.length) throw new Error(`column ${JSON.stringify(column)} not found in ${file} (columns: ${header.join(', ')})`);
  const out: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cell = splitCsvLine(lines[i])[idx];
    const v = Number(cell);
    if (cell === undefined || cell.trim() === '' || !Number.isFinite(v)) throw new Error(`${file}:${i + 1}: column ${JSON.stringify(column)} is not a number: ${JSON.stringify(cell ?? '')}`);
    out.push(v);
  }
  return out;
}

/** Splits one CSV line (double-quoted cells may hold commas). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}
