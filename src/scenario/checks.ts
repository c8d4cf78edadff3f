/**
 * Cross-checks of a scenario after its fields are read (issue 14): the mistakes each field alone
 * cannot show. Each is a located UserError (exit 2): an event naming a node that never exists,
 * a target (expect, event, workload) naming an object the scenario does not define, an
 * expectation window that is empty, a tick larger than the duration or below the engine's
 * resolution, two node pools that would make the same node names.
 */
import { guardRunSize } from './size-guard.ts';
import { formatDuration } from '../engine/time.ts';
import { isObject, type Checker, type JsonObject } from '../manifests/check.ts';
import type { FieldPath } from '../manifests/path.ts';
import type { KubeObject } from '../model/types.ts';
import type { Scenario, ScenarioAction, WorkloadRef } from './types.ts';

/** The smallest tick: the engine's clock has millisecond resolution in every output (events, series). */
export const MIN_TICK_SECONDS = 0.001;

const NODE_ACTIONS = new Set(['nodeFailure', 'nodeRecovery', 'cordon', 'uncordon', 'drain']);

/** Runs every cross-check; returns the scenario unchanged or throws a located UserError. */
export function checkScenario(c: Checker, raw: JsonObject, s: Scenario, opts: { force?: boolean } = {}): Scenario {
  checkTiming(c, s);
  // the size estimate comes before the name checks, which expand every node pool
  guardRunSize(c, s, opts.force === true);
  checkNodePools(c, raw, s);
  checkNodeNames(c, s);
  checkTargets(c, raw, s);
  checkExpectWindows(c, s);
  return s;
}

function checkTiming(c: Checker, s: Scenario): void {
  if (s.tick < MIN_TICK_SECONDS) c.fail(['tick'], `must be at least 1ms (the simulation's resolution), got ${s.tick}s`);
  if (s.tick > s.duration) c.fail(['tick'], `(${formatDuration(s.tick)}) is longer than the scenario's duration (${formatDuration(s.duration)}): nothing would run after time 0`);
  if (s.sampleEvery < s.tick) c.fail(['sampleEvery'], `(${formatDuration(s.sampleEvery)}) is shorter than the tick (${formatDuration(s.tick)}): samples are taken at ticks`);
}

/** Two static pools with one namePrefix, or a pool prefix equal to an autoscaled group's name: node names would collide. */
function checkNodePools(c: Checker, raw: JsonObject, s: Scenario): void {
  const cluster = isObject(raw.cluster) ? raw.cluster : {};
  const pools = Array.isArray(cluster.nodes) ? cluster.nodes : [];
  const seen = new Map<string, number>();
  const autoscaled = new Set((s.autoscaledNodeGroups ?? []).map((g) => g.name));
  pools.forEach((p, i) => {
    if (!isObject(p) || p.file !== undefined) return;
    const prefix = typeof p.namePrefix === 'string' ? p.namePrefix : 'node';
    const path: FieldPath = p.namePrefix !== undefined ? ['cluster', 'nodes', i, 'namePrefix'] : ['cluster', 'nodes', i];
    const prev = seen.get(prefix);
    if (prev !== undefined) {
      c.fail(path, `namePrefix ${JSON.stringify(prefix)} is also the prefix of cluster.nodes[${prev}]${p.namePrefix === undefined ? ' (both use the default "node")' : ''}: node names would collide; give each pool its own namePrefix`);
    }
    if (autoscaled.has(prefix)) c.fail(path, `namePrefix ${JSON.stringify(prefix)} is the name of an autoscaled node group (cluster.nodeGroups), whose nodes are named ${prefix}-0, ${prefix}-1, …: node names would collide`);
    seen.set(prefix, i);
  });
}

function nodeNamesOf(objects: readonly KubeObject[]): string[] {
  return objects.filter((o) => o.kind === 'Node' && o.metadata.name).map((o) => o.metadata.name!);
}

/** The names `count` nodes of a pool get (as nodesOfGroup in src/engine/simulation.ts names them). */
function poolNames(prefix: string, count: number, existing: Set<string>): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count && i < count + existing.size + 1; i++) {
    const name = `${prefix}-${i}`;
    if (!existing.has(name)) out.push(name);
  }
  return out;
}

/** Events naming a node: the node must exist when the event runs (a pool, a manifest Node, an earlier addNodes/apply, or an autoscaled group's node). */
function checkNodeNames(c: Checker, s: Scenario): void {
  const names = new Set(nodeNamesOf(s.objects));
  for (const g of s.nodeGroups) for (const n of poolNames(g.namePrefix, g.count, names)) names.add(n);
  const autoscaled = (s.autoscaledNodeGroups ?? []).map((g) => g.name);
  const mayExist = (node: string): boolean => names.has(node) || autoscaled.some((g) => new RegExp(`^${g.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d+$`).test(node));
  const list = (): string => {
    const all = [...names];
    const shown = all.slice(0, 8).join(', ');
    return all.length === 0 ? 'the scenario has no nodes' : `nodes: ${shown}${all.length > 8 ? `, … (${all.length})` : ''}`;
  };
  // s.events is sorted by time (then list order), as the engine runs them.
  for (const ev of s.events) {
    const a: ScenarioAction = ev.action;
    const base: FieldPath = ['events', ev.index, a.type];
    if (NODE_ACTIONS.has(a.type)) {
      const node = (a as { node: string }).node;
      if (!mayExist(node)) c.fail([...base, 'node'], `no node named ${JSON.stringify(node)} exists at ${formatDuration(ev.at)} (${list()})`);
    } else if (a.type === 'removeNodes') {
      a.nodes.forEach((node, i) => {
        if (!mayExist(node)) c.fail([...base, 'nodes', i], `no node named ${JSON.stringify(node)} exists at ${formatDuration(ev.at)} (${list()})`);
      });
      for (const n of a.nodes) names.delete(n);
    } else if (a.type === 'addNodes') {
      for (const n of poolNames(a.group.namePrefix, a.group.count, names)) names.add(n);
    } else if (a.type === 'apply') {
      for (const n of nodeNamesOf(a.objects)) names.add(n);
    }
  }
}

const refText = (r: WorkloadRef): string => `${r.kind}/${r.namespace}/${r.name}`;

/** expect, workload and event targets must name an object the scenario defines (manifests or an apply event) or an autoscaled group. */
function checkTargets(c: Checker, raw: JsonObject, s: Scenario): void {
  const known = new Set<string>();
  const add = (objects: readonly KubeObject[]): void => {
    for (const o of objects) known.add(`${o.kind}/${o.metadata.namespace ?? 'default'}/${o.metadata.name ?? ''}`);
  };
  add(s.objects);
  for (const ev of s.events) if (ev.action.type === 'apply') add(ev.action.objects);
  for (const g of s.autoscaledNodeGroups ?? []) known.add(`NodeGroup/default/${g.name}`);
  const exists = (r: WorkloadRef): boolean => known.has(refText(r)) || (r.kind === 'NodeGroup' && known.has(`NodeGroup/default/${r.name}`));
  const similar = (r: WorkloadRef): string => {
    const same = [...known].filter((k) => k.startsWith(`${r.kind}/`)).map((k) => {
      const [kind, ns, name] = k.split('/');
      return ns === 'default' ? `${kind}/${name}` : `${kind}/${ns}/${name}`;
    });
    if (same.length === 0) return r.kind === 'NodeGroup' ? 'the scenario has no autoscaled node groups (cluster.nodeGroups)' : `the scenario defines no ${r.kind}`;
    return `defined: ${same.slice(0, 8).join(', ')}${same.length > 8 ? ', …' : ''}`;
  };
  const fail = (path: FieldPath, r: WorkloadRef): never =>
    c.fail(path, `no ${r.kind} ${r.kind === 'NodeGroup' ? r.name : `${r.namespace}/${r.name}`} in the scenario (${similar(r)})`);

  s.expect.forEach((x) => {
    if (x.target && !exists(x.target)) fail(['expect', x.index, 'target'], x.target);
  });
  const workloads = Array.isArray(raw.workloads) ? raw.workloads : [];
  s.workloads.forEach((w, i) => {
    if (i < workloads.length && !exists(w.target)) fail(['workloads', i, 'target'], w.target);
  });
  for (const ev of s.events) {
    const a = ev.action;
    if ('target' in a && a.target && !exists(a.target)) fail(['events', ev.index, a.type, 'target'], a.target);
  }
}

/** An expectation whose window is empty or starts after the run ends can never be checked. */
function checkExpectWindows(c: Checker, s: Scenario): void {
  const d = formatDuration(s.duration);
  for (const x of s.expect) {
    const p: FieldPath = ['expect', x.index];
    if (x.after !== undefined && x.before !== undefined && x.after > x.before) {
      c.fail([...p, 'before'], `(${formatDuration(x.before)}) is earlier than \`after\` (${formatDuration(x.after)}): the window is empty`);
    }
    if (x.after !== undefined && x.after > s.duration) c.fail([...p, 'after'], `(${formatDuration(x.after)}) is after the scenario's duration (${d}): the window is empty`);
    if (x.at !== undefined && x.at > s.duration) c.fail([...p, 'at'], `(${formatDuration(x.at)}) is after the scenario's duration (${d})`);
  }
}
