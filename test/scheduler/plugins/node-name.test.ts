/** NodeName, ported from upstream nodename/node_name_test.go (TestNodeName). */
import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../../src/model/pod-info.ts';
import { runFilterPlugin } from '../../../src/scheduler/framework/run-plugin.ts';
import { ERR_REASON, newNodeName } from '../../../src/scheduler/plugins/node-name.ts';
import { makeCluster, makeNode, makePod } from '../../helpers/cluster.ts';

describe('node_name_test.go TestNodeName', () => {
  const cases: { name: string; podNodeName?: string; node: string; want: boolean }[] = [
    { name: 'no host specified', node: '', want: true },
    { name: 'host matches', podNodeName: 'foo', node: 'foo', want: true },
    { name: "host doesn't match", podNodeName: 'bar', node: 'foo', want: false },
  ];
  for (const tc of cases) {
    it(`"${tc.name}"`, () => {
      const cluster = makeCluster([makeNode(tc.node)]);
      // The pod is judged, not bound: build its PodInfo outside the cluster.
      const pod = newPodInfo(makePod('p', [], { spec: { containers: [], ...(tc.podNodeName ? { nodeName: tc.podNodeName } : {}) } }));
      const st = runFilterPlugin(newNodeName(undefined, { cluster }), cluster, pod).statuses[0];
      expect(st).toEqual(tc.want ? null : { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON] });
    });
  }
  it('reason string is upstream ErrReason', () => expect(ERR_REASON).toBe("node(s) didn't match the requested node name"));
});
