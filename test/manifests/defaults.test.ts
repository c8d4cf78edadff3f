/**
 * API defaulting, admission and HPA conversion, with cases ported from upstream tests
 * (facts and numbers; the test names say where each comes from).
 */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/cli/errors.ts';
import { buildCluster, parseManifests } from '../../src/manifests/index.ts';
import type { DaemonSet, Deployment, HorizontalPodAutoscaler, Job, LimitRange, Node, Pod, StatefulSet } from '../../src/model/types.ts';

const TEMPLATE = `  selector: {matchLabels: {app: a}}
  template:
    metadata: {labels: {app: a}}
    spec:
      containers: [{name: c, image: i}]`;

function one<T>(text: string, kind?: string): T {
  const loaded = parseManifests(text, 't.yaml');
  return (kind ? loaded.objects.find((o) => o.kind === kind)! : loaded.objects[0]).object as unknown as T;
}

function userError(text: string): UserError {
  try {
    parseManifests(text, 't.yaml');
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('apps/v1 defaults', () => {
  it('defaults_test.go TestSetDefaultDeployment: unset fields → replicas 1, RollingUpdate 25%/25%, history 10, deadline 600', () => {
    const d = one<Deployment>(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n${TEMPLATE}\n`);
    expect(d.metadata.namespace).toBe('default');
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    expect(d.spec.progressDeadlineSeconds).toBe(600);
    expect(d.spec.minReadySeconds).toBe(0);
  });

  it('defaults_test.go TestSetDefaultDeployment: Recreate gets no rollingUpdate; set values are kept', () => {
    const d = one<Deployment>(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 5\n  strategy: {type: Recreate}\n  revisionHistoryLimit: 2\n${TEMPLATE}\n`);
    expect(d.spec.replicas).toBe(5);
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
    expect(d.spec.revisionHistoryLimit).toBe(2);
    const e = one<Deployment>(`apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  strategy: {rollingUpdate: {maxSurge: 1}}\n${TEMPLATE}\n`);
    expect(e.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: '25%' } });
  });

  it('defaults_test.go TestSetDefaultDaemonSetSpec: RollingUpdate maxUnavailable 1 maxSurge 0; OnDelete untouched', () => {
    const ds = one<DaemonSet>(`apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec:\n${TEMPLATE}\n`);
    expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
    expect(ds.spec.revisionHistoryLimit).toBe(10);
    const od = one<DaemonSet>(`apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: d}\nspec:\n  updateStrategy: {type: OnDelete}\n${TEMPLATE}\n`);
    expect(od.spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });

  it('defaults_test.go TestSetDefaultStatefulSet: OrderedReady, RollingUpdate partition 0 (maxUnavailable 1: MaxUnavailableStatefulSet beta in v1.35)', () => {
    const ss = one<StatefulSet>(`apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n${TEMPLATE}\n`);
    expect(ss.spec.podManagementPolicy).toBe('OrderedReady');
    expect(ss.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1 } });
    expect(ss.spec.replicas).toBe(1);
    const od = one<StatefulSet>(`apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec:\n  updateStrategy: {type: OnDelete}\n  podManagementPolicy: Parallel\n${TEMPLATE}\n`);
    expect(od.spec.updateStrategy).toEqual({ type: 'OnDelete' });
    expect(od.spec.podManagementPolicy).toBe('Parallel');
  });

  it('legacy extensions/v1beta1 Deployment: selector defaults to template labels, with a warning', () => {
    const loaded = parseManifests(`apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    metadata: {labels: {app: a}}\n    spec: {containers: [{name: c}]}\n`, 't.yaml');
    expect((loaded.objects[0].object as Deployment).spec.selector).toEqual({ matchLabels: { app: 'a' } });
    expect(loaded.warnings[0].message).toMatch(/extensions\/v1beta1 Deployment is not served/);
  });
});

describe('batch/v1 defaults', () => {
  const job = (extra: string): Job =>
    one<Job>(`apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n${extra}  template:\n    metadata: {labels: {app: j}}\n    spec: {restartPolicy: Never, containers: [{name: c}]}\n`);
  it('defaults_test.go TestSetDefaultJob "Both unset -> 1/1": completions 1, parallelism 1, backoffLimit 6; labels from template', () => {
    const j = job('');
    expect([j.spec.completions, j.spec.parallelism, j.spec.backoffLimit, j.spec.completionMode]).toEqual([1, 1, 6, 'NonIndexed']);
    expect(j.metadata.labels).toEqual({ app: 'j' });
  });
  it('defaults_test.go TestSetDefaultJob "WQ: Parallelism explicitly 0 and completions unset -> BackoffLimit is defaulted"', () => {
    const j = job('  parallelism: 0\n');
    expect(j.spec.completions).toBeUndefined();
    expect(j.spec.parallelism).toBe(0);
    expect(j.spec.backoffLimit).toBe(6);
  });
  it('defaults_test.go TestSetDefaultJob "Completions explicitly 2 and others unset -> parallelism is defaulted"', () => {
    const j = job('  completions: 2\n');
    expect([j.spec.completions, j.spec.parallelism]).toEqual([2, 1]);
  });
  it('a Job template that restarts Always is rejected (batch validation)', () => {
    const err = userError(`apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec: {containers: [{name: c}]}\n`);
    expect(err.field).toBe('spec.template.spec.restartPolicy');
  });
});

describe('core/v1 defaults', () => {
  it('defaults_test.go TestSetDefaultNodeStatusAllocatable: allocatable defaults to capacity, kept when set', () => {
    const n = one<Node>(`apiVersion: v1\nkind: Node\nmetadata: {name: n, namespace: ignored}\nstatus: {capacity: {cpu: "4", memory: 1Gi}}\n`);
    expect(n.status!.allocatable).toEqual({ cpu: '4', memory: '1Gi' });
    expect(n.metadata.namespace).toBeUndefined();
    const m = one<Node>(`apiVersion: v1\nkind: Node\nmetadata: {name: n}\nstatus: {capacity: {cpu: "4"}, allocatable: {cpu: 3500m}}\n`);
    expect(m.status!.allocatable).toEqual({ cpu: '3500m' });
  });

  it('defaults_test.go TestSetDefaultPodSpec / TestSetDefaultRequestsPod: restartPolicy, grace period, scheduler, requests from limits', () => {
    const p = one<Pod>(`apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    resources: {limits: {cpu: "1", memory: 1Gi}, requests: {memory: 512Mi}}\n    ports: [{containerPort: 80}]\n`);
    expect(p.spec.restartPolicy).toBe('Always');
    expect(p.spec.terminationGracePeriodSeconds).toBe(30);
    expect(p.spec.schedulerName).toBe('default-scheduler');
    expect(p.spec.containers[0].resources!.requests).toEqual({ memory: '512Mi', cpu: '1' });
    expect(p.spec.containers[0].ports![0].protocol).toBe('TCP');
  });

  it('defaults_test.go TestSetDefaultHostNetworkPorts: hostNetwork copies containerPort to hostPort', () => {
    const p = one<Pod>(`apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: true\n  containers: [{name: c, ports: [{containerPort: 8080}, {containerPort: 9090, hostPort: 9091}]}]\n`);
    expect(p.spec.containers[0].ports!.map((x) => x.hostPort)).toEqual([8080, 9091]);
  });

  it('defaults_test.go TestSetDefaultLimitRangeItem: default ← max, defaultRequest ← default, then ← min', () => {
    const lr = one<LimitRange>(`apiVersion: v1\nkind: LimitRange\nmetadata: {name: lr}\nspec:\n  limits:\n  - type: Container\n    max: {cpu: "2"}\n    min: {memory: 100Mi}\n    default: {memory: 1Gi}\n`);
    expect(lr.spec.limits[0].default).toEqual({ memory: '1Gi', cpu: '2' });
    expect(lr.spec.limits[0].defaultRequest).toEqual({ memory: '1Gi', cpu: '2' });
    const lr2 = one<LimitRange>(`apiVersion: v1\nkind: LimitRange\nmetadata: {name: lr}\nspec:\n  limits:\n  - type: Container\n    min: {memory: 100Mi}\n`);
    expect(lr2.spec.limits[0].defaultRequest).toEqual({ memory: '100Mi' });
  });
});

describe('admission', () => {
  const pod = (spec: string, ns = 'default'): string => `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: ${ns}}\nspec:\n${spec}`;
  const tolerationsOf = (text: string): string[] => (one<Pod>(text, 'Pod').spec.tolerations ?? []).map((t) => `${t.key ?? ''}/${t.operator ?? ''}/${t.effect ?? ''}/${t.tolerationSeconds ?? ''}`);

  it('defaulttolerationseconds admission_test.go TestForgivenessAdmission "pod has no tolerations, expect add tolerations for `not-ready:NoExecute` and `unreachable:NoExecute`"', () => {
    expect(tolerationsOf(pod('  containers: [{name: c}]\n'))).toEqual([
      'node.kubernetes.io/not-ready/Exists/NoExecute/300',
      'node.kubernetes.io/unreachable/Exists/NoExecute/300',
    ]);
  });
  it('TestForgivenessAdmission "pod specified a toleration for not-ready taint, expect add toleration for `unreachable:NoExecute`"', () => {
    expect(tolerationsOf(pod('  containers: [{name: c}]\n  tolerations: [{key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 700}]\n'))).toEqual([
      'node.kubernetes.io/not-ready/Exists/NoExecute/700',
      'node.kubernetes.io/unreachable/Exists/NoExecute/300',
    ]);
  });
  it('TestForgivenessAdmission "pod has wildcard toleration for all kind of taints, expect no change"', () => {
    expect(tolerationsOf(pod('  containers: [{name: c}]\n  tolerations: [{operator: Exists}]\n'))).toEqual(['/Exists//']);
  });
  it('TestForgivenessAdmission "pod has toleration for all taints with NoSchedule effect only, expect add both"', () => {
    expect(tolerationsOf(pod('  containers: [{name: c}]\n  tolerations: [{operator: Exists, effect: NoSchedule}]\n'))).toHaveLength(3);
  });

  const classes = `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: default1}\nvalue: 1000\nglobalDefault: true\n---\napiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: default2}\nvalue: 500\nglobalDefault: true\n---\napiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: {name: nopreempt}\nvalue: 300\npreemptionPolicy: Never\n---\n`;
  it('priority admission_test.go TestPodAdmission "Pod with no priority class and no global default": priority 0', () => {
    const p = one<Pod>(pod('  containers: [{name: c}]\n'));
    expect(p.spec.priority).toBe(0);
    expect(p.spec.preemptionPolicy).toBe('PreemptLowerPriority');
  });
  it('TestPodAdmission "pod with no priority class, multiple global defaults": the lowest value wins', () => {
    const p = one<Pod>(classes + pod('  containers: [{name: c}]\n'), 'Pod');
    expect(p.spec.priority).toBe(500);
    expect(p.spec.priorityClassName).toBe('default2');
  });
  it('TestPodAdmission "pod with system-cluster-critical / system-node-critical priority class"', () => {
    expect(one<Pod>(pod('  priorityClassName: system-cluster-critical\n  containers: [{name: c}]\n')).spec.priority).toBe(2000000000);
    expect(one<Pod>(pod('  priorityClassName: system-node-critical\n  containers: [{name: c}]\n')).spec.priority).toBe(2000001000);
  });
  it('TestPodAdmission "pod with a class with PreemptionPolicy Never": policy copied', () => {
    const p = one<Pod>(classes + pod('  priorityClassName: nopreempt\n  containers: [{name: c}]\n'), 'Pod');
    expect([p.spec.priority, p.spec.preemptionPolicy]).toEqual([300, 'Never']);
  });
  it('TestPodAdmission "Pod with non-existing priority class" and "pod with priority != class value" are rejected at the field', () => {
    expect(userError(pod('  priorityClassName: missing\n  containers: [{name: c}]\n')).field).toBe('spec.priorityClassName');
    const err = userError(classes + pod('  priorityClassName: nopreempt\n  priority: 10\n  containers: [{name: c}]\n'));
    expect(err.field).toBe('spec.priority');
    expect(err.message).toMatch(/computed 300/);
  });

  const limitRange = `apiVersion: v1\nkind: LimitRange\nmetadata: {name: lr, namespace: team}\nspec:\n  limits:\n  - type: Container\n    default: {cpu: 500m, memory: 512Mi}\n    defaultRequest: {cpu: 100m}\n---\n`;
  it('limitranger admission_test.go TestMergePodResourceRequirements "empty": defaults fill limits and requests', () => {
    const p = one<Pod>(limitRange + pod('  containers: [{name: c}]\n', 'team'), 'Pod');
    expect(p.spec.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '512Mi' }, requests: { cpu: '100m', memory: '512Mi' } });
  });
  it('TestMergePodResourceRequirements "partial": a container with its own cpu keeps it; limits-only requests come from limits first', () => {
    const p = one<Pod>(limitRange + pod('  containers:\n  - name: c\n    resources: {limits: {cpu: "2"}}\n', 'team'), 'Pod');
    expect(p.spec.containers[0].resources).toEqual({ limits: { cpu: '2', memory: '512Mi' }, requests: { cpu: '2', memory: '512Mi' } });
  });
  it('LimitRanges apply only in their namespace', () => {
    const p = one<Pod>(limitRange + pod('  containers: [{name: c}]\n', 'other'), 'Pod');
    expect(p.spec.containers[0].resources).toBeUndefined();
  });
});

describe('HPA conversion to autoscaling/v2', () => {
  const v1 = (spec: string, annotation = ''): HorizontalPodAutoscaler =>
    one<HorizontalPodAutoscaler>(
      `apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: h\n${annotation ? `  annotations:\n    autoscaling.alpha.kubernetes.io/metrics: '${annotation}'\n` : ''}spec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 10\n${spec}`,
    );
  it('v1 with targetCPUUtilizationPercentage → one Resource cpu Utilization metric; minReplicas defaults to 1', () => {
    const h = v1('  targetCPUUtilizationPercentage: 70\n');
    expect(h.spec.minReplicas).toBe(1);
    expect(h.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
  });
  it('v1 without any target → cpu 80% (conversion.go "autoscaling/v1 formerly had an implicit default")', () => {
    expect(v1('').spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
  });
  it('v1 annotation metrics come first, the CPU target last (conversion.go outMetrics order)', () => {
    const h = v1('  targetCPUUtilizationPercentage: 50\n', '[{"type":"Pods","pods":{"metricName":"rps","targetAverageValue":"100"}},{"type":"External","external":{"metricName":"q","targetValue":"30"}}]');
    expect(h.spec.metrics).toEqual([
      { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '100' } } },
      { type: 'External', external: { metric: { name: 'q' }, target: { type: 'Value', value: '30' } } },
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
    ]);
  });
  it('v2 defaults_test.go TestHorizontalPodAutoscalerAnnotations-style behavior defaults: a set direction is filled field by field', () => {
    const h = one<HorizontalPodAutoscaler>(`apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n  maxReplicas: 10\n  behavior:\n    scaleDown: {stabilizationWindowSeconds: 60}\n`);
    expect(h.spec.behavior).toEqual({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] },
      scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
    const nob = one<HorizontalPodAutoscaler>(`apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n  maxReplicas: 10\n`);
    expect(nob.spec.behavior).toBeUndefined();
  });
  it('v2beta1 metrics (targetAverageUtilization) convert like the v1 annotation', () => {
    const h = one<HorizontalPodAutoscaler>(`apiVersion: autoscaling/v2beta1\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n  maxReplicas: 10\n  metrics:\n  - type: Resource\n    resource: {name: memory, targetAverageUtilization: 60}\n`);
    expect(h.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 60 } } }]);
  });
});

describe('loader', () => {
  it('kind: List items, duplicates (later wins, warned), generateName, not-simulated kinds', () => {
    const loaded = parseManifests(
      `apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {containers: [{name: c}]}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: cm}}\n- {apiVersion: v1, kind: Pod, metadata: {generateName: job-}, spec: {containers: [{name: c}]}}\n---\n{apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {containers: [{name: d}]}}\n---\napiVersion: example.io/v1\nkind: Deployment\nmetadata: {name: crd}\n`,
      'l.yaml',
    );
    expect(loaded.counts).toEqual({ Pod: 3, ConfigMap: 1, Deployment: 1 });
    expect(loaded.notSimulated).toEqual({ ConfigMap: 1, Deployment: 1 });
    const pods = loaded.objects.map((o) => o.object as Pod);
    expect(pods.map((p) => p.metadata.name?.slice(0, 4))).toEqual(['job-', 'a']);
    expect(pods[0].metadata.name).toMatch(/^job-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pods[1].spec.containers[0].name).toBe('d');
    expect(loaded.warnings.some((w) => /defined again/.test(w.message) && w.location?.line === 8)).toBe(true);
    expect(loaded.objects[0].source.location).toEqual({ file: 'l.yaml', line: 6, column: 3 });
  });

  it('buildCluster: bound pods count on their node; system priority classes are present; a pod bound to an unknown node is warned about', () => {
    const loaded = parseManifests(
      `apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {capacity: {cpu: "2", memory: 4Gi, pods: "10"}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {nodeName: n1, containers: [{name: c, resources: {requests: {cpu: 500m}}}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\nspec: {nodeName: n9, containers: [{name: c}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: c}\nspec: {containers: [{name: c}]}\n`,
      'c.yaml',
    );
    const cluster = buildCluster(loaded);
    expect(cluster.totals().requested.cpu).toBe(500);
    expect(cluster.pendingPods.size).toBe(1);
    expect(cluster.priorityClasses.has('system-node-critical')).toBe(true);
    expect(loaded.warnings.find((w) => /n9/.test(w.message))?.location?.line).toBe(14);
  });
});
