/**
 * Simulated time for controllers: numbers are seconds since the Unix epoch (the engine's clock);
 * API objects carry RFC 3339 strings (metav1.Time serialises to whole seconds).
 */

/** RFC 3339 form of `seconds` (whole seconds, `Z`), as metav1.Time marshals. */
export function formatTime(seconds: number): string {
  return new Date(Math.floor(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Seconds since the epoch of an RFC 3339 timestamp; an absent or unparsable value is the zero
 * time, which sorts before every real timestamp (as Go's zero metav1.Time does).
 */
export function parseTime(ts: string | undefined | null): number {
  if (!ts) return Number.NEGATIVE_INFINITY;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms / 1000;
}
