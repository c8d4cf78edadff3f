/**
 * The manifests of the one-million-pod benches (bench/schedule-million.ts, bench/schedule-overhead.ts):
 * Nodes of 4 sizes over 3 zones and Deployments with requests only, as YAML text.
 */
/** `count` Nodes of 4 sizes over 3 zones. */
export function nodesYaml(count: number): string {
  const sizes = [
    ['16', '64Gi'],
    ['32', '128Gi'],
    ['32', '128Gi'],
    ['64', '256Gi'],
  ];
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    const [cpu, mem] = sizes[i % sizes.length];
    const name = `node-${String(i).padStart(5, '0')}`;
    docs.push(
      `apiVersion: v1\nkind: Node\nmetadata:\n  name: ${name}\n  labels:\n    kubernetes.io/hostname: ${name}\n    kubernetes.io/os: linux\n    topology.kubernetes.io/zone: zone-${i % 3}\nstatus:\n  allocatable: { cpu: "${cpu}", memory: ${mem}, pods: "110" }\n`,
    );
  }
  return docs.join('---\n');
}

/** `count` Deployments of `replicas` pods with CPU and memory requests. */
export function deploymentsYaml(count: number, replicas: number): string {
  const cpu = [50, 100, 200, 250];
  const mem = [64, 128, 256];
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `app-${String(i).padStart(4, '0')}`;
    docs.push(
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  replicas: ${replicas}\n  selector:\n    matchLabels: { app: ${name} }\n  template:\n    metadata:\n      labels: { app: ${name} }\n    spec:\n      containers:\n        - name: app\n          image: registry.example/${name}:v1\n          resources:\n            requests: { cpu: ${cpu[i % cpu.length]}m, memory: ${mem[i % mem.length]}Mi }\n`,
    );
  }
  return docs.join('---\n');
}
