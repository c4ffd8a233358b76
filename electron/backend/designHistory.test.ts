import { describe, expect, it } from 'vitest';
import type { DesignOperation } from '../common/design';
import type { Design } from '../common/model';
import { DesignHistory, samePlainData } from './designHistory';
import { applyOperation } from './designOperations';
import { describeOperation } from './designStepLabels';
import { emptyDesign } from './designSessions';

function step(history: DesignHistory, operation: DesignOperation): void {
  const outcome = applyOperation(history.current, operation);
  if ('error' in outcome) throw new Error(outcome.error);
  history.record(outcome.design, describeOperation(operation));
}

const namespaces = (design: Design) => design.model.namespaces.map((n) => n.name);

describe('DesignHistory', () => {
  it('undoes 120 steps one by one and redoes them all', () => {
    const history = new DesignHistory(emptyDesign());
    const states: Design[] = [history.current];
    for (let i = 1; i <= 120; i++) {
      step(history, { type: 'add-namespace', name: `ns-${i}`, labels: {} });
      states.push(history.current);
    }
    expect(history.undoLabel).toBe('Add namespace ns-120');
    for (let i = 120; i >= 1; i--) {
      expect(history.undoLabel).toBe(`Add namespace ns-${i}`);
      expect(history.undo()).toBe(true);
      expect(history.current).toBe(states[i - 1]);
      expect(history.redoLabel).toBe(`Add namespace ns-${i}`);
    }
    expect(history.canUndo).toBe(false);
    expect(history.undo()).toBe(false);
    expect(namespaces(history.current)).toEqual([]);
    for (let i = 1; i <= 120; i++) expect(history.redo()).toBe(true);
    expect(history.canRedo).toBe(false);
    expect(history.current).toBe(states[120]);
    expect(namespaces(history.current)).toHaveLength(120);
  });

  it('keeps its limit of steps, dropping the oldest', () => {
    const history = new DesignHistory(emptyDesign(), 100);
    for (let i = 1; i <= 130; i++) step(history, { type: 'add-namespace', name: `ns-${i}`, labels: {} });
    let undone = 0;
    while (history.undo()) undone++;
    expect(undone).toBe(100);
    expect(namespaces(history.current)).toHaveLength(30);
    expect(history.undoLabel).toBeUndefined();
  });

  it('a new step after undo drops the redo steps; a step that changes nothing is none', () => {
    const history = new DesignHistory(emptyDesign());
    step(history, { type: 'add-namespace', name: 'a', labels: {} });
    step(history, { type: 'add-namespace', name: 'b', labels: {} });
    history.undo();
    step(history, { type: 'add-namespace', name: 'c', labels: {} });
    expect(history.canRedo).toBe(false);
    expect(namespaces(history.current)).toEqual(['a', 'c']);
    expect(history.record(history.current, 'nothing')).toBe(false);
    expect(history.undoLabel).toBe('Add namespace c');
  });

  it('is dirty after an edit and clean again when undone back to the saved state', () => {
    const history = new DesignHistory(emptyDesign());
    expect(history.dirty).toBe(false);
    step(history, { type: 'add-namespace', name: 'a', labels: {} });
    expect(history.dirty).toBe(true);
    history.undo();
    expect(history.dirty).toBe(false);
    history.redo();
    history.markSaved();
    expect(history.dirty).toBe(false);
    step(history, { type: 'add-workload', namespace: 'a', name: 'w', kind: 'Pod', labels: {}, ports: [] });
    expect(history.dirty).toBe(true);
    // Deleting what was added is the saved content again, though a different object.
    step(history, { type: 'delete', target: { kind: 'workload', id: 'a/w[Pod]' } });
    expect(history.dirty).toBe(false);
    history.undo();
    history.undo();
    expect(history.dirty).toBe(false);
    history.undo();
    expect(history.dirty).toBe(true);
  });

  it('view changes apply to every design without a step, and make the design dirty', () => {
    const history = new DesignHistory(emptyDesign());
    step(history, { type: 'add-namespace', name: 'a', labels: {} });
    history.markSaved();
    history.updateEvery((design) => ({ ...design, view: { positions: { 'namespace:a': { x: 1, y: 1 } } } }));
    expect(history.dirty).toBe(true);
    expect(history.undoLabel).toBe('Add namespace a');
    history.undo();
    expect(history.current.view.positions).toEqual({ 'namespace:a': { x: 1, y: 1 } });
  });

  it('samePlainData ignores where things were read from', () => {
    expect(samePlainData({ name: 'a', source: { file: 'x', line: 1, column: 1 } }, { name: 'a' })).toBe(true);
    expect(samePlainData({ labels: { a: '1', b: '2' } }, { labels: { b: '2', a: '1' } })).toBe(true);
    expect(samePlainData([1, 2], [2, 1])).toBe(false);
    expect(samePlainData({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});
