/**
 * result.json and events.jsonl are written streamed (src/report/outputs.ts writeJson): the same
 * bytes as JSON.stringify(value, null, 2), for large arrays and objects written entry by entry as
 * for small ones written whole.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeJson } from '../../src/report/outputs.ts';

function streamed(v: unknown): string | undefined {
  const parts: string[] = [];
  return writeJson({ write: (t) => void parts.push(t) }, v, '') ? parts.join('') : undefined;
}

const leaf = fc.oneof(fc.integer(), fc.double(), fc.string(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(Number.NaN), fc.date({ noInvalidDate: true }));
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, leaf, tie('arr'), tie('obj'), tie('big')),
  arr: fc.array(tie('v'), { maxLength: 4 }),
  obj: fc.dictionary(fc.string({ maxLength: 4 }), tie('v'), { maxKeys: 4 }),
  // over the streaming threshold (256 entries)
  big: fc.oneof(
    fc.array(fc.oneof(leaf, fc.array(fc.integer(), { maxLength: 3 })), { minLength: 257, maxLength: 300 }),
    fc.tuple(fc.dictionary(fc.string({ maxLength: 4 }), tie('v'), { maxKeys: 3 }), fc.array(fc.integer(), { minLength: 257, maxLength: 260 })).map(([o, a]) => ({ ...o, series: { t: a, v: a.map((x) => x * 2) }, gone: undefined })),
  ),
}));

describe('streamed JSON', () => {
  it('writes what JSON.stringify(value, null, 2) writes', () => {
    fc.assert(
      fc.property(value.v, (v) => {
        expect(streamed(v)).toBe(JSON.stringify(v, null, 2));
      }),
      { numRuns: 300 },
    );
  });

  it('an object whose properties are all left out is {}', () => {
    const big = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, undefined]));
    expect(streamed(big)).toBe('{}');
    expect(streamed({ a: big, b: [undefined, () => 1] })).toBe(JSON.stringify({ a: big, b: [undefined, () => 1] }, null, 2));
  });
});
