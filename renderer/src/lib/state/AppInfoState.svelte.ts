import type { AppInfo } from '../../../../electron/common/contract';
import { invoke } from '../api';

/** The app's name and version as the backend reports them, or why they could not be read. */
export class AppInfoState {
  info = $state<AppInfo | undefined>();
  error = $state<string | undefined>();

  async load(): Promise<void> {
    try {
      this.info = await invoke('app:info', {});
      this.error = undefined;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }
}
