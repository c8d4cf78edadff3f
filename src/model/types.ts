/**
 * The subset of Kubernetes API objects kubesim reads, as plain JSON-shaped interfaces
 * (field names as in the API; timestamps are RFC 3339 strings as in manifests).
 * Only fields that matter for simulation are typed; others pass through untouched.
 */

/** A resource list as written in manifests: values are quantity strings or numbers. */
export type ResourceList = Record<string, string | number>;

/** metav1.ObjectMeta (subset). */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  creationTimestamp?: string;
  deletionTimestamp?: string;
  resourceVersion?: string;
  generation?: number;
}

/** metav1.OwnerReference. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Any Kubernetes object: apiVersion, kind, metadata. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** metav1.LabelSelectorRequirement. */
export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** metav1.LabelSelector. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** v1.Taint. */
export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  timeAdded?: string;
}

/** v1.Toleration. */
export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal' | string;
  value?: string;
  effect?: '' | 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  tolerationSeconds?: number;
}

/** v1.NodeSelectorRequirement. */
export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

/** v1.NodeSelectorTerm. */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** v1.NodeSelector. */
export interface NodeSelector {
  nodeSelectorTerms: NodeSelectorTerm[];
}

/** v1.PreferredSchedulingTerm. */
export interface PreferredSchedulingTerm {
  weight: number;
  preference: NodeSelectorTerm;
}

/** v1.NodeAffinity. */
export interface NodeAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector;
  preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[];
}

/** v1.PodAffinityTerm. */
export interface PodAffinityTerm {
  labelSelector?: LabelSelector | null;
  namespaces?: string[];
  namespaceSelector?: LabelSelector | null;
  topologyKey: string;
  matchLabelKeys?: string[];
  mismatchLabelKeys?: string[];
}

/** v1.WeightedPodAffinityTerm. */
export interface WeightedPodAffinityTerm {
  weight: number;
  podAffinityTerm: PodAffinityTerm;
}

/** v1.PodAffinity / v1.PodAntiAffinity (same shape). */
export interface PodAffinity {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
}

/** v1.Affinity. */
export interface Affinity {
  nodeAffinity?: NodeAffinity;
  podAffinity?: PodAffinity;
  podAntiAffinity?: PodAffinity;
}

/** v1.TopologySpreadConstraint. */
export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector?: LabelSelector | null;
  minDomains?: number;
  nodeAffinityPolicy?: 'Honor' | 'Ignore';
  nodeTaintsPolicy?: 'Honor' | 'Ignore';
  matchLabelKeys?: string[];
}

/** v1.ContainerPort. */
export interface ContainerPort {
  containerPort: number;
  hostPort?: number;
  hostIP?: string;
  protocol?: 'TCP' | 'UDP' | 'SCTP' | string;
  name?: string;
}

/** v1.ResourceRequirements. */
export interface ResourceRequirements {
  requests?: ResourceList;
  limits?: ResourceList;
}

/** v1.Container (subset). */
export interface Container {
  name: string;
  image?: string;
  resources?: ResourceRequirements;
  ports?: ContainerPort[];
  /** `Always` on an init container makes it a restartable (sidecar) init container. */
  restartPolicy?: string;
  [field: string]: unknown;
}

/** v1.PodSpec (subset). */
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  affinity?: Affinity;
  tolerations?: Toleration[];
  topologySpreadConstraints?: TopologySpreadConstraint[];
  schedulerName?: string;
  priorityClassName?: string;
  priority?: number;
  preemptionPolicy?: 'PreemptLowerPriority' | 'Never';
  overhead?: ResourceList;
  /** Pod-level resources (PodLevelResources, beta and on in v1.35). */
  resources?: ResourceRequirements;
  schedulingGates?: { name: string }[];
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  terminationGracePeriodSeconds?: number;
  hostNetwork?: boolean;
  [field: string]: unknown;
}

/** v1.PodCondition (subset). */
export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** v1.PodStatus (subset). */
export interface PodStatus {
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  conditions?: PodCondition[];
  startTime?: string;
  nominatedNodeName?: string;
  [field: string]: unknown;
}

/** v1.Pod. */
export interface Pod extends KubeObject {
  kind: 'Pod';
  spec: PodSpec;
  status?: PodStatus;
}

/** v1.PodTemplateSpec. */
export interface PodTemplateSpec {
  metadata?: ObjectMeta;
  spec: PodSpec;
}

/** v1.ContainerImage. */
export interface ContainerImage {
  names?: string[];
  sizeBytes?: number;
}

/** v1.NodeCondition (subset). */
export interface NodeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
}

/** v1.Node. */
export interface Node extends KubeObject {
  kind: 'Node';
  spec?: { unschedulable?: boolean; taints?: Taint[]; [field: string]: unknown };
  status?: {
    capacity?: ResourceList;
    allocatable?: ResourceList;
    images?: ContainerImage[];
    conditions?: NodeCondition[];
    [field: string]: unknown;
  };
}

/** Either an int or a percentage string, as intstr.IntOrString. */
export type IntOrString = number | string;

/** apps/v1 DeploymentStrategy. */
export interface DeploymentStrategy {
  type?: 'RollingUpdate' | 'Recreate';
  rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString };
}

/** apps/v1 Deployment. */
export interface Deployment extends KubeObject {
  kind: 'Deployment';
  spec: {
    replicas?: number;
    selector: LabelSelector;
    template: PodTemplateSpec;
    strategy?: DeploymentStrategy;
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    progressDeadlineSeconds?: number;
    paused?: boolean;
  };
  status?: Record<string, unknown>;
}

/** apps/v1 ReplicaSet. */
export interface ReplicaSet extends KubeObject {
  kind: 'ReplicaSet';
  spec: { replicas?: number; selector: LabelSelector; template: PodTemplateSpec; minReadySeconds?: number };
  status?: Record<string, unknown>;
}

/** apps/v1 StatefulSet. */
export interface StatefulSet extends KubeObject {
  kind: 'StatefulSet';
  spec: {
    replicas?: number;
    selector: LabelSelector;
    template: PodTemplateSpec;
    serviceName?: string;
    podManagementPolicy?: 'OrderedReady' | 'Parallel';
    updateStrategy?: {
      type?: 'RollingUpdate' | 'OnDelete';
      rollingUpdate?: { partition?: number; maxUnavailable?: IntOrString };
    };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
    [field: string]: unknown;
  };
  status?: Record<string, unknown>;
}

/** apps/v1 DaemonSet. */
export interface DaemonSet extends KubeObject {
  kind: 'DaemonSet';
  spec: {
    selector: LabelSelector;
    template: PodTemplateSpec;
    updateStrategy?: {
      type?: 'RollingUpdate' | 'OnDelete';
      rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString };
    };
    minReadySeconds?: number;
    revisionHistoryLimit?: number;
  };
  status?: Record<string, unknown>;
}

/** batch/v1 Job. */
export interface Job extends KubeObject {
  kind: 'Job';
  spec: {
    parallelism?: number;
    completions?: number;
    backoffLimit?: number;
    activeDeadlineSeconds?: number;
    completionMode?: 'NonIndexed' | 'Indexed';
    selector?: LabelSelector;
    template: PodTemplateSpec;
    [field: string]: unknown;
  };
}

/** batch/v1 CronJob. */
export interface CronJob extends KubeObject {
  kind: 'CronJob';
  spec: {
    schedule: string;
    concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
    suspend?: boolean;
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
    jobTemplate: { metadata?: ObjectMeta; spec: Job['spec'] };
    [field: string]: unknown;
  };
}

/** autoscaling/v2 MetricTarget. */
export interface MetricTarget {
  type: 'Utilization' | 'Value' | 'AverageValue';
  value?: string | number;
  averageValue?: string | number;
  averageUtilization?: number;
}

/** autoscaling/v2 MetricIdentifier. */
export interface MetricIdentifier {
  name: string;
  selector?: LabelSelector;
}

/** autoscaling/v2 CrossVersionObjectReference. */
export interface CrossVersionObjectReference {
  apiVersion?: string;
  kind: string;
  name: string;
}

/** autoscaling/v2 MetricSpec. */
export interface MetricSpec {
  type: 'Resource' | 'ContainerResource' | 'Pods' | 'Object' | 'External';
  resource?: { name: string; target: MetricTarget };
  containerResource?: { name: string; container: string; target: MetricTarget };
  pods?: { metric: MetricIdentifier; target: MetricTarget };
  object?: { describedObject: CrossVersionObjectReference; metric: MetricIdentifier; target: MetricTarget };
  external?: { metric: MetricIdentifier; target: MetricTarget };
}

/** autoscaling/v2 HPAScalingPolicy. */
export interface HPAScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

/** autoscaling/v2 HPAScalingRules. */
export interface HPAScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  policies?: HPAScalingPolicy[];
  /** Configurable tolerance (alpha in v1.33, HPAConfigurableTolerance gate off by default in v1.35). */
  tolerance?: string | number;
}

/** autoscaling/v2 HorizontalPodAutoscaler. */
export interface HorizontalPodAutoscaler extends KubeObject {
  kind: 'HorizontalPodAutoscaler';
  spec: {
    scaleTargetRef: CrossVersionObjectReference;
    minReplicas?: number;
    maxReplicas: number;
    metrics?: MetricSpec[];
    behavior?: { scaleUp?: HPAScalingRules; scaleDown?: HPAScalingRules };
  };
  status?: Record<string, unknown>;
}

/** policy/v1 PodDisruptionBudget. */
export interface PodDisruptionBudget extends KubeObject {
  kind: 'PodDisruptionBudget';
  spec: {
    selector?: LabelSelector;
    minAvailable?: IntOrString;
    maxUnavailable?: IntOrString;
    unhealthyPodEvictionPolicy?: 'IfHealthyBudget' | 'AlwaysAllow';
  };
  status?: { disruptionsAllowed?: number; disruptedPods?: Record<string, string>; [field: string]: unknown };
}

/** scheduling.k8s.io/v1 PriorityClass. */
export interface PriorityClass extends KubeObject {
  kind: 'PriorityClass';
  value: number;
  globalDefault?: boolean;
  preemptionPolicy?: 'PreemptLowerPriority' | 'Never';
  description?: string;
}

/** v1.Namespace. */
export interface Namespace extends KubeObject {
  kind: 'Namespace';
}

/** v1.LimitRangeItem. */
export interface LimitRangeItem {
  type: 'Container' | 'Pod' | 'PersistentVolumeClaim' | string;
  default?: ResourceList;
  defaultRequest?: ResourceList;
  max?: ResourceList;
  min?: ResourceList;
}

/** v1.LimitRange. */
export interface LimitRange extends KubeObject {
  kind: 'LimitRange';
  spec: { limits: LimitRangeItem[] };
}

/** v1.Service (only the selector matters to the scheduler's default spread). */
export interface Service extends KubeObject {
  kind: 'Service';
  spec?: { selector?: Record<string, string>; [field: string]: unknown };
}

/** Workload kinds the controllers own pods through. */
export type Workload = Deployment | ReplicaSet | StatefulSet | DaemonSet | Job | CronJob;
