/**
 * Source positions are computed lazily (per document, on the first location asked for) and
 * from a packed copy of the parse events: errors and warnings deep inside a large multi-document
 * file must still name the right line and column, whichever document is located first.
 */
import { describe, expect, it } from 'vitest';
import { parseDocuments, parseManifests } from '../../src/manifests/index.ts';
import { userErrorOf } from '../helpers/errors.ts';

/** `count` Nodes as bench/startup.ts writes them (block maps, flow maps, quoted scalars). */
function nodes(count: number, edit?: (i: number, doc: string) => string): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `node-${String(i).padStart(5, '0')}`;
    const doc =
      `apiVersion: v1\nkind: Node\nmetadata:\n  name: ${name}\n  labels:\n    kubernetes.io/hostname: ${name}\n    topology.kubernetes.io/zone: zone-${i % 3}\n` +
      `status:\n  capacity: { cpu: "8", memory: 32Gi, pods: "110" }\n  allocatable: { cpu: "8", memory: 32Gi, pods: "110" }\n`;
    docs.push(edit ? edit(i, doc) : doc);
  }
  return docs.join('---\n');
}

/** 1-based line and column of the first occurrence of `needle` in `text` at or after `from`. */
function where(text: string, needle: string, from = 0): { line: number; column: number } {
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`${needle} not in text`);
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return { line: text.slice(0, at).split('\n').length, column: at - lineStart + 1 };
}

describe('positions in a large multi-document file', () => {
  it('an invalid quantity in the 3,000th of 5,000 documents names its line, column, object and field', () => {
    const text = nodes(5000, (i, doc) => (i === 2999 ? doc.replace('capacity: { cpu: "8"', 'capacity: { cpu: "8x"') : doc));
    const err = userErrorOf(() => parseManifests(text, 'big.yaml'));
    const cpu = where(text, '"8x"');
    expect(cpu.line).toBe(2999 * 11 + 9); // 10 lines a document plus its "---"
    expect(err.location).toEqual({ file: 'big.yaml', line: cpu.line, column: cpu.column });
    expect(err.object).toBe('Node node-02999');
    expect(err.field).toBe('status.capacity.cpu');
  });

  it('a missing required field points at the nearest written ancestor key, deep in the file', () => {
    const text = nodes(4000, (i, doc) => (i === 3500 ? doc.replace('kind: Node\n', '') : doc));
    const err = userErrorOf(() => parseManifests(text, 'big.yaml'));
    // `kind` is missing: located at the document's root map, its first key
    expect(err.location).toEqual({ file: 'big.yaml', ...where(text, 'apiVersion: v1\nmetadata:\n  name: node-03500') });
    expect(err.field).toBe('kind');
  });

  it('warnings read an object location lazily and still name the right line', () => {
    // a redefinition of node-00007 at the end, and a pod bound to a node that does not exist
    const text =
      nodes(3000) +
      '---\napiVersion: v1\nkind: Node\nmetadata:\n  name: node-00007\n' +
      '---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  nodeName: nowhere\n  containers: [{name: c, image: i}]\n';
    const loaded = parseManifests(text, 'w.yaml');
    const again = loaded.warnings.find((w) => /defined again/.test(w.message))!;
    expect(again.message).toContain('replaces the one at w.yaml:78'); // document 8 starts at line 7 × 11 + 1
    expect(again.location).toEqual({ file: 'w.yaml', ...where(text, 'apiVersion: v1\nkind: Node\nmetadata:\n  name: node-00007\n---\napiVersion: v1\nkind: Pod') });
    const bound = loaded.warnings.find((w) => /not among the loaded Nodes/.test(w.message))!;
    expect(bound.location).toEqual({ file: 'w.yaml', ...where(text, 'nowhere') });
    const last = loaded.objects.find((o) => o.ref === 'Node node-02999')!;
    expect(last.source.location).toEqual({ file: 'w.yaml', line: 2999 * 11 + 1, column: 1 });
    expect(last.source.locate(['status', 'allocatable', 'pods'])).toEqual({ file: 'w.yaml', ...where(text, '"110"', text.indexOf('allocatable', text.indexOf('name: node-02999'))) });
  });

  it('every document locates its fields wherever located first, and again the same', () => {
    const text = nodes(3000);
    const docs = parseDocuments(text, 'n.yaml');
    expect(docs).toHaveLength(3000);
    // the last document first, then every 7th in order (the test's own line counting is slow),
    // then the last again (from the per-document cache)
    const order = [2999, ...docs.map((_, i) => i).filter((i) => i % 7 === 0), 2999];
    const seen = new Map<number, unknown>();
    for (const i of order) {
      const name = `node-${String(i).padStart(5, '0')}`;
      const loc = docs[i].locate(['metadata', 'labels', 'kubernetes.io/hostname']);
      expect(loc).toEqual({ file: 'n.yaml', ...where(text, name, text.indexOf(`hostname: ${name}`)) });
      // a missing field: its nearest ancestor's key
      expect(docs[i].locate(['status', 'capacity', 'nvidia.com/gpu'])).toEqual({ file: 'n.yaml', ...where(text, 'capacity:', text.indexOf(`name: ${name}`)) });
      if (seen.has(i)) expect(loc).toEqual(seen.get(i));
      seen.set(i, loc);
    }
  });

  it('locates quoted keys, list items, block scalars and aliases as the eager walk did', () => {
    const text = [
      'a: 1',
      '---',
      'base: &b {x: 1}',
      'use: *b',
      '"quoted key": \'v\'',
      'list:',
      '- first',
      '- {k: [10, 20]}',
      'text: |',
      '  line one',
      'nested:',
      '  - - deep',
      'after: "q"',
      '',
    ].join('\n');
    const [d0, d1] = parseDocuments(text, 'm.yaml');
    expect(d0.locate(['a'])).toEqual({ file: 'm.yaml', line: 1, column: 4 });
    expect(d1.locate([])).toEqual({ file: 'm.yaml', line: 3, column: 1 });
    expect(d1.locate(['use'])).toEqual({ file: 'm.yaml', line: 4, column: 6 }); // the alias
    expect(d1.locate(['use', 'x'])).toEqual({ file: 'm.yaml', line: 4, column: 1 }); // under an alias: its key
    expect(d1.locate(['quoted key'])).toEqual({ file: 'm.yaml', line: 5, column: 15 }); // the opening quote
    expect(d1.locate(['list', 0])).toEqual({ file: 'm.yaml', line: 7, column: 3 });
    expect(d1.locate(['list', 1, 'k', 1])).toEqual({ file: 'm.yaml', line: 8, column: 12 });
    expect(d1.locate(['text'])).toEqual({ file: 'm.yaml', line: 10, column: 1 }); // a block scalar: where its text starts
    expect(d1.locate(['nested', 0, 0])).toEqual({ file: 'm.yaml', line: 12, column: 7 });
    expect(d1.locate(['after'])).toEqual({ file: 'm.yaml', line: 13, column: 8 });
    expect(d1.shared).toBe(true);
    expect(d0.shared).toBe(true); // aliases anywhere in the file
    expect(parseDocuments('a: 1\n', 'n.yaml')[0].shared).toBe(false);
  });

  it('null values under maps shared through aliases are removed, and both objects load and locate', () => {
    const text =
      'apiVersion: v1\nkind: List\nitems:\n' +
      '- {apiVersion: v1, kind: Node, metadata: {name: a, labels: &l {zone: z1, gone: null}}}\n' +
      '- {apiVersion: v1, kind: Node, metadata: {name: b, labels: *l}}\n';
    const loaded = parseManifests(text, 'alias.yaml');
    expect(loaded.objects.map((o) => o.object.metadata.labels)).toEqual([{ zone: 'z1' }, { zone: 'z1' }]);
    expect(loaded.objects.map((o) => o.source.location)).toEqual([
      { file: 'alias.yaml', line: 4, column: 3 },
      { file: 'alias.yaml', line: 5, column: 3 },
    ]);
  });
});
