import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { splitDocuments } from './documentStream';

const conformance = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', process.env.NETPOL_CONFORMANCE_DIR ?? '../shared/conformance');

function filesBelow(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? filesBelow(path) : /\.(ya?ml|json)$/.test(name) ? [path] : [];
  });
}

describe('splitDocuments', () => {
  it('cuts at --- lines and keeps every byte', () => {
    const text = '# header\n---\na: 1\n---\n# about b\n---\nb: 2\n...\n---\nc: 3';
    const slices = splitDocuments(text);
    expect(slices.map((slice) => slice.text).join('')).toBe(text);
    expect(slices.map((slice) => slice.text)).toEqual(['# header\n---\na: 1\n', '---\n', '# about b\n---\nb: 2\n...\n', '---\nc: 3']);
  });

  it('gives a comment directly above --- to the next document', () => {
    const slices = splitDocuments('a: 1\n# about b\n---\nb: 2\n');
    expect(slices.map((slice) => slice.text)).toEqual(['a: 1\n', '# about b\n---\nb: 2\n']);
    expect(slices[1]!.text.slice(slices[1]!.bodyStart)).toBe('b: 2\n');
  });

  it('keeps CRLF line endings and a missing final newline', () => {
    const text = 'a: 1\r\n---\r\nb: 2';
    const slices = splitDocuments(text);
    expect(slices.map((slice) => slice.text)).toEqual(['a: 1\r\n', '---\r\nb: 2']);
    expect(slices[1]!.text.slice(slices[1]!.bodyStart)).toBe('b: 2');
  });

  it('does not cut at --- inside a line or indented', () => {
    const text = 'a: |\n  ---\n  text\nb: "x --- y"\n';
    expect(splitDocuments(text)).toHaveLength(1);
  });

  it('an empty text is one empty document', () => {
    expect(splitDocuments('')).toEqual([{ start: 0, text: '', bodyStart: 0 }]);
  });

  it('every conformance file splits into slices that join back to its bytes', () => {
    const files = filesBelow(conformance);
    expect(files.length).toBeGreaterThan(100);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(splitDocuments(text).map((slice) => slice.text).join(''), file).toBe(text);
    }
  });
});
