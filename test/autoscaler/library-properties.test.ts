/**
 * Properties of the whole autoscaler loop through the library API (in-memory scenarios from the
 * arbitraries): sizes within [minSize, maxSize], scale-ups within max-nodes-total, a pending pod
 * that fits a template triggers a scale-up unless every fitting group is backed off or at its
 * maximum, drained nodes' pods find room without a new scale-up, and the same seed gives the same
 * run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autoscaler, runScenario } from '../../src/index.ts';

const { autoscalerScenario, autoscalerScenarioInput } = autoscaler.arbitraries;

function fitsTemplate(g: autoscaler.NodeGroupConfig, cpu: number, memMi: number): boolean {
  const a = g.template.status!.allocatable!;
  return Number(a.cpu) * 1000 >= cpu && Number(String(a.memory).replace('Gi', '')) * 1024 >= memMi;
}

describe('autoscaler loop properties (library API)', () => {
  it('holds its invariants over random node groups and workloads', async () => {
    const seen = { scaleUps: 0, drains: 0, empties: 0 };
    await fc.assert(
      fc.asyncProperty(autoscalerScenarioInput(), async (input) => {
        const sc = autoscalerScenario({ ...input, duration: 2700 });
        const r = await runScenario(sc);
        const a = r.clusterAutoscaler!.autoscaler;
        const maxTotal = input.options?.maxNodesTotal ?? 0;
        const initialTotal = input.nodeGroups.reduce((s, g) => s + g.initialSize, 0);
        for (const l of a.loops) {
          let total = 0;
          for (const g of l.nodeGroups) {
            const cfg = input.nodeGroups.find((x) => x.name === g.name)!;
            expect(g.target).toBeLessThanOrEqual(cfg.maxSize);
            expect(g.target).toBeGreaterThanOrEqual(cfg.minSize);
            total += g.target;
          }
          if (maxTotal > 0 && l.scaleUp.result === 'ScaleUpSuccessful') expect(total).toBeLessThanOrEqual(Math.max(maxTotal, initialTotal));
          // a pod fitting some template: no options only when every fitting group is skipped or full
          if (maxTotal === 0 && l.scaleUp.result === 'ScaleUpNoOptionsAvailable' && l.scaleUp.podsRemaining.length > 0) {
            for (const g of input.nodeGroups) {
              if (!fitsTemplate(g, input.cpu, input.memMi)) continue;
              const c = l.scaleUp.considered.find((x) => x.group === g.name)!;
              expect(c.skipped ?? (c.nodeCount === 0 ? 'no node' : undefined)).toBeDefined();
            }
          }
        }
        // drained nodes: their pods found room (no scale-up triggered by them within two loops)
        for (const e of r.engine.events) {
          if (e.kind !== 'ScaleDown' || !String(e.message ?? '').startsWith('Scale-down: removing node')) continue;
          // the evicted pods are recreated and placed on the remaining nodes: nothing needs new capacity
          const after = r.engine.events.filter((x) => x.kind === 'TriggeredScaleUp' && x.t > e.t && x.t <= e.t + 3 * sc.controllers.clusterAutoscaler!.scanInterval);
          expect(after).toEqual([]);
        }
        seen.scaleUps += a.scaleUps;
        seen.drains += a.actuator.deletedDrained;
        seen.empties += a.actuator.deletedEmpty;
        // same seed, same run
        const again = await runScenario(autoscalerScenario({ ...input, duration: 2700 }));
        expect(again.engine.events).toEqual(r.engine.events);
      }),
      { numRuns: 25, seed: 7 },
    );
    // the properties were exercised: scale-ups, drains and empty-node deletions all happened
    expect(seen.scaleUps).toBeGreaterThan(0);
    expect(seen.drains).toBeGreaterThan(0);
    expect(seen.empties).toBeGreaterThan(0);
  });
});
