/**
 * The autoscaler's what-if simulations run on the live cluster through a journal: a loop that
 * decides nothing must leave every node exactly as it found it — pods in the same order, the same
 * aggregates, the same pending pods — or later scheduling decisions would depend on whether the
 * autoscaler ran.
 */
import { describe, expect, it } from 'vitest';
import { buildSimulation } from '../../src/engine/simulation.ts';
import { loadScenario } from '../../src/scenario/load.ts';

describe('ClusterSnapshot revert', () => {
  for (const f of ['autoscaler-batch-burst', 'autoscaler-scale-down-blocked']) {
    it(`${f}: loops without actions leave the cluster byte-for-byte as before`, async () => {
      const sc = loadScenario(`scenarios/${f}.yaml`);
      const sim = await buildSimulation(sc);
      const ca = sim.clusterAutoscaler!;
      const c = sim.engine.cluster;
      const state = (): string =>
        [...c.nodes.values()]
          .map((n) => `${n.name}:${n.pods.map((p) => p.key).join(',')}|${n.podsWithAffinity.map((p) => p.key).join(',')}|${n.usedPorts.length}|${n.requested.milliCPU}|${n.requested.memory}|${n.nonZeroMilliCPU}`)
          .join(';') + `#${[...c.pods.keys()].join(',')}#${[...c.pendingPods.keys()].join(',')}#${c.nodeList().map((n) => n.name).join(',')}`;
      const sync = ca.sync.bind(ca);
      let quiet = 0;
      let checked = 0;
      ca.sync = () => {
        const before = state();
        const deleting = ca.autoscaler.actuator.deletionsInProgress().size;
        const ups = ca.autoscaler.scaleUps;
        sync();
        if (ca.autoscaler.actuator.deletionsInProgress().size !== deleting || ca.autoscaler.scaleUps !== ups) return;
        checked++;
        if (state() === before) quiet++;
      };
      sim.engine.run(sc.duration);
      expect(checked).toBeGreaterThan(100);
      expect(quiet).toBe(checked);
      expect(ca.autoscaler.snapshot.depth).toBe(0);
    });
  }
});
