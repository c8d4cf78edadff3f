/**
 * The cloud behind the node groups: instances requested by resizes, created after a provisioning
 * delay (or failing: an error reported at once, or an instance that never registers), deleted on
 * request, and spot instances reclaimed. Plain state; the engine adapter turns its instances into
 * Nodes at their registration time.
 * mirrors the contract of cluster-autoscaler/cloudprovider/cloud_provider.go NodeGroup
 * (TargetSize, IncreaseSize, DeleteNodes, DecreaseTargetSize, Nodes with InstanceStatus)
 */
import type { Rng } from '../types.ts';
import type { DelayDistribution, NodeGroupConfig } from '../options.ts';

/** An instance's error as the cloud reports it (cloudprovider.InstanceErrorInfo). */
export interface InstanceErrorInfo {
  errorClass: 'OutOfResourcesErrorClass' | 'OtherErrorClass';
  errorCode: string;
  errorMessage: string;
}

/** One VM of a node group (cloudprovider.Instance). */
export interface Instance {
  /** Also the Node's name once it registers. */
  name: string;
  group: string;
  /** When the resize created it (billing starts). */
  createdAt: number;
  state: 'InstanceCreating' | 'InstanceRunning' | 'InstanceDeleting';
  /** When its Node registers (undefined: never, a silent failure). */
  registersAt?: number;
  /** Reported creation error (the instance stays Creating with this error). */
  error?: InstanceErrorInfo;
  /** Zone label value. */
  zone?: string;
}

/** A node group in the cloud: its config, target size and instances. */
export interface CloudNodeGroup {
  config: NodeGroupConfig;
  targetSize: number;
  instances: Map<string, Instance>;
  /** Names handed out so far (instance names never repeat). */
  nextIndex: number;
}

/** Draws a delay in seconds from a distribution. */
export function sampleDelay(d: DelayDistribution, rng: Rng): number {
  switch (d.type) {
    case 'fixed':
      return d.value;
    case 'uniform':
      return d.min + (d.max - d.min) * rng();
    case 'normal': {
      // Box-Muller on the seeded stream
      const u = Math.max(rng(), 1e-12);
      const v = rng();
      return Math.max(d.min, d.mean + d.stddev * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    }
  }
}

/** The simulated cloud provider. */
export class SimulatedCloudProvider {
  readonly groups = new Map<string, CloudNodeGroup>();
  private readonly byInstance = new Map<string, string>();

  constructor(
    configs: readonly NodeGroupConfig[],
    private readonly rng: Rng,
  ) {
    for (const c of configs) this.groups.set(c.name, { config: c, targetSize: 0, instances: new Map(), nextIndex: 0 });
  }

  /** Node group ids in configuration order (NodeGroups()). */
  nodeGroupIds(): string[] {
    return [...this.groups.keys()];
  }

  /** The group of a node, by instance name (NodeGroupForNode). */
  nodeGroupForNode(name: string): string | undefined {
    return this.byInstance.get(name);
  }

  /** Registers a node that already exists (initialSize nodes at t=0) as an instance of `group`. */
  adopt(group: string, name: string, now: number, zone?: string): Instance {
    const g = this.groups.get(group)!;
    const inst: Instance = { name, group, createdAt: now, state: 'InstanceRunning', registersAt: now, zone };
    g.instances.set(name, inst);
    g.targetSize++;
    g.nextIndex++;
    this.byInstance.set(name, group);
    return inst;
  }

  /**
   * Raises the target size by `delta` and creates the instances (IncreaseSize). Each instance
   * either registers after the provisioning delay, reports an OutOfResource error (inside an
   * out-of-capacity window, or by the failure probability in `error` mode), or never registers
   * (`timeout` mode).
   */
  increaseSize(group: string, delta: number, now: number): Instance[] {
    const g = this.groups.get(group);
    if (!g) throw new Error(`unknown node group ${group}`);
    if (delta <= 0) throw new Error('size increase must be positive');
    if (g.targetSize + delta > g.config.maxSize) throw new Error(`size increase too large - desired:${g.targetSize + delta} max:${g.config.maxSize}`);
    g.targetSize += delta;
    const p = g.config.provisioning;
    const outOfCapacity = p.outOfCapacity.some((w) => now >= w.from && now < w.to);
    const out: Instance[] = [];
    for (let i = 0; i < delta; i++) {
      const idx = g.nextIndex++;
      const zone = g.config.zones.length ? g.config.zones[idx % g.config.zones.length] : undefined;
      const inst: Instance = { name: `${group}-${idx}`, group, createdAt: now, state: 'InstanceCreating', zone };
      const failed = !outOfCapacity && p.failureProbability > 0 && this.rng() < p.failureProbability;
      const delay = sampleDelay(p.delay, this.rng);
      if (outOfCapacity || (failed && p.failureMode === 'error')) {
        inst.error = {
          errorClass: 'OutOfResourcesErrorClass',
          errorCode: 'RESOURCE_POOL_EXHAUSTED',
          errorMessage: `Instance '${inst.name}' creation failed: the zone does not have enough resources available`,
        };
      } else if (!failed) inst.registersAt = now + Math.max(0, Math.round(delay));
      g.instances.set(inst.name, inst);
      this.byInstance.set(inst.name, group);
      out.push(inst);
    }
    return out;
  }

  /** Deletes instances and lowers the target size by as many (DeleteNodes). */
  deleteNodes(group: string, names: readonly string[]): void {
    const g = this.groups.get(group);
    if (!g) return;
    for (const n of names) {
      if (!g.instances.delete(n)) continue;
      this.byInstance.delete(n);
      g.targetSize--;
    }
  }

  /** Lowers the target size without deleting registered nodes (DecreaseTargetSize, for instances that never came). */
  decreaseTargetSize(group: string, delta: number): void {
    const g = this.groups.get(group);
    if (g) g.targetSize = Math.max(0, g.targetSize - delta);
  }

  /** Current target size (TargetSize). */
  targetSize(group: string): number {
    return this.groups.get(group)?.targetSize ?? 0;
  }
}
