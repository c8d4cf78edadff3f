/**
 * Runs the fake API server of the live tests with the fixture cluster until interrupted, and
 * writes a kubeconfig for it, so the real CLI can be tried against it from another shell:
 *
 *   npx tsx test/live/serve-fake.ts /tmp/fake-kubeconfig.yaml &
 *   node bin/kubesim.mjs import --kubeconfig /tmp/fake-kubeconfig.yaml
 *
 * Not Kubernetes: an in-memory test double (see fake-apiserver.ts).
 */
import { dirname, basename, resolve } from 'node:path';
import { FakeApiServer } from './fake-apiserver.ts';
import { fixtureCluster } from './fixtures.ts';

const target = resolve(process.argv[2] ?? 'fake-kubeconfig.yaml');
const server = new FakeApiServer(fixtureCluster());
await server.start();
server.writeKubeconfig(dirname(target), basename(target));
process.stdout.write(`fake API server at ${server.url}; kubeconfig ${target}\n`);
const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
