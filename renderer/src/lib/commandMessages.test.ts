import { describe, expect, it } from 'vitest';
import { isNotYetCommand, notYetMessage } from './commandMessages';

describe('commands with nothing to act on in a review', () => {
  it('are save, save-as, export, undo and redo', () => {
    expect(['save', 'save-as', 'export', 'undo', 'redo'].every((type) => isNotYetCommand(type as 'save'))).toBe(true);
    expect(isNotYetCommand('open-file')).toBe(false);
    expect(isNotYetCommand('fit')).toBe(false);
  });

  it('say so instead of pretending', () => {
    expect(notYetMessage('save')).toMatch(/^Nothing to save/);
    expect(notYetMessage('undo')).toMatch(/^Nothing to undo/);
    expect(notYetMessage('export')).toMatch(/^Nothing to export/);
  });
});
