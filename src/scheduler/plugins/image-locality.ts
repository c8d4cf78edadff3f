/**
 * ImageLocality: favours nodes that already have the pod's container images, weighted by image
 * size and scaled down by how few nodes have them (to avoid piling pods onto one node).
 * mirrors pkg/scheduler/framework/plugins/imagelocality/image_locality.go
 */
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import { MAX_NODE_SCORE, type CycleState, type PluginFactory } from '../framework/types.ts';
import { CycleStateSlot } from './helper.ts';

/** Plugin name (names.ImageLocality). */
export const NAME = 'ImageLocality';

const MB = 1024 * 1024;
/** Below this sum of (scaled) image sizes a node scores 0 (minThreshold). */
const MIN_THRESHOLD = 23 * MB;
/** Per container; the sum is capped at this × number of containers (maxContainerThreshold). */
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

const IMAGES_KEY = 'Images' + NAME;

/**
 * `name:latest` unless the name already carries a tag or digest after its last `/`.
 * mirrors image_locality.go normalizedImageName
 */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? name + ':latest' : name;
}

/** The pod's normalized images, init containers first (as upstream sums them). */
interface PodImages {
  readonly names: readonly string[];
  readonly numContainers: number;
}

function podImages(pod: PodInfo): PodImages {
  const spec = pod.pod.spec;
  const names: string[] = [];
  for (const c of spec.initContainers ?? []) names.push(normalizedImageName(c.image ?? ''));
  for (const c of spec.containers ?? []) names.push(normalizedImageName(c.image ?? ''));
  return { names, numContainers: names.length };
}

/**
 * Node score from the summed image scores. mirrors image_locality.go calculatePriority
 */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  if (sumScores < MIN_THRESHOLD) sumScores = MIN_THRESHOLD;
  else if (sumScores > maxThreshold) sumScores = maxThreshold;
  return Math.trunc((MAX_NODE_SCORE * (sumScores - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

/** The ImageLocality plugin (no args). Image states are kept by ClusterState per node. */
export const newImageLocality: PluginFactory = (_args, handle) => {
  const imagesSlot = new CycleStateSlot<PodImages>(IMAGES_KEY);
  return {
    name: NAME,
    // the node's images, and how many of the cluster's nodes hold each: kept per spec and row
    // while the cluster's image epoch stands
    nodeLocal: true,
    scoreEpoch: () => handle.cluster.imageEpoch,
    score(state: CycleState, pod: PodInfo, node: NodeInfo): number {
      // Normalized names are computed once per cycle, on the first node scored.
      let images = imagesSlot.read(state);
      if (!images) imagesSlot.write(state, (images = podImages(pod)));
      const totalNumNodes = handle.cluster.nodes.size;
      let sum = 0;
      if (node.imageStates.size > 0) {
        for (const name of images.names) {
          const s = node.imageStates.get(name);
          // mirrors scaledImageScore: the spread ratio is computed first, in float64.
          if (s) sum += Math.trunc(s.size * (s.numNodes / totalNumNodes));
        }
      }
      return calculatePriority(sum, images.numContainers);
    },
    scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], scores: number[], rows?: ArrayLike<number> | null): void {
      let images = imagesSlot.read(state);
      if (!images) imagesSlot.write(state, (images = podImages(pod)));
      const cluster = handle.cluster;
      const totalNumNodes = cluster.nodes.size;
      const names = images.names;
      const numContainers = images.numContainers;
      // Per image, once: the nodes listing it (a bitmap by node-table row) and the scaled score
      // it adds on each of them — every node lists the cluster's one shared summary.
      const bitmaps: Uint8Array[] = [];
      const adds: number[] = [];
      for (let k = 0; k < names.length; k++) {
        const s = cluster.imageStates.get(names[k]);
        const rows = s === undefined ? undefined : cluster.imageNodeRows(names[k]);
        if (s === undefined || rows === undefined) continue;
        bitmaps.push(rows);
        adds.push(Math.trunc(s.size * (s.numNodes / totalNumNodes)));
      }
      const table = cluster.nodeTable;
      if (rows && bitmaps.length <= 1) {
        // a node's sum is 0 or the one image's add: two possible scores, computed once
        const none = calculatePriority(0, numContainers);
        if (bitmaps.length === 0) {
          for (let i = 0; i < nodes.length; i++) scores[i] = none;
          return;
        }
        const has = calculatePriority(adds[0], numContainers);
        if (has === none) {
          for (let i = 0; i < nodes.length; i++) scores[i] = none;
          return;
        }
        const bm = bitmaps[0];
        for (let i = 0; i < nodes.length; i++) scores[i] = bm[rows[i]] === 1 ? has : none;
        return;
      }
      for (let i = 0; i < nodes.length; i++) {
        let sum = 0;
        if (rows) {
          const row = rows[i];
          for (let k = 0; k < bitmaps.length; k++) if (bitmaps[k][row] === 1) sum += adds[k];
          scores[i] = calculatePriority(sum, numContainers);
          continue;
        }
        const node = nodes[i];
        if (node.table === table) {
          const row = node.row;
          for (let k = 0; k < bitmaps.length; k++) if (bitmaps[k][row] === 1) sum += adds[k];
        } else {
          const imageStates = node.imageStates;
          for (let k = 0; k < names.length; k++) {
            const s = imageStates.get(names[k]);
            if (s) sum += Math.trunc(s.size * (s.numNodes / totalNumNodes));
          }
        }
        scores[i] = calculatePriority(sum, numContainers);
      }
    },
  };
};
