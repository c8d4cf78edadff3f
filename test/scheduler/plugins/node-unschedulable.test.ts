/** NodeUnschedulable, ported from upstream nodeunschedulable/node_unschedulable_test.go (TestNodeUnschedulable). */
import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../../src/model/pod-info.ts';
import type { Node, Pod } from '../../../src/model/types.ts';
import { runFilterPlugin } from '../../../src/scheduler/framework/run-plugin.ts';
import { ERR_REASON_UNSCHEDULABLE, newNodeUnschedulable } from '../../../src/scheduler/plugins/node-unschedulable.ts';
import { makeCluster, makeNode, makePod } from '../../helpers/cluster.ts';

describe('node_unschedulable_test.go TestNodeUnschedulable', () => {
  const cases: { name: string; pod: Pod; node: Node; want: boolean }[] = [
    {
      name: 'Does not schedule pod to unschedulable node (node.Spec.Unschedulable==true)',
      pod: makePod('p'),
      node: makeNode('n', {}, { spec: { unschedulable: true } }),
      want: false,
    },
    { name: 'Schedule pod to normal node', pod: makePod('p'), node: makeNode('n', {}, { spec: { unschedulable: false } }), want: true },
    {
      name: 'Schedule pod with toleration to unschedulable node (node.Spec.Unschedulable==true)',
      pod: makePod('p', [], { spec: { containers: [], tolerations: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] } }),
      node: makeNode('n', {}, { spec: { unschedulable: true } }),
      want: true,
    },
  ];
  for (const tc of cases) {
    it(`"${tc.name}"`, () => {
      const cluster = makeCluster([tc.node]);
      const st = runFilterPlugin(newNodeUnschedulable(undefined, { cluster }), cluster, newPodInfo(tc.pod)).statuses[0];
      expect(st).toEqual(tc.want ? null : { code: 'UnschedulableAndUnresolvable', reasons: [ERR_REASON_UNSCHEDULABLE] });
    });
  }
  it('reason string is upstream ErrReasonUnschedulable', () => expect(ERR_REASON_UNSCHEDULABLE).toBe('node(s) were unschedulable'));
});
