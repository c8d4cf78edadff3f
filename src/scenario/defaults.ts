/** The defaults of a scenario's `controllers` section (kube-controller-manager's flags), for scenarios built in code. */
import type { HpaSettings, NodeLifecycleSettings } from './types.ts';

/** horizontal-pod-autoscaler-* flags' defaults, in seconds. */
export const DEFAULT_HPA_SETTINGS: Readonly<HpaSettings> = Object.freeze({
  syncPeriod: 15,
  tolerance: 0.1,
  cpuInitializationPeriod: 300,
  initialReadinessDelay: 30,
  downscaleStabilization: 300,
  metricResolution: 15,
});

/** node-monitor-grace-period's default, in seconds. */
export const DEFAULT_NODE_LIFECYCLE: Readonly<NodeLifecycleSettings> = Object.freeze({ nodeMonitorGracePeriod: 40 });
