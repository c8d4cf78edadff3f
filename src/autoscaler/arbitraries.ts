/**
 * fast-check arbitraries for property tests of node autoscaling through the library: node groups,
 * a pending workload, and a whole in-memory scenario ready for runScenario.
 */
import fc from 'fast-check';
import { DEFAULT_AUTOSCALING_OPTIONS, type AutoscalingOptions, type NodeGroupConfig } from './options.ts';
import type { Deployment } from '../model/types.ts';
import type { Scenario, ScenarioEvent } from '../scenario/types.ts';
import { DEFAULT_HPA_SETTINGS, DEFAULT_NODE_LIFECYCLE } from '../scenario/defaults.ts';

/** A node group: sizes 0–20 with minSize ≤ initialSize ≤ maxSize, 1–16 CPUs, a price, a provisioning delay. */
export function nodeGroupConfig(name: string): fc.Arbitrary<NodeGroupConfig> {
  return fc
    .record({
      minSize: fc.integer({ min: 0, max: 3 }),
      span: fc.integer({ min: 0, max: 17 }),
      initial: fc.integer({ min: 0, max: 3 }),
      cpu: fc.constantFrom(1, 2, 4, 8, 16),
      memGi: fc.constantFrom(4, 8, 16, 32, 64),
      price: fc.constantFrom(0, 0.05, 0.1, 0.2, 0.4),
      delay: fc.integer({ min: 0, max: 300 }),
    })
    .map((g) => {
      const maxSize = g.minSize + g.span;
      return {
        name,
        minSize: g.minSize,
        maxSize,
        initialSize: Math.min(maxSize, g.minSize + g.initial),
        zones: ['zone-a', 'zone-b'],
        template: { apiVersion: 'v1', kind: 'Node', metadata: { labels: {} }, spec: {}, status: { allocatable: { cpu: String(g.cpu), memory: `${g.memGi}Gi`, pods: '110' }, capacity: { cpu: String(g.cpu), memory: `${g.memGi}Gi`, pods: '110' } } },
        price: g.price,
        provisioning: { delay: { type: 'fixed', value: g.delay }, readyAfter: 10, failureProbability: 0, failureMode: 'error', outOfCapacity: [] },
      } satisfies NodeGroupConfig;
    });
}

/** Up to four node groups named ng-0, ng-1, … */
export function nodeGroupConfigs(): fc.Arbitrary<NodeGroupConfig[]> {
  return fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => nodeGroupConfig(`ng-${i}`))));
}

/** A Deployment `app` of `replicas` pods requesting `cpu` millicores and `memMi` MiB each. */
export function deployment(replicas: number, cpu: number, memMi: number): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'default', uid: 'app-uid', generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'app' } },
      template: { metadata: { labels: { app: 'app' } }, spec: { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: `${cpu}m`, memory: `${memMi}Mi` } } }] } },
    },
  } as Deployment;
}

/** Options of {@link autoscalerScenario}. */
export interface AutoscalerScenarioInput {
  nodeGroups: NodeGroupConfig[];
  replicas: number;
  cpu: number;
  memMi: number;
  /** Scale the Deployment to 0 at this time (scale-down), if given. */
  scaleToZeroAt?: number;
  duration?: number;
  options?: Partial<AutoscalingOptions>;
  seed?: number;
}

/** An in-memory scenario: the node groups, a Deployment, the autoscaler with `options`. */
export function autoscalerScenario(input: AutoscalerScenarioInput): Scenario {
  const duration = input.duration ?? 3600;
  const events: ScenarioEvent[] =
    input.scaleToZeroAt === undefined ? [] : [{ at: input.scaleToZeroAt, index: 0, action: { type: 'scale', target: { kind: 'Deployment', namespace: 'default', name: 'app' }, replicas: 0 } }];
  return {
    name: 'autoscaler-property',
    description: '',
    file: '<autoscalerScenario>',
    seed: input.seed ?? 1,
    duration,
    tick: 1,
    sampleEvery: 60,
    nodeGroups: [],
    autoscaledNodeGroups: input.nodeGroups,
    objects: [deployment(input.replicas, input.cpu, input.memMi)],
    notSimulated: {},
    scheduler: { plugins: [] },
    workloads: [],
    events,
    controllers: {
      hpa: { ...DEFAULT_HPA_SETTINGS },
      nodeLifecycle: { ...DEFAULT_NODE_LIFECYCLE },
      clusterAutoscaler: { ...DEFAULT_AUTOSCALING_OPTIONS, expander: [...DEFAULT_AUTOSCALING_OPTIONS.expander], ...(input.options ?? {}) },
    },
    expect: [],
  };
}

/** A whole autoscaler scenario: groups, a workload of 1–60 pods of 100m–6 CPUs, maybe a scale to zero. */
export function autoscalerScenarioInput(): fc.Arbitrary<AutoscalerScenarioInput> {
  return fc.record({
    nodeGroups: nodeGroupConfigs(),
    replicas: fc.integer({ min: 1, max: 60 }),
    cpu: fc.constantFrom(100, 250, 500, 1000, 3000, 6000),
    memMi: fc.constantFrom(64, 512, 2048, 8192),
    scaleToZeroAt: fc.option(fc.constantFrom(900, 1800), { nil: undefined }),
    options: fc.record({ maxNodesTotal: fc.constantFrom(0, 5, 20), expander: fc.constantFrom(['least-waste'], ['most-pods'], ['least-nodes'], ['random'], ['price']) }),
    seed: fc.integer({ min: 0, max: 1000 }),
  });
}
