/**
 * A scenario's cluster from a trace instead of manifests: `cluster.trace` names a node list and a
 * pod list of the Alibaba GPU trace v2023 ("openb", src/trace/openb.ts). The nodes become Nodes
 * with GPUs (alibabacloud.com/gpu-count, model label) and the pods pending Pods with their GPU
 * annotations, all created at the start, in the list's order (docs/gpu.md). A malformed row is a
 * UserError naming file, line and column; a bad field of `cluster.trace` is located in the scenario.
 *
 * ```yaml
 * cluster:
 *   trace:
 *     format: openb                 # the only format so far (default)
 *     nodes: traces/alibaba-gpu-v2023/csv/openb_node_list_gpu_node.csv
 *     pods: traces/alibaba-gpu-v2023/csv/openb_pod_list_default.csv   # optional
 *     maxNodes: 40                  # optional: the first N rows
 *     maxPods: 300
 *     namespace: default
 * ```
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Checker, JsonObject } from '../manifests/check.ts';
import type { FieldPath } from '../manifests/path.ts';
import type { KubeObject } from '../model/types.ts';
import { openbNode, openbPod, readOpenbFile } from '../trace/openb.ts';

/** The checker of the scenario loader (with its unknown-field check). */
type ScenarioCheck = Checker & { known(obj: JsonObject, path: FieldPath, allowed: readonly string[]): void };

/** The Nodes and Pods of `cluster.trace` (none when absent). */
export function traceObjects(c: ScenarioCheck, cluster: JsonObject, dir: string): KubeObject[] {
  const tp: FieldPath = ['cluster', 'trace'];
  const t = c.object(cluster, 'trace', ['cluster']);
  if (t === undefined) return [];
  c.known(t, tp, ['format', 'nodes', 'pods', 'maxNodes', 'maxPods', 'namespace']);
  c.string(t, 'format', tp, false, ['openb']);
  const file = (key: string, required: boolean): string | undefined => {
    const v = c.string(t, key, tp, required);
    if (v === undefined) return undefined;
    const full = resolve(dir, v);
    if (!existsSync(full)) c.fail([...tp, key], `file not found: ${v} (paths are relative to the scenario file)`);
    return full;
  };
  const nodesFile = file('nodes', true)!;
  const podsFile = file('pods', false);
  const maxNodes = c.int(t, 'maxNodes', tp, { min: 1 });
  const maxPods = c.int(t, 'maxPods', tp, { min: 0 });
  const namespace = c.string(t, 'namespace', tp) ?? 'default';
  const nodes = readOpenbFile(nodesFile);
  if (nodes.kind !== 'nodes') c.fail([...tp, 'nodes'], `${nodesFile} is a pod list, not a node list`);
  const out: KubeObject[] = (nodes.kind === 'nodes' ? nodes.nodes : []).slice(0, maxNodes).map(openbNode);
  if (podsFile !== undefined) {
    const pods = readOpenbFile(podsFile);
    if (pods.kind !== 'pods') c.fail([...tp, 'pods'], `${podsFile} is a node list, not a pod list`);
    if (pods.kind === 'pods') for (const p of pods.pods.slice(0, maxPods)) out.push(openbPod(p, namespace));
  }
  return out;
}
