/**
 * Decision equivalence: the scheduler's hot-path optimisations must not change a single decision.
 *
 * test/fixtures/scheduler/equivalence.json holds, per case of bench/equivalence-cases.ts, every
 * scheduler event in order (`S pod node feasible/evaluated`, `F pod [plugins] message`,
 * `P pod node victims`). It was recorded with
 *
 *   node bin/run-ts.mjs bench/equivalence-cases.ts --write
 *
 * from the unoptimised scheduler (the commit named in the fixture), before the per-node tables,
 * per-cycle precomputation and incremental counts were introduced. The cases are seeded synthetic
 * clusters (bench/synthetic.ts) with ReplicaSets and Services (system default spreading), pod
 * (anti-)affinity, explicit spread constraints, node selectors/affinity, taints and tolerations,
 * images and priorities; adaptive, 40% and 100% percentageOfNodesToScore; and overcommitted
 * clusters fed in waves so preemption and nominated pods run.
 *
 * It was re-recorded the same way, from an exported tree of a594c7a (before any optimisation),
 * after 49876f9 (DefaultPreemption fidelity fixes) deliberately changed preemption decisions, and
 * again from that same tree with the current bench/synthetic.ts and bench/equivalence-cases.ts
 * copied in when the generator changed:
 *
 *   git archive <commit> | tar -x -C /tmp/tree && cd /tmp/tree && ln -s <repo>/node_modules &&
 *   EQUIVALENCE_COMMIT=<commit> node bin/run-ts.mjs bench/equivalence-cases.ts --write
 *
 * When FailedScheduling began to carry DefaultPreemption's PostFilter message and to follow the
 * `Preempted` event (as upstream's schedulingCycle runs PostFilter before handleSchedulingFailure),
 * the event strings were re-recorded from the working tree of that change, after checking that with
 * the ` preemption: ...` suffix removed and each P/F pair put back in the old order they equal the
 * a594c7a recording event for event (no decision changed; the `commit` field stays a594c7a).
 *
 * Re-recorded from the working tree (issue 14, point 5) when the filter window began to count its
 * tail as upstream's findNodesThatPassFilters does run sequentially: the search stops only at a
 * feasible node one more than numFeasibleNodesToFind, the infeasible nodes met before it count in
 * EvaluatedNodes and move nextStartNodeIndex (kubesim used to stop at the N-th feasible node), and
 * nextStartNodeIndex wraps over all nodes with a PreFilter restriction's outside nodes not counted.
 * Only the windowed cases changed (mixed-150-adaptive, mixed-300-pct-40: the first differing event
 * is an S with one more evaluated node, later pods see other windows); the cases that examine
 * every node are event-for-event the same. test/scheduler/window-tail.test.ts checks the window
 * against a naive sequential reference of upstream's checkNode.
 *
 * Re-recorded again from the working tree (issue 14, point 4) when the scheduling queue took
 * v1.35's semantics: PrioritySort orders by the queue timestamp, refreshed when a pod comes back
 * after a failure (a retried pod goes behind pods queued before its failure); unschedulable pods
 * move only on the cluster events their rejecting plugins' queueing hints accept (a binding is
 * AssignedPodAdd for pods with PodTopologySpread rejections or matching pod affinity only, a
 * victim's deletion is AssignedPodDelete); a preemptor sees its victims' deletion while in flight
 * and goes to backoffQ, popped only when activeQ is empty (SchedulerPopFromBackoffQ), so the rest
 * of activeQ is scheduled first. The single-wave cases place every pod on the same node as before
 * (mixed-60-all-nodes has 15 more failed retries of pods rejected by PodTopologySpread, retried
 * on bindings in their namespace); the wave cases differ from their first retried pod on.
 *
 * If a deliberate fidelity fix changes decisions, re-record and say why in the commit.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { caseEvents, EQUIVALENCE_CASES, type EquivalenceFixture } from '../../bench/equivalence-cases.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/scheduler/equivalence.json', import.meta.url), 'utf8')) as EquivalenceFixture;

describe('scheduler decisions equal the unoptimised recording', () => {
  it('the fixture covers every case, with placements, failures and preemptions', () => {
    expect(Object.keys(fixture.cases).sort()).toEqual(EQUIVALENCE_CASES.map((c) => c.name).sort());
    const all = Object.values(fixture.cases).flat();
    expect(all.filter((e) => e.startsWith('S ')).length).toBeGreaterThan(3000);
    expect(all.filter((e) => e.startsWith('F ')).length).toBeGreaterThan(100);
    expect(all.filter((e) => e.startsWith('P ')).length).toBeGreaterThan(40);
  });

  for (const c of EQUIVALENCE_CASES) {
    it(`${c.name}: every event, in order`, async () => {
      const events = await caseEvents(c);
      const want = fixture.cases[c.name];
      // First difference, for a readable failure.
      let i = 0;
      while (i < want.length && i < events.length && events[i] === want[i]) i++;
      expect({ index: i, got: events[i], want: want[i] }).toEqual({ index: i, got: want[i], want: want[i] });
      expect(events.length).toBe(want.length);
    });
  }
});
