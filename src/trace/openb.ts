/**
 * The Alibaba GPU cluster trace v2023 ("openb", alibaba/clusterdata cluster-trace-gpu-v2023, as
 * simulated by the FGD paper): node lists `sn,cpu_milli,memory_mib,gpu,model` and pod lists
 * `name,cpu_milli,memory_mib,num_gpu,gpu_milli[,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time]`
 * (the multigpu lists have only the first five columns). Rows become Nodes and Pods the way the
 * paper's simulator converts them (data/pod_csv_to_yaml.py, data/node_yaml/): requests = limits =
 * cpu/memory, GPU request in the alibabacloud.com/gpu-* annotations (docs/gpu.md). A malformed row
 * is a UserError naming file, line, column and column name; nothing is returned from a file that failed.
 */
import { UserError } from '../cli/errors.ts';
import { GPU_COUNT, GPU_MILLI, GPU_MODEL, KNOWN_GPU_MODELS, MILLI } from '../model/gpu.ts';
import type { Node, Pod } from '../model/types.ts';
import { readTextFile } from '../util/files.ts';

/** One row of a node list. */
export interface OpenbNode {
  name: string;
  cpuMilli: number;
  memoryMib: number;
  gpu: number;
  /** GPU model ('' for a CPU-only node). */
  model: string;
}

/** One row of a pod list. */
export interface OpenbPod {
  name: string;
  cpuMilli: number;
  memoryMib: number;
  numGpu: number;
  gpuMilli: number;
  /** Allowed GPU models, `|`-separated ('' = any). */
  gpuSpec: string;
  qos?: string;
  podPhase?: string;
  creationTime?: number;
  deletionTime?: number;
  scheduledTime?: number;
}

export const NODE_COLUMNS = ['sn', 'cpu_milli', 'memory_mib', 'gpu', 'model'] as const;
export const POD_COLUMNS = ['name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli'] as const;
export const POD_OPTIONAL_COLUMNS = ['gpu_spec', 'qos', 'pod_phase', 'creation_time', 'deletion_time', 'scheduled_time'] as const;

/** Which list a header belongs to, or null. */
export function openbKind(header: string): 'nodes' | 'pods' | null {
  const cols = header.trim().split(',');
  if (NODE_COLUMNS.every((c) => cols.includes(c))) return 'nodes';
  if (POD_COLUMNS.every((c) => cols.includes(c))) return 'pods';
  return null;
}

interface Table {
  header: string[];
  rows: { line: number; cells: string[]; starts: number[] }[];
}

function fail(file: string, line: number, column: number | undefined, field: string | undefined, message: string): never {
  throw new UserError(message, { location: { file, line, column }, field });
}

function readTable(text: string, file: string, required: readonly string[], optional: readonly string[]): Table {
  const lines = text.split(/\r?\n/);
  if (lines.length === 0 || lines[0].trim() === '') fail(file, 1, 1, undefined, `empty file: expected a header line (${required.join(',')})`);
  const header = lines[0].replace(/^\uFEFF/, '').split(',').map((s) => s.trim());
  for (const c of required) if (!header.includes(c)) fail(file, 1, 1, c, `missing column "${c}" in the header (expected ${required.join(',')}${optional.length ? `[,${optional.join(',')}]` : ''})`);
  for (const [i, c] of header.entries()) {
    if (!required.includes(c) && !optional.includes(c)) fail(file, 1, columnStart(lines[0], i), c, `unknown column "${c}"`);
  }
  const rows: Table['rows'] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === '') continue;
    const cells = raw.split(',');
    const starts: number[] = [];
    let pos = 1;
    for (const c of cells) {
      starts.push(pos);
      pos += c.length + 1;
    }
    if (cells.length !== header.length) {
      const col = cells.length < header.length ? header[cells.length] : undefined;
      fail(file, i + 1, cells.length < header.length ? raw.length + 1 : starts[header.length], col, `expected ${header.length} columns, found ${cells.length}${col ? ` (missing column "${col}")` : ''}`);
    }
    rows.push({ line: i + 1, cells: cells.map((c) => c.trim()), starts });
  }
  return { header, rows };
}

function columnStart(line: string, index: number): number {
  let pos = 1;
  const cells = line.split(',');
  for (let i = 0; i < index; i++) pos += cells[i].length + 1;
  return pos;
}

function cellOf(t: Table, row: Table['rows'][number], file: string) {
  const idx = new Map(t.header.map((h, i) => [h, i]));
  return {
    str(col: string): string {
      const i = idx.get(col);
      return i === undefined ? '' : row.cells[i];
    },
    has(col: string): boolean {
      return idx.has(col);
    },
    /** A non-negative integer cell. */
    int(col: string, opts: { max?: number } = {}): number {
      const i = idx.get(col)!;
      const v = row.cells[i];
      if (v === '') fail(file, row.line, row.starts[i], col, `${col} is empty`);
      if (!/^-?\d+$/.test(v)) fail(file, row.line, row.starts[i], col, `${col} is not an integer: ${JSON.stringify(v)}`);
      const n = Number(v);
      if (n < 0) fail(file, row.line, row.starts[i], col, `${col} is negative: ${v}`);
      if (opts.max !== undefined && n > opts.max) fail(file, row.line, row.starts[i], col, `${col} must be in 0–${opts.max}, got ${v}`);
      return n;
    },
    optInt(col: string): number | undefined {
      const i = idx.get(col);
      if (i === undefined || row.cells[i] === '') return undefined;
      return this.int(col);
    },
    at(col: string): number {
      return row.starts[idx.get(col) ?? 0];
    },
  };
}

function checkModel(file: string, line: number, column: number, col: string, model: string): void {
  if (!KNOWN_GPU_MODELS.includes(model)) fail(file, line, column, col, `unknown GPU model ${JSON.stringify(model)} (known: ${KNOWN_GPU_MODELS.join(', ')})`);
}

/** Parses a node list. */
export function parseOpenbNodes(text: string, file: string): OpenbNode[] {
  const t = readTable(text, file, NODE_COLUMNS, []);
  const seen = new Set<string>();
  return t.rows.map((row) => {
    const c = cellOf(t, row, file);
    const name = c.str('sn');
    if (name === '') fail(file, row.line, c.at('sn'), 'sn', 'sn (node name) is empty');
    if (seen.has(name)) fail(file, row.line, c.at('sn'), 'sn', `duplicate node name ${JSON.stringify(name)}`);
    seen.add(name);
    const gpu = c.int('gpu');
    const model = c.str('model');
    if (model !== '') checkModel(file, row.line, c.at('model'), 'model', model);
    if (gpu > 0 && model === '') fail(file, row.line, c.at('model'), 'model', `a node with ${gpu} GPUs needs a GPU model`);
    return { name, cpuMilli: c.int('cpu_milli'), memoryMib: c.int('memory_mib'), gpu, model };
  });
}

/** Parses a pod list (5 to 11 columns). */
export function parseOpenbPods(text: string, file: string): OpenbPod[] {
  const t = readTable(text, file, POD_COLUMNS, POD_OPTIONAL_COLUMNS);
  const seen = new Set<string>();
  return t.rows.map((row) => {
    const c = cellOf(t, row, file);
    const name = c.str('name');
    if (name === '') fail(file, row.line, c.at('name'), 'name', 'name is empty');
    if (seen.has(name)) fail(file, row.line, c.at('name'), 'name', `duplicate pod name ${JSON.stringify(name)}`);
    seen.add(name);
    const numGpu = c.int('num_gpu');
    const gpuMilli = c.int('gpu_milli', { max: MILLI });
    if (numGpu > 0 && gpuMilli === 0) fail(file, row.line, c.at('gpu_milli'), 'gpu_milli', `num_gpu is ${numGpu} but gpu_milli is 0`);
    if (numGpu === 0 && gpuMilli > 0) fail(file, row.line, c.at('num_gpu'), 'num_gpu', `gpu_milli is ${gpuMilli} but num_gpu is 0`);
    if (numGpu > 1 && gpuMilli < MILLI) fail(file, row.line, c.at('gpu_milli'), 'gpu_milli', `a GPU-sharing pod (gpu_milli ${gpuMilli} < 1000) must have num_gpu 1, got ${numGpu}`);
    const gpuSpec = c.str('gpu_spec');
    if (gpuSpec !== '') {
      let col = c.at('gpu_spec');
      for (const m of gpuSpec.split('|')) {
        if (m !== '') checkModel(file, row.line, col, 'gpu_spec', m);
        col += m.length + 1;
      }
    }
    const p: OpenbPod = { name, cpuMilli: c.int('cpu_milli'), memoryMib: c.int('memory_mib'), numGpu, gpuMilli, gpuSpec };
    if (c.has('qos') && c.str('qos') !== '') p.qos = c.str('qos');
    if (c.has('pod_phase') && c.str('pod_phase') !== '') p.podPhase = c.str('pod_phase');
    const ct = c.optInt('creation_time');
    if (ct !== undefined) p.creationTime = ct;
    const dt = c.optInt('deletion_time');
    if (dt !== undefined) p.deletionTime = dt;
    const st = c.optInt('scheduled_time');
    if (st !== undefined) p.scheduledTime = st;
    return p;
  });
}

/** Reads and parses a node or pod list file, by its header. */
export function readOpenbFile(file: string): { kind: 'nodes'; nodes: OpenbNode[] } | { kind: 'pods'; pods: OpenbPod[] } {
  const text = readTextFile(file, 'trace file');
  const kind = openbKind(text.split(/\r?\n/, 1)[0] ?? '');
  if (kind === 'nodes') return { kind, nodes: parseOpenbNodes(text, file) };
  if (kind === 'pods') return { kind, pods: parseOpenbPods(text, file) };
  return fail(file, 1, 1, undefined, `not an openb trace file: the header must have ${NODE_COLUMNS.join(',')} (nodes) or ${POD_COLUMNS.join(',')} (pods)`);
}

/** The Node of a row (data/node_yaml/openb_node_list_gpu_node.yaml: pods 1001, GPU capacity and model label). */
export function openbNode(n: OpenbNode): Node {
  const res: Record<string, string> = { cpu: `${n.cpuMilli}m`, memory: `${n.memoryMib}Mi`, pods: '1001' };
  const labels: Record<string, string> = { 'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux' };
  if (n.gpu > 0) {
    res[GPU_COUNT] = String(n.gpu);
    res[GPU_MILLI] = String(n.gpu * MILLI);
    labels[GPU_MODEL] = n.model;
  }
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: n.name, labels }, spec: {}, status: { capacity: { ...res }, allocatable: { ...res } } };
}

/** The Pod of a row (data/pod_csv_to_yaml.py: requests = limits, GPU in annotations). `name` overrides the row's name (tuned copies). */
export function openbPod(p: OpenbPod, namespace = 'default', name = p.name): Pod {
  const r = { cpu: `${p.cpuMilli}m`, memory: `${p.memoryMib}Mi` };
  const annotations: Record<string, string> = { [GPU_MILLI]: String(p.gpuMilli), [GPU_COUNT]: String(p.numGpu) };
  if (p.gpuSpec !== '') annotations[GPU_MODEL] = p.gpuSpec;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, annotations },
    spec: { containers: [{ name: 'main', image: 'tensorflow:latest', resources: { requests: { ...r }, limits: { ...r } } }], restartPolicy: 'OnFailure' },
  };
}

/** Summary numbers of a list, for `kubesim validate`. */
export function summarizeOpenb(f: ReturnType<typeof readOpenbFile>): Record<string, number> {
  if (f.kind === 'nodes') {
    const gpuNodes = f.nodes.filter((n) => n.gpu > 0);
    return { nodes: f.nodes.length, gpuNodes: gpuNodes.length, gpus: f.nodes.reduce((a, n) => a + n.gpu, 0), cpuMilli: f.nodes.reduce((a, n) => a + n.cpuMilli, 0), memoryMib: f.nodes.reduce((a, n) => a + n.memoryMib, 0) };
  }
  const pods = f.pods;
  return {
    pods: pods.length,
    cpuOnly: pods.filter((p) => p.numGpu === 0).length,
    gpuShare: pods.filter((p) => p.numGpu === 1 && p.gpuMilli < MILLI).length,
    multiGpu: pods.filter((p) => p.numGpu > 1).length,
    withGpuSpec: pods.filter((p) => p.gpuSpec !== '').length,
    gpuMilliRequested: pods.reduce((a, p) => a + p.numGpu * p.gpuMilli, 0),
  };
}
