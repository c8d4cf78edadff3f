/**
 * ImageLocality, ported from upstream imagelocality/image_locality_test.go
 * (TestImageLocalityPriority, TestNormalizedImageName).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newPodInfo } from '../../../src/model/pod-info.ts';
import type { ContainerImage, PodSpec } from '../../../src/model/types.ts';
import { runScorePlugin } from '../../../src/scheduler/framework/run-plugin.ts';
import { newImageLocality, normalizedImageName } from '../../../src/scheduler/plugins/image-locality.ts';
import { makeCluster, makeNode, makePod } from '../../helpers/cluster.ts';

const mb = 1024 * 1024;
const images = (...c: [string, string][]): PodSpec => ({ containers: c.map(([name, image]) => ({ name, image })) });
const img = (sizeMB: number, ...names: string[]): ContainerImage => ({ names, sizeBytes: sizeMB * mb });

const test40250 = images(['a', 'gcr.io/40'], ['b', 'gcr.io/250']);
const test40300 = images(['a', 'gcr.io/40'], ['b', 'gcr.io/300']);
const testMinMax = images(['a', 'gcr.io/10'], ['b', 'gcr.io/4000']);
const test300600900 = images(['a', 'gcr.io/300'], ['b', 'gcr.io/600'], ['c', 'gcr.io/900']);
const test3040 = images(['a', 'gcr.io/30'], ['b', 'gcr.io/40']);
const test30Init300: PodSpec = { containers: [{ name: 'a', image: 'gcr.io/30' }], initContainers: [{ name: 'i', image: 'gcr.io/300' }] };

const node403002000 = [img(40, 'gcr.io/40:latest', 'gcr.io/40:v1', 'gcr.io/40:v1'), img(300, 'gcr.io/300:latest', 'gcr.io/300:v1'), img(2000, 'gcr.io/2000:latest')];
const node25010 = [img(250, 'gcr.io/250:latest'), img(10, 'gcr.io/10:latest', 'gcr.io/10:v1')];
const node60040900 = [img(600, 'gcr.io/600:latest'), img(40, 'gcr.io/40:latest'), img(900, 'gcr.io/900:latest')];
const node300600900 = [img(300, 'gcr.io/300:latest'), img(600, 'gcr.io/600:latest'), img(900, 'gcr.io/900:latest')];
const node400030 = [img(4000, 'gcr.io/4000:latest'), img(30, 'gcr.io/30:latest')];
const node203040 = [img(20, 'gcr.io/20:latest'), img(30, 'gcr.io/30:latest'), img(40, 'gcr.io/40:latest')];
const nodeWithNoImages: ContainerImage[] = [];

describe('image_locality_test.go TestImageLocalityPriority', () => {
  const cases: { name: string; spec: PodSpec; nodes: ContainerImage[][]; want: number[] }[] = [
    { name: 'two images spread on two nodes, prefer the larger image one', spec: test40250, nodes: [node403002000, node25010], want: [0, 5] },
    { name: 'two images on one node, prefer this node', spec: test40300, nodes: [node403002000, node25010], want: [7, 0] },
    { name: 'if exceed limit, use limit', spec: testMinMax, nodes: [node400030, node25010], want: [100, 0] },
    {
      name: 'if exceed limit, use limit (with node which has no images present)',
      spec: testMinMax,
      nodes: [node400030, node25010, nodeWithNoImages],
      want: [66, 0, 0],
    },
    { name: 'pod with multiple large images, node2 is preferred', spec: test300600900, nodes: [node60040900, node300600900, nodeWithNoImages], want: [32, 36, 0] },
    { name: 'pod with multiple small images', spec: test3040, nodes: [node203040, node400030], want: [1, 0] },
    { name: 'include InitContainers: two images spread on two nodes, prefer the larger image one', spec: test30Init300, nodes: [node403002000, node203040], want: [6, 0] },
  ];
  for (const tc of cases) {
    it(`"${tc.name}"`, () => {
      const cluster = makeCluster(tc.nodes.map((imgs, i) => makeNode(`node${i + 1}`, {}, { status: { images: imgs } })));
      const nodes = tc.nodes.map((_, i) => cluster.nodes.get(`node${i + 1}`)!);
      const run = runScorePlugin(newImageLocality(undefined, { cluster }), cluster, newPodInfo(makePod('p', [], { spec: tc.spec })), nodes);
      expect(run.raw).toEqual(tc.want);
      expect(run.normalized).toEqual(tc.want); // no NormalizeScore
    });
  }
  it('totalNodes counts every node of the cluster, not only the ones scored', () => {
    // Same as "if exceed limit, use limit (with node which has no images present)" scoring node1 alone.
    const cluster = makeCluster([node400030, node25010, nodeWithNoImages].map((imgs, i) => makeNode(`node${i + 1}`, {}, { status: { images: imgs } })));
    const run = runScorePlugin(newImageLocality(undefined, { cluster }), cluster, newPodInfo(makePod('p', [], { spec: testMinMax })), [cluster.nodes.get('node1')!]);
    expect(run.raw).toEqual([66]);
  });
});

describe('image_locality_test.go TestNormalizedImageName', () => {
  const digest = 'sha256:' + createHash('sha256').update('root').digest('hex');
  const cases = [
    { name: 'add :latest postfix 1', input: 'root', output: 'root:latest' },
    { name: 'add :latest postfix 2', input: 'gcr.io:5000/root', output: 'gcr.io:5000/root:latest' },
    { name: 'keep it as is 1', input: 'root:tag', output: 'root:tag' },
    { name: 'keep it as is 2', input: 'root@' + digest, output: 'root@' + digest },
  ];
  for (const tc of cases) it(`"${tc.name}"`, () => expect(normalizedImageName(tc.input)).toBe(tc.output));
});
