/**
 * The scheduling queue keeps its record of a pod on the PodInfo (PodInfo.queued) instead of in a
 * map of every queued pod; a pod whose slot is taken (held by another queue, or a copy of a
 * PodInfo carrying its original's slot) is kept in a map instead. Each queue sees exactly its own
 * records, whatever the mix (fast-check against a plain map per queue).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newPodInfo, type PodInfo } from '../../src/model/pod-info.ts';
import { SchedulingQueue } from '../../src/scheduler/queue.ts';
import { makePod } from '../helpers/cluster.ts';

const queue = (): SchedulingQueue => new SchedulingQueue({ profiles: new Map([['default-scheduler', []]]), termMatches: () => false });

type Op = { kind: 'add' | 'delete' | 'popDone'; q: number; pod: number };

describe('SchedulingQueue records on PodInfo', () => {
  it('two queues and copied PodInfos: each queue holds and pops exactly its own pods', () => {
    const op = fc.record({ kind: fc.constantFrom<Op['kind']>('add', 'add', 'delete', 'popDone'), q: fc.integer({ min: 0, max: 1 }), pod: fc.integer({ min: 0, max: 5 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const base = [0, 1, 2].map((i) => newPodInfo(makePod(`p${i}`)));
        // copies made while the originals may be queued carry their slot
        const pods: PodInfo[] = [...base, ...base.map((p) => ({ ...p }))];
        const qs = [queue(), queue()];
        const held = [new Set<PodInfo>(), new Set<PodInfo>()];
        for (const o of ops) {
          const q = qs[o.q];
          const p = pods[o.pod];
          if (o.kind === 'add') {
            q.add(p, 0);
            held[o.q].add(p);
          } else if (o.kind === 'delete') {
            q.delete(p);
            held[o.q].delete(p);
          } else {
            const x = q.pop();
            if (x === undefined) expect(q.activeLength).toBe(0);
            else {
              expect(held[o.q].has(x.pod)).toBe(true);
              q.done(x);
              held[o.q].delete(x.pod);
            }
          }
          for (const [i, qq] of qs.entries()) {
            for (const pp of pods) {
              const r = qq.get(pp);
              expect(r !== undefined).toBe(held[i].has(pp));
              if (r !== undefined) expect(r.pod).toBe(pp);
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a pod the queue is done with keeps no record', () => {
    const q = queue();
    const p = newPodInfo(makePod('a'));
    q.add(p, 0);
    expect(p.queued).toBe(q.get(p));
    q.done(q.pop()!);
    expect(p.queued).toBeNull();
    expect(q.get(p)).toBeUndefined();
  });
});
