/**
 * PodInfos of pods made from one template share what derives from the spec (requests, host
 * ports, compiled affinity terms and their lists, per namespace): each equals what a fresh
 * computation for that pod alone gives (fast-check), including terms with matchLabelKeys,
 * which depend on the pod's own labels and are not shared.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Labels } from '../../src/model/labels.ts';
import { compileAffinityTerm, newPodInfo, type AffinityTerm, type PodInfo } from '../../src/model/pod-info.ts';
import { podRequests } from '../../src/model/resources.ts';
import type { Pod, PodAffinityTerm, PodSpec } from '../../src/model/types.ts';

const SAMPLE_LABELS: Labels[] = [undefined, {}, { app: 'a' }, { app: 'b' }, { app: 'a', tier: 'web' }, { tier: 'db' }, { 'kubernetes.io/metadata.name': 'ns1' }];

/** What a compiled term does, comparable with toEqual (its matchers applied to sample labels). */
function behaviour(t: AffinityTerm & { weight?: number }): unknown {
  return {
    namespaces: [...t.namespaces].sort(),
    namespaceSelector: t.namespaceSelector === null ? null : SAMPLE_LABELS.map((l) => t.namespaceSelector!(l)),
    selector: SAMPLE_LABELS.map((l) => t.selector(l)),
    topologyKey: t.topologyKey,
    weight: t.weight,
  };
}

function fresh(pod: Pod): unknown {
  const ns = pod.metadata.namespace ?? 'default';
  const labels = pod.metadata.labels;
  const a = pod.spec.affinity;
  const req = (ts: PodAffinityTerm[] | undefined): unknown[] => (ts ?? []).map((t) => behaviour(compileAffinityTerm(t, ns, labels)));
  const pref = (ts: { weight: number; podAffinityTerm: PodAffinityTerm }[] | undefined): unknown[] =>
    (ts ?? []).map((t) => behaviour({ ...compileAffinityTerm(t.podAffinityTerm, ns, labels), weight: t.weight }));
  const nonZero = podRequests(pod, { nonZeroDefaults: true });
  return {
    requests: podRequests(pod),
    nonZero: [nonZero.milliCPU, nonZero.memory],
    terms: [
      req(a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
      req(a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
      pref(a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
      pref(a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    ],
  };
}

function shared(p: PodInfo): unknown {
  return {
    requests: p.requests,
    nonZero: [p.nonZeroMilliCPU, p.nonZeroMemory],
    terms: [p.requiredAffinityTerms, p.requiredAntiAffinityTerms, p.preferredAffinityTerms, p.preferredAntiAffinityTerms].map((ts) => ts.map((t) => behaviour(t))),
  };
}

const term: fc.Arbitrary<PodAffinityTerm> = fc.record(
  {
    labelSelector: fc.constantFrom({ matchLabels: { app: 'a' } }, { matchExpressions: [{ key: 'tier', operator: 'Exists' as const }] }, {}),
    topologyKey: fc.constantFrom('kubernetes.io/hostname', 'topology.kubernetes.io/zone'),
    namespaces: fc.constantFrom(undefined, [], ['ns1'], ['ns1', 'ns2']),
    namespaceSelector: fc.constantFrom(undefined, {}, { matchLabels: { 'kubernetes.io/metadata.name': 'ns1' } }),
    matchLabelKeys: fc.constantFrom(undefined, ['app'], ['tier']),
    mismatchLabelKeys: fc.constantFrom(undefined, ['tier']),
  },
  { requiredKeys: ['topologyKey'] },
);
const terms = fc.option(fc.array(term, { maxLength: 3 }), { nil: undefined });
const weighted = fc.option(fc.array(fc.record({ weight: fc.integer({ min: 1, max: 100 }), podAffinityTerm: term }), { maxLength: 3 }), { nil: undefined });

const spec: fc.Arbitrary<PodSpec> = fc.record({
  cpu: fc.constantFrom(undefined, '100m', '1', '250m'),
  mem: fc.constantFrom(undefined, '64Mi', '1Gi'),
  port: fc.constantFrom(undefined, 8080),
  paReq: terms,
  paaReq: terms,
  paPref: weighted,
  paaPref: weighted,
}).map(({ cpu, mem, port, paReq, paaReq, paPref, paaPref }) => ({
  containers: [{ name: 'c', resources: { requests: { ...(cpu ? { cpu } : {}), ...(mem ? { memory: mem } : {}) } }, ports: port ? [{ containerPort: port, hostPort: port }] : undefined }],
  affinity: {
    podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: paReq, preferredDuringSchedulingIgnoredDuringExecution: paPref },
    podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: paaReq, preferredDuringSchedulingIgnoredDuringExecution: paaPref },
  },
}));

describe('PodInfo of pods sharing a template', () => {
  it('equals a fresh computation for each pod', () => {
    fc.assert(
      fc.property(
        fc.array(spec, { minLength: 1, maxLength: 3 }),
        fc.array(fc.record({ tpl: fc.nat(), ns: fc.constantFrom('default', 'ns1', 'ns2'), labels: fc.constantFrom<Labels>(undefined, { app: 'a' }, { app: 'b', tier: 'web' }) }), { maxLength: 12 }),
        (specs, pods) => {
          for (const [i, x] of pods.entries()) {
            const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: x.ns, labels: x.labels }, spec: specs[x.tpl % specs.length] };
            const p = newPodInfo(pod);
            expect(shared(p)).toEqual(fresh(pod));
            expect(p.hostPorts).toEqual(pod.spec.containers[0].ports ? [{ ip: '0.0.0.0', protocol: 'TCP', port: 8080 }] : []);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('shares the term lists per template and namespace, not across namespaces or label-dependent terms', () => {
    const t: PodAffinityTerm = { labelSelector: { matchLabels: { app: 'a' } }, topologyKey: 'kubernetes.io/hostname' };
    const s: PodSpec = { containers: [], affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [t] } } };
    const mk = (name: string, ns: string, spec: PodSpec = s): PodInfo => newPodInfo({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels: { app: name } }, spec });
    expect(mk('a', 'x').requiredAntiAffinityTerms).toBe(mk('b', 'x').requiredAntiAffinityTerms);
    expect(mk('a', 'x').requiredAntiAffinityTerms).not.toBe(mk('a', 'y').requiredAntiAffinityTerms);
    const byKeys: PodSpec = { containers: [], affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ ...t, matchLabelKeys: ['app'] }] } } };
    const a = mk('a', 'x', byKeys);
    const b = mk('b', 'x', byKeys);
    expect(a.requiredAntiAffinityTerms).not.toBe(b.requiredAntiAffinityTerms);
    expect(a.requiredAntiAffinityTerms[0].selector({ app: 'a' })).toBe(true);
    expect(b.requiredAntiAffinityTerms[0].selector({ app: 'a' })).toBe(false);
  });
});
