// Closing a window with unsaved changes. The renderer reports whether it has unsaved changes
// (the one-way event APP_DIRTY_EVENT, sent by the preload's `setDirty`); when the window is
// about to close while dirty, main.ts cancels the close and asks Save / Don't Save / Cancel.
// The decisions are here, free of Electron, so Node tests cover them.
import type { MessageBoxOptions } from 'electron';

/**
 * The one-way IPC event (window → main) carrying a boolean: whether the window has unsaved
 * changes. Not part of the backend contract (it is no request/response call); the preload
 * sends it, ipc.ts receives it. The preload keeps its own copy of the name (the layering lets
 * neither import the other); a test checks that the two agree.
 */
export type AppDirtyEvent = 'app:dirty';
export const APP_DIRTY_EVENT: AppDirtyEvent = 'app:dirty';

/** What the window's `close` handler does. */
export type CloseRequestOutcome =
  /** Let the window close. */
  | 'close'
  /** Cancel the close and ask the user. */
  | 'prompt'
  /** Cancel the close: the question is already on screen. */
  | 'ignore';

export type UnsavedChangesAnswer = 'save' | 'discard' | 'cancel';

const BUTTONS: readonly { label: string; answer: UnsavedChangesAnswer }[] = [
  { label: 'Save', answer: 'save' },
  { label: "Don't Save", answer: 'discard' },
  { label: 'Cancel', answer: 'cancel' },
];
const CANCEL_INDEX = 2;

/** The question asked when a window with unsaved changes closes. */
export function unsavedChangesMessageBox(): MessageBoxOptions {
  return {
    type: 'warning',
    title: 'Unsaved changes',
    message: 'Do you want to save the changes you made?',
    detail: "Your changes will be lost if you don't save them.",
    buttons: BUTTONS.map((button) => button.label),
    defaultId: 0,
    cancelId: CANCEL_INDEX,
    noLink: true,
  };
}

/** The answer for the index of the button pressed; Escape and anything unknown cancel. */
export function answerOf(response: number): UnsavedChangesAnswer {
  return BUTTONS[response]?.answer ?? 'cancel';
}

/** What main.ts does once the user answered. */
export interface AfterAnswer {
  /** Send the `save` command to the window (which stays open). */
  sendSave: boolean;
  /** Close the window now, without asking again. */
  closeWindow: boolean;
  /** Go on quitting the app (the close was part of a quit the question interrupted). */
  quitApp: boolean;
}

/**
 * The steps after an answer. Save keeps the window open and sends `save` (the renderer saves,
 * then reports clean; closing again then asks nothing). Don't Save closes, and resumes a quit
 * that the question interrupted. Cancel keeps the window, and a quit in progress stops.
 */
export function stepsAfterAnswer(answer: UnsavedChangesAnswer, quitting: boolean): AfterAnswer {
  switch (answer) {
    case 'save':
      return { sendSave: true, closeWindow: false, quitApp: false };
    case 'discard':
      return { sendSave: false, closeWindow: true, quitApp: quitting };
    case 'cancel':
      return { sendSave: false, closeWindow: false, quitApp: false };
  }
}

/** The close state of one window. */
export class CloseGuard {
  #dirty = false;
  #asking = false;
  #discardConfirmed = false;

  get dirty(): boolean {
    return this.#dirty;
  }

  setDirty(dirty: boolean): void {
    this.#dirty = dirty;
  }

  /** Called from the window's `close` event. */
  requestClose(): CloseRequestOutcome {
    if (this.#discardConfirmed || !this.#dirty) return 'close';
    if (this.#asking) return 'ignore';
    this.#asking = true;
    return 'prompt';
  }

  /** Called with the index of the button the user pressed. */
  answer(response: number): UnsavedChangesAnswer {
    this.#asking = false;
    const answer = answerOf(response);
    if (answer === 'discard') this.#discardConfirmed = true;
    return answer;
  }
}
