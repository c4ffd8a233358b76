import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { APP_COMMAND_EVENT, type AppCommand } from '../common/appCommands';
import { CHANNELS } from '../common/contract';
import { APP_DIRTY_EVENT as MAIN_DIRTY_EVENT } from '../main/closeGuard';
import { APP_DIRTY_EVENT, createBridge, type RendererIpc } from './bridge';

/** A fake ipcRenderer: records invoke/send, and lets the test play the main process's sends. */
function fakeIpc(): RendererIpc & { invoked: unknown[][]; sent: unknown[][]; fromMain(channel: string, ...args: unknown[]): void; listenerCount(channel: string): number } {
  const emitter = new EventEmitter();
  const invoked: unknown[][] = [];
  const sent: unknown[][] = [];
  return {
    invoked,
    sent,
    invoke: (channel, ...args) => {
      invoked.push([channel, ...args]);
      return Promise.resolve({ answered: channel });
    },
    send: (channel, ...args) => void sent.push([channel, ...args]),
    on: (channel, listener) => emitter.on(channel, listener),
    removeListener: (channel, listener) => emitter.removeListener(channel, listener),
    fromMain: (channel, ...args) => void emitter.emit(channel, { sender: 'the IPC event' }, ...args),
    listenerCount: (channel) => emitter.listenerCount(channel),
  };
}

describe('createBridge', () => {
  it('has one function per contract channel, invoking that channel with the request', async () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc);
    for (const channel of CHANNELS) {
      expect(typeof bridge[channel]).toBe('function');
    }
    await expect(bridge['review:explain']({ reviewId: 'r1' } as never)).resolves.toEqual({ answered: 'review:explain' });
    expect(ipc.invoked).toEqual([['review:explain', { reviewId: 'r1' }]]);
    expect(Object.keys(bridge).sort()).toEqual([...CHANNELS, 'chooseSavePath', 'onCommand', 'setDirty'].sort());
  });

  it('passes commands from the main process to subscribers, without the IPC event, until unsubscribed', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc);
    const received: AppCommand[] = [];
    const unsubscribe = bridge.onCommand((command) => received.push(command));
    ipc.fromMain(APP_COMMAND_EVENT, { type: 'open-paths', paths: ['/m/a.yaml'] });
    ipc.fromMain(APP_COMMAND_EVENT, 'not a command');
    ipc.fromMain('some-other-event', { type: 'save' });
    unsubscribe();
    unsubscribe();
    ipc.fromMain(APP_COMMAND_EVENT, { type: 'save' });
    expect(received).toEqual([{ type: 'open-paths', paths: ['/m/a.yaml'] }]);
    expect(ipc.listenerCount(APP_COMMAND_EVENT)).toBe(0);
  });

  it('keeps other subscribers when one throws or unsubscribes', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const second: string[] = [];
    const first = bridge.onCommand(() => {
      throw new Error('boom');
    });
    bridge.onCommand((command) => second.push(command.type));
    ipc.fromMain(APP_COMMAND_EVENT, { type: 'undo' });
    first();
    ipc.fromMain(APP_COMMAND_EVENT, { type: 'redo' });
    expect(second).toEqual(['undo', 'redo']);
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });

  it('asks for the Save dialog one way, with a file name only', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc);
    bridge.chooseSavePath('shop.yaml');
    expect(() => bridge.chooseSavePath(3 as never)).toThrow(TypeError);
    expect(ipc.sent).toEqual([['app:choose-save-path', 'shop.yaml']]);
  });

  it('sends the dirty flag one way, booleans only', () => {
    const ipc = fakeIpc();
    const bridge = createBridge(ipc);
    bridge.setDirty(true);
    bridge.setDirty(false);
    expect(() => bridge.setDirty('yes' as never)).toThrow(TypeError);
    expect(() => bridge.onCommand(undefined as never)).toThrow(TypeError);
    expect(ipc.sent).toEqual([
      [APP_DIRTY_EVENT, true],
      [APP_DIRTY_EVENT, false],
    ]);
  });

  it('uses the same dirty event name as the main process', () => {
    expect(APP_DIRTY_EVENT).toBe(MAIN_DIRTY_EVENT);
  });
});
