/**
 * Exact Kubernetes quantities (k8s.io/apimachinery pkg/api/resource Quantity).
 * A quantity is held as an exact rational `num / den` (BigInt), never as a float, so
 * MilliValue/Value round exactly as upstream does (up, away from zero).
 */

/** Thrown for a string that is not a Kubernetes quantity; `message` says what is wrong. */
export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityError';
  }
}

/** The suffix family a quantity was written in (upstream's Format). */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** An exact quantity: value = num / den, with den a power of ten. */
export interface Quantity {
  readonly num: bigint;
  readonly den: bigint;
  readonly format: QuantityFormat;
}

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

const QUANTITY_RE = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/;

/**
 * Parses a quantity string (or a YAML number) exactly.
 * mirrors apimachinery pkg/api/resource/quantity.go ParseQuantity (precision below 1n rounds up).
 */
export function parseQuantity(input: string | number): Quantity {
  const str = typeof input === 'number' ? numberToString(input) : input.trim();
  if (str.length === 0) throw new QuantityError('quantities must match the regular expression ' + "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  const m = QUANTITY_RE.exec(str);
  if (!m) throw invalid(str);
  const [, sign, intPart, fracPart = '', suffix] = m;
  if (intPart.length === 0 && fracPart.length === 0) throw invalid(str);
  if (str.includes('.') && intPart.length === 0 && fracPart.length === 0) throw invalid(str);
  let digits = BigInt((intPart || '0') + fracPart);
  let scale = fracPart.length; // value = digits * 10^-scale
  let format: QuantityFormat;
  let num: bigint;
  let den: bigint;
  if (suffix in BINARY_SUFFIX) {
    format = 'BinarySI';
    num = digits * (1n << BigInt(BINARY_SUFFIX[suffix]));
    den = 10n ** BigInt(scale);
  } else {
    let exp: number;
    if (suffix in DECIMAL_SUFFIX) {
      format = 'DecimalSI';
      exp = DECIMAL_SUFFIX[suffix];
    } else if (/^[eE][+-]?\d+$/.test(suffix)) {
      format = 'DecimalExponent';
      exp = Number(suffix.slice(1));
    } else {
      throw invalid(str);
    }
    const e = exp - scale;
    if (e >= 0) {
      num = digits * 10n ** BigInt(e);
      den = 1n;
    } else {
      num = digits;
      den = 10n ** BigInt(-e);
    }
  }
  // Precision finer than 1n (10^-9) rounds up to the next nano, as upstream does at parse time.
  const NANO_DEN = 1_000_000_000n;
  if (den > NANO_DEN) {
    const f = den / NANO_DEN;
    num = ceilDiv(num, f);
    den = NANO_DEN;
  }
  if (sign === '-') num = -num;
  void digits;
  void scale;
  return { num, den, format };
}

function numberToString(n: number): string {
  if (!Number.isFinite(n)) throw new QuantityError(`${n} is not a valid quantity`);
  return String(n);
}

function invalid(s: string): QuantityError {
  return new QuantityError(`"${s}" is not a valid quantity: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
}

/** Ceiling division for a positive divisor, rounding away from zero for negative values as upstream. */
function ceilDiv(a: bigint, b: bigint): bigint {
  if (a >= 0n) return (a + b - 1n) / b;
  return -((-a + b - 1n) / b);
}

/** Value() rounded up to an integer (upstream Quantity.Value). */
export function quantityValue(q: Quantity): number {
  return Number(ceilDiv(q.num, q.den));
}

/** MilliValue(): value × 1000 rounded up (upstream Quantity.MilliValue). */
export function quantityMilliValue(q: Quantity): number {
  return Number(ceilDiv(q.num * 1000n, q.den));
}

/** Compares two quantities by numeric value: -1, 0 or 1 (upstream Quantity.Cmp). */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Parses and returns MilliValue (how the scheduler reads CPU). */
export function milliValueOf(input: string | number): number {
  return quantityMilliValue(parseQuantity(input));
}

/** Parses and returns Value (how the scheduler reads memory, storage, pods and extended resources). */
export function valueOf(input: string | number): number {
  return quantityValue(parseQuantity(input));
}
