// Which frames may call the backend over IPC (CONVENTIONS 3): only the top frame showing the
// app's own renderer file. Kept free of Electron so it is tested in plain Node.
import { normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SenderFrame {
  url: string;
  /** Whether the frame is the top frame of its page (no parent). */
  isTopFrame: boolean;
}

/** True when `frame` is the top frame at `file://<rendererIndexPath>` (query and hash ignored). */
export function isTrustedSender(frame: SenderFrame | null, rendererIndexPath: string): boolean {
  if (frame === null || !frame.isTopFrame) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  if (url.protocol !== 'file:' || url.host !== '') return false;
  try {
    return normalize(fileURLToPath(url)) === normalize(rendererIndexPath);
  } catch {
    return false;
  }
}
