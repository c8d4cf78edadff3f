/**
 * RandomScore: the paper's "Random" baseline (§6.1): PreScore draws one feasible node uniformly,
 * which scores 100; every other node scores 0. GPUs inside the node: Open-Gpu-Share with
 * gpuSelMethod `random`.
 * follows pkg/simulator/plugin/random_score.go of github.com/hkust-adsl/kubernetes-scheduler-simulator.
 * Args: seed (the plugin's own random stream; default 0).
 */
import seedrandom from 'seedrandom';
import type { NodeInfo } from '../../model/node-info.ts';
import type { PodInfo } from '../../model/pod-info.ts';
import { MAX_NODE_SCORE, MIN_NODE_SCORE, type CycleState, type PluginFactory, type SchedulerPlugin, type Status } from '../framework/types.ts';

/** Plugin name (simontype.RandomScorePluginName). */
export const NAME = 'RandomScore';
const KEY = 'PreScore-RandomScorePlugin';

/** The RandomScore plugin. */
export const newRandomScore: PluginFactory = (args): SchedulerPlugin => {
  const rng = seedrandom(`${String(args?.seed ?? 0)}/random-score`);
  return {
    name: NAME,
    preScore(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
      state.write(KEY, nodes[Math.floor(rng() * nodes.length)]?.name ?? '');
      return null;
    },
    score(state: CycleState, _pod: PodInfo, node: NodeInfo): number {
      return state.read<string>(KEY) === node.name ? MAX_NODE_SCORE : MIN_NODE_SCORE;
    },
    scoreNodes(state: CycleState, _pod: PodInfo, nodes: readonly NodeInfo[], scores: number[]): void {
      const chosen = state.read<string>(KEY);
      for (let i = 0; i < nodes.length; i++) scores[i] = chosen === nodes[i].name ? MAX_NODE_SCORE : MIN_NODE_SCORE;
    },
  };
};
