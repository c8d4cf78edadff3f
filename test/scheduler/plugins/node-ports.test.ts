/** NodePorts, ported from upstream nodeports/node_ports_test.go (TestNodePorts, TestPreFilterDisabled). */
import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../../src/model/pod-info.ts';
import type { ContainerPort, Pod } from '../../../src/model/types.ts';
import { runFilterPlugin } from '../../../src/scheduler/framework/run-plugin.ts';
import { CycleState } from '../../../src/scheduler/framework/types.ts';
import { ERR_REASON, newNodePorts } from '../../../src/scheduler/plugins/node-ports.ts';
import { makeCluster, makeNode, makePod } from '../../helpers/cluster.ts';

let seq = 0;
/** node_ports_test.go newPod(host, "PROTO/IP/PORT"...): one container with those host ports. */
function portPod(...infos: string[]): Pod {
  const ports: ContainerPort[] = infos.map((s) => {
    const [protocol, hostIP, port] = s.split('/');
    return { containerPort: Number(port), hostPort: Number(port), hostIP, protocol };
  });
  return makePod(`p${seq++}`, [], { spec: { containers: [{ name: 'container', image: 'pause', ports }] } });
}

function filter(pod: Pod, existing: Pod[]) {
  const cluster = makeCluster(
    [makeNode('m1')],
    existing.map((p) => ({ ...p, spec: { ...p.spec, nodeName: 'm1' } })),
  );
  return runFilterPlugin(newNodePorts(undefined, { cluster }), cluster, newPodInfo(pod));
}

const conflict = { code: 'Unschedulable', reasons: [ERR_REASON] };

describe('node_ports_test.go TestNodePorts', () => {
  it('"skip filter"', () => {
    const run = filter(makePod('empty'), []);
    expect(run.preFilter?.code).toBe('Skip');
    expect(run.statuses).toEqual([null]);
  });
  const cases: { name: string; pod: string[]; existing: string[]; conflict: boolean }[] = [
    { name: 'other port', pod: ['UDP/127.0.0.1/8080'], existing: ['UDP/127.0.0.1/9090'], conflict: false },
    { name: 'same udp port', pod: ['UDP/127.0.0.1/8080'], existing: ['UDP/127.0.0.1/8080'], conflict: true },
    { name: 'same tcp port', pod: ['TCP/127.0.0.1/8080'], existing: ['TCP/127.0.0.1/8080'], conflict: true },
    { name: 'different host ip', pod: ['TCP/127.0.0.1/8080'], existing: ['TCP/127.0.0.2/8080'], conflict: false },
    { name: 'different protocol', pod: ['UDP/127.0.0.1/8080'], existing: ['TCP/127.0.0.1/8080'], conflict: false },
    { name: 'second udp port conflict', pod: ['UDP/127.0.0.1/8000', 'UDP/127.0.0.1/8080'], existing: ['UDP/127.0.0.1/8080'], conflict: true },
    { name: 'first tcp port conflict', pod: ['TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8080'], existing: ['TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8081'], conflict: true },
    { name: 'first tcp port conflict due to 0.0.0.0 hostIP', pod: ['TCP/0.0.0.0/8001'], existing: ['TCP/127.0.0.1/8001'], conflict: true },
    { name: 'TCP hostPort conflict due to 0.0.0.0 hostIP', pod: ['TCP/10.0.10.10/8001', 'TCP/0.0.0.0/8001'], existing: ['TCP/127.0.0.1/8001'], conflict: true },
    { name: 'second tcp port conflict to 0.0.0.0 hostIP', pod: ['TCP/127.0.0.1/8001'], existing: ['TCP/0.0.0.0/8001'], conflict: true },
    { name: 'second different protocol', pod: ['UDP/127.0.0.1/8001'], existing: ['TCP/0.0.0.0/8001'], conflict: false },
    { name: 'UDP hostPort conflict due to 0.0.0.0 hostIP', pod: ['UDP/127.0.0.1/8001'], existing: ['TCP/0.0.0.0/8001', 'UDP/0.0.0.0/8001'], conflict: true },
  ];
  for (const tc of cases) {
    it(`"${tc.name}"`, () => {
      const run = filter(portPod(...tc.pod), [portPod(...tc.existing)]);
      expect(run.preFilter).toBeNull();
      expect(run.statuses[0]).toEqual(tc.conflict ? conflict : null);
    });
  }
});

describe('node_ports_test.go TestPreFilterDisabled', () => {
  it('Filter without PreFilter state is an Error', () => {
    const cluster = makeCluster([makeNode('m1')]);
    const st = newNodePorts(undefined, { cluster }).filter!(new CycleState(), newPodInfo(makePod('p')), cluster.nodes.get('m1')!);
    expect(st?.code).toBe('Error');
  });
});

describe('NodePorts defaults and sidecars', () => {
  it('empty hostIP means 0.0.0.0 and empty protocol means TCP', () => {
    const pod = makePod('p', [], { spec: { containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 80 }] }] } });
    expect(filter(pod, [portPod('TCP/10.1.1.1/80')]).statuses[0]).toEqual(conflict);
    expect(filter(pod, [portPod('UDP/10.1.1.1/80')]).statuses[0]).toBeNull();
  });
  it('ports of sidecar (restartable) init containers count, regular init containers do not', () => {
    const withInit = (restartPolicy?: string): Pod =>
      makePod('p', [], {
        spec: { containers: [{ name: 'c' }], initContainers: [{ name: 'i', restartPolicy, ports: [{ containerPort: 81, hostPort: 81 }] }] },
      });
    expect(filter(withInit('Always'), [portPod('TCP/0.0.0.0/81')]).statuses[0]).toEqual(conflict);
    expect(filter(withInit(), [portPod('TCP/0.0.0.0/81')]).preFilter?.code).toBe('Skip');
  });
});
