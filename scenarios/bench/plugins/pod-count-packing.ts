/**
 * Example scoring plugin for the bench: pack by pod count. A node scores by how many pods it
 * already runs (DaemonSet pods excluded), scaled so the fullest feasible node gets 100 — a
 * bin-packing strategy that ignores resource requests, unlike NodeResourcesFit MostAllocated.
 * Enabled at Score with weight 3 when listed under a bench policy's `plugins`.
 */
import type { UserPlugin } from '../../../src/scheduler/custom-plugins.ts';

function ownPods(pods: readonly { pod: { metadata: { ownerReferences?: { kind: string; controller?: boolean }[] } } }[]): number {
  let n = 0;
  for (const p of pods) if (!p.pod.metadata.ownerReferences?.some((r) => r.controller && r.kind === 'DaemonSet')) n++;
  return n;
}

const plugin: UserPlugin = {
  name: 'PodCountPacking',
  weight: 3,
  score: (_state, _pod, node) => ownPods(node.pods),
  normalizeScore(_state, _pod, _nodes, scores) {
    let max = 0;
    for (const s of scores) if (s > max) max = s;
    for (let i = 0; i < scores.length; i++) scores[i] = max === 0 ? 0 : Math.trunc((100 * scores[i]) / max);
    return null;
  },
};

export default plugin;
