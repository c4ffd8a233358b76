// The backend's handler table: one plain async function per contract channel, over plain data.
// This is where engine, manifests and kubectl are composed; the hosts (Electron IPC, the web
// host, tests) only transport requests to these functions and never add logic of their own.
import packageJson from '../../package.json' with { type: 'json' };
import type { AppInfo, BackendHandlers } from '../common/contract';

export function createBackendHandlers(): BackendHandlers {
  return {
    'app:info': async (): Promise<AppInfo> => ({ name: packageJson.name, version: packageJson.version }),
  };
}
