import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../../../src/model/cluster.ts';
import { newPodInfo } from '../../../src/model/pod-info.ts';
import type { Namespace, Node, Pod, PodAffinityTerm } from '../../../src/model/types.ts';
import { runFilterPlugin, runScorePlugin } from '../../../src/scheduler/framework/run-plugin.ts';
import { CycleState, type SchedulerPlugin, type Status } from '../../../src/scheduler/framework/types.ts';
import {
  ERR_REASON_AFFINITY_RULES_NOT_MATCH as AFF,
  ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH as ANTI,
  ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH as EXISTING,
  InterPodAffinityPreFilterState,
  NAME,
  newInterPodAffinity,
  parseInterPodAffinityArgs,
} from '../../../src/scheduler/plugins/inter-pod-affinity.ts';
import { makeCluster } from '../../helpers/cluster.ts';
import { labeledNode, makePodW as pod } from '../../helpers/pods.ts';

// Upstream tests use namespace "" for pods without one; here that is "default".
const NS = 'default';

const namespace = (name: string, labels: Record<string, string>): Namespace => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});
// scoring_test.go `namespaces`
const NAMESPACES = [
  namespace('subteam1.team1', { team: 'team1' }),
  namespace('subteam2.team1', { team: 'team1' }),
  namespace('subteam1.team2', { team: 'team2' }),
  namespace('subteam2.team2', { team: 'team2' }),
];

function setup(nodes: Node[], pods: Pod[], args?: Record<string, unknown>): { cluster: ClusterState; plugin: SchedulerPlugin } {
  const cluster = makeCluster(nodes, pods);
  for (const ns of NAMESPACES) cluster.namespaces.set(ns.metadata.name!, ns);
  return { cluster, plugin: newInterPodAffinity(args, { cluster }) };
}

type Want = { code: Status['code']; reasons: string[] } | null;
const unres = (r: string): Want => ({ code: 'UnschedulableAndUnresolvable', reasons: [r] });
const unsched = (r: string): Want => ({ code: 'Unschedulable', reasons: [r] });
const view = (s: Status | null): Want => (s ? { code: s.code, reasons: [...s.reasons] } : null);

function term(
  expressions: NonNullable<PodAffinityTerm['labelSelector']>['matchExpressions'],
  topologyKey: string,
  extra: Partial<PodAffinityTerm> = {},
): PodAffinityTerm {
  return { labelSelector: { matchExpressions: expressions }, topologyKey, ...extra };
}

describe('InterPodAffinity args', () => {
  it('defaults hardPodAffinityWeight to 1 and ignorePreferredTermsOfExistingPods to false', () => {
    expect(parseInterPodAffinityArgs(undefined)).toEqual({ hardPodAffinityWeight: 1, ignorePreferredTermsOfExistingPods: false });
  });
  it('validation_pluginargs_test.go TestValidateInterPodAffinityArgs: "hardPodAffinityWeight less than min" and "greater than max"', () => {
    expect(() => parseInterPodAffinityArgs({ hardPodAffinityWeight: -1 })).toThrow(/hardPodAffinityWeight/);
    expect(() => parseInterPodAffinityArgs({ hardPodAffinityWeight: 101 })).toThrow(/hardPodAffinityWeight.*\[0, 100\]/);
    expect(parseInterPodAffinityArgs({ hardPodAffinityWeight: 0 }).hardPodAffinityWeight).toBe(0);
  });
  it('rejects a wrongly typed ignorePreferredTermsOfExistingPods and unknown fields', () => {
    expect(() => parseInterPodAffinityArgs({ ignorePreferredTermsOfExistingPods: 'yes' })).toThrow(/ignorePreferredTermsOfExistingPods/);
    expect(() => parseInterPodAffinityArgs({ hardPodAfinityWeight: 2 })).toThrow(/hardPodAfinityWeight/);
  });
  it('exports its name', () => {
    expect(NAME).toBe('InterPodAffinity');
  });
});

describe('filtering_test.go TestRequiredAffinitySingleNode', () => {
  const podLabel = { service: 'securityscan' };
  const podLabel2 = { security: 'S1' };
  const node1 = labeledNode('node1', { region: 'r1', zone: 'z11' });
  const existing = (): Pod => pod().labels(podLabel).node('node1').obj();
  const cases: { name: string; pod: Pod; pods?: Pod[]; skip?: boolean; want?: Want }[] = [
    {
      name: 'A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods',
      pod: pod().obj(),
      skip: true,
    },
    {
      name: 'satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod',
      pod: pod().labels(podLabel2).podAffinityIn('service', 'region', ['securityscan', 'value2']).obj(),
      pods: [existing()],
    },
    {
      name: 'satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using not in operator in labelSelector that matches the existing pod',
      pod: pod().labels(podLabel2).podAffinityNotIn('service', 'region', ['securityscan3', 'value3']).obj(),
      pods: [existing()],
    },
    {
      name: 'Does not satisfy the PodAffinity with labelSelector because of diff Namespace',
      pod: pod()
        .labels(podLabel2)
        .podAffinityTerm(term([{ key: 'service', operator: 'In', values: ['securityscan', 'value2'] }], '', { namespaces: ['DiffNameSpace'] }))
        .obj(),
      pods: [pod().namespace('ns').label('service', 'securityscan').node('node1').obj()],
      want: unres(AFF),
    },
    {
      name: "Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod",
      pod: pod().labels(podLabel).podAffinityIn('service', '', ['antivirusscan', 'value2']).obj(),
      pods: [existing()],
      want: unres(AFF),
    },
    {
      name: 'satisfies the PodAffinity with different label Operators in multiple RequiredDuringSchedulingIgnoredDuringExecution ',
      pod: pod()
        .labels(podLabel2)
        .podAffinityTerm(term([{ key: 'service', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' }], 'region'))
        .podAffinityTerm(
          term([{ key: 'service', operator: 'In', values: ['securityscan'] }, { key: 'service', operator: 'NotIn', values: ['WrongValue'] }], 'region'),
        )
        .obj(),
      pods: [existing()],
    },
    {
      name: "The labelSelector requirements(items of matchExpressions) are ANDed, the pod cannot schedule onto the node because one of the matchExpression item don't match.",
      pod: pod()
        .labels(podLabel2)
        .podAffinityTerm(term([{ key: 'service', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' }], 'region'))
        .podAffinityTerm(
          term([{ key: 'service', operator: 'In', values: ['securityscan2'] }, { key: 'service', operator: 'NotIn', values: ['WrongValue'] }], 'region'),
        )
        .obj(),
      pods: [existing()],
      want: unres(AFF),
    },
    {
      name: 'satisfies the PodAffinity and PodAntiAffinity with the existing pod',
      pod: pod()
        .labels(podLabel2)
        .podAffinityIn('service', 'region', ['securityscan', 'value2'])
        .podAntiAffinityIn('service', 'node', ['antivirusscan', 'value2'])
        .obj(),
      pods: [existing()],
    },
    {
      name: 'satisfies the PodAffinity and PodAntiAffinity and PodAntiAffinity symmetry with the existing pod',
      pod: pod()
        .labels(podLabel2)
        .podAffinityIn('service', 'region', ['securityscan', 'value2'])
        .podAntiAffinityIn('service', 'node', ['antivirusscan', 'value2'])
        .obj(),
      pods: [pod().node('node1').labels(podLabel).podAntiAffinityIn('service', 'node', ['antivirusscan', 'value2']).obj()],
    },
    {
      name: "satisfies the PodAffinity but doesn't satisfy the PodAntiAffinity with the existing pod",
      pod: pod()
        .labels(podLabel2)
        .podAffinityIn('service', 'region', ['securityscan', 'value2'])
        .podAntiAffinityIn('service', 'zone', ['securityscan', 'value2'])
        .obj(),
      pods: [existing()],
      want: unsched(ANTI),
    },
    {
      name: "satisfies the PodAffinity and PodAntiAffinity but doesn't satisfy PodAntiAffinity symmetry with the existing pod",
      pod: pod()
        .labels(podLabel)
        .podAffinityIn('service', 'region', ['securityscan', 'value2'])
        .podAntiAffinityIn('service', 'node', ['antivirusscan', 'value2'])
        .obj(),
      pods: [pod().labels(podLabel).node('node1').podAntiAffinityIn('service', 'zone', ['securityscan', 'value2']).obj()],
      want: unsched(EXISTING),
    },
    {
      name: 'pod matches its own Label in PodAffinity and that matches the existing pod Labels',
      pod: pod().labels(podLabel).podAffinityNotIn('service', 'region', ['securityscan', 'value2']).obj(),
      pods: [pod().label('service', 'securityscan').node('node2').obj()],
      want: unres(AFF),
    },
    {
      name: "verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. doesn't satisfy PodAntiAffinity symmetry with the existing pod",
      pod: pod().labels(podLabel).obj(),
      pods: [pod().node('node1').labels(podLabel).podAntiAffinityIn('service', 'zone', ['securityscan', 'value2']).obj()],
      want: unsched(EXISTING),
    },
    {
      name: 'verify that PodAntiAffinity from existing pod is respected when pod has no AntiAffinity constraints. satisfy PodAntiAffinity symmetry with the existing pod',
      pod: pod().labels(podLabel).obj(),
      pods: [pod().node('node1').labels(podLabel).podAntiAffinityNotIn('service', 'zone', ['securityscan', 'value2']).obj()],
      skip: true,
    },
    {
      name: "satisfies the PodAntiAffinity with existing pod but doesn't satisfy PodAntiAffinity symmetry with incoming pod",
      pod: pod().labels(podLabel).podAntiAffinityExists('service', 'region').podAntiAffinityExists('security', 'region').obj(),
      pods: [pod().node('node1').labels(podLabel2).podAntiAffinityExists('security', 'zone').obj()],
      want: unsched(ANTI),
    },
    {
      name: 'PodAntiAffinity symmetry check a1: incoming pod and existing pod partially match each other on AffinityTerms',
      pod: pod().labels(podLabel).podAntiAffinityExists('service', 'zone').podAntiAffinityExists('security', 'zone').obj(),
      pods: [pod().node('node1').labels(podLabel2).podAntiAffinityExists('security', 'zone').obj()],
      want: unsched(ANTI),
    },
    {
      name: 'PodAntiAffinity symmetry check a2: incoming pod and existing pod partially match each other on AffinityTerms',
      pod: pod().labels(podLabel2).podAntiAffinityExists('security', 'zone').obj(),
      pods: [pod().node('node1').labels(podLabel).podAntiAffinityExists('service', 'zone').podAntiAffinityExists('security', 'zone').obj()],
      want: unsched(EXISTING),
    },
    {
      name: 'PodAntiAffinity symmetry check b1: incoming pod and existing pod partially match each other on AffinityTerms',
      pod: pod().labels({ abc: '', xyz: '' }).podAntiAffinityExists('abc', 'zone').podAntiAffinityExists('def', 'zone').obj(),
      pods: [pod().node('node1').labels({ def: '', xyz: '' }).podAntiAffinityExists('abc', 'zone').podAntiAffinityExists('def', 'zone').obj()],
      want: unsched(ANTI),
    },
    {
      name: 'PodAntiAffinity symmetry check b2: incoming pod and existing pod partially match each other on AffinityTerms',
      pod: pod().labels({ def: '', xyz: '' }).podAntiAffinityExists('abc', 'zone').podAntiAffinityExists('def', 'zone').obj(),
      pods: [pod().node('node1').labels({ abc: '', xyz: '' }).podAntiAffinityExists('abc', 'zone').podAntiAffinityExists('def', 'zone').obj()],
      want: unsched(ANTI),
    },
    {
      name: 'affinity with NamespaceSelector',
      pod: pod()
        .labels(podLabel2)
        .podAffinityTerm(
          term([{ key: 'service', operator: 'In', values: ['securityscan', 'value2'] }], 'region', {
            namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] },
          }),
        )
        .obj(),
      pods: [pod().namespace('subteam1.team1').labels(podLabel).node('node1').obj()],
    },
    {
      name: 'affinity with non-matching NamespaceSelector',
      pod: pod()
        .labels(podLabel2)
        .podAffinityTerm(
          term([{ key: 'service', operator: 'In', values: ['securityscan', 'value2'] }], 'region', {
            namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] },
          }),
        )
        .obj(),
      pods: [pod().namespace('subteam1.team2').labels(podLabel).node('node1').obj()],
      want: unres(AFF),
    },
    {
      name: 'anti-affinity with matching NamespaceSelector',
      pod: pod()
        .namespace('subteam1.team1')
        .labels(podLabel2)
        .podAntiAffinityTerm(
          term([{ key: 'service', operator: 'In', values: ['securityscan', 'value2'] }], 'zone', {
            namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] },
          }),
        )
        .obj(),
      pods: [pod().namespace('subteam2.team1').labels(podLabel).node('node1').obj()],
      want: unsched(ANTI),
    },
    {
      name: 'anti-affinity with matching all NamespaceSelector',
      pod: pod()
        .namespace('subteam1.team1')
        .labels(podLabel2)
        .podAntiAffinityTerm(term([{ key: 'service', operator: 'In', values: ['securityscan', 'value2'] }], 'zone', { namespaceSelector: {} }))
        .obj(),
      pods: [pod().namespace('subteam2.team1').labels(podLabel).node('node1').obj()],
      want: unsched(ANTI),
    },
    {
      name: 'anti-affinity with non-matching NamespaceSelector',
      pod: pod()
        .namespace('subteam1.team1')
        .labels(podLabel2)
        .podAntiAffinityTerm(
          term([{ key: 'service', operator: 'In', values: ['securityscan', 'value2'] }], 'zone', {
            namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['team1'] }] },
          }),
        )
        .obj(),
      pods: [pod().namespace('subteam1.team2').labels(podLabel).node('node1').obj()],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { cluster, plugin } = setup([node1], c.pods ?? []);
      const run = runFilterPlugin(plugin, cluster, newPodInfo(c.pod));
      if (c.skip) {
        expect(run.preFilter?.code).toBe('Skip');
        return;
      }
      expect(run.preFilter).toBeNull();
      expect(view(run.statuses[0])).toEqual(c.want ?? null);
    });
  }
});

describe('filtering_test.go TestRequiredAffinityMultipleNodes', () => {
  const labelRgChina = { region: 'China' };
  const labelRgChinaAzAz1 = { region: 'China', az: 'az1' };
  const labelRgIndia = { region: 'India' };
  const hosts = (...zones: [string, string][]): Node[] =>
    zones.map(([name, zone]) => labeledNode(name, { region: 'r1', zone, hostname: name }));
  const cases: { name: string; pod: Pod; pods: Pod[]; nodes: Node[]; skip?: boolean; want: Want[] }[] = [
    {
      name: 'A pod can be scheduled onto all the nodes that have the same topology key & label value with one of them has an existing pod that matches the affinity rules',
      pod: pod().podAffinityIn('foo', 'region', ['bar']).obj(),
      pods: [pod('p1').node('node1').labels({ foo: 'bar' }).obj()],
      nodes: [labeledNode('node1', labelRgChina), labeledNode('node2', labelRgChinaAzAz1), labeledNode('node3', labelRgIndia)],
      want: [null, null, unres(AFF)],
    },
    {
      name:
        'The affinity rule is to schedule all of the pods of this collection to the same zone. The first pod of the collection ' +
        "should not be blocked from being scheduled onto any node, even there's no existing pod that matches the rule anywhere.",
      pod: pod()
        .labels({ foo: 'bar', service: 'securityscan' })
        .podAffinityIn('foo', 'zone', ['bar'])
        .podAffinityIn('service', 'zone', ['securityscan'])
        .obj(),
      pods: [pod('p1').node('nodeA').labels({ foo: 'bar' }).obj()],
      nodes: [labeledNode('nodeA', { zone: 'az1', hostname: 'h1' }), labeledNode('nodeB', { zone: 'az2', hostname: 'h2' })],
      want: [null, null],
    },
    {
      name: 'The first pod of the collection can only be scheduled on nodes labelled with the requested topology keys',
      pod: pod()
        .labels({ foo: 'bar', service: 'securityscan' })
        .podAffinityIn('foo', 'zone', ['bar'])
        .podAffinityIn('service', 'zone', ['securityscan'])
        .obj(),
      pods: [pod('p1').node('nodeA').labels({ foo: 'bar' }).obj()],
      nodes: [labeledNode('nodeA', { zoneLabel: 'az1', hostname: 'h1' }), labeledNode('nodeB', { zoneLabel: 'az2', hostname: 'h2' })],
      want: [unres(AFF), unres(AFF)],
    },
    {
      name: 'NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB.',
      pod: pod().podAntiAffinityIn('foo', 'region', ['abc']).obj(),
      pods: [pod().node('nodeA').labels({ foo: 'abc' }).obj()],
      nodes: [labeledNode('nodeA', { region: 'r1', hostname: 'nodeA' }), labeledNode('nodeB', { region: 'r1', hostname: 'nodeB' })],
      want: [unsched(ANTI), unsched(ANTI)],
    },
    {
      name: 'This test ensures that anti-affinity matches a pod when any term of the anti-affinity rule matches a pod.',
      pod: pod().podAntiAffinityIn('foo', 'region', ['abc']).podAntiAffinityIn('service', 'zone', ['securityscan']).obj(),
      pods: [pod().node('nodeA').labels({ foo: 'abc', service: 'securityscan' }).obj()],
      nodes: [
        labeledNode('nodeA', { region: 'r1', zone: 'z1', hostname: 'nodeA' }),
        labeledNode('nodeB', { region: 'r1', zone: 'z2', hostname: 'nodeB' }),
      ],
      want: [unsched(ANTI), unsched(ANTI)],
    },
    {
      name: 'NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB but can be scheduled onto nodeC',
      pod: pod().podAntiAffinityIn('foo', 'region', ['abc']).obj(),
      pods: [pod().node('nodeA').labels({ foo: 'abc' }).obj()],
      nodes: [labeledNode('nodeA', labelRgChina), labeledNode('nodeB', labelRgChinaAzAz1), labeledNode('nodeC', labelRgIndia)],
      want: [unsched(ANTI), unsched(ANTI), null],
    },
    {
      name: 'NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that matches the inter pod affinity rule. The pod can not be scheduled onto nodeA, nodeB, but can be scheduled onto nodeC (NodeC has an existing pod that match the inter pod affinity rule but in different namespace)',
      pod: pod().namespace('NS1').labels({ foo: '123' }).podAntiAffinityIn('foo', 'region', ['bar']).obj(),
      pods: [
        pod().node('nodeA').namespace('NS1').labels({ foo: 'bar' }).obj(),
        pod().node('nodeC').namespace('NS2').podAntiAffinityIn('foo', 'region', ['123']).obj(),
      ],
      nodes: [labeledNode('nodeA', labelRgChina), labeledNode('nodeB', labelRgChinaAzAz1), labeledNode('nodeC', labelRgIndia)],
      want: [unsched(ANTI), unsched(ANTI), null],
    },
    {
      name: "Test existing pod's anti-affinity: if an existing pod has a term with invalid topologyKey, labelSelector of the term is firstly checked, and then topologyKey of the term is also checked",
      pod: pod().label('foo', '').obj(),
      pods: [pod().node('nodeA').podAntiAffinityExists('foo', 'invalid-node-label').obj()],
      nodes: hosts(['nodeA', 'z1'], ['nodeB', 'z1']),
      skip: true,
      want: [null, null],
    },
    {
      name: "Test incoming pod's anti-affinity: even if labelSelector matches, we still check if topologyKey matches",
      pod: pod().node('nodeA').podAntiAffinityExists('foo', 'invalid-node-label').obj(),
      pods: [pod().node('nodeA').labels({ foo: '' }).obj()],
      nodes: hosts(['nodeA', 'z1'], ['nodeB', 'z1']),
      want: [null, null],
    },
    {
      name: "Test existing pod's anti-affinity: incoming pod wouldn't considered as a fit as it violates each existingPod's terms on all nodes",
      pod: pod().label('foo', '').label('bar', '').obj(),
      pods: [
        pod().node('nodeA').podAntiAffinityExists('foo', 'zone').obj(),
        pod().node('nodeA').podAntiAffinityExists('bar', 'region').obj(),
      ],
      nodes: hosts(['nodeA', 'z1'], ['nodeB', 'z2']),
      want: [unsched(EXISTING), unsched(EXISTING)],
    },
    {
      name: "Test incoming pod's anti-affinity: incoming pod wouldn't considered as a fit as it at least violates one anti-affinity rule of existingPod",
      pod: pod().podAntiAffinityExists('foo', 'zone').podAntiAffinityExists('bar', 'region').obj(),
      pods: [pod().node('nodeA').labels({ foo: '' }).obj(), pod().node('nodeB').labels({ bar: '' }).obj()],
      nodes: hosts(['nodeA', 'z1'], ['nodeB', 'z2']),
      want: [unsched(ANTI), unsched(ANTI)],
    },
    {
      name: "Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
      pod: pod().label('foo', '').label('bar', '').obj(),
      pods: [pod().node('nodeA').podAntiAffinityExists('foo', 'invalid-node-label').podAntiAffinityExists('bar', 'zone').obj()],
      nodes: hosts(['nodeA', 'z1'], ['nodeB', 'z2']),
      want: [unsched(EXISTING), null],
    },
    {
      name: "Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when one term has invalid topologyKey",
      pod: pod().podAntiAffinityExists('foo', 'invalid-node-label').podAntiAffinityExists('bar', 'zone').obj(),
      pods: [pod('podA').node('nodeA').labels({ foo: '', bar: '' }).obj()],
      nodes: hosts(['nodeA', 'z1'], ['nodeB', 'z2']),
      want: [unsched(ANTI), null],
    },
    {
      name: "Test existing pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
      pod: pod().label('foo', '').label('bar', '').obj(),
      pods: [pod().node('nodeA').podAntiAffinityExists('foo', 'region').podAntiAffinityExists('bar', 'zone').obj()],
      nodes: hosts(['nodeA', 'z1'], ['nodeB', 'z2']),
      want: [unsched(EXISTING), unsched(EXISTING)],
    },
    {
      name: "Test incoming pod's anti-affinity: only when labelSelector and topologyKey both match, it's counted as a single term match - case when all terms have valid topologyKey",
      pod: pod().podAntiAffinityExists('foo', 'region').podAntiAffinityExists('bar', 'zone').obj(),
      pods: [pod().node('nodeA').labels({ foo: '', bar: '' }).obj()],
      nodes: hosts(['nodeA', 'z1'], ['nodeB', 'z2']),
      want: [unsched(ANTI), unsched(ANTI)],
    },
    {
      name: "Test existing pod's anti-affinity: existingPod on nodeA and nodeB has at least one anti-affinity term matches incoming pod, so incoming pod can only be scheduled to nodeC",
      pod: pod().label('foo', '').label('bar', '').obj(),
      pods: [
        pod().node('nodeA').podAntiAffinityExists('foo', 'zone').podAntiAffinityExists('labelA', 'zone').obj(),
        pod().node('nodeB').podAntiAffinityExists('bar', 'zone').podAntiAffinityExists('labelB', 'zone').obj(),
      ],
      nodes: hosts(['nodeA', 'z1'], ['nodeB', 'z2'], ['nodeC', 'z3']),
      want: [unsched(EXISTING), unsched(EXISTING), null],
    },
    {
      name: "Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match",
      pod: pod().podAffinityExists('foo', 'region').podAffinityExists('bar', 'zone').obj(),
      pods: [pod('pod1').labels({ foo: '', bar: '' }).node('nodeA').obj()],
      nodes: hosts(['nodeA', 'z1'], ['nodeB', 'z1']),
      want: [null, null],
    },
    {
      name: "Test incoming pod's affinity: firstly check if all affinityTerms match, and then check if all topologyKeys match, and the match logic should be satisfied on the same pod",
      pod: pod().podAffinityExists('foo', 'region').podAffinityExists('bar', 'zone').obj(),
      pods: [pod('pod1').node('nodeA').labels({ foo: '' }).obj(), pod('pod2').node('nodeB').labels({ bar: '' }).obj()],
      nodes: hosts(['nodeA', 'z1'], ['nodeB', 'z2']),
      want: [unres(AFF), unres(AFF)],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { cluster, plugin } = setup(c.nodes, c.pods);
      const nodes = c.nodes.map((n) => cluster.nodes.get(n.metadata.name!)!);
      const run = runFilterPlugin(plugin, cluster, newPodInfo(c.pod), nodes);
      if (c.skip) expect(run.preFilter?.code).toBe('Skip');
      else expect(run.preFilter).toBeNull();
      expect(run.statuses.map(view)).toEqual(c.want);
    });
  }
});

describe('self-affinity escape (filtering.go satisfyPodAffinity)', () => {
  it('does not apply once some existing pod matches the terms anywhere', () => {
    const nodes = [labeledNode('china', { region: 'China' }), labeledNode('india', { region: 'India' })];
    const { cluster, plugin } = setup(nodes, [pod().node('china').labels({ foo: 'bar' }).obj()]);
    const incoming = pod().labels({ foo: 'bar' }).podAffinityIn('foo', 'region', ['bar']).obj();
    const run = runFilterPlugin(plugin, cluster, newPodInfo(incoming), nodes.map((n) => cluster.nodes.get(n.metadata.name!)!));
    expect(run.statuses.map(view)).toEqual([null, unres(AFF)]);
  });
  it('applies on every node carrying the topology key when no pod matches', () => {
    const nodes = [labeledNode('china', { region: 'China' }), labeledNode('bare', {})];
    const { cluster, plugin } = setup(nodes, [pod().node('china').labels({ foo: 'baz' }).obj()]);
    const incoming = pod().labels({ foo: 'bar' }).podAffinityIn('foo', 'region', ['bar']).obj();
    const run = runFilterPlugin(plugin, cluster, newPodInfo(incoming), nodes.map((n) => cluster.nodes.get(n.metadata.name!)!));
    expect(run.statuses.map(view)).toEqual([null, unres(AFF)]);
  });
});

describe('filtering_test.go TestPreFilterDisabled', () => {
  it('Filter without PreFilter state is an error', () => {
    const { cluster, plugin } = setup([labeledNode('n', {})], []);
    const st = plugin.filter!(new CycleState(), newPodInfo(pod().obj()), cluster.nodes.get('n')!);
    expect(st?.code).toBe('Error');
    expect(st?.reasons[0]).toContain('PreFilterInterPodAffinity');
  });
});

function preFilterState(plugin: SchedulerPlugin, state: CycleState, p: Pod): InterPodAffinityPreFilterState {
  const out = plugin.preFilter!(state, newPodInfo(p));
  expect(out).toBeNull();
  const s = state.read<InterPodAffinityPreFilterState>('PreFilterInterPodAffinity');
  expect(s).toBeInstanceOf(InterPodAffinityPreFilterState);
  return s!;
}

describe('filtering_test.go TestPreFilterStateAddRemovePod', () => {
  const label1 = { region: 'r1', zone: 'z11' };
  const label2 = { region: 'r1', zone: 'z12' };
  const label3 = { region: 'r2', zone: 'z21' };
  const selector1 = { foo: 'bar' };
  const fooBarTerm = term([{ key: 'foo', operator: 'In', values: ['bar'] }], 'region');
  const complexTerms = [
    term([{ key: 'foo', operator: 'In', values: ['bar', 'buzz'] }], 'region'),
    term([{ key: 'service', operator: 'NotIn', values: ['bar', 'security', 'test'] }], 'zone'),
  ];
  const withTerms = (b: ReturnType<typeof pod>, anti: PodAffinityTerm[], aff: PodAffinityTerm[] = []): Pod => {
    for (const t of anti) b.podAntiAffinityTerm(t);
    for (const t of aff) b.podAffinityTerm(t);
    return b.obj();
  };
  const nodes = (): Node[] => [labeledNode('nodeA', label1), labeledNode('nodeB', label2), labeledNode('nodeC', label3)];
  const cases: {
    name: string;
    pendingPod: Pod;
    addedPod: Pod;
    existingPods: Pod[];
    expectedAntiAffinity: Record<string, number>;
    expectedAffinity: Record<string, number>;
  }[] = [
    {
      name: 'preFilterState anti-affinity terms are updated correctly after adding and removing a pod',
      pendingPod: withTerms(pod('pending').labels(selector1), [fooBarTerm]),
      existingPods: [pod('p1').labels(selector1).node('nodeA').obj(), withTerms(pod('p2').node('nodeC'), [fooBarTerm])],
      addedPod: withTerms(pod('addedPod').labels(selector1).node('nodeB'), [fooBarTerm]),
      expectedAntiAffinity: { 'region=r1': 2 },
      expectedAffinity: {},
    },
    {
      name: 'preFilterState anti-affinity terms are updated correctly after adding and removing a pod (complex)',
      pendingPod: withTerms(pod('pending').labels(selector1), complexTerms),
      existingPods: [pod('p1').labels(selector1).node('nodeA').obj(), withTerms(pod('p2').node('nodeC'), [fooBarTerm])],
      addedPod: withTerms(pod('addedPod').labels(selector1).node('nodeA'), complexTerms),
      expectedAntiAffinity: { 'region=r1': 2, 'zone=z11': 2, 'zone=z21': 1 },
      expectedAffinity: {},
    },
    {
      name: 'preFilterState matching pod affinity and anti-affinity are updated correctly after adding and removing a pod',
      pendingPod: withTerms(pod('pending').labels(selector1), [], complexTerms),
      existingPods: [pod('p1').labels(selector1).node('nodeA').obj(), withTerms(pod('p2').node('nodeC'), [fooBarTerm], complexTerms)],
      addedPod: withTerms(pod('addedPod').labels(selector1).node('nodeA'), complexTerms),
      expectedAntiAffinity: {},
      expectedAffinity: { 'region=r1': 2, 'zone=z11': 2 },
    },
  ];
  const snapshot = (s: InterPodAffinityPreFilterState) => ({
    existing: s.existingAntiAffinityCounts.toRecord(),
    affinity: s.affinityCounts.toRecord(),
    anti: s.antiAffinityCounts.toRecord(),
  });
  for (const c of cases) {
    it(c.name, () => {
      // State computed with the added pod already in the cluster.
      const all = setup(nodes(), [...c.existingPods, c.addedPod]);
      const allState = snapshot(preFilterState(all.plugin, new CycleState(), c.pendingPod));

      const { cluster, plugin } = setup(nodes(), c.existingPods);
      const cycle = new CycleState();
      const state = preFilterState(plugin, cycle, c.pendingPod);
      const original = snapshot(state.clone());
      const added = newPodInfo(c.addedPod);
      const node = cluster.nodes.get(c.addedPod.spec.nodeName!)!;
      plugin.addPod!(cycle, state.pod, added, node);
      expect(state.antiAffinityCounts.toRecord()).toEqual(c.expectedAntiAffinity);
      expect(state.affinityCounts.toRecord()).toEqual(c.expectedAffinity);
      expect(snapshot(state)).toEqual(allState);
      plugin.removePod!(cycle, state.pod, added, node);
      expect(snapshot(state)).toEqual(original);
    });
  }
});

describe('filtering_test.go TestPreFilterStateClone', () => {
  it('the clone is a distinct deep copy', () => {
    const { plugin } = setup([labeledNode('nodeA', { name: 'nodeA' })], [pod().node('nodeA').label('aaa', '').obj()]);
    const cycle = new CycleState();
    const s = preFilterState(plugin, cycle, pod().podAffinityExists('aaa', 'name').podAntiAffinityExists('aaa', 'name').obj());
    const c = s.clone();
    expect(c).not.toBe(s);
    expect(c.affinityCounts.toRecord()).toEqual(s.affinityCounts.toRecord());
    c.affinityCounts.add('name', 'nodeA', 5);
    expect(s.affinityCounts.get('name', 'nodeA')).toBe(1);
  });
});

describe('filtering_test.go TestGetTPMapMatchingIncomingAffinityAntiAffinity', () => {
  const nodeA = (): Node => labeledNode('nodeA', { hostname: 'nodeA' });
  const normal = (...labels: string[]): Pod => {
    const b = pod('normal').node('nodeA');
    for (const l of labels) b.label(l, '');
    return b.obj();
  };
  const cases: { name: string; existingPods: Pod[]; pod: Pod; wantAffinity: Record<string, number>; wantAnti: Record<string, number> }[] = [
    {
      name: "no pod has label that violates incoming pod's affinity and anti-affinity",
      existingPods: [normal('bbb')],
      pod: pod('aaa-anti').podAffinityExists('aaa', 'hostname').podAntiAffinityExists('aaa', 'hostname').obj(),
      wantAffinity: {},
      wantAnti: {},
    },
    {
      name: "existing pod matches incoming pod's affinity and anti-affinity - single term case",
      existingPods: [normal('aaa')],
      pod: pod('affi-antiaffi').podAffinityExists('aaa', 'hostname').podAntiAffinityExists('aaa', 'hostname').obj(),
      wantAffinity: { 'hostname=nodeA': 1 },
      wantAnti: { 'hostname=nodeA': 1 },
    },
    {
      name: "existing pod matches incoming pod's affinity and anti-affinity - multiple terms case",
      existingPods: [normal('aaa', 'bbb')],
      pod: pod('affi-antiaffi')
        .podAffinityExists('aaa', 'hostname')
        .podAffinityExists('bbb', 'hostname')
        .podAntiAffinityExists('aaa', 'hostname')
        .obj(),
      wantAffinity: { 'hostname=nodeA': 2 },
      wantAnti: { 'hostname=nodeA': 1 },
    },
    {
      name: "existing pod not match incoming pod's affinity but matches anti-affinity",
      existingPods: [normal('aaa')],
      pod: pod('affi-antiaffi')
        .podAffinityExists('aaa', 'hostname')
        .podAffinityExists('bbb', 'hostname')
        .podAntiAffinityExists('aaa', 'hostname')
        .podAntiAffinityExists('bbb', 'hostname')
        .obj(),
      wantAffinity: {},
      wantAnti: { 'hostname=nodeA': 1 },
    },
    {
      name: "incoming pod's anti-affinity has more than one term - existing pod violates partial term - case 1",
      existingPods: [normal('aaa', 'bbb')],
      pod: pod('anaffi-antiaffiti')
        .podAffinityExists('aaa', 'hostname')
        .podAffinityExists('ccc', 'hostname')
        .podAntiAffinityExists('aaa', 'hostname')
        .podAntiAffinityExists('ccc', 'hostname')
        .obj(),
      wantAffinity: {},
      wantAnti: { 'hostname=nodeA': 1 },
    },
    {
      name: "incoming pod's anti-affinity has more than one term - existing pod violates partial term - case 2",
      existingPods: [normal('bbb')],
      pod: pod('affi-antiaffi')
        .podAffinityExists('aaa', 'hostname')
        .podAffinityExists('bbb', 'hostname')
        .podAntiAffinityExists('aaa', 'hostname')
        .podAntiAffinityExists('bbb', 'hostname')
        .obj(),
      wantAffinity: {},
      wantAnti: { 'hostname=nodeA': 1 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { plugin } = setup([nodeA()], c.existingPods);
      const s = preFilterState(plugin, new CycleState(), c.pod);
      expect(s.affinityCounts.toRecord()).toEqual(c.wantAffinity);
      expect(s.antiAffinityCounts.toRecord()).toEqual(c.wantAnti);
    });
  }
  it('incoming pod without affinity/anti-affinity causes a no-op (PreFilter Skip)', () => {
    const { cluster, plugin } = setup([nodeA()], [normal('aaa')]);
    expect(runFilterPlugin(plugin, cluster, newPodInfo(pod('aaa-normal').obj())).preFilter?.code).toBe('Skip');
  });
});

// scoring_test.go fixtures
const S1 = { security: 'S1' };
const S2 = { security: 'S2' };
const inTerm = (key: string, values: string[], topologyKey: string, extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm =>
  term([{ key, operator: 'In', values }], topologyKey, extra);
const team1Selector = { matchExpressions: [{ key: 'team', operator: 'In' as const, values: ['team1'] }] };
const stayWithS1InRegion = (b: ReturnType<typeof pod>) => b.podAffinityTerm(inTerm('security', ['S1'], 'region'), 'preferred', 5);
const stayWithS2InRegion = (b: ReturnType<typeof pod>) => b.podAffinityTerm(inTerm('security', ['S2'], 'region'), 'preferred', 6);
const affinity3 = (b: ReturnType<typeof pod>) =>
  b
    .podAffinityTerm(
      term(
        [
          { key: 'security', operator: 'NotIn', values: ['S1'] },
          { key: 'security', operator: 'In', values: ['S2'] },
        ],
        'region',
      ),
      'preferred',
      8,
    )
    .podAffinityTerm(term([{ key: 'security', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' }], 'region'), 'preferred', 2);
const hardAffinity = (b: ReturnType<typeof pod>) =>
  b
    .podAffinityTerm(inTerm('security', ['S1', 'value2'], 'region'))
    .podAffinityTerm(term([{ key: 'security', operator: 'Exists' }, { key: 'wrongkey', operator: 'DoesNotExist' }], 'region'));
const awayFromS1InAz = (b: ReturnType<typeof pod>) => b.podAntiAffinityTerm(inTerm('security', ['S1'], 'az'), 'preferred', 5);
const awayFromS2InAz = (b: ReturnType<typeof pod>) => b.podAntiAffinityTerm(inTerm('security', ['S2'], 'az'), 'preferred', 5);
const stayWithS1InRegionAwayFromS2InAz = (b: ReturnType<typeof pod>) =>
  b.podAffinityTerm(inTerm('security', ['S1'], 'region'), 'preferred', 8).podAntiAffinityTerm(inTerm('security', ['S2'], 'az'), 'preferred', 5);
const affinityNamespaceSelector = (b: ReturnType<typeof pod>) =>
  b.podAffinityTerm(inTerm('security', ['S1'], 'region', { namespaces: ['subteam2.team2'], namespaceSelector: team1Selector }), 'preferred', 5);
const antiAffinityNamespaceSelector = (b: ReturnType<typeof pod>) =>
  b.podAntiAffinityTerm(inTerm('security', ['S1'], 'region', { namespaces: ['subteam2.team2'], namespaceSelector: team1Selector }), 'preferred', 5);

function scoresByName(plugin: SchedulerPlugin, cluster: ClusterState, p: Pod): { skipped: boolean; scores: Record<string, number> } {
  const nodes = cluster.nodeList();
  const run = runScorePlugin(plugin, cluster, newPodInfo(p), nodes);
  const scores: Record<string, number> = {};
  nodes.forEach((n, i) => (scores[n.name] = run.normalized[i]));
  return { skipped: run.skipped, scores };
}

describe('scoring_test.go TestPreferredAffinity', () => {
  const rgChina = { region: 'China' };
  const rgIndia = { region: 'India' };
  const az1 = { az: 'az1' };
  const az2 = { az: 'az2' };
  const rgChinaAz1 = { region: 'China', az: 'az1' };
  type Case = {
    name: string;
    pod: Pod;
    pods: Pod[];
    nodes: Node[];
    want?: Record<string, number>;
    skip?: boolean;
    ignorePreferredTermsOfExistingPods?: boolean;
  };
  const n = (name: string, l: Record<string, string>): Node => labeledNode(name, l);
  const cases: Case[] = [
    {
      name: 'all nodes are same priority as Affinity is nil',
      pod: pod().labels(S1).obj(),
      pods: [],
      nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', az1)],
      skip: true,
    },
    {
      name: "Affinity: pod that matches topology key & pods in nodes will get high score comparing to otherswhich doesn't match either pods in nodes or in topology key",
      pod: stayWithS1InRegion(pod().labels(S1)).obj(),
      pods: [pod().node('node1').labels(S1).obj(), pod().node('node2').labels(S2).obj(), pod().node('node3').labels(S1).obj()],
      nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', az1)],
      want: { node1: 100, node2: 0, node3: 0 },
    },
    {
      name: 'All the nodes that have the same topology key & label value with one of them has an existing pod that match the affinity rules, have the same score',
      pod: stayWithS1InRegion(pod()).obj(),
      pods: [pod().node('node1').labels(S1).obj()],
      nodes: [n('node1', rgChina), n('node2', rgChinaAz1), n('node3', rgIndia)],
      want: { node1: 100, node2: 100, node3: 0 },
    },
    {
      name: 'Affinity: nodes in one region has more matching pods comparing to other region, so the region which has more matches will get high score',
      pod: stayWithS2InRegion(pod().labels(S1)).obj(),
      pods: ['node1', 'node1', 'node2', 'node3', 'node4', 'node5'].map((nn) => pod().node(nn).labels(S2).obj()),
      nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', rgChina), n('node4', rgChina), n('node5', rgIndia)],
      want: { node1: 100, node2: 0, node3: 100, node4: 100, node5: 0 },
    },
    {
      name: 'Affinity: different Label operators and values for pod affinity scheduling preference, including some match failures ',
      pod: affinity3(pod().labels(S1)).obj(),
      pods: [pod().node('node1').labels(S1).obj(), pod().node('node2').labels(S2).obj(), pod().node('node3').labels(S1).obj()],
      nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', az1)],
      want: { node1: 20, node2: 100, node3: 0 },
    },
    {
      name: 'Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
      pod: pod().labels(S2).obj(),
      pods: [stayWithS1InRegion(pod().node('node1').labels(S1)).obj(), stayWithS2InRegion(pod().node('node2').labels(S2)).obj()],
      nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', az1)],
      want: { node1: 0, node2: 100, node3: 0 },
    },
    {
      name: 'Affinity symmetry with namespace selector',
      pod: pod().namespace('subteam1.team1').labels(S1).obj(),
      pods: [affinityNamespaceSelector(pod().node('node1').labels(S1)).obj(), stayWithS2InRegion(pod().node('node2').labels(S2)).obj()],
      nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', az1)],
      want: { node1: 100, node2: 0, node3: 0 },
    },
    {
      name: 'AntiAffinity symmetry with namespace selector',
      pod: pod().namespace('subteam1.team1').labels(S1).obj(),
      pods: [antiAffinityNamespaceSelector(pod().node('node1').labels(S1)).obj(), stayWithS2InRegion(pod().node('node2').labels(S2)).obj()],
      nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', az1)],
      want: { node1: 0, node2: 100, node3: 100 },
    },
    {
      name: 'Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
      pod: pod().labels(S1).obj(),
      pods: [hardAffinity(pod().node('node1').labels(S1)).obj(), hardAffinity(pod().node('node2').labels(S2)).obj()],
      nodes: [n('node1', rgChina), n('node2', rgIndia), n('node3', az1)],
      want: { node1: 100, node2: 100, node3: 0 },
    },
    {
      name: 'Anti Affinity: pod that does not match existing pods in node will get high score ',
      pod: awayFromS1InAz(pod().labels(S1)).obj(),
      pods: [pod().node('node1').labels(S1).obj(), pod().node('node2').labels(S2).obj()],
      nodes: [n('node1', az1), n('node2', rgChina)],
      want: { node1: 0, node2: 100 },
    },
    {
      name: 'Anti Affinity: pod that does not match topology key & match the pods in nodes will get higher score comparing to others ',
      pod: awayFromS1InAz(pod().labels(S1)).obj(),
      pods: [pod().node('node1').labels(S1).obj(), pod().node('node2').labels(S1).obj()],
      nodes: [n('node1', az1), n('node2', rgChina)],
      want: { node1: 0, node2: 100 },
    },
    {
      name: 'Anti Affinity: one node has more matching pods comparing to other node, so the node which has more unmatches will get high score',
      pod: awayFromS1InAz(pod().labels(S1)).obj(),
      pods: [pod().node('node1').labels(S1).obj(), pod().node('node1').labels(S1).obj(), pod().node('node2').labels(S2).obj()],
      nodes: [n('node1', az1), n('node2', rgIndia)],
      want: { node1: 0, node2: 100 },
    },
    {
      name: 'Anti Affinity symmetry: the existing pods in node which has anti affinity match will get high score',
      pod: pod().labels(S2).obj(),
      pods: [awayFromS2InAz(pod().node('node1').labels(S1)).obj(), awayFromS1InAz(pod().node('node2').labels(S2)).obj()],
      nodes: [n('node1', az1), n('node2', az2)],
      want: { node1: 0, node2: 100 },
    },
    {
      name: 'Affinity and Anti Affinity: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity',
      pod: stayWithS1InRegionAwayFromS2InAz(pod().labels(S1)).obj(),
      pods: [pod().node('node1').labels(S1).obj(), pod().node('node2').labels(S1).obj()],
      nodes: [n('node1', rgChina), n('node2', az1)],
      want: { node1: 100, node2: 0 },
    },
    {
      name: 'Affinity and Anti Affinity: considering both affinity and anti-affinity, the pod to schedule and existing pods have the same labels',
      pod: stayWithS1InRegionAwayFromS2InAz(pod().labels(S1)).obj(),
      pods: ['node1', 'node1', 'node2', 'node3', 'node3', 'node4', 'node5'].map((nn) => pod().node(nn).labels(S1).obj()),
      nodes: [n('node1', rgChinaAz1), n('node2', rgIndia), n('node3', rgChina), n('node4', rgChina), n('node5', rgIndia)],
      want: { node1: 100, node2: 0, node3: 100, node4: 100, node5: 0 },
    },
    {
      name: 'Affinity and Anti Affinity and symmetry: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity & symmetry',
      pod: stayWithS1InRegionAwayFromS2InAz(pod().labels(S1)).obj(),
      pods: [
        pod().node('node1').labels(S1).obj(),
        pod().node('node2').labels(S2).obj(),
        stayWithS1InRegionAwayFromS2InAz(pod().node('node3')).obj(),
        awayFromS1InAz(pod().node('node4')).obj(),
      ],
      nodes: [n('node1', rgChina), n('node2', az1), n('node3', rgIndia), n('node4', az2)],
      want: { node1: 100, node2: 0, node3: 100, node4: 0 },
    },
    {
      name: "Avoid panic when partial nodes in a topology don't have pods with affinity",
      pod: pod().labels(S1).obj(),
      pods: [pod().node('node1').labels(S1).obj(), stayWithS1InRegionAwayFromS2InAz(pod().node('node2')).obj()],
      nodes: [n('node1', rgChina), n('node2', rgChina)],
      want: { node1: 0, node2: 0 },
    },
    {
      name: 'Affinity with pods matching NamespaceSelector',
      pod: affinityNamespaceSelector(pod().namespace('subteam1.team1').labels(S1)).obj(),
      pods: [
        pod().node('node1').namespace('subteam1.team1').labels(S1).obj(),
        pod().node('node1').namespace('subteam1.team1').labels(S1).obj(),
        pod().node('node1').namespace('subteam1.team2').labels(S1).obj(),
        pod().node('node2').namespace('subteam2.team1').labels(S1).obj(),
      ],
      nodes: [n('node1', rgChina), n('node2', rgIndia)],
      want: { node1: 100, node2: 0 },
    },
    {
      name: 'Affinity with pods matching both NamespaceSelector and Namespaces fields',
      pod: affinityNamespaceSelector(pod().namespace('subteam1.team1').labels(S1)).obj(),
      pods: [
        pod().node('node1').namespace('subteam1.team1').labels(S1).obj(),
        pod().node('node1').namespace('subteam1.team1').labels(S1).obj(),
        pod().node('node1').namespace('subteam2.team2').labels(S1).obj(),
        pod().node('node2').namespace('subteam2.team1').labels(S1).obj(),
      ],
      nodes: [n('node1', rgChina), n('node2', rgIndia)],
      want: { node1: 100, node2: 0 },
    },
    {
      name: 'Affinity with pods matching NamespaceSelector (anti-affinity)',
      pod: antiAffinityNamespaceSelector(pod().namespace('subteam1.team1').labels(S1)).obj(),
      pods: [
        pod().node('node1').namespace('subteam1.team1').labels(S1).obj(),
        pod().node('node1').namespace('subteam1.team1').labels(S1).obj(),
        pod().node('node1').namespace('subteam1.team2').labels(S1).obj(),
        pod().node('node2').namespace('subteam2.team1').labels(S1).obj(),
      ],
      nodes: [n('node1', rgChina), n('node2', rgIndia)],
      want: { node1: 0, node2: 100 },
    },
    {
      name: 'Affinity with pods matching both NamespaceSelector and Namespaces fields (anti-affinity)',
      pod: antiAffinityNamespaceSelector(pod().namespace('subteam1.team1').labels(S1)).obj(),
      pods: [
        pod().node('node1').namespace('subteam1.team1').labels(S1).obj(),
        pod().node('node1').namespace('subteam1.team1').labels(S1).obj(),
        pod().node('node1').namespace('subteam2.team2').labels(S1).obj(),
        pod().node('node2').namespace('subteam2.team1').labels(S1).obj(),
      ],
      nodes: [n('node1', rgChina), n('node2', rgIndia)],
      want: { node1: 0, node2: 100 },
    },
    {
      name: 'Ignore preferred terms of existing pods',
      pod: pod().labels(S2).obj(),
      pods: [stayWithS1InRegionAwayFromS2InAz(pod().node('node1').labels(S1)).obj(), stayWithS2InRegion(pod().node('node2').labels(S2)).obj()],
      nodes: [n('node1', rgChina), n('node2', rgIndia)],
      skip: true,
      ignorePreferredTermsOfExistingPods: true,
    },
    {
      name: 'Do not ignore preferred terms of existing pods',
      pod: pod().labels(S2).obj(),
      pods: [stayWithS1InRegionAwayFromS2InAz(pod().node('node1').labels(S1)).obj(), stayWithS2InRegion(pod().node('node2').labels(S2)).obj()],
      nodes: [n('node1', rgChina), n('node2', rgIndia)],
      want: { node1: 0, node2: 100 },
      ignorePreferredTermsOfExistingPods: false,
    },
    {
      name: 'No nodes to score',
      pod: pod().labels(S2).obj(),
      pods: [],
      nodes: [],
      skip: true,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { cluster, plugin } = setup(c.nodes, c.pods, {
        hardPodAffinityWeight: 1,
        ignorePreferredTermsOfExistingPods: c.ignorePreferredTermsOfExistingPods ?? false,
      });
      const got = scoresByName(plugin, cluster, c.pod);
      expect(got.skipped).toBe(!!c.skip);
      if (!c.skip) expect(got.scores).toEqual(c.want);
    });
  }
});

describe('scoring_test.go TestPreferredAffinityWithHardPodAffinitySymmetricWeight', () => {
  const hardPodAffinity = (b: ReturnType<typeof pod>) =>
    b.podAffinityTerm(inTerm('service', ['S1'], 'region', { namespaces: [NS, 'subteam2.team2'], namespaceSelector: team1Selector }));
  const nodes = (): Node[] => [labeledNode('node1', { region: 'China' }), labeledNode('node2', { region: 'India' }), labeledNode('node3', { az: 'az1' })];
  const existing = (): Pod[] => [hardPodAffinity(pod().node('node1')).obj(), hardPodAffinity(pod().node('node2')).obj()];
  const cases: { name: string; ns: string; weight: number; want?: Record<string, number> }[] = [
    { name: 'with default weight', ns: NS, weight: 1, want: { node1: 100, node2: 100, node3: 0 } },
    { name: 'with zero weight', ns: NS, weight: 0 },
    { name: 'with no matching namespace', ns: 'subteam1.team2', weight: 1 },
    { name: 'with matching NamespaceSelector', ns: 'subteam1.team1', weight: 1, want: { node1: 100, node2: 100, node3: 0 } },
    { name: 'with matching Namespaces', ns: 'subteam2.team2', weight: 1, want: { node1: 100, node2: 100, node3: 0 } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { cluster, plugin } = setup(nodes(), existing(), { hardPodAffinityWeight: c.weight });
      const got = scoresByName(plugin, cluster, pod().namespace(c.ns).label('service', 'S1').obj());
      expect(got.skipped).toBe(c.want === undefined);
      if (c.want) expect(got.scores).toEqual(c.want);
    });
  }
});

describe('NormalizeScore arithmetic (scoring.go NormalizeScore)', () => {
  it('divides before multiplying by 100 and truncates: raw {0, 29, 100} → {0, 28, 100}', () => {
    // 100 * (29/100) = 28.999999999999996 in float64, truncated to 28.
    const nodes = ['n0', 'n29', 'n100'].map((name) => labeledNode(name, { host: name }));
    const existing = [
      ...Array.from({ length: 29 }, () => pod().node('n29').label('app', 'x').obj()),
      ...Array.from({ length: 100 }, () => pod().node('n100').label('app', 'x').obj()),
    ];
    const { cluster, plugin } = setup(nodes, existing);
    const incoming = pod().podAffinityIn('app', 'host', ['x'], 'preferred', 1).obj();
    const run = runScorePlugin(plugin, cluster, newPodInfo(incoming));
    expect(run.raw).toEqual([0, 29, 100]);
    expect(run.normalized).toEqual([0, 28, 100]);
  });
  it('uses the true minimum when every raw score is negative', () => {
    const nodes = ['a', 'b'].map((name) => labeledNode(name, { host: name }));
    const existing = [pod().node('a').label('app', 'x').obj(), pod().node('b').label('app', 'x').obj(), pod().node('b').label('app', 'x').obj()];
    const { cluster, plugin } = setup(nodes, existing);
    const incoming = pod().podAntiAffinityIn('app', 'host', ['x'], 'preferred', 3).obj();
    const run = runScorePlugin(plugin, cluster, newPodInfo(incoming));
    expect(run.raw).toEqual([-3, -6]);
    expect(run.normalized).toEqual([100, 0]);
  });
});

describe('PreFilter extensions with nominated pods', () => {
  it('an added pod carrying required anti-affinity blocks its topology domain; removing it restores the node', () => {
    const nodes = [labeledNode('a', { zone: 'z1' }), labeledNode('b', { zone: 'z2' })];
    const { cluster, plugin } = setup(nodes, [pod().node('b').podAntiAffinityIn('app', 'zone', ['web']).obj()]);
    const incoming = newPodInfo(pod().label('app', 'web').obj());
    const cycle = new CycleState();
    expect(plugin.preFilter!(cycle, incoming)).toBeNull();
    const a = cluster.nodes.get('a')!;
    expect(plugin.filter!(cycle, incoming, a)).toBeNull();
    const nominated = newPodInfo(pod().node('a').podAntiAffinityIn('app', 'zone', ['web']).obj());
    plugin.addPod!(cycle, incoming, nominated, a);
    expect(view(plugin.filter!(cycle, incoming, a))).toEqual(unsched(EXISTING));
    plugin.removePod!(cycle, incoming, nominated, a);
    expect(plugin.filter!(cycle, incoming, a)).toBeNull();
  });
});
