/**
 * Exact Kubernetes quantities (k8s.io/apimachinery pkg/api/resource Quantity, v1.35).
 * A quantity is held as an exact rational `num / den` (BigInt, `den` a power of ten), never
 * as a float, so parsing, Value/MilliValue rounding and the canonical string match upstream.
 *
 * Known deviations from v1.35, all on inputs no real manifest uses:
 * - an exponent outside the int32 range (`1e4294967297`) is rejected; v1.35 silently
 *   truncates it to 32 bits (later upstream rejects it too);
 * - magnitudes of 10^1000 and above are rejected (upstream stores them, but its Value() overflows);
 * - Value()/MilliValue() beyond the int64 range are returned as the nearest JS number;
 *   upstream wraps or returns 0;
 * - a DecimalSI value past the `E` suffix (≥ 10^21) is written in exponent form (`1e21`); v1.35
 *   drops the magnitude and prints `1` (fixed upstream after v1.35; the fix is followed so that
 *   format → parse round trips).
 */

/** Thrown for a string that is not a Kubernetes quantity; `message` says what is wrong. */
export class QuantityError extends Error {
  /** The text that failed to parse (as given, before trimming). */
  readonly input: string | undefined;
  constructor(message: string, input?: string) {
    super(message);
    this.name = 'QuantityError';
    this.input = input;
  }
}

/** The suffix family a quantity was written in (upstream's Format). */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** An exact quantity: value = num / den, with den a positive power of ten. */
export interface Quantity {
  readonly num: bigint;
  readonly den: bigint;
  readonly format: QuantityFormat;
  /**
   * True when upstream would hold the parsed value as an inf.Dec instead of its int64 fast
   * path (many digits, sub-nano precision, fractional binary, …). It only changes how
   * Value()/MilliValue() round negative non-integers (see {@link quantityScaledValue}).
   */
  readonly infDec?: boolean;
}

/** Powers of ten of the decimal SI suffixes (upstream suffix.go). */
const DECIMAL_SUFFIX: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
/** Powers of two of the binary SI suffixes. */
const BINARY_SUFFIX: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
/** Suffix written for a canonical decimal exponent (multiples of three from -9 to 18). */
const DECIMAL_SUFFIX_BY_EXPONENT: ReadonlyMap<number, string> = new Map(Object.entries(DECIMAL_SUFFIX).map(([s, e]) => [e, s]));
/** Suffix written for a canonical base-1024 exponent; 1024^0 has none. */
const BINARY_SUFFIX_BY_EXPONENT = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
/** Letters the upstream scanner accepts as part of a suffix. */
const SUFFIX_LETTERS = 'eEinumkKMGTP';

const MAX_INT64 = (1n << 63n) - 1n;
const MAX_INT32 = 2147483647;
const NANO_DEN = 1_000_000_000n;
/** kubesim's own bound on magnitudes, so that absurd exponents cannot exhaust memory. */
const MAX_DECIMAL_MAGNITUDE = 1000;

const HINT =
  'a quantity is a number such as 250m, 0.5, 1.5Gi or 1e3, with an optional suffix: ' +
  'n u m k M G T P E (powers of 1000), Ki Mi Gi Ti Pi Ei (powers of 1024), or e<exponent>';

const ZERO_DECIMAL_SI: Quantity = Object.freeze({ num: 0n, den: 1n, format: 'DecimalSI' });

/** Pieces of a quantity string as upstream's scanner splits them. */
interface ScannedQuantity {
  positive: boolean;
  /** Sign, digits and point before the suffix (what upstream hands to inf.Dec). */
  value: string;
  /** Integer digits without leading zeros ("0" when there are none). */
  num: string;
  /** Fraction digits as written (may be empty). */
  denom: string;
  suffix: string;
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/**
 * Splits a quantity string into sign, digits and suffix, rejecting what upstream rejects.
 * mirrors apimachinery pkg/api/resource/quantity.go parseQuantityString (which also accepts
 * digit-less forms such as "." or "Ki"; ParseQuantity decides about those).
 */
function scanQuantity(str: string): ScannedQuantity {
  const end = str.length;
  let pos = 0;
  let positive = true;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') {
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  // Only zeros (or only a sign): the value is zero.
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  const numStart = pos;
  while (pos < end && isDigit(str[pos])) pos++;
  const num = pos > numStart ? str.slice(numStart, pos) : '0';
  if (pos >= end) return { positive, value: str, num, denom: '', suffix: '' };
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    const denomStart = pos;
    while (pos < end && isDigit(str[pos])) pos++;
    denom = str.slice(denomStart, pos);
    if (pos >= end) return { positive, value: str, num, denom, suffix: '' };
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < end && SUFFIX_LETTERS.includes(str[pos])) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) {
    throw new QuantityError(`"${str}" is not a valid quantity: unexpected ${describeChar(str[pos])} at position ${pos + 1} (${HINT})`, str);
  }
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

function describeChar(c: string): string {
  if (c === ' ') return 'space';
  if (/\s/.test(c)) return `whitespace ${JSON.stringify(c)}`;
  return `"${c}"`;
}

/** What a suffix means: value × base^exponent. */
interface InterpretedSuffix {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

/**
 * mirrors apimachinery pkg/api/resource/suffix.go (suffixHandler).interpret; an exponent
 * outside int32 is an error here (v1.35 truncates it, see the module comment).
 */
function interpretSuffix(suffix: string, input: string): InterpretedSuffix {
  if (suffix in DECIMAL_SUFFIX) return { base: 10, exponent: DECIMAL_SUFFIX[suffix], format: 'DecimalSI' };
  if (suffix in BINARY_SUFFIX) return { base: 2, exponent: BINARY_SUFFIX[suffix], format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    const digits = suffix.slice(1);
    // strconv.ParseInt(s, 10, 64): optional sign, then decimal digits only.
    if (/^[+-]?\d+$/.test(digits)) {
      const exponent = BigInt(digits);
      if (exponent > BigInt(MAX_INT32) || exponent < -BigInt(MAX_INT32)) {
        throw new QuantityError(`"${input}" is not a valid quantity: exponent ${digits} is out of range (at most ±${MAX_INT32})`, input);
      }
      return { base: 10, exponent: Number(exponent), format: 'DecimalExponent' };
    }
  }
  const lower = suffix.toLowerCase();
  const known = [...Object.keys(DECIMAL_SUFFIX), ...Object.keys(BINARY_SUFFIX)].filter((s) => s !== '' && s.toLowerCase() === lower);
  const hint = known.length > 0 ? `; suffixes are case-sensitive, did you mean ${known.map((s) => `"${s}"`).join(' or ')}?` : '';
  throw new QuantityError(`"${input}" is not a valid quantity: unknown suffix "${suffix}"${hint} (${HINT})`, input);
}

/**
 * Whether upstream ParseQuantity takes its int64 fast path for these pieces (no inf.Dec).
 * mirrors the `precision`/`scale` checks in apimachinery quantity.go ParseQuantity.
 */
function takesInt64FastPath(s: ScannedQuantity, suffix: InterpretedSuffix): boolean {
  if (suffix.format === 'BinarySI') {
    if (s.denom.length > 0) return false;
    // 1Mi has ~6 decimal digits, so upstream estimates the room left as 15 - len - exp*3/10 - 1.
    return 15 - s.num.length - Math.trunc((suffix.exponent * 3) / 10) - 1 >= 0;
  }
  const precision = 18 - (s.num.length + s.denom.length);
  return precision >= 0 && suffix.exponent - s.denom.length >= -9;
}

/** Number of decimal digits of a non-negative bigint. */
const digitCount = (n: bigint): number => n.toString().length;

function ceilDivPositive(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** Strips common factors of ten so equal values have equal (num, den). */
function normalize(num: bigint, den: bigint): { num: bigint; den: bigint } {
  while (den > 1n && num % 10n === 0n) {
    num /= 10n;
    den /= 10n;
  }
  return { num, den };
}

/**
 * Parses a quantity exactly as upstream ParseQuantity does: no surrounding whitespace,
 * precision below 1n rounded up (away from zero), binary values capped at 2^63-1.
 * mirrors apimachinery pkg/api/resource/quantity.go ParseQuantity.
 */
export function parseQuantityStrict(str: string): Quantity {
  if (str.length === 0) throw new QuantityError(`an empty string is not a valid quantity (${HINT})`, str);
  if (str === '0') return ZERO_DECIMAL_SI;
  const scanned = scanQuantity(str);
  const suffix = interpretSuffix(scanned.suffix, str);
  const fast = takesInt64FastPath(scanned, suffix);
  // The inf.Dec path parses `value` itself and needs at least one digit ("E-10" fails, "E-9" is 0).
  if (!fast && !/\d/.test(scanned.value)) {
    throw new QuantityError(`"${str}" is not a valid quantity: no digits before the suffix "${scanned.suffix}"`, str);
  }
  const digits = BigInt(scanned.num + scanned.denom);
  const fractionDigits = scanned.denom.length;
  let num: bigint;
  let den: bigint;
  if (digits === 0n) {
    num = 0n;
    den = 1n;
  } else if (suffix.base === 2) {
    const scaled = digits << BigInt(suffix.exponent);
    if (fractionDigits > 9) {
      num = ceilDivPositive(scaled, 10n ** BigInt(fractionDigits - 9));
      den = NANO_DEN;
    } else {
      num = scaled;
      den = 10n ** BigInt(fractionDigits);
    }
  } else {
    const exponent = suffix.exponent - fractionDigits; // value = digits × 10^exponent
    if (exponent >= 0) {
      if (exponent + digitCount(digits) > MAX_DECIMAL_MAGNITUDE) {
        throw new QuantityError(`"${str}" is too large: kubesim accepts quantities below 10^${MAX_DECIMAL_MAGNITUDE} (Kubernetes cannot use values beyond 2^63 either)`, str);
      }
      num = digits * 10n ** BigInt(exponent);
      den = 1n;
    } else if (exponent >= -9) {
      num = digits;
      den = 10n ** BigInt(-exponent);
    } else {
      // Round up to the next nano without building 10^|exponent| for absurd exponents.
      const drop = -exponent - 9;
      num = drop > digitCount(digits) ? 1n : ceilDivPositive(digits, 10n ** BigInt(drop));
      den = NANO_DEN;
    }
  }
  let format = suffix.format;
  if (format === 'BinarySI') {
    if (num > MAX_INT64 * den) {
      num = MAX_INT64;
      den = 1n;
    }
    // Upstream switches fractions of one byte to DecimalSI to avoid confusing rounding.
    if (num > 0n && num < den) format = 'DecimalSI';
  }
  const n = normalize(num, den);
  const result: Quantity = { num: scanned.positive ? n.num : -n.num, den: n.den, format };
  return fast ? result : { ...result, infDec: true };
}

/** Characters Go's unicode.IsSpace accepts (strings.TrimSpace), which differ slightly from JS trim(). */
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]';
const GO_TRIM_RE = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'g');

/**
 * Reads a quantity from a manifest value the way the API server does: a string is trimmed
 * (Quantity.UnmarshalJSON uses strings.TrimSpace) and parsed exactly; a YAML number is read from
 * its JSON text (JS and Go print floats alike, e.g. `0.5`, `1e+21`).
 * mirrors apimachinery pkg/api/resource/quantity.go UnmarshalJSON + ParseQuantity.
 */
export function parseQuantity(input: string | number): Quantity {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) throw new QuantityError(`${input} is not a valid quantity`, String(input));
    return parseQuantityStrict(String(input));
  }
  return parseQuantityStrict(input.replace(GO_TRIM_RE, ''));
}

/** A quantity of `value` units in `format` (upstream NewQuantity). */
export function newQuantity(value: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
  return newScaledQuantity(value, 0, format);
}

/** A quantity of `milli`/1000 units in `format` (upstream NewMilliQuantity). */
export function newMilliQuantity(milli: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
  return newScaledQuantity(milli, -3, format);
}

/** A quantity of `value` × 10^`scale` (upstream NewScaledQuantity; DecimalSI unless told). */
export function newScaledQuantity(value: number | bigint, scale: number, format: QuantityFormat = 'DecimalSI'): Quantity {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new QuantityError(`${value} is not an integer number of units`, String(value));
  }
  if (!Number.isInteger(scale)) throw new QuantityError(`scale ${scale} is not an integer`, String(scale));
  const v = BigInt(value);
  const n = scale >= 0 ? { num: v * 10n ** BigInt(scale), den: 1n } : normalize(v, 10n ** BigInt(-scale));
  return { num: n.num, den: n.den, format };
}

/**
 * ceil(q / 10^scale) as upstream Quantity.ScaledValue computes it. Non-negative values round
 * up. Negative non-integers round away from zero on the int64 fast path; for a value parsed
 * through inf.Dec upstream's scaledValue truncates and then adds one (so -1.5 → 0 and
 * -0.3 → 1; kubernetes issue #110653), which is reproduced here.
 * mirrors apimachinery pkg/api/resource/quantity.go ScaledValue (amount.go AsScaledInt64,
 * math.go negativeScaleInt64 / scaledValue).
 */
export function quantityScaledValue(q: Quantity, scale: number): number {
  let n = q.num;
  let d = q.den;
  if (scale <= 0) n *= 10n ** BigInt(-scale);
  else d *= 10n ** BigInt(scale);
  const t = n / d; // truncates toward zero
  if (n % d === 0n) return Number(t);
  if (n > 0n) return Number(t + 1n);
  if (!q.infDec) return Number(t - 1n);
  // inf.Dec values have 9 fraction digits; scaledValue's int64 branch (dif < 19) does trunc + 1,
  // its big.Int branch (Euclidean DivMod, then + 1) lands on the ceiling.
  return Number(9 + scale < 19 ? t + 1n : t);
}

/**
 * The quantity rounded to a multiple of 10^scale, away from zero, and whether nothing was lost
 * (both of upstream's representations round away from zero here).
 * mirrors apimachinery pkg/api/resource/quantity.go RoundUp.
 */
export function quantityRoundUp(q: Quantity, scale: number): { quantity: Quantity; exact: boolean } {
  const unit = 10n ** BigInt(Math.abs(scale));
  // value / 10^scale = n / d
  const n = scale >= 0 ? q.num : q.num * unit;
  const d = scale >= 0 ? q.den * unit : q.den;
  if (n % d === 0n) return { quantity: q, exact: true };
  const rounded = n / d + (n > 0n ? 1n : -1n);
  const scaled = scale >= 0 ? { num: rounded * unit, den: 1n } : normalize(rounded, unit);
  return { quantity: { ...q, num: scaled.num, den: scaled.den }, exact: false };
}

/** Value(): the quantity rounded up to an integer (upstream Quantity.Value). */
export function quantityValue(q: Quantity): number {
  return quantityScaledValue(q, 0);
}

/** MilliValue(): value × 1000 rounded up (upstream Quantity.MilliValue). */
export function quantityMilliValue(q: Quantity): number {
  return quantityScaledValue(q, -3);
}

/** Compares two quantities by numeric value: -1, 0 or 1 (upstream Quantity.Cmp). */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** -1, 0 or 1 as the quantity is negative, zero or positive (upstream Quantity.Sign). */
export function quantitySign(q: Quantity): -1 | 0 | 1 {
  return q.num < 0n ? -1 : q.num > 0n ? 1 : 0;
}

/**
 * The canonical string of a quantity: no fraction digits, the largest exponent that loses
 * nothing, the same suffix family as parsed (BinarySI falls back to DecimalSI for values
 * below 1024 in magnitude or with a fraction). E.g. `1024Mi`→`1Gi`, `1000m`→`1`, `0.5`→`500m`,
 * `1.5Gi`→`1536Mi`.
 * mirrors apimachinery pkg/api/resource/quantity.go CanonicalizeBytes (amount.go
 * AsCanonicalBytes / AsCanonicalBase1024Bytes). Upstream's String() of a freshly parsed value
 * returns the input verbatim when its fast path judged it canonical (so "+1", "1E3" or
 * "1.050" print as written); this function always gives the canonical form, as String() does
 * for any computed quantity.
 */
export function formatQuantity(q: Quantity): string {
  if (q.num === 0n) return '0';
  let format = q.format;
  const negative = q.num < 0n;
  const abs = negative ? -q.num : q.num;
  const sign = negative ? '-' : '';
  if (format === 'BinarySI') {
    if (abs < 1024n * q.den || abs % q.den !== 0n) {
      format = 'DecimalSI';
    } else {
      let mantissa = abs / q.den;
      let exponent = 0;
      while (mantissa >= 1024n && mantissa % 1024n === 0n) {
        mantissa /= 1024n;
        exponent++;
      }
      if (exponent < BINARY_SUFFIX_BY_EXPONENT.length) return `${sign}${mantissa}${BINARY_SUFFIX_BY_EXPONENT[exponent]}`;
      // Past Ei there is no binary suffix (unreachable from a parse, which caps at 2^63-1).
      format = 'DecimalExponent';
    }
  }
  let mantissa = abs;
  let exponent = 1 - q.den.toString().length; // den = 10^(len-1)
  while (mantissa >= 10n && mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  const shift = ((exponent % 3) + 3) % 3;
  if (shift !== 0) {
    mantissa *= 10n ** BigInt(shift);
    exponent -= shift;
  }
  if (format === 'DecimalSI') {
    const suffix = DECIMAL_SUFFIX_BY_EXPONENT.get(exponent);
    if (suffix !== undefined) return `${sign}${mantissa}${suffix}`;
    // No SI suffix beyond E or below n: exponent form keeps the magnitude (see module comment).
  }
  return exponent === 0 ? `${sign}${mantissa}` : `${sign}${mantissa}e${exponent}`;
}

/** Bounded memos, as manifests repeat the same few quantity strings thousands of times. */
const CACHE_LIMIT = 4096;
const QUANTITY_CACHE = new Map<string | number, Quantity>();
const MILLI_CACHE = new Map<string | number, number>();
const VALUE_CACHE = new Map<string | number, number>();

/** `compute(key)`, remembered in `cache` (cleared when full). A throw is not remembered. */
function cached<T>(cache: Map<string | number, T>, key: string | number, compute: (key: string | number) => T): T {
  let v = cache.get(key);
  if (v === undefined) {
    v = compute(key);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, v);
  }
  return v;
}

/**
 * parseQuantity, remembering what each written value parsed to (parsing one is BigInt
 * arithmetic). The quantities handed out are shared, so they are frozen; invalid values throw
 * every time.
 */
export function parseQuantityShared(input: string | number): Quantity {
  return cached(QUANTITY_CACHE, input, (k) => Object.freeze(parseQuantity(k)));
}

/** Parses and returns MilliValue (how the scheduler reads CPU). */
export function milliValueOf(input: string | number): number {
  return cached(MILLI_CACHE, input, (k) => quantityMilliValue(parseQuantity(k)));
}

/** Parses and returns Value (how the scheduler reads memory, storage, pods and extended resources). */
export function valueOf(input: string | number): number {
  return cached(VALUE_CACHE, input, (k) => quantityValue(parseQuantity(k)));
}
