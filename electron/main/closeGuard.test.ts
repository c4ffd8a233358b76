import { describe, expect, it } from 'vitest';
import { answerOf, CloseGuard, stepsAfterAnswer, unsavedChangesMessageBox } from './closeGuard';

describe('CloseGuard', () => {
  it('lets a clean window close without asking', () => {
    const guard = new CloseGuard();
    expect(guard.requestClose()).toBe('close');
    guard.setDirty(true);
    guard.setDirty(false);
    expect(guard.requestClose()).toBe('close');
  });

  it('asks once for a dirty window, and ignores further close requests while asking', () => {
    const guard = new CloseGuard();
    guard.setDirty(true);
    expect(guard.requestClose()).toBe('prompt');
    expect(guard.requestClose()).toBe('ignore');
    expect(guard.answer(2)).toBe('cancel');
    expect(guard.requestClose()).toBe('prompt');
  });

  it("closes without asking again after Don't Save", () => {
    const guard = new CloseGuard();
    guard.setDirty(true);
    expect(guard.requestClose()).toBe('prompt');
    expect(guard.answer(1)).toBe('discard');
    expect(guard.requestClose()).toBe('close');
  });

  it('after Save, asks again while still dirty and closes once the renderer reports clean', () => {
    const guard = new CloseGuard();
    guard.setDirty(true);
    guard.requestClose();
    expect(guard.answer(0)).toBe('save');
    expect(guard.requestClose()).toBe('prompt');
    guard.answer(2);
    guard.setDirty(false);
    expect(guard.requestClose()).toBe('close');
  });
});

describe('answers', () => {
  it('maps buttons Save / Don\'t Save / Cancel, and anything else to Cancel', () => {
    const box = unsavedChangesMessageBox();
    expect(box.buttons).toEqual(['Save', "Don't Save", 'Cancel']);
    expect(box.cancelId).toBe(2);
    expect(box.defaultId).toBe(0);
    expect([0, 1, 2, 3, -1].map(answerOf)).toEqual(['save', 'discard', 'cancel', 'cancel', 'cancel']);
  });

  it('Save sends save and keeps the window; Don\'t Save closes and resumes a quit; Cancel keeps it', () => {
    expect(stepsAfterAnswer('save', true)).toEqual({ sendSave: true, closeWindow: false, quitApp: false });
    expect(stepsAfterAnswer('discard', false)).toEqual({ sendSave: false, closeWindow: true, quitApp: false });
    expect(stepsAfterAnswer('discard', true)).toEqual({ sendSave: false, closeWindow: true, quitApp: true });
    expect(stepsAfterAnswer('cancel', true)).toEqual({ sendSave: false, closeWindow: false, quitApp: false });
  });
});
