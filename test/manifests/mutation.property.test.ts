/**
 * Property: mutating valid manifests at random (other types in place of values, deleted keys,
 * corrupted quantities, truncated or corrupted text) never escapes as an uncaught exception:
 * loading gives a clean model (that builds a cluster and a validate report) or a UserError
 * with a file and line inside the text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/cli/errors.ts';
import { unfitPods } from '../../src/cli/commands/validate.ts';
import { buildCluster, parseDocuments, parseManifests, summarizeManifests, loadManifestSources } from '../../src/manifests/index.ts';

const ROOT = join(import.meta.dirname, '../fixtures/manifests');
const FILES = [
  'kubernetes_website/content/en/examples/application/php-apache.yaml',
  'kubernetes_website/content/en/examples/application/hpa/php-apache.yaml',
  'kubernetes_website/content/en/examples/pods/pod-with-affinity-anti-affinity.yaml',
  'kubernetes_website/content/en/examples/pods/topology-spread-constraints/two-constraints.yaml',
  'kubernetes_website/content/en/examples/application/zookeeper/zookeeper.yaml',
  'alibaba_open-simulator/example/application/complicate/node.yaml',
  'alibaba_open-simulator/example/application/complicate/sts-database.yaml',
  'GoogleCloudPlatform_kubernetes-engine-samples/quickstarts/whereami/k8s/deployment.yaml',
  'kubernetes-sigs_kwok/site/content/en/docs/examples/scalability/scale-using-hpa/hpa.yaml',
  'microservices-demo_microservices-demo/deploy/kubernetes/autoscaling/front-end-hsc.yaml',
  'stefanprodan_podinfo/deploy/bases/database/cronjob-backup-daily.yaml',
  'GoogleCloudPlatform_kubernetes-engine-samples/observability/elastic-stack-tutorial/max-map-count-setter-ds.yaml',
].map((f) => readFileSync(join(ROOT, f), 'utf8'));

// A second file gives the loaded set Nodes and a LimitRange, so fit checks and admission run too.
const CONTEXT = `apiVersion: v1
kind: Node
metadata: {name: n1, labels: {topology.kubernetes.io/zone: a}}
status: {capacity: {cpu: "4", memory: 8Gi, pods: "110"}}
---
apiVersion: v1
kind: LimitRange
metadata: {name: lr}
spec:
  limits:
  - type: Container
    default: {cpu: 500m}
    max: {memory: 1Gi}
`;

/** Loads like `kubesim validate` does, end to end. */
function loadAll(text: string): void {
  const loaded = loadManifestSources([
    { file: 'm.yaml', text },
    { file: 'ctx.yaml', text: CONTEXT },
  ]);
  const cluster = buildCluster(loaded);
  unfitPods(summarizeManifests(loaded, cluster), cluster);
}

/** Either loads cleanly or throws a UserError located inside the text. */
function expectCleanOrLocated(text: string): void {
  try {
    loadAll(text);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    expect(err.location?.file).toMatch(/^(m|ctx)\.yaml$/);
    expect(err.location?.line).toBeGreaterThanOrEqual(1);
    expect(err.location!.line!).toBeLessThanOrEqual(text.split('\n').length + 1);
  }
}

type Path = (string | number)[];

function allPaths(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(v)) v.forEach((x, i) => (out.push([...prefix, i]), allPaths(x, [...prefix, i], out)));
  else if (v && typeof v === 'object') for (const k of Object.keys(v)) out.push([...prefix, k]), allPaths((v as Record<string, unknown>)[k], [...prefix, k], out);
  return out;
}

const replacement = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 100000 }),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 8 }),
  fc.constantFrom('1.2.3', '10Mb', '', '-1', '1e', '${X}', '500m', '1Gi', 'Exists', 'In', 'NoExecute', '25%', '200%'),
  fc.constant([]),
  fc.constant({}),
  fc.constant([{}]),
  fc.constant([null]),
);

type Mutation = { kind: 'replace'; at: number; value: unknown } | { kind: 'delete'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: replacement }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
);

function applyMutation(root: unknown, m: Mutation): void {
  const paths = allPaths(root);
  if (paths.length === 0) return;
  const path = paths[m.at % paths.length];
  let parent = root as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = m.value;
}

describe('property: random mutations give a clean model or a located UserError', () => {
  it('every base file loads cleanly before mutation', () => {
    for (const text of FILES) loadAll(text);
  });

  it('structural mutations (other types, deleted keys, corrupted quantities)', () => {
    fc.assert(
      fc.property(fc.nat({ max: FILES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (fi, muts) => {
        const docs = parseDocuments(FILES[fi], 'm.yaml').map((d) => d.value);
        for (const m of muts) applyMutation(docs, m);
        const text = docs.map((d) => dump(d, { skipInvalid: true })).join('---\n');
        expectCleanOrLocated(text);
      }),
      { numRuns: 400, seed: 20240601 },
    );
  });

  it('text mutations (truncation, a character inserted or removed)', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: FILES.length - 1 }),
        fc.nat(),
        fc.constantFrom('truncate', 'insert', 'remove'),
        fc.constantFrom(':', '-', ' ', '\n', '"', '{', ']', '#', '\t', 'x', '9', '&', '*'),
        (fi, at, op, ch) => {
          const src = FILES[fi];
          const i = at % (src.length + 1);
          const text = op === 'truncate' ? src.slice(0, i) : op === 'insert' ? src.slice(0, i) + ch + src.slice(i) : src.slice(0, i) + src.slice(i + 1);
          expectCleanOrLocated(text);
        },
      ),
      { numRuns: 400, seed: 42 },
    );
  });

  it('mutated single-document manifests still locate errors by object', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (muts) => {
        const doc = parseDocuments(FILES[0], 'm.yaml')[0].value;
        for (const m of muts) applyMutation(doc, m);
        try {
          parseManifests(dump(doc, { skipInvalid: true }), 'm.yaml');
        } catch (err) {
          if (!(err instanceof UserError)) throw err;
          expect(err.format()).toMatch(/^m\.yaml:\d+:\d+: /);
        }
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
