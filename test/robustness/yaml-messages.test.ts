/** Issue 14: the two weak YAML messages, and alias bombs / deep nesting end quickly in a result or a located error. */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/cli/errors.ts';
import { parseManifests } from '../../src/manifests/index.ts';
import { parseDocuments } from '../../src/manifests/yaml-source.ts';

function yamlError(text: string): UserError {
  try {
    parseDocuments(text, 'f.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

describe('YAML error messages', () => {
  it('an unclosed flow mapping points at the opening "{" as well as where parsing gave up', () => {
    const e = yamlError('apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {app: a}\nspec:\n  containers: []\n');
    expect(e.location).toEqual({ file: 'f.yaml', line: 4, column: 1 });
    expect(e.message).toContain('the flow mapping "{" opened at line 3, column 11 is not closed (parsing gave up at line 4, column 1)');
  });

  it('an unclosed flow sequence too, and quoted brackets or block plain scalars do not count', () => {
    const e = yamlError('a: "{not a map"\nimage: repo/x[1]\nargs: [--x, "]"\nb: 1\n');
    expect(e.message).toContain('the flow sequence "[" opened at line 3, column 7 is not closed');
  });

  it('a duplicate key names the key and where it was first defined', () => {
    const e = yamlError('apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: {}\n  name: b\n');
    expect(e.format()).toBe('f.yaml:6:3: invalid YAML: duplicated mapping key "name" (first defined at line 4): a key may appear once in a map');
    expect(yamlError('m: {x: 1, "y": 2, "y": 3}\n').message).toContain('duplicated mapping key "y"');
  });
});

describe('alias bombs and deep nesting', () => {
  it('a billion-laughs file ends within a second in a result or a located error', () => {
    const lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]`);
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n${lines.map((l) => '  ' + l).join('\n')}\n`;
    const t0 = Date.now();
    try {
      parseManifests(text, 'lol.yaml');
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
    }
    // with the bomb in a simulated kind's fields
    const pod = `apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {}}\nx:\n${lines.map((l) => '  ' + l).join('\n')}\nspec: {containers: [{name: c, image: i, args: *a9}]}\n`;
    try {
      parseManifests(pod, 'lol-pod.yaml');
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
    }
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('10,000 levels of nesting → a located error, not a stack overflow', () => {
    const deep = 'a: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n';
    const t0 = Date.now();
    try {
      parseDocuments(deep, 'deep.yaml');
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).location?.file).toBe('deep.yaml');
    }
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});

describe('alias expansion is bounded', () => {
  it('a document whose aliases expand past 1,000,000 values is refused, located at the document', () => {
    const levels = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i <= 7; i++) levels.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const t0 = Date.now();
    const e = yamlError(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\n${levels.join('\n')}\n`);
    expect(e.location).toEqual({ file: 'f.yaml', line: 5, column: 1 });
    expect(e.message).toContain('document 2 expands to more than 1,000,000 values through its aliases');
    expect(Date.now() - t0).toBeLessThan(2000);
    // ordinary aliases and merge keys are fine
    expect(() => parseDocuments('base: &b {cpu: 1}\nx: {<<: *b, mem: 2}\ny: *b\n', 'f.yaml')).not.toThrow();
  });
});
