// What the window says for commands that have nothing to act on yet. A review opens manifests
// read-only: these messages say so instead of pretending that something was saved or undone.
import type { AppCommand } from '../../../electron/common/appCommands';

export type NotYetCommand = Extract<AppCommand['type'], 'save' | 'save-as' | 'save-to' | 'undo' | 'redo'>;

const NOT_YET: Record<NotYetCommand, string> = {
  save: 'Nothing to save: a review does not edit the manifests (New Design starts something to save).',
  'save-as': 'Nothing to save: a review does not edit the manifests (New Design starts something to save).',
  'save-to': 'Nothing to save: a review does not edit the manifests (New Design starts something to save).',
  undo: 'Nothing to undo: a review makes no edits.',
  redo: 'Nothing to redo: a review makes no edits.',
};

export function notYetMessage(command: NotYetCommand): string {
  return NOT_YET[command];
}

export function isNotYetCommand(type: AppCommand['type']): type is NotYetCommand {
  return Object.hasOwn(NOT_YET, type);
}
