/** Small builders for tests: nodes and pods from partial objects, a ClusterState from them. */
import { ClusterState } from '../../src/model/cluster.ts';
import type { Node, Pod, ResourceList } from '../../src/model/types.ts';

/** A Node named `name` with allocatable `alloc` (pods default 110) and optional labels/taints. */
export function makeNode(name: string, alloc: ResourceList = {}, extra: Partial<Node> = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    ...extra,
    metadata: { name, ...(extra.metadata ?? {}) },
    spec: extra.spec ?? {},
    status: { allocatable: { pods: 110, ...alloc }, ...(extra.status ?? {}) },
  };
}

/** A Pod with one container per entry of `requests` (each a ResourceList), in `default`. */
export function makePod(name: string, requests: ResourceList[] = [], extra: Partial<Pod> = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    ...extra,
    metadata: { name, namespace: 'default', ...(extra.metadata ?? {}) },
    spec: {
      containers: requests.map((r, i) => ({ name: `c${i}`, resources: { requests: r } })),
      ...(extra.spec ?? {}),
    },
  };
}

/** A ClusterState holding `nodes` and `pods` (pods with spec.nodeName are bound). */
export function makeCluster(nodes: Node[], pods: Pod[] = []): ClusterState {
  const c = new ClusterState();
  for (const n of nodes) c.addNode(n);
  for (const p of pods) c.addPod(p);
  return c;
}
