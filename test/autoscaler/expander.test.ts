/**
 * Expander tests, ported from cluster-autoscaler 1.35 expander/{waste,mostpods,leastnodes,random,
 * priority,price,factory}/*_test.go (case names as upstream's).
 */
import { describe, expect, it } from 'vitest';
import {
  buildExpander,
  leastNodesBestOptions,
  leastWasteBestOptions,
  mostPodsBestOptions,
  newChainStrategy,
  parseExpanderFlag,
  parsePrioritiesYAMLString,
  priceBestOptions,
  priorityBestOptions,
  randomBestOption,
  simpleNodeUnfitness,
  simplePreferredNode,
  simplePricingModel,
  type ExpanderFilter,
  type ExpanderStrategy,
  type PriorityConfigMap,
  type PricingModel,
} from '../../src/autoscaler/expander/index.ts';
import { buildPreferredNode, defaultPreferredNode, GiB, MiB } from '../../src/autoscaler/expander/price.ts';
import { compileGoRegexp } from '../../src/autoscaler/expander/priority.ts';
import type { ExpansionOption, NodeInfoData } from '../../src/autoscaler/types.ts';
import { milliValueOf } from '../../src/model/quantity.ts';
import type { Node, Pod } from '../../src/model/types.ts';

function option(debug: string, extra: Partial<ExpansionOption> = {}): ExpansionOption {
  return { nodeGroup: '', similarNodeGroups: [], nodeCount: 0, debug, pods: [], ...extra };
}

/** utils/test BuildTestNode: pods 100, cpu in milli, memory in bytes; allocatable = capacity. */
function buildTestNode(name: string, millicpu: number, mem: number): Node {
  const capacity: Record<string, string> = { pods: '100' };
  if (millicpu >= 0) capacity.cpu = `${millicpu}m`;
  if (mem >= 0) capacity.memory = `${mem}`;
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: {} }, status: { capacity, allocatable: { ...capacity } } };
}

/** utils/test BuildTestPod. */
function buildTestPod(name: string, cpu: number, mem: number): Pod {
  const requests: Record<string, string> = {};
  if (cpu >= 0) requests.cpu = `${cpu}m`;
  if (mem >= 0) requests.memory = `${mem}`;
  return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default', name }, spec: { containers: [{ name: '', resources: { requests } }] } };
}

function nodeInfo(node: Node, pods: Pod[] = []): NodeInfoData {
  return { node, pods };
}

/** A stream of fixed values in [0, 1). */
function seq(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length];
}

describe('least-waste (waste_test.go)', () => {
  it('TestLeastWaste', () => {
    const cpuPerPod = 500;
    const memoryPerPod = 1000 * 1024 * 1024;
    const makeNodeInfo = (cpu: number, memory: number, pods: number): NodeInfoData =>
      nodeInfo({ apiVersion: 'v1', kind: 'Node', metadata: {}, status: { capacity: { cpu: `${cpu}m`, memory: `${memory}`, pods: `${pods}` } } });
    const nodeMap = new Map<string, NodeInfoData>([['balanced', makeNodeInfo(16 * cpuPerPod, 16 * memoryPerPod, 100)]]);
    let balancedOption = option('', { nodeGroup: 'balanced', nodeCount: 1 });
    // Test without any pods, one node info.
    expect(leastWasteBestOptions([balancedOption], nodeMap)).toEqual([balancedOption]);

    const pod = buildTestPod('', cpuPerPod, memoryPerPod);
    // Test with one pod, one node info.
    balancedOption = { ...balancedOption, pods: [pod] };
    expect(leastWasteBestOptions([balancedOption], nodeMap)).toEqual([balancedOption]);

    // Test with one pod, two node infos, one that has lots of RAM one that has less.
    nodeMap.set('highmem', makeNodeInfo(16 * cpuPerPod, 32 * memoryPerPod, 100));
    const highmemOption = option('', { nodeGroup: 'highmem', nodeCount: 1, pods: [pod] });
    expect(leastWasteBestOptions([balancedOption, highmemOption], nodeMap)).toEqual([balancedOption]);

    // Test with one pod, three node infos, one that has lots of RAM one that has less, and one that has less CPU.
    nodeMap.set('lowcpu', makeNodeInfo(8 * cpuPerPod, 16 * memoryPerPod, 100));
    const lowcpuOption = option('', { nodeGroup: 'lowcpu', nodeCount: 1, pods: [pod] });
    expect(leastWasteBestOptions([balancedOption, highmemOption, lowcpuOption], nodeMap)).toEqual([lowcpuOption]);
  });

  it('skips an option without node info and keeps ties (kubesim)', () => {
    const nodeMap = new Map([['a', nodeInfo(buildTestNode('a', 1000, 1000))], ['b', nodeInfo(buildTestNode('b', 1000, 1000))]]);
    const a = option('a', { nodeGroup: 'a', nodeCount: 1 });
    const b = option('b', { nodeGroup: 'b', nodeCount: 1 });
    const missing = option('x', { nodeGroup: 'x', nodeCount: 1 });
    expect(leastWasteBestOptions([missing, a, b], nodeMap)).toEqual([a, b]);
    expect(leastWasteBestOptions([missing], nodeMap)).toEqual([]);
  });
});

describe('most-pods (mostpods_test.go)', () => {
  it('TestMostPods', () => {
    const eo0 = option('EO0');
    expect(mostPodsBestOptions([eo0])).toEqual([eo0]);
    const p = buildTestPod('p', 0, 0);
    const eo1 = option('EO1', { pods: [p] });
    expect(mostPodsBestOptions([eo0, eo1])).toEqual([eo1]);
    const eo1b = option('EO1b', { pods: [p] });
    const ret = mostPodsBestOptions([eo0, eo1, eo1b]);
    expect(ret).not.toEqual([eo0]);
    expect(ret).toEqual([eo1, eo1b]);
  });
});

describe('least-nodes (leastnodes_test.go)', () => {
  const cases: { name: string; expansionOptions: ExpansionOption[]; expected: ExpansionOption[] }[] = [
    { name: 'no options', expansionOptions: [], expected: [] },
    { name: 'no valid options', expansionOptions: [option('EO0', { nodeCount: 0 })], expected: [] },
    { name: '1 valid option', expansionOptions: [option('EO0', { nodeCount: 2 })], expected: [option('EO0', { nodeCount: 2 })] },
    {
      name: '2 valid options, not equal',
      expansionOptions: [option('EO0', { nodeCount: 2 }), option('EO1', { nodeCount: 1 })],
      expected: [option('EO1', { nodeCount: 1 })],
    },
    {
      name: '3 valid options, 2 equal',
      expansionOptions: [option('EO0', { nodeCount: 6 }), option('EO1', { nodeCount: 2 }), option('EO2', { nodeCount: 2 })],
      expected: [option('EO1', { nodeCount: 2 }), option('EO2', { nodeCount: 2 })],
    },
    {
      name: '3 valid options, all equal',
      expansionOptions: [option('EO0', { nodeCount: 8 }), option('EO1', { nodeCount: 8 }), option('EO2', { nodeCount: 8 })],
      expected: [option('EO0', { nodeCount: 8 }), option('EO1', { nodeCount: 8 }), option('EO2', { nodeCount: 8 })],
    },
    {
      name: '6 valid options, 1 invalid option, 3 equal',
      expansionOptions: [23, 0, 5, 8, 5, 5, 22].map((n, i) => option(`EO${i}`, { nodeCount: n })),
      expected: [option('EO2', { nodeCount: 5 }), option('EO4', { nodeCount: 5 }), option('EO5', { nodeCount: 5 })],
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      expect(leastNodesBestOptions(tc.expansionOptions)).toEqual(tc.expected);
    });
  }
});

describe('random (random_test.go)', () => {
  it('TestRandomExpander', () => {
    const eo1a = option('EO1a');
    expect(randomBestOption([eo1a], undefined, seq(0.99))).toBe(eo1a);
    const eo1b = option('EO1b');
    expect(randomBestOption([eo1a, eo1b], undefined, seq(0.2))).toBe(eo1a);
    expect(randomBestOption([eo1a, eo1b], undefined, seq(0.7))).toBe(eo1b);
    expect(randomBestOption([], undefined, seq(0.5))).toBeUndefined();
  });
});

describe('priority (priority_test.go)', () => {
  const config = `
5:
  - ".*t2\\\\.micro.*"
10: 
  - ".*t2\\\\.large.*"
  - ".*t3\\\\.large.*"
50: 
  - ".*m4\\\\.4xlarge.*"
`;
  const oneEntryConfig = `
10: 
  - ".*t2\\\\.large.*"
`;
  const wildcardMatchConfig = `
5:
  - ".*"
10:
  - ".t2\\\\.large.*"
`;
  const eoT2Micro = option('t2.micro', { nodeGroup: 'my-asg.t2.micro' });
  const eoT2Large = option('t2.large', { nodeGroup: 'my-asg.t2.large' });
  const eoT3Large = option('t3.large', { nodeGroup: 'my-asg.t3.large' });
  const eoM44XLarge = option('m4.4xlarge', { nodeGroup: 'my-asg.m4.4xlarge' });
  const cm = (priorities: string): PriorityConfigMap => ({
    metadata: { namespace: 'default', name: 'cluster-autoscaler-priority-expander' },
    data: { priorities },
  });
  const best = (c: string, options: ExpansionOption[]) => priorityBestOptions(options, undefined, cm(c));
  const groupNotFound = (group: string) =>
    `Warning PriorityConfigMapNotMatchedGroup Priority expander: node group ${group} not found in priority expander configuration. The group won't be used.`;
  const asRecorded = (e: { type: string; reason: string; message: string }) => `${e.type} ${e.reason} ${e.message}`;

  it('the config string decodes to upstream priorities', () => {
    const parsed = parsePrioritiesYAMLString(config);
    expect(parsed.error).toBeUndefined();
    expect([...parsed.priorities!.entries()].map(([p, res]) => [p, res.map((r) => r.source)])).toEqual([
      [5, ['.*t2\\.micro.*']],
      [10, ['.*t2\\.large.*', '.*t3\\.large.*']],
      [50, ['.*m4\\.4xlarge.*']],
    ]);
  });

  it('TestPriorityExpanderCorrecltyFiltersSingleMatchingOptionOutOfOne', () => {
    expect(best(config, [eoT2Large]).options).toEqual([eoT2Large]);
  });

  it('TestPriorityExpanderCorrecltyFiltersSingleMatchingOptionOutOfMany', () => {
    expect(best(config, [eoT2Large, eoM44XLarge]).options).toEqual([eoM44XLarge]);
  });

  it('TestPriorityExpanderFiltersToHigherPriorityMatch', () => {
    expect(best(wildcardMatchConfig, [eoT2Large, eoT2Micro]).options).toEqual([eoT2Large]);
  });

  it('TestPriorityExpanderCorrecltyFiltersTwoMatchingOptionsOutOfMany', () => {
    expect(best(config, [eoT2Large, eoT3Large, eoT2Micro]).options).toEqual([eoT2Large, eoT3Large]);
  });

  it('TestPriorityExpanderCorrecltyFallsBackToAllWhenNoMatches', () => {
    expect(best(config, [eoT2Large, eoT3Large]).options).toEqual([eoT2Large, eoT3Large]);
  });

  it('TestPriorityExpanderCorrecltyHandlesConfigUpdate', () => {
    let res = best(oneEntryConfig, [eoT2Large, eoT3Large, eoM44XLarge]);
    expect(res.options).toEqual([eoT2Large]);
    expect(res.events.map(asRecorded)).toEqual([groupNotFound(eoT3Large.nodeGroup), groupNotFound(eoM44XLarge.nodeGroup)]);
    expect(res.configLoaded).toBe(true);
    res = best(config, [eoT2Large, eoT3Large, eoM44XLarge]);
    expect(res.configLoaded).toBe(true); // okConfigUpdates == 2 over both calls
    expect(res.options).toEqual([eoM44XLarge]);
  });

  it('TestPriorityExpanderCorrecltySkipsBadChangeConfig', () => {
    const res = best('', [eoT2Large, eoT3Large, eoM44XLarge]);
    expect(res.configLoaded).toBe(false);
    expect(res.events).toHaveLength(1); // badConfigUpdates == 1
    expect(asRecorded(res.events[0])).toBe(
      'Warning PriorityConfigMapInvalid Wrong configuration for priority expander: priority configuration in cluster-autoscaler-priority-expander configmap is empty; please provide valid configuration. Ignoring update.',
    );
    expect(res.options).toEqual([eoT2Large, eoT3Large, eoM44XLarge]);
  });

  it('notMatchingConfig: no group matches, every option kept with a NoGroupMatched warning', () => {
    const notMatchingConfig = '\n5:\n  - ".*t\\\\.micro.*"\n10: \n  - ".*t\\\\.large.*"\n';
    const res = best(notMatchingConfig, [eoT2Large, eoT3Large]);
    expect(res.options).toEqual([eoT2Large, eoT3Large]);
    expect(res.events.map((e) => e.reason)).toEqual(['PriorityConfigMapNotMatchedGroup', 'PriorityConfigMapNotMatchedGroup', 'PriorityConfigMapNoGroupMatched']);
  });

  it('configWarnParseMsg: YAML that does not parse is an error, options unfiltered', () => {
    const res = best('5: [".*"\n10: x', [eoT2Large, eoT3Large]);
    expect(res.options).toEqual([eoT2Large, eoT3Large]);
    expect(res.error).toContain("Can't parse YAML with priorities in the configmap");
    expect(res.events[0].reason).toBe('PriorityConfigMapInvalid');
    expect(parsePrioritiesYAMLString('5: ".*"').error).toContain("Can't parse YAML with priorities in the configmap");
    expect(parsePrioritiesYAMLString('high: [".*"]').error).toContain("Can't parse YAML with priorities in the configmap");
  });

  it('a regexp that fails to compile rejects the whole configuration (kubesim)', () => {
    const parsed = parsePrioritiesYAMLString('10:\n  - ".*t2.*"\n20:\n  - "(unclosed"\n');
    expect(parsed.error).toMatch(/^Can't compile regexp rule for priority 20 and rule \(unclosed: error parsing regexp: /);
    const res = best('10:\n  - ".*t2.*"\n20:\n  - "(?=x)"\n', [eoT2Large, eoT3Large]);
    expect(res.options).toEqual([eoT2Large, eoT3Large]);
    expect(res.events[0].message).toBe(
      "Wrong configuration for priority expander: Can't compile regexp rule for priority 20 and rule (?=x): error parsing regexp: invalid or unsupported Perl syntax: `(?=`. Ignoring update.",
    );
  });

  it('RE2 syntax is translated (kubesim)', () => {
    expect((compileGoRegexp('(?i)^MY-(?P<size>t2)\\z') as RegExp).test('my-t2')).toBe(true);
    expect(compileGoRegexp('(a)\\1')).toBe('error parsing regexp: invalid escape sequence: `\\1`');
    const posix = compileGoRegexp('^ng-[[:digit:]]+[[:^x:]]?$');
    expect(posix).toBe('error parsing regexp: invalid character class range: `[:^x:]`');
    expect((compileGoRegexp('^ng-[[:digit:]]+$') as RegExp).test('ng-42')).toBe(true);
    expect((compileGoRegexp('^ng-[[:digit:]]+$') as RegExp).test('ng-4a')).toBe(false);
  });

  it('missing ConfigMap or key: all options, error (kubesim)', () => {
    expect(priorityBestOptions([eoT2Large], undefined, undefined)).toMatchObject({ options: [eoT2Large], events: [] });
    const res = priorityBestOptions([eoT2Large], undefined, { data: {} });
    expect(res.options).toEqual([eoT2Large]);
    expect(res.events[0].message).toBe("Wrong configmap for priority expander, doesn't contain priorities key. Ignoring update.");
  });
});

describe('price (price_test.go, preferred_test.go)', () => {
  /** price_test.go testPricingModel: prices by node / pod name, an error for any other. */
  function testPricingModel(podPrice: Record<string, number>, nodePrice: Record<string, number>): PricingModel {
    return {
      nodePrice(node) {
        const name = node.metadata.name ?? '';
        if (name in nodePrice) return nodePrice[name];
        throw new Error(`price for node ${name} not found`);
      },
      podPrice(pod) {
        const name = pod.metadata.name ?? '';
        if (name in podPrice) return podPrice[name];
        throw new Error(`price for pod ${name} not found`);
      },
    };
  }
  const optionsToDebug = (options: ExpansionOption[]) => options.map((o) => o.debug.split(' ')[0]);

  it('TestPriceExpander', () => {
    const n1 = buildTestNode('n1', 1000, 1000);
    const n2 = buildTestNode('n2', 4000, 1000);
    const n3 = buildTestNode('n3', 4000, 1000);
    const p1 = buildTestPod('p1', 1000, 0);
    const p2 = buildTestPod('p2', 500, 0);
    const nodeInfosForGroups = new Map<string, NodeInfoData>([
      ['ng1', nodeInfo(n1)],
      ['ng2', nodeInfo(n2)],
    ]);
    const exists = (id: string) => id !== 'autoprovisioned-MT1';
    const filter = (pm: PricingModel, preferred: Node, opts: ExpansionOption[]) =>
      priceBestOptions(opts, nodeInfosForGroups, { pricing: pm, preferredNode: preferred, nodeUnfitness: simpleNodeUnfitness, nodeGroupExists: exists });
    const pods = { p1: 20.0, p2: 10.0, stabilize: 10 };

    // All node groups accept the same set of pods.
    const options = [
      option('ng1', { nodeGroup: 'ng1', nodeCount: 2, pods: [p1, p2] }),
      option('ng2', { nodeGroup: 'ng2', nodeCount: 1, pods: [p1, p2] }),
    ];
    // First node group is cheaper.
    expect(optionsToDebug(filter(testPricingModel(pods, { n1: 20.0, n2: 200.0 }), buildPreferredNode(2000, GiB), options))).toEqual(['ng1']);
    // First node group is cheaper, however, the second one is preferred.
    expect(optionsToDebug(filter(testPricingModel(pods, { n1: 50.0, n2: 200.0 }), buildPreferredNode(4000, GiB), options))).toEqual(['ng2']);

    // All node groups accept the same set of pods. Lots of nodes.
    const options1b = [
      option('ng1', { nodeGroup: 'ng1', nodeCount: 80, pods: [p1, p2] }),
      option('ng2', { nodeGroup: 'ng2', nodeCount: 40, pods: [p1, p2] }),
    ];
    // First node group is cheaper, the second is preferred but there is lots of nodes to be created.
    expect(optionsToDebug(filter(testPricingModel(pods, { n1: 20.0, n2: 200.0 }), buildPreferredNode(4000, GiB), options1b))).toEqual(['ng1']);
    // Second node group is cheaper.
    expect(optionsToDebug(filter(testPricingModel(pods, { n1: 200.0, n2: 100.0 }), buildPreferredNode(2000, GiB), options))).toEqual(['ng2']);

    // First group accept 1 pod and second accepts 2.
    const options2 = [
      option('ng1', { nodeGroup: 'ng1', nodeCount: 2, pods: [p1] }),
      option('ng2', { nodeGroup: 'ng2', nodeCount: 1, pods: [p1, p2] }),
    ];
    // Both node groups are equally expensive. However 2 accept two pods.
    expect(optionsToDebug(filter(testPricingModel(pods, { n1: 200.0, n2: 200.0 }), buildPreferredNode(2000, GiB), options2))).toEqual(['ng2']);
    // Errors are expected.
    expect(filter(testPricingModel({}, {}), buildPreferredNode(2000, GiB), options2)).toEqual([]);

    // Add node info for autoprovisioned group.
    nodeInfosForGroups.set('autoprovisioned-MT1', nodeInfo(n3));
    // First group accept 1 pod, second accepts 2 and third accepts 2 (non-existent autoprovisioned).
    const options3 = [...options2, option('ng3', { nodeGroup: 'autoprovisioned-MT1', nodeCount: 1, pods: [p1, p2] })];
    // Choose existing group when non-existing has the same price.
    expect(optionsToDebug(filter(testPricingModel(pods, { n1: 200.0, n2: 200.0, n3: 200.0 }), buildPreferredNode(2000, GiB), options3))).toEqual(['ng2']);
    // Choose non-existing group when non-existing is cheaper.
    expect(optionsToDebug(filter(testPricingModel(pods, { n1: 200.0, n2: 200.0, n3: 90.0 }), buildPreferredNode(2000, GiB), options3))).toEqual(['ng3']);
  });

  it('debug text and dropped similar groups as upstream (kubesim)', () => {
    const nodeInfos = new Map([['ng1', nodeInfo(buildTestNode('n1', 1000, 1000))]]);
    const [best] = priceBestOptions(
      [option('ng1', { nodeGroup: 'ng1', nodeCount: 2, pods: [buildTestPod('p1', 1000, 0)], similarNodeGroups: ['ng9'] })],
      nodeInfos,
      { pricing: testPricingModel({ p1: 20, stabilize: 10 }, { n1: 20 }), preferredNode: buildPreferredNode(2000, GiB) },
    );
    // (40 + 10) / (20 + 10) = 1.666667; unfitness 2, suppressed (2-1)*(1-tanh(1/15))+1
    const suppressed = (1 - Math.tanh(1 / 15)) + 1;
    expect(best.debug).toBe(
      `ng1 | price-expander: all_nodes_price=40.000000 pods_price=20.000000 stabilized_ratio=1.666667 unfitness=2.000000 suppressed=${suppressed.toFixed(6)} final_score=${(suppressed * 50 / 30).toFixed(6)}`,
    );
    expect(best.similarNodeGroups).toEqual([]);
  });

  it('a GPU node group gets unfitness 1000 (kubesim)', () => {
    const gpuNode = buildTestNode('g', 1000, 1000);
    gpuNode.status!.allocatable!['nvidia.com/gpu'] = '1';
    const nodeInfos = new Map([['gpu', nodeInfo(gpuNode)], ['cpu', nodeInfo(buildTestNode('c', 1000, 1000))]]);
    const pm = testPricingModel({ p: 1, stabilize: 1 }, { g: 1, c: 100 });
    const opts = [option('gpu', { nodeGroup: 'gpu', nodeCount: 1, pods: [buildTestPod('p', 1, 0)] }), option('cpu', { nodeGroup: 'cpu', nodeCount: 1, pods: [buildTestPod('p', 1, 0)] })];
    expect(optionsToDebug(priceBestOptions(opts, nodeInfos, { pricing: pm, preferredNode: buildPreferredNode(1000, GiB) }))).toEqual(['cpu']);
  });

  it('TestPreferredNode', () => {
    for (const [currentNodes, expectedNodeSize] of [[1, 1], [3, 2], [9, 4], [27, 8], [81, 16], [243, 32], [500, 32]]) {
      const cpu = simplePreferredNode(currentNodes).status!.capacity!.cpu!;
      expect(milliValueOf(cpu) / 1000).toBe(expectedNodeSize);
    }
    expect(simplePreferredNode(3).status!.capacity!.memory).toBe(`${7500 * MiB}`);
    expect(defaultPreferredNode.status!.capacity).toEqual({ pods: '100', cpu: '4000m', memory: `${16 * GiB}` });
  });

  it('TestSimpleNodeUnfitness', () => {
    const n1 = buildTestNode('n1', 1000, 1000);
    const n2 = buildTestNode('n2', 2000, 2000);
    expect(simpleNodeUnfitness(n1, n2)).toBe(2.0);
    expect(simpleNodeUnfitness(n2, n1)).toBe(2.0);
    expect(simpleNodeUnfitness(n1, n1)).toBe(1.0);
  });

  it('simplePricingModel: node price by group and hours, pod price as a share of the cheapest shape (kubesim)', () => {
    const small = buildTestNode('small-template', 2000, 4 * GiB);
    const big = buildTestNode('big-template', 8000, 32 * GiB);
    const groupOf = (n: Node) => (n.metadata.name ?? '').split('-')[0];
    const pm = simplePricingModel(
      [
        { nodeGroup: 'small', pricePerHour: 0.1, template: small },
        { nodeGroup: 'big', pricePerHour: 0.32, template: big },
      ],
      groupOf,
    );
    expect(pm.nodePrice(small, 0, 7200)).toBeCloseTo(0.2, 12);
    expect(() => pm.nodePrice(buildTestNode('other', 1, 1), 0, 3600)).toThrow('price for node other not found');
    // 1 CPU, 2 GiB: small → 0.1 × (0.5 + 0.5) / 2 = 0.05; big → 0.32 × (0.125 + 0.0625) / 2 = 0.03
    expect(pm.podPrice(buildTestPod('p', 1000, 2 * GiB), 0, 3600)).toBeCloseTo(0.03, 12);
    expect(simplePricingModel([], groupOf).podPrice(buildTestPod('p', 1000, 0), 0, 3600)).toBe(0);
  });
});

describe('chain (chain_test.go)', () => {
  /** chain_test.go substringTestFilterStrategy. */
  function substringFilter(substring: string): ExpanderFilter & ExpanderStrategy {
    const bestOptions = (opts: readonly ExpansionOption[]) => opts.filter((o) => o.debug.includes(substring));
    return { bestOptions, bestOption: (opts) => bestOptions(opts)[0] };
  }
  const cases: { name: string; filters: ExpanderFilter[]; fallback: ExpanderStrategy; options: ExpansionOption[]; expected: ExpansionOption | undefined }[] = [
    { name: 'selects with no filters', filters: [], fallback: substringFilter('a'), options: [option('b'), option('a')], expected: option('a') },
    { name: 'filters with one filter', filters: [substringFilter('a')], fallback: substringFilter('b'), options: [option('ab'), option('b')], expected: option('ab') },
    {
      name: 'filters with multiple filters',
      filters: [substringFilter('a'), substringFilter('b')],
      fallback: substringFilter('x'),
      options: [option('xab'), option('xa'), option('x')],
      expected: option('xab'),
    },
    {
      name: 'selects from multiple after filters',
      filters: [substringFilter('x')],
      fallback: substringFilter('a'),
      options: [option('xc'), option('xaa'), option('xab')],
      expected: option('xaa'),
    },
    { name: 'short circuits', filters: [substringFilter('a'), substringFilter('b')], fallback: substringFilter('x'), options: [option('a')], expected: option('a') },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      expect(newChainStrategy(tc.filters, tc.fallback).bestOption(tc.options, new Map())).toEqual(tc.expected);
    });
  }
});

describe('factory (expander_factory.go Build)', () => {
  const rng = seq(0.99);
  it('default flag is least-waste; names split on commas', () => {
    expect(parseExpanderFlag()).toEqual(['least-waste']);
    expect(parseExpanderFlag('priority,least-waste')).toEqual(['priority', 'least-waste']);
  });

  it('chains filters and breaks ties with the rng', () => {
    const e = buildExpander(['least-nodes', 'most-pods'], { rng });
    const p = buildTestPod('p', 1, 1);
    const a = option('a', { nodeCount: 1, pods: [p] });
    const b = option('b', { nodeCount: 1, pods: [p] });
    const c = option('c', { nodeCount: 2, pods: [p, p] });
    expect(e.bestOption([a, c, b], new Map())).toBe(b); // least-nodes keeps a, b; most-pods ties; rng 0.99 → last
    expect(buildExpander(['least-nodes'], { rng: seq(0) }).bestOption([a, c, b], new Map())).toBe(a);
    expect(e.bestOption([], new Map())).toBeUndefined();
  });

  it('priority reads the ConfigMap on every call and reports events', () => {
    let data = '10:\n  - ^b$\n';
    const events: string[] = [];
    const e = buildExpander(['priority'], { rng, priorityConfigMap: () => ({ data: { priorities: data } }), onPriorityEvent: (ev) => events.push(ev.reason) });
    const a = option('a', { nodeGroup: 'a' });
    const b = option('b', { nodeGroup: 'b' });
    expect(e.bestOption([a, b], new Map())).toBe(b);
    expect(events).toEqual(['PriorityConfigMapNotMatchedGroup']);
    data = '10:\n  - ^a$\n';
    expect(e.bestOption([a, b], new Map())).toBe(a);
  });

  it('rejects duplicates, names after random, unknown names and price without pricing', () => {
    expect(() => buildExpander(['most-pods', 'most-pods'], { rng })).toThrow(
      'Expander most-pods was specified multiple times, each expander must not be specified more than once',
    );
    expect(() => buildExpander(['random', 'most-pods'], { rng })).toThrow(
      'Expander most-pods came after an expander random that will always return only one result, this is not allowed since most-pods will never be used',
    );
    expect(() => buildExpander(['cheapest'], { rng })).toThrow(
      'Expander cheapest not supported; valid expanders: random, most-pods, least-waste, least-nodes, price, priority',
    );
    expect(() => buildExpander(['grpc'], { rng })).toThrow(/grpc not supported/);
    expect(() => buildExpander(['price'], { rng })).toThrow(/Couldn't access cloud provider pricing for price expander/);
  });
});
