/**
 * Simulated time: seconds since the scenario start, rendered as RFC 3339 timestamps from a fixed
 * epoch so outputs are byte-identical between runs.
 */

/** Simulated time zero. */
export const SIM_EPOCH_MS = Date.UTC(2026, 0, 1, 0, 0, 0);

/** RFC 3339 timestamp of simulated second `t`. */
export function simTimestamp(t: number): string {
  return new Date(SIM_EPOCH_MS + Math.round(t * 1000)).toISOString().replace('.000Z', 'Z');
}

/** Simulated seconds of an RFC 3339 timestamp (NaN when unparsable). */
export function simSeconds(ts: string): number {
  return (Date.parse(ts) - SIM_EPOCH_MS) / 1000;
}

/** `1h2m3s`-style rendering of seconds (Go's Duration.String shape). */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  const neg = seconds < 0;
  let s = Math.abs(seconds);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const sec = Number.isInteger(s) ? String(s) : s.toFixed(3).replace(/0+$/, '');
  const out = (h ? `${h}h` : '') + (h || m ? `${m}m` : '') + `${sec}s`;
  return neg ? `-${out}` : out;
}

const UNIT: Record<string, number> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Parses a Go/Kubernetes duration (`30s`, `5m`, `1h30m`, `1.5h`, `250ms`; plus `d` for days) into
 * seconds. A bare number is seconds. Returns undefined when invalid.
 */
export function parseDuration(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) && input >= 0 ? input : undefined;
  const s = input.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/y;
  let total = 0;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) return undefined;
    total += Number(m[1]) * UNIT[m[2]];
    pos = re.lastIndex;
  }
  return pos === 0 ? undefined : total;
}
