/**
 * A small cluster as a live API server would hold it: server-managed noise included
 * (managedFields, resourceVersion, uids, heartbeats, pod IPs, container statuses, the
 * last-applied annotation), so the import has something to strip.
 */

type Obj = Record<string, unknown>;

const managedFields = [{ manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'v1', time: '2025-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': {} } }];

function node(name: string, zone: string, extra: { taints?: Obj[]; cpu?: string } = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': zone, 'kubernetes.io/os': 'linux' },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0' },
      managedFields,
    },
    spec: { podCIDR: '10.244.0.0/24', ...(extra.taints ? { taints: extra.taints } : {}) },
    status: {
      capacity: { cpu: extra.cpu ?? '4', memory: '16393244Ki', pods: '110', 'ephemeral-storage': '102350Mi' },
      allocatable: { cpu: extra.cpu === undefined ? '3920m' : extra.cpu, memory: '15242268Ki', pods: '110', 'ephemeral-storage': '94322357010' },
      conditions: [
        { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: '2025-03-01T10:00:07Z', lastTransitionTime: '2025-01-01T00:00:00Z', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        { type: 'Ready', status: 'True', lastHeartbeatTime: '2025-03-01T10:00:07Z', lastTransitionTime: '2025-01-01T00:01:00Z', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
      ],
      addresses: [{ type: 'InternalIP', address: '172.18.0.2' }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: { kubeletVersion: 'v1.35.0', architecture: 'amd64', operatingSystem: 'linux', bootID: 'b', containerRuntimeVersion: 'containerd://2.0', kernelVersion: '6.1', kubeProxyVersion: '', machineID: 'm', osImage: 'Debian', systemUUID: 's' },
      images: [{ names: ['registry.k8s.io/kube-proxy@sha256:abc', 'registry.k8s.io/kube-proxy:v1.35.0'], sizeBytes: 30123456 }],
    },
  };
}

function container(name: string, image: string, cpu: string, memory: string): Obj {
  return { name, image, resources: { requests: { cpu, memory }, limits: { memory } }, imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' };
}

function pod(ns: string, name: string, opts: { node?: string; owner?: Obj; phase?: string; labels?: Record<string, string>; image?: string; priorityClass?: string; priority?: number; tolerations?: Obj[] }): Obj {
  const phase = opts.phase ?? (opts.node ? 'Running' : 'Pending');
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      labels: opts.labels ?? {},
      ...(opts.owner ? { ownerReferences: [opts.owner] } : {}),
      managedFields,
      creationTimestamp: '2025-02-01T08:00:00Z',
    },
    spec: {
      containers: [container('main', opts.image ?? 'web:v1', '250m', '256Mi')],
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'default',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: opts.priority ?? 0,
      ...(opts.priorityClass ? { priorityClassName: opts.priorityClass } : {}),
      ...(opts.node ? { nodeName: opts.node } : {}),
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ...(opts.tolerations ?? []),
      ],
      volumes: [{ name: 'kube-api-access-x', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }] } }],
    },
    status: {
      phase,
      ...(opts.node
        ? {
            conditions: [
              { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: '2025-02-01T08:00:01Z' },
              { type: 'Ready', status: phase === 'Running' ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: '2025-02-01T08:00:30Z' },
            ],
            hostIP: '172.18.0.2',
            podIP: '10.244.1.7',
            podIPs: [{ ip: '10.244.1.7' }],
            startTime: '2025-02-01T08:00:02Z',
            qosClass: 'Burstable',
            containerStatuses: [{ name: 'main', image: opts.image ?? 'web:v1', imageID: 'sha256:1', ready: true, restartCount: 0, started: true, containerID: 'containerd://1', state: { running: { startedAt: '2025-02-01T08:00:05Z' } }, lastState: {} }],
          }
        : {}),
    },
  };
}

const template = (labels: Record<string, string>, image: string): Obj => ({
  metadata: { labels },
  spec: { containers: [container('main', image, '250m', '256Mi')], restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler' },
});

/** The fixture cluster: 3 nodes, 3 namespaces, workloads of every simulated kind, 8 pods (one Succeeded) and a ConfigMap. */
export function fixtureCluster(): Obj[] {
  const web = { app: 'web' };
  return [
    node('node-a', 'zone-a'),
    node('node-b', 'zone-b'),
    node('node-c', 'zone-a', { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }], cpu: '8' }),
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default', labels: { 'kubernetes.io/metadata.name': 'default' } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' }, status: { phase: 'Active' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', managedFields }, status: { phase: 'Active' } },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' }, value: 1000, preemptionPolicy: 'PreemptLowerPriority', description: 'shop front' },
    { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'system-node-critical' }, value: 2000001000, preemptionPolicy: 'PreemptLowerPriority' },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'shop',
        uid: 'uid-web',
        generation: 4,
        annotations: { 'deployment.kubernetes.io/revision': '2', 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"apps/v1","kind":"Deployment"}' },
        managedFields,
      },
      spec: { replicas: 3, selector: { matchLabels: web }, template: template(web, 'web:v1'), strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 },
      status: { observedGeneration: 4, replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 1, conditions: [{ type: 'Available', status: 'True', lastUpdateTime: '2025-02-01T08:01:00Z', lastTransitionTime: '2025-02-01T08:01:00Z', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'web-abc',
        namespace: 'shop',
        uid: 'uid-web-abc',
        labels: { ...web, 'pod-template-hash': 'abc' },
        annotations: { 'deployment.kubernetes.io/revision': '2', 'deployment.kubernetes.io/desired-replicas': '3', 'deployment.kubernetes.io/max-replicas': '4' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }],
      },
      spec: { replicas: 3, selector: { matchLabels: { ...web, 'pod-template-hash': 'abc' } }, template: template({ ...web, 'pod-template-hash': 'abc' }, 'web:v1') },
      status: { replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: 'shop', uid: 'uid-db' },
      spec: {
        replicas: 1,
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: { ...template({ app: 'db' }, 'postgres:17'), spec: { ...(template({ app: 'db' }, 'postgres:17').spec as Obj), tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] } },
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      },
      status: { replicas: 1, readyReplicas: 1, currentReplicas: 1, updatedReplicas: 1, currentRevision: 'db-5d8f7c9b4', updateRevision: 'db-5d8f7c9b4', observedGeneration: 1, collisionCount: 0, availableReplicas: 1 },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'kube-proxy', namespace: 'kube-system', uid: 'uid-kube-proxy' },
      spec: { selector: { matchLabels: { 'k8s-app': 'kube-proxy' } }, template: { ...template({ 'k8s-app': 'kube-proxy' }, 'registry.k8s.io/kube-proxy:v1.35.0'), spec: { ...(template({}, 'registry.k8s.io/kube-proxy:v1.35.0').spec as Obj), priorityClassName: 'system-node-critical', tolerations: [{ operator: 'Exists' }] } } },
      status: { currentNumberScheduled: 3, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 3, observedGeneration: 1, updatedNumberScheduled: 3, numberAvailable: 3 },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'report', namespace: 'shop', uid: 'uid-report' },
      spec: { completions: 1, parallelism: 1, backoffLimit: 6, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'uid-report' } }, template: { ...template({ 'batch.kubernetes.io/controller-uid': 'uid-report', 'job-name': 'report' }, 'report:1'), spec: { ...(template({}, 'report:1').spec as Obj), restartPolicy: 'Never' } } },
      status: { succeeded: 1, startTime: '2025-02-01T07:00:00Z', completionTime: '2025-02-01T07:05:00Z', conditions: [{ type: 'Complete', status: 'True', lastProbeTime: '2025-02-01T07:05:00Z', lastTransitionTime: '2025-02-01T07:05:00Z' }] },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: 'shop', uid: 'uid-nightly' },
      spec: { schedule: '0 3 * * *', concurrencyPolicy: 'Forbid', suspend: false, jobTemplate: { spec: { template: { ...template({}, 'report:1'), spec: { ...(template({}, 'report:1').spec as Obj), restartPolicy: 'OnFailure' } } } } },
      status: { lastScheduleTime: '2025-02-01T03:00:00Z' },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'shop', uid: 'uid-hpa' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }] },
      status: { currentReplicas: 3, desiredReplicas: 3, lastScaleTime: '2025-02-01T08:10:00Z', currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 41, averageValue: '102m' } } }], conditions: [{ type: 'AbleToScale', status: 'True', lastTransitionTime: '2025-02-01T08:00:00Z', reason: 'ReadyForNewScale', message: 'recommended size matches current size' }] },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { minAvailable: 2, selector: { matchLabels: web } },
      status: { currentHealthy: 2, desiredHealthy: 2, disruptionsAllowed: 0, expectedPods: 3, observedGeneration: 1 },
    },
    { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'limits', namespace: 'shop' }, spec: { limits: [{ type: 'Container', default: { memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }] } },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: web, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }], clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], type: 'ClusterIP', sessionAffinity: 'None', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster' },
      status: { loadBalancer: {} },
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop' }, data: { a: 'b' } },
    pod('shop', 'web-abc-1', { node: 'node-a', labels: { ...web, 'pod-template-hash': 'abc' }, owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'uid-web-abc', controller: true, blockOwnerDeletion: true } }),
    pod('shop', 'web-abc-2', { node: 'node-b', labels: { ...web, 'pod-template-hash': 'abc' }, owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'uid-web-abc', controller: true, blockOwnerDeletion: true } }),
    pod('shop', 'web-abc-3', { labels: { ...web, 'pod-template-hash': 'abc' }, owner: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-abc', uid: 'uid-web-abc', controller: true, blockOwnerDeletion: true } }),
    pod('shop', 'db-0', { node: 'node-c', image: 'postgres:17', labels: { app: 'db', 'controller-revision-hash': 'db-5d8f7c9b4', 'statefulset.kubernetes.io/pod-name': 'db-0', 'apps.kubernetes.io/pod-index': '0' }, owner: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: 'uid-db', controller: true }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoSchedule' }] }),
    pod('shop', 'report-x7k2p', { node: 'node-b', phase: 'Succeeded', image: 'report:1', owner: { apiVersion: 'batch/v1', kind: 'Job', name: 'report', uid: 'uid-report', controller: true } }),
    ...['node-a', 'node-b', 'node-c'].map((n, i) =>
      pod('kube-system', `kube-proxy-${'pqr'[i]}`, {
        node: n,
        image: 'registry.k8s.io/kube-proxy:v1.35.0',
        labels: { 'k8s-app': 'kube-proxy', 'controller-revision-hash': '6c8b9d7f5', 'pod-template-generation': '1' },
        priorityClass: 'system-node-critical',
        priority: 2000001000,
        owner: { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'kube-proxy', uid: 'uid-kube-proxy', controller: true },
        tolerations: [{ operator: 'Exists' }],
      }),
    ),
  ];
}
