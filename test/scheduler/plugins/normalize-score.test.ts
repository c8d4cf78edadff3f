/**
 * DefaultNormalizeScore: upstream's table (pkg/scheduler/framework/plugins/helper/
 * normalize_score_test.go TestDefaultNormalizeScore), for the plain normalisation and for the
 * framework's fused one (normalised as the kept raw scores are added up).
 */
import { describe, expect, it } from 'vitest';
import { addDefaultNormalized, defaultNormalizeScore } from '../../../src/scheduler/plugins/helper.ts';

const CASES: { reverse?: boolean; scores: number[]; expected: number[] }[] = [
  { scores: [1, 2, 3, 4], expected: [25, 50, 75, 100] },
  { reverse: true, scores: [1, 2, 3, 4], expected: [75, 50, 25, 0] },
  { scores: [1000, 10, 20, 30], expected: [100, 1, 2, 3] },
  { reverse: true, scores: [1000, 10, 20, 30], expected: [0, 99, 98, 97] },
  { scores: [1, 1, 1, 1], expected: [100, 100, 100, 100] },
  { scores: [1000, 1, 1, 1], expected: [100, 0, 0, 0] },
  { reverse: true, scores: [0, 1, 1, 1], expected: [100, 0, 0, 0] },
];

describe('DefaultNormalizeScore (normalize_score_test.go TestDefaultNormalizeScore)', () => {
  CASES.forEach((c, i) => {
    it(`case_${i}: ${c.reverse ? 'reverse ' : ''}[${c.scores.join(', ')}] → [${c.expected.join(', ')}]`, () => {
      const scores = [...c.scores];
      defaultNormalizeScore(100, c.reverse ?? false, scores);
      expect(scores).toEqual(c.expected);
      // fused: raw scores kept by row (here in reverse row order), weight 2, added to totals of 1
      const n = c.scores.length;
      const raw = new Float64Array(c.scores.slice().reverse());
      const rows = c.scores.map((_, k) => n - 1 - k);
      const totals = new Float64Array(n).fill(1);
      expect(addDefaultNormalized(raw, rows, n, 100, c.reverse ?? false, 2, totals)).toBeNull();
      expect([...totals]).toEqual(c.expected.map((e) => 1 + 2 * e));
    });
  });
});
