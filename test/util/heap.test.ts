/**
 * Heap (a binary heap plus a sorted run of in-order pushes) pops exactly what a sorted list
 * would, after any sequence of pushes, pops, peeks and removals, for a strict total order
 * (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Heap } from '../../src/util/heap.ts';

interface Item {
  key: number;
  seq: number;
}

const less = (a: Item, b: Item): boolean => a.key < b.key || (a.key === b.key && a.seq < b.seq);

type Op = { kind: 'push'; key: number } | { kind: 'pop' } | { kind: 'remove'; mod: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.integer({ min: 0, max: 20 }).map((key) => ({ kind: 'push' as const, key })) },
  // runs of increasing keys, as pods queued by arrival and timers set in time order come
  { weight: 3, arbitrary: fc.constant({ kind: 'push' as const, key: -1 }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'pop' as const }) },
  { weight: 1, arbitrary: fc.integer({ min: 2, max: 5 }).map((mod) => ({ kind: 'remove' as const, mod })) },
);

describe('Heap', () => {
  it('pops, peeks and counts as a sorted list does', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const h = new Heap<Item>(less);
        let ref: Item[] = [];
        let seq = 0;
        let lastKey = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            const key = o.key < 0 ? lastKey + 1 : o.key;
            lastKey = key;
            const x = { key, seq: seq++ };
            h.push(x);
            ref.push(x);
            ref.sort((a, b) => (less(a, b) ? -1 : 1));
          } else if (o.kind === 'pop') {
            expect(h.pop()).toBe(ref.shift());
          } else {
            const drop = (x: Item): boolean => x.seq % o.mod === 0;
            const removed = ref.filter(drop).length;
            ref = ref.filter((x) => !drop(x));
            expect(h.removeWhere(drop)).toBe(removed);
          }
          expect(h.size).toBe(ref.length);
          expect(h.peek()).toBe(ref[0]);
        }
        while (ref.length > 0) expect(h.pop()).toBe(ref.shift());
        expect(h.pop()).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a long in-order run cheap and exact when out-of-order items interleave', () => {
    const h = new Heap<Item>(less);
    const ref: Item[] = [];
    for (let i = 0; i < 5000; i++) {
      const x = { key: i % 7 === 0 ? i - 3 : i, seq: i };
      h.push(x);
      ref.push(x);
    }
    ref.sort((a, b) => (less(a, b) ? -1 : 1));
    const got: Item[] = [];
    for (let x = h.pop(); x !== undefined; x = h.pop()) got.push(x);
    expect(got).toEqual(ref);
  });
});
