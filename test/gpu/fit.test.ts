/** gpuFitsDefault (the Open-Gpu-Share filter's test) agrees with allocateGpuIdDefault on every input. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateGpuIdDefault, gpuFitsDefault } from '../../src/model/gpu.ts';

describe('gpuFitsDefault', () => {
  it('is allocateGpuIdDefault(...) !== null', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 8 }), fc.integer({ min: -1, max: 1000 }), fc.integer({ min: -1, max: 9 }), (left, milli, count) => {
        expect(gpuFitsDefault(left, milli, count)).toBe(allocateGpuIdDefault(left, milli, count) !== null);
      }),
      { numRuns: 3000, seed: 10 },
    );
  });
  it('hand cases', () => {
    expect(gpuFitsDefault([300, 1000], 500, 1)).toBe(true);
    expect(gpuFitsDefault([300, 400], 500, 1)).toBe(false);
    expect(gpuFitsDefault([1000, 1000], 1000, 2)).toBe(true);
    expect(gpuFitsDefault([1000, 900], 1000, 2)).toBe(false);
    expect(gpuFitsDefault([1000, 0], 500, 2)).toBe(true); // two halves on one device, as the greedy allocation packs them
  });
});
