/**
 * The simulated cloud under the autoscaler: instances that never register time out after
 * max-node-provision-time (backoff, the expander moves on, the instances are deleted), and spot
 * reclaims drain and remove nodes, after which the autoscaler replaces the capacity.
 */
import { describe, expect, it } from 'vitest';
import { autoscaler, runScenario } from '../../src/index.ts';

const { autoscalerScenario } = autoscaler.arbitraries;

function group(name: string, cpu: number, extra: Partial<autoscaler.NodeGroupConfig> = {}): autoscaler.NodeGroupConfig {
  const res = { cpu: String(cpu), memory: '32Gi', pods: '110' };
  return {
    name,
    minSize: 0,
    maxSize: 10,
    initialSize: 0,
    zones: [],
    template: { apiVersion: 'v1', kind: 'Node', metadata: { labels: {} }, spec: {}, status: { allocatable: res, capacity: res } },
    price: 0.1,
    provisioning: { delay: { type: 'fixed', value: 60 }, readyAfter: 10, failureProbability: 0, failureMode: 'error', outOfCapacity: [] },
    ...extra,
  };
}

describe('provisioning failures and spot reclaims', () => {
  it('a group whose instances never register times out, backs off, and the next group takes over', async () => {
    const bad = group('a-small', 4, { provisioning: { delay: { type: 'fixed', value: 60 }, readyAfter: 10, failureProbability: 1, failureMode: 'timeout', outOfCapacity: [] } });
    const good = group('b-large', 16);
    const r = await runScenario(autoscalerScenario({ nodeGroups: [bad, good], replicas: 4, cpu: 900, memMi: 256, duration: 3600 }));
    const ev = r.engine.events;
    const firstUp = ev.find((e) => e.kind === 'ScaledUpGroup');
    // least-waste prefers the 4-CPU group for 4 × 900m
    expect(firstUp?.object).toBe('NodeGroup a-small');
    const timeout = ev.find((e) => e.kind === 'FailedToScaleUpGroup');
    expect(timeout?.object).toBe('NodeGroup a-small');
    expect(String(timeout?.message)).toMatch(/timed out for node group a-small after 15m/);
    // max-node-provision-time is 15 minutes after the request
    expect(timeout!.t - firstUp!.t).toBeGreaterThan(900);
    expect(timeout!.t - firstUp!.t).toBeLessThanOrEqual(920);
    // the next loop scales up the other group; the pods run there
    const second = ev.find((e) => e.kind === 'ScaledUpGroup' && e.t >= timeout!.t);
    expect(second?.object).toBe('NodeGroup b-large');
    expect(r.recorder.valueAt('pendingPods', 3600)).toBe(0);
    // the instances that never came are deleted
    expect(ev.some((e) => e.kind === 'DeleteUnregistered')).toBe(true);
    expect(r.clusterAutoscaler!.autoscaler.cloud.targetSize('a-small')).toBe(0);
    // billing stopped for the instances that never came: only b-large's node is still charged
    expect([...r.clusterAutoscaler!.totals.live.keys()]).toEqual(['b-large-0']);
  });

  it('spot reclaims drain and remove nodes; the autoscaler brings capacity back', async () => {
    const spot = group('spot', 4, { minSize: 0, initialSize: 2, spot: { interruptionsPerHour: 3, notice: 120 } });
    const r = await runScenario(autoscalerScenario({ nodeGroups: [spot], replicas: 6, cpu: 1000, memMi: 256, duration: 3 * 3600, seed: 4 }));
    const ev = r.engine.events;
    const reclaims = ev.filter((e) => e.kind === 'SpotInterruption');
    expect(reclaims.length).toBeGreaterThan(0);
    // every reclaimed node is gone within its notice
    for (const e of reclaims) {
      const name = e.object.replace('Node ', '');
      expect(r.engine.cluster.nodes.has(name) && r.engine.now - e.t > 125).toBe(false);
    }
    // capacity came back: scale-ups after the first reclaim, and the pods run at the end
    expect(ev.some((e) => e.kind === 'ScaledUpGroup' && e.t > reclaims[0].t)).toBe(true);
    expect(r.clusterAutoscaler!.totals.spotInterruptions).toBe(reclaims.length);
  });
});
