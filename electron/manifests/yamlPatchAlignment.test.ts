import { describe, expect, it } from 'vitest';
import { alignSequences } from './yamlPatchAlignment';

const rule = (port: number, from = 'frontend'): unknown => ({ from: [{ podSelector: { matchLabels: { app: from } } }], ports: [{ port }] });

describe('alignSequences', () => {
  const cases: { name: string; old: unknown[]; new: unknown[]; oldToNew: (number | undefined)[]; inserted: { newIndex: number; after: number }[] }[] = [
    { name: 'unchanged', old: ['a', 'b'], new: ['a', 'b'], oldToNew: [0, 1], inserted: [] },
    { name: 'a changed item pairs by position', old: ['a', 'b', 'c'], new: ['a', 'x', 'c'], oldToNew: [0, 1, 2], inserted: [] },
    { name: 'append', old: ['a'], new: ['a', 'b', 'c'], oldToNew: [0], inserted: [{ newIndex: 1, after: 0 }, { newIndex: 2, after: 0 }] },
    { name: 'insert at the start', old: ['b'], new: ['a', 'b'], oldToNew: [1], inserted: [{ newIndex: 0, after: -1 }] },
    { name: 'remove at the end', old: ['a', 'b', 'c'], new: ['a', 'b'], oldToNew: [0, 1, undefined], inserted: [] },
    { name: 'remove in the middle', old: ['a', 'b', 'c'], new: ['a', 'c'], oldToNew: [0, undefined, 1], inserted: [] },
    {
      name: 'remove in the middle while the next item changes: the removed one is the one least like what remains',
      old: [rule(80), rule(81, 'monitoring'), rule(82)],
      new: [rule(80), rule(83)],
      oldToNew: [0, undefined, 1],
      inserted: [],
    },
    {
      name: 'equal candidates: the later item is the removed one',
      old: ['a', 'x', 'x'],
      new: ['a', 'x'],
      oldToNew: [0, 1, undefined],
      inserted: [],
    },
    { name: 'everything removed', old: ['a', 'b'], new: [], oldToNew: [undefined, undefined], inserted: [] },
    { name: 'everything replaced by fewer items pairs from the start', old: [1, 2, 3], new: ['x'], oldToNew: [0, undefined, undefined], inserted: [] },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      expect(alignSequences(testCase.old, testCase.new)).toEqual({ oldToNew: testCase.oldToNew, inserted: testCase.inserted });
    });
  }
});
