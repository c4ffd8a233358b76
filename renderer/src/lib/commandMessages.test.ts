import { describe, expect, it } from 'vitest';
import { isNotYetCommand, notYetMessage } from './commandMessages';

describe('commands with nothing to act on in a review', () => {
  it('are save, save-as, undo and redo (export works: it downloads the opened policies)', () => {
    expect(['save', 'save-as', 'undo', 'redo'].every((type) => isNotYetCommand(type as 'save'))).toBe(true);
    expect(isNotYetCommand('export')).toBe(false);
    expect(isNotYetCommand('open-file')).toBe(false);
    expect(isNotYetCommand('fit')).toBe(false);
  });

  it('say so instead of pretending', () => {
    expect(notYetMessage('save')).toMatch(/^Nothing to save/);
    expect(notYetMessage('undo')).toMatch(/^Nothing to undo/);
  });
});
