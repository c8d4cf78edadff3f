/** Builders for GPU-sharing tests: nodes with N GPUs of a model, pods with the gpu annotations. */
import type { Node, Pod } from '../../src/model/types.ts';
import { makeNode, makePod } from '../helpers/cluster.ts';

/** A node with `gpus` GPUs of `model` (capacity alibabacloud.com/gpu-count, label gpu-card-model). */
export function gpuNode(name: string, gpus: number, model = 'V100M16', cpu = '64', memory = '256Gi'): Node {
  const n = makeNode(name, { cpu, memory, pods: 1001, 'alibabacloud.com/gpu-count': gpus, 'alibabacloud.com/gpu-milli': gpus * 1000 }, {
    metadata: { name, labels: { 'alibabacloud.com/gpu-card-model': model } },
  });
  n.status!.capacity = { ...n.status!.allocatable };
  return n;
}

/** A pod asking for `count` GPUs of `milli` each (and `cpu`), optionally restricted to models. */
export function gpuPod(name: string, milli: number, count: number, cpu = '1', spec?: string, index?: string): Pod {
  const annotations: Record<string, string> = { 'alibabacloud.com/gpu-milli': String(milli), 'alibabacloud.com/gpu-count': String(count) };
  if (spec !== undefined) annotations['alibabacloud.com/gpu-card-model'] = spec;
  if (index !== undefined) annotations['alibabacloud.com/gpu-index'] = index;
  return makePod(name, [{ cpu, memory: '1Gi' }], { metadata: { name, namespace: 'default', annotations } });
}
