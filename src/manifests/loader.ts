/**
 * Manifest files and folders → checked, defaulted, admitted API objects with source locations.
 * Every simulated kind is checked against the schema in schema.ts; every other kind is
 * counted as "not simulated" and otherwise ignored.
 */
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { extname, join } from 'node:path';
import { UserError, type SourceLocation } from '../cli/errors.ts';
import { fsUserError, readTextFile, statOrFail } from '../util/files.ts';
import type {
  CronJob,
  DaemonSet,
  Deployment,
  Job,
  KubeObject,
  LimitRange,
  Node,
  PodSpec,
  PriorityClass,
  ReplicaSet,
  StatefulSet,
} from '../model/types.ts';
import { addDefaultTolerations, applyLimitRanges, applyPriority, globalDefaultClass, SYSTEM_PRIORITY_CLASSES } from './admission.ts';
import { Checker, isObject, type JsonObject, type ObjectSource } from './check.ts';
import {
  defaultCronJob,
  defaultDaemonSet,
  defaultDeployment,
  defaultJob,
  defaultLimitRange,
  defaultNode,
  defaultPodSpec,
  defaultPriorityClass,
  defaultReplicaSet,
  defaultStatefulSet,
} from './defaults.ts';
import { convertHpa, type HpaVersion } from './hpa.ts';
import type { FieldPath, PathSegment } from './path.ts';
import {
  checkCronJob,
  checkDaemonSet,
  checkDeployment,
  checkJob,
  checkLimitRange,
  checkMetadata,
  checkNode,
  checkPod,
  checkPodDisruptionBudget,
  checkPriorityClass,
  checkReplicaSet,
  checkService,
  checkStatefulSet,
} from './schema.ts';
import { parseDocuments, type SourceDocument } from './yaml-source.ts';

/** Kinds kubesim simulates (everything else is reported as not simulated). */
export const SIMULATED_KINDS = [
  'Node',
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'PriorityClass',
  'Namespace',
  'LimitRange',
  'Service',
] as const;
/** One of {@link SIMULATED_KINDS}. */
export type SimulatedKind = (typeof SIMULATED_KINDS)[number];

interface KindInfo {
  group: string;
  /** Versions a v1.35 API server serves. */
  served: readonly string[];
  /** Older versions still read (converted or read as the served version) with a warning. */
  legacy: readonly { group: string; version: string }[];
  namespaced: boolean;
}

const APPS_LEGACY = (versions: string[], extensions: boolean): { group: string; version: string }[] => [
  ...versions.map((version) => ({ group: 'apps', version })),
  ...(extensions ? [{ group: 'extensions', version: 'v1beta1' }] : []),
];

const KINDS: Record<SimulatedKind, KindInfo> = {
  Node: { group: '', served: ['v1'], legacy: [], namespaced: false },
  Pod: { group: '', served: ['v1'], legacy: [], namespaced: true },
  Namespace: { group: '', served: ['v1'], legacy: [], namespaced: false },
  LimitRange: { group: '', served: ['v1'], legacy: [], namespaced: true },
  Service: { group: '', served: ['v1'], legacy: [], namespaced: true },
  Deployment: { group: 'apps', served: ['v1'], legacy: APPS_LEGACY(['v1beta1', 'v1beta2'], true), namespaced: true },
  ReplicaSet: { group: 'apps', served: ['v1'], legacy: APPS_LEGACY(['v1beta2'], true), namespaced: true },
  StatefulSet: { group: 'apps', served: ['v1'], legacy: APPS_LEGACY(['v1beta1', 'v1beta2'], false), namespaced: true },
  DaemonSet: { group: 'apps', served: ['v1'], legacy: APPS_LEGACY(['v1beta2'], true), namespaced: true },
  Job: { group: 'batch', served: ['v1'], legacy: [], namespaced: true },
  CronJob: { group: 'batch', served: ['v1'], legacy: [{ group: 'batch', version: 'v1beta1' }, { group: 'batch', version: 'v2alpha1' }], namespaced: true },
  HorizontalPodAutoscaler: {
    group: 'autoscaling',
    served: ['v1', 'v2'],
    legacy: [{ group: 'autoscaling', version: 'v2beta1' }, { group: 'autoscaling', version: 'v2beta2' }],
    namespaced: true,
  },
  PodDisruptionBudget: { group: 'policy', served: ['v1'], legacy: [{ group: 'policy', version: 'v1beta1' }], namespaced: true },
  PriorityClass: {
    group: 'scheduling.k8s.io',
    served: ['v1'],
    legacy: [{ group: 'scheduling.k8s.io', version: 'v1beta1' }, { group: 'scheduling.k8s.io', version: 'v1alpha1' }],
    namespaced: false,
  },
};

/** One simulated object with where it came from. */
export interface LoadedObject {
  /** The object, checked, converted to the served version (HPA → autoscaling/v2), defaulted and admitted. */
  readonly object: KubeObject;
  readonly kind: SimulatedKind;
  /** `Kind namespace/name` (or `Kind name` for cluster-scoped kinds), as errors print it. */
  readonly ref: string;
  /** The apiVersion written in the manifest. */
  readonly writtenApiVersion: string;
  /** File, document, start location, and a locator for any field path of this object. */
  readonly source: ObjectSource;
}

/** Something worth telling the user that does not stop loading. */
export interface ManifestWarning {
  message: string;
  location?: SourceLocation;
  object?: string;
}

/** Everything loaded from a set of manifest files. */
export interface LoadedManifests {
  /** Files read, in load order. */
  files: string[];
  /** Simulated objects in file order (a later duplicate replaces an earlier one). */
  objects: LoadedObject[];
  /** Objects per kind, simulated or not (List items counted individually). */
  counts: Record<string, number>;
  /** Objects per kind that kubesim does not simulate (ConfigMap, Ingress, RBAC, CRDs, ...). */
  notSimulated: Record<string, number>;
  warnings: ManifestWarning[];
}

/** A manifest text and the file name errors will cite. */
export interface ManifestInput {
  file: string;
  text: string;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/**
 * The manifest files named by `paths`: files as given, folders searched recursively for
 * *.yaml, *.yml and *.json (hidden entries skipped), each folder's files sorted by path.
 */
export function listManifestFiles(paths: readonly string[]): string[] {
  const out: string[] = [];
  // `ancestors`: real paths of the folders being walked, to refuse a link back into one of them.
  const walk = (dir: string, acc: string[], ancestors: Set<string>): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      throw fsUserError(err, dir, 'cannot list folder');
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const name = entry.name;
      if (name.startsWith('.')) continue;
      const full = join(dir, name);
      const manifestName = MANIFEST_EXTENSIONS.has(extname(name).toLowerCase());
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        try {
          isDir = statSync(full).isDirectory();
        } catch (err) {
          // A broken link with a name we would not read anyway is skipped; one we would read is an error.
          if (!manifestName) continue;
          throw fsUserError(err, full);
        }
      }
      if (isDir) {
        let real: string;
        try {
          real = realpathSync(full);
        } catch (err) {
          throw fsUserError(err, full);
        }
        if (ancestors.has(real)) throw new UserError(`symbolic link loop: this folder links back to ${real}, which is being read`, { location: { file: full } });
        ancestors.add(real);
        walk(full, acc, ancestors);
        ancestors.delete(real);
      } else if (manifestName) acc.push(full);
    }
  };
  for (const p of paths) {
    const st = statOrFail(p);
    if (st.isDirectory()) {
      const acc: string[] = [];
      let real: string;
      try {
        real = realpathSync(p);
      } catch (err) {
        throw fsUserError(err, p);
      }
      walk(p, acc, new Set([real]));
      if (acc.length === 0) throw new UserError('folder holds no *.yaml, *.yml or *.json files', { location: { file: p } });
      out.push(...acc.sort());
    } else out.push(p);
  }
  return out;
}

/** Reads and loads every manifest under `paths` (files or folders). Throws a located UserError on bad input. */
export function loadManifests(paths: readonly string[]): LoadedManifests {
  const files = listManifestFiles(paths);
  return loadManifestSources(files.map((file) => ({ file, text: readTextFile(file) })));
}

/** Loads manifest texts already in memory (tests, scenario files). */
export function loadManifestSources(inputs: readonly ManifestInput[]): LoadedManifests {
  const b = new Builder();
  for (const { file, text } of inputs) {
    b.files.push(file);
    for (const doc of parseDocuments(text, file)) b.addDocument(doc);
  }
  return b.finish();
}

/** Loads one manifest text (multi-document YAML, JSON or KYAML). */
export function parseManifests(text: string, file = '<input>'): LoadedManifests {
  return loadManifestSources([{ file, text }]);
}

/**
 * Removes `null` map values recursively (absent and null decode alike in Kubernetes). `seen`
 * guards against maps shared through aliases (and cycles); a document without aliases is a
 * tree and is walked without it.
 */
function stripNulls(v: unknown, seen: Set<object> | undefined): void {
  if (typeof v !== 'object' || v === null) return;
  if (seen) {
    if (seen.has(v)) return;
    seen.add(v);
  }
  if (Array.isArray(v)) {
    for (const it of v) stripNulls(it, seen);
    return;
  }
  const o = v as JsonObject;
  for (const k of Object.keys(o)) {
    if (o[k] === null) delete o[k];
    else stripNulls(o[k], seen);
  }
}

function describeDoc(doc: SourceDocument): string {
  return `document ${doc.index + 1}`;
}

/** The label of the match-none selector an empty policy/v1beta1 PDB selector converts to (policy.PDBV1beta1Label). */
export const PDB_V1BETA1_LABEL = 'pdb.kubernetes.io/deprecated-v1beta1-empty-selector-match';

const GENERATE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A deterministic 5-character suffix for generateName (the API server's is random). */
function generatedSuffix(seed: string): string {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  let s = '';
  for (let i = 0; i < 5; i++) {
    s += GENERATE_ALPHABET[h % GENERATE_ALPHABET.length];
    h = Math.floor(h / GENERATE_ALPHABET.length) ^ Math.imul(h, 31);
    h >>>= 0;
  }
  return s;
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/**
 * Where an object sits in a parsed document. `location` is computed on first read: locating
 * walks the document's parse events, which most objects (those with no warning) never need.
 */
class DocumentObjectSource implements ObjectSource {
  readonly file: string;
  readonly document: number;
  private located: SourceLocation | undefined;
  constructor(
    private readonly doc: SourceDocument,
    readonly base: FieldPath,
  ) {
    this.file = doc.file;
    this.document = doc.index;
  }
  get location(): SourceLocation {
    return (this.located ??= this.doc.locate(this.base));
  }
  set location(loc: SourceLocation) {
    this.located = loc;
  }
  // An own function, as before, so that it still works detached from the object
  readonly locate = (path: FieldPath): SourceLocation => this.doc.locate([...this.base, ...path]);
}

class Builder {
  readonly files: string[] = [];
  private readonly objects: (LoadedObject | null)[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly counts: Record<string, number> = {};
  private readonly notSimulated: Record<string, number> = {};
  private readonly warnings: ManifestWarning[] = [];
  private readonly checkers = new Map<LoadedObject, Checker>();

  addDocument(doc: SourceDocument): void {
    const value = doc.value;
    if (value === null || value === undefined) return; // empty document
    const source = (base: FieldPath): ObjectSource => new DocumentObjectSource(doc, base);
    if (!isObject(value)) {
      throw new UserError(`a manifest document must be a map (a Kubernetes object), got ${Array.isArray(value) ? 'a list' : typeof value}`, {
        location: doc.locate([]),
        object: describeDoc(doc),
      });
    }
    stripNulls(value, doc.shared ? new Set<object>() : undefined);
    const kind = value.kind;
    if (typeof kind === 'string' && kind.endsWith('List') && Array.isArray(value.items)) {
      value.items.forEach((item, i) => {
        const base: PathSegment[] = ['items', i];
        if (!isObject(item)) {
          throw new UserError('a List item must be a map (a Kubernetes object)', { location: doc.locate(base), object: describeDoc(doc), field: `items[${i}]` });
        }
        this.addObject(item, source(base), `${describeDoc(doc)} items[${i}]`);
      });
      return;
    }
    this.addObject(value, source([]), describeDoc(doc));
  }

  private addObject(raw: JsonObject, src: ObjectSource, where: string): void {
    const c = new Checker(src, where);
    const kind = c.string(raw, 'kind', [], true)!;
    c.ref = kind;
    const apiVersion = c.string(raw, 'apiVersion', [], true)!;
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
    const info = (KINDS as Record<string, KindInfo | undefined>)[kind];
    const { group, version } = splitApiVersion(apiVersion);
    const legacy = info?.legacy.find((l) => l.group === group && l.version === version);
    const servedHere = info !== undefined && group === info.group && info.served.includes(version);
    // A CRD may reuse a built-in kind name in its own group (a dotted name outside *.k8s.io).
    const crdGroup = group !== (info?.group ?? '') && group.includes('.') && !group.endsWith('.k8s.io');
    if (!info || crdGroup) {
      this.notSimulated[kind] = (this.notSimulated[kind] ?? 0) + 1;
      return;
    }
    if (!servedHere && !legacy) c.fail(['apiVersion'], `no kind ${kind} is served in version ${apiVersion}; use ${info.group ? info.group + '/' : ''}${info.served.at(-1)}`);
    const meta = isObject(raw.metadata) ? raw.metadata : undefined;
    const name = typeof meta?.name === 'string' ? meta.name : undefined;
    const ns = info.namespaced ? (typeof meta?.namespace === 'string' && meta.namespace ? meta.namespace : 'default') : undefined;
    if (name) c.ref = ns ? `${kind} ${ns}/${name}` : `${kind} ${name}`;
    const metadata = checkMetadata(c, raw);
    if (!metadata.name) {
      metadata.name = `${metadata.generateName as string}${generatedSuffix(`${src.file}#${src.document}#${src.base.join('.')}`)}`;
      c.ref = ns ? `${kind} ${ns}/${metadata.name}` : `${kind} ${metadata.name as string}`;
    }
    if (ns) metadata.namespace = ns;
    else delete metadata.namespace;
    if (legacy && kind !== 'HorizontalPodAutoscaler') {
      this.warnings.push({
        message: `${apiVersion} ${kind} is not served by Kubernetes v1.35; read as ${info.group}/${info.served.at(-1)}`,
        location: src.location,
        object: c.ref,
      });
    }
    const object = this.checkAndDefault(c, kind as SimulatedKind, raw, version, !!legacy);
    const loaded: LoadedObject = { object, kind: kind as SimulatedKind, ref: c.ref, writtenApiVersion: apiVersion, source: src };
    this.checkers.set(loaded, c);
    const key = `${kind}/${ns ?? ''}/${object.metadata.name ?? ''}`;
    const prev = this.byKey.get(key);
    if (prev !== undefined) {
      const old = this.objects[prev]!;
      this.warnings.push({
        message: `defined again; this definition replaces the one at ${old.source.file}:${old.source.location.line ?? 1}`,
        location: src.location,
        object: c.ref,
      });
      this.objects[prev] = null;
    }
    this.byKey.set(key, this.objects.length);
    this.objects.push(loaded);
  }

  private checkAndDefault(c: Checker, kind: SimulatedKind, raw: JsonObject, version: string, legacy: boolean): KubeObject {
    const obj = raw as KubeObject;
    switch (kind) {
      case 'Node':
        checkNode(c, raw);
        defaultNode(obj as Node);
        break;
      case 'Pod':
        checkPod(c, raw);
        defaultPodSpec(obj.spec as PodSpec);
        break;
      case 'Deployment':
        checkDeployment(c, raw, legacy);
        this.legacySelector(obj);
        defaultDeployment(obj as Deployment);
        break;
      case 'ReplicaSet':
        checkReplicaSet(c, raw, legacy);
        this.legacySelector(obj);
        defaultReplicaSet(obj as ReplicaSet);
        break;
      case 'StatefulSet':
        checkStatefulSet(c, raw, legacy);
        this.legacySelector(obj);
        defaultStatefulSet(obj as StatefulSet);
        break;
      case 'DaemonSet':
        checkDaemonSet(c, raw, legacy);
        this.legacySelector(obj);
        defaultDaemonSet(obj as DaemonSet);
        break;
      case 'Job':
        checkJob(c, raw);
        defaultJob(obj as Job);
        break;
      case 'CronJob':
        checkCronJob(c, raw);
        defaultCronJob(obj as CronJob);
        break;
      case 'HorizontalPodAutoscaler': {
        const hpa = convertHpa(c, raw, version as HpaVersion);
        if (legacy) {
          this.warnings.push({
            message: `autoscaling/${version} is not served by Kubernetes v1.35; converted to autoscaling/v2`,
            location: c.source.location,
            object: c.ref,
          });
        }
        return hpa;
      }
      case 'PodDisruptionBudget':
        checkPodDisruptionBudget(c, raw);
        if (legacy && isObject(raw.spec) && isObject(raw.spec.selector) && Object.keys(raw.spec.selector).length === 0) {
          // An empty v1beta1 selector matches no pods; v1 stores it as a match-none requirement.
          // mirrors pkg/apis/policy/v1beta1/conversion.go (policy.NonV1beta1MatchNoneSelector)
          raw.spec.selector = { matchExpressions: [{ key: PDB_V1BETA1_LABEL, operator: 'Exists' }] };
        }
        break;
      case 'PriorityClass':
        checkPriorityClass(c, raw);
        defaultPriorityClass(obj as PriorityClass);
        break;
      case 'LimitRange':
        checkLimitRange(c, raw);
        defaultLimitRange(obj as LimitRange);
        break;
      case 'Service':
        checkService(c, raw);
        break;
      case 'Namespace':
        break;
    }
    return obj;
  }

  /** Legacy workload versions default the selector to the template's labels. */
  private legacySelector(obj: KubeObject): void {
    const spec = obj.spec as { selector?: unknown; template: { metadata?: { labels?: Record<string, string> } } };
    if (spec.selector === undefined) spec.selector = { matchLabels: { ...(spec.template.metadata?.labels ?? {}) } };
  }

  finish(): LoadedManifests {
    const objects = this.objects.filter((o): o is LoadedObject => o !== null);
    this.admit(objects);
    const nodes = new Set(objects.filter((o) => o.kind === 'Node').map((o) => o.object.metadata.name));
    for (const o of objects) {
      const nodeName = o.kind === 'Pod' ? (o.object.spec as PodSpec).nodeName : undefined;
      if (nodeName && !nodes.has(nodeName)) {
        this.warnings.push({
          message: `bound to node ${nodeName}, which is not among the loaded Nodes; its requests count on no node`,
          location: o.source.locate(['spec', 'nodeName']),
          object: o.ref,
        });
      }
    }
    return { files: this.files, objects, counts: this.counts, notSimulated: this.notSimulated, warnings: this.warnings };
  }

  /** Admission over the whole set: LimitRanger, Priority, DefaultTolerationSeconds. */
  private admit(objects: LoadedObject[]): void {
    const classes = new Map<string, PriorityClass>(SYSTEM_PRIORITY_CLASSES.map((pc) => [pc.metadata.name!, pc]));
    const limitRanges = new Map<string, LimitRange[]>();
    for (const o of objects) {
      if (o.kind === 'PriorityClass') classes.set(o.object.metadata.name!, o.object as PriorityClass);
      if (o.kind === 'LimitRange') {
        const ns = o.object.metadata.namespace!;
        let arr = limitRanges.get(ns);
        if (!arr) limitRanges.set(ns, (arr = []));
        arr.push(o.object as LimitRange);
      }
    }
    const globalDefault = globalDefaultClass(classes.values());
    for (const o of objects) {
      const target = podSpecOf(o);
      if (!target) continue;
      const c = this.checkers.get(o)!;
      const ranges = limitRanges.get(o.object.metadata.namespace ?? 'default') ?? [];
      applyLimitRanges(target.spec, ranges);
      const pcName = target.spec.priorityClassName;
      if (o.kind !== 'Pod' && pcName && !classes.has(pcName)) {
        // The API server accepts a workload naming a missing class: only its pods are refused, by
        // the Priority admission plugin, when the controller creates them (event FailedCreate).
        this.warnings.push({
          message:
            `the pod template names PriorityClass ${pcName}, which does not exist: the ${o.kind} is accepted, but every pod its controller creates is refused ` +
            `(FailedCreate: pods are forbidden: no PriorityClass with name ${pcName} was found) until a PriorityClass ${pcName} is created`,
          location: o.source.locate([...target.path, 'priorityClassName']),
          object: o.ref,
        });
        addDefaultTolerations(target.spec);
        continue;
      }
      applyPriority(c, target.spec, target.path, classes, globalDefault);
      addDefaultTolerations(target.spec);
    }
  }
}

/** The pod spec of a Pod or of a workload's pod template, with its path. */
export function podSpecOf(o: { kind: string; object: KubeObject }): { spec: PodSpec; path: FieldPath } | undefined {
  const obj = o.object as KubeObject & { spec?: JsonObject };
  switch (o.kind) {
    case 'Pod':
      return { spec: obj.spec as unknown as PodSpec, path: ['spec'] };
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return { spec: (obj as unknown as Deployment).spec.template.spec, path: ['spec', 'template', 'spec'] };
    case 'CronJob':
      return { spec: (obj as unknown as CronJob).spec.jobTemplate.spec.template.spec, path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] };
    default:
      return undefined;
  }
}
