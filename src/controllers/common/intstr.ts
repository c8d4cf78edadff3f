/** IntOrString scaling (apimachinery pkg/util/intstr). */
import type { IntOrString } from '../../model/types.ts';

/** Result of scaling an IntOrString: the value, or an error message for a malformed string. */
export type Scaled = { value: number; error?: undefined } | { value: 0; error: string };

/**
 * An int is used as is; a string must be `N%` and gives N% of `total`, rounded up or down.
 * Anything else (`"5"`, `"oops"`, undefined) is an error.
 * mirrors staging/src/k8s.io/apimachinery/pkg/util/intstr/intstr.go GetScaledValueFromIntOrPercent
 */
export function getScaledValueFromIntOrPercent(v: IntOrString | undefined | null, total: number, roundUp: boolean): Scaled {
  if (v === undefined || v === null) return { value: 0, error: 'nil value for IntOrString' };
  if (typeof v === 'number') return { value: v };
  if (!v.endsWith('%')) return { value: 0, error: `invalid type: string is not a percentage: ${JSON.stringify(v)}` };
  const body = v.slice(0, -1);
  if (!/^[+-]?\d+$/.test(body)) return { value: 0, error: `invalid value for IntOrString: invalid value ${JSON.stringify(v)}` };
  const pct = Number(body);
  const raw = (pct * total) / 100;
  return { value: roundUp ? Math.ceil(raw) : Math.floor(raw) };
}
