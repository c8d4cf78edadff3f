/**
 * Errors a person can act on: each bad input names file:line:column, the object and the field
 * path, and is a UserError (exit code 2 in the CLI, no stack trace).
 */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/cli/errors.ts';
import { parseManifests } from '../../src/manifests/index.ts';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: nginx
        resources:
          requests:
            cpu: 250m
            memory: 64Mi
`;

interface Case {
  name: string;
  text: string;
  line: number;
  column?: number;
  object?: string;
  field?: string;
  message: RegExp;
}

const cases: Case[] = [
  {
    name: 'malformed YAML (unclosed flow sequence)',
    text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p\nspec: {}\n',
    line: 4,
    message: /invalid YAML/,
  },
  {
    name: 'duplicate key',
    text: 'apiVersion: v1\nkind: Pod\nkind: Pod\n',
    line: 3,
    message: /invalid YAML: duplicated mapping key/,
  },
  {
    name: 'replicas is a string',
    text: DEPLOYMENT.replace('replicas: 3', 'replicas: "three"'),
    line: 6,
    column: 13,
    object: 'Deployment default/web',
    field: 'spec.replicas',
    message: /must be an integer, got string "three"/,
  },
  {
    name: 'containers is not a list',
    text: DEPLOYMENT.replace(/containers:\n(.|\n)*$/, 'containers: nginx\n'),
    line: 13,
    column: 19,
    object: 'Deployment default/web',
    field: 'spec.template.spec.containers',
    message: /must be a list, got string "nginx"/,
  },
  {
    name: 'missing kind',
    text: 'apiVersion: v1\nmetadata: {name: x}\n',
    line: 1,
    column: 1,
    field: 'kind',
    message: /required field is missing/,
  },
  {
    name: 'missing metadata.name',
    text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  namespace: prod\nspec: {containers: [{name: a}]}\n',
    line: 3,
    object: 'Pod',
    field: 'metadata.name',
    message: /required field is missing/,
  },
  {
    name: 'missing containers',
    text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  nodeName: n1\n',
    line: 4,
    object: 'Pod default/p',
    field: 'spec.containers',
    message: /required field is missing/,
  },
  {
    name: 'container without a name',
    text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ns1}\nspec:\n  containers:\n  - image: nginx\n',
    line: 6,
    object: 'Pod ns1/p',
    field: 'spec.containers[0].name',
    message: /required field is missing/,
  },
  {
    name: 'bad cpu quantity in a Deployment template',
    text: DEPLOYMENT.replace('cpu: 250m', 'cpu: 1.2.3'),
    line: 18,
    column: 18,
    object: 'Deployment default/web',
    field: 'spec.template.spec.containers[0].resources.requests.cpu',
    message: /invalid quantity: "1.2.3"/,
  },
  {
    name: 'memory with a wrong suffix',
    text: DEPLOYMENT.replace('memory: 64Mi', 'memory: 64Mb'),
    line: 19,
    field: 'spec.template.spec.containers[0].resources.requests.memory',
    message: /invalid quantity: "64Mb"/,
  },
  {
    name: 'extended resource limit is an envsubst template',
    text: DEPLOYMENT.replace('memory: 64Mi', 'memory: 64Mi\n          limits:\n            nvidia.com/gpu: ${GPUS}'),
    line: 21,
    field: 'spec.template.spec.containers[0].resources.limits[nvidia.com/gpu]',
    message: /invalid quantity/,
  },
  {
    name: 'request above limit',
    text: DEPLOYMENT.replace('memory: 64Mi', 'memory: 64Mi\n          limits:\n            cpu: 100m'),
    line: 18,
    field: 'spec.template.spec.containers[0].resources.requests.cpu',
    message: /must be less than or equal to cpu limit of 100m/,
  },
  {
    name: 'bad Node allocatable',
    text: 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus:\n  capacity: {cpu: "4"}\n  allocatable:\n    cpu: "4"\n    memory: lots\n',
    line: 8,
    column: 13,
    object: 'Node n1',
    field: 'status.allocatable.memory',
    message: /invalid quantity: "lots"/,
  },
  {
    name: 'pod overhead quantity',
    text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  overhead: {cpu: 10x}\n  containers: [{name: a}]\n',
    line: 5,
    field: 'spec.overhead.cpu',
    message: /invalid quantity: "10x"/,
  },
  {
    name: 'HPA without maxReplicas',
    text: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n  minReplicas: 2\n',
    line: 4,
    object: 'HorizontalPodAutoscaler default/h',
    field: 'spec.maxReplicas',
    message: /required field is missing/,
  },
  {
    name: 'HPA without scaleTargetRef',
    text: 'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  maxReplicas: 4\n',
    line: 4,
    field: 'spec.scaleTargetRef',
    message: /required field is missing/,
  },
  {
    name: 'HPA AverageValue target that is not a quantity',
    text: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: h}
spec:
  scaleTargetRef: {kind: Deployment, name: web}
  maxReplicas: 4
  metrics:
  - type: Pods
    pods:
      metric: {name: rps}
      target: {type: AverageValue, averageValue: fast}
`,
    line: 11,
    field: 'spec.metrics[0].pods.target.averageValue',
    message: /invalid quantity: "fast"/,
  },
  {
    name: 'HPA v1 annotation metric with a bad quantity (located at the annotation)',
    text: `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: h
  annotations:
    autoscaling.alpha.kubernetes.io/metrics: '[{"type":"Pods","pods":{"metricName":"rps","targetAverageValue":"x1"}}]'
spec:
  scaleTargetRef: {kind: Deployment, name: web}
  maxReplicas: 4
`,
    line: 6,
    field: 'metadata.annotations[autoscaling.alpha.kubernetes.io/metrics][0].pods.targetAverageValue',
    message: /invalid quantity: "x1"/,
  },
  {
    name: 'LimitRange default quantity',
    text: 'apiVersion: v1\nkind: LimitRange\nmetadata: {name: lr, namespace: team}\nspec:\n  limits:\n  - type: Container\n    defaultRequest:\n      cpu: -1\n',
    line: 8,
    object: 'LimitRange team/lr',
    field: 'spec.limits[0].defaultRequest.cpu',
    message: /must be greater than or equal to 0/,
  },
  // a Deployment naming an unknown PriorityClass is accepted with a warning (test/robustness/priority-class.test.ts)
  {
    name: 'label value that is a number',
    text: DEPLOYMENT.replace('labels: {app: web}', 'labels: {app: web, version: 2}'),
    line: 11,
    field: 'spec.template.metadata.labels.version',
    message: /must be a string, got number 2/,
  },
  {
    name: 'selector does not match the template labels',
    text: DEPLOYMENT.replace('labels: {app: web}', 'labels: {app: api}'),
    line: 11,
    field: 'spec.template.metadata.labels',
    message: /`selector` does not match template `labels`/,
  },
  {
    name: 'toleration effect not in the enum',
    text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a}]\n  tolerations:\n  - {key: k, operator: Exists, effect: NoWay}\n',
    line: 7,
    field: 'spec.tolerations[0].effect',
    message: /unsupported value "NoWay"/,
  },
  {
    name: 'KYAML document with a wrong type inside a flow mapping',
    text: '---\n{\n  apiVersion: "v1",\n  kind: "Pod",\n  metadata: {name: "p",},\n  spec: {\n    containers: [{name: "a", ports: [{containerPort: "http",}],}],\n  },\n}\n',
    line: 7,
    field: 'spec.containers[0].ports[0].containerPort',
    message: /must be an integer/,
  },
  {
    name: 'List item with a bad field',
    text: 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  spec: {containers: [{name: c}]}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n  spec:\n    containers: [{name: c}]\n    priority: high\n',
    line: 13,
    object: 'Pod default/b',
    field: 'spec.priority',
    message: /must be an integer/,
  },
  {
    name: 'second document of a multi-document file',
    text: `${DEPLOYMENT}---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: pdb}\nspec:\n  minAvailable: 50\n  maxUnavailable: 1\n  selector: {matchLabels: {app: web}}\n`,
    line: 25,
    object: 'PodDisruptionBudget default/pdb',
    field: 'spec.minAvailable',
    message: /cannot be both set/,
  },
  {
    name: 'a document that is a list, not an object',
    text: '- a\n- b\n',
    line: 1,
    column: 1,
    message: /must be a map/,
  },
  {
    name: 'served group, unknown version',
    text: DEPLOYMENT.replace('apps/v1', 'apps/v3'),
    line: 1,
    field: 'apiVersion',
    message: /no kind Deployment is served in version apps\/v3/,
  },
];

describe('errors: located at file:line:column with object and field path', () => {
  it('has at least 15 distinct bad inputs', () => {
    expect(new Set(cases.map((c) => c.text)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  for (const c of cases) {
    it(c.name, () => {
      let err: unknown;
      try {
        parseManifests(c.text, 'bad.yaml');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(UserError);
      const u = err as UserError;
      expect(u.message).toMatch(c.message);
      expect(u.location?.file).toBe('bad.yaml');
      expect(u.location?.line).toBe(c.line);
      if (c.column !== undefined) expect(u.location?.column).toBe(c.column);
      if (c.object !== undefined) expect(u.object).toBe(c.object);
      if (c.field !== undefined) expect(u.field).toBe(c.field);
      // the one-line form the CLI prints
      const line = u.format();
      expect(line.startsWith(`bad.yaml:${c.line}:`)).toBe(true);
      expect(line).not.toContain('\n');
      if (c.field) expect(line).toContain(`: ${c.field}: `);
    });
  }
});
