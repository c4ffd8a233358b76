// Opening files and folders in the browser: the toolbar's "Open Folder" / "Open File" commands
// raise the page's file input, whose chooser Playwright answers as a user would.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileChooser } from '@playwright/test';
import type { DesignerPage } from './designerPage';

/** Every file under a folder, recursively, in plain order. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

async function chooseWith(designer: DesignerPage, command: string | RegExp): Promise<FileChooser> {
  const [chooser] = await Promise.all([designer.page.waitForEvent('filechooser'), designer.command(command).click()]);
  return chooser;
}

/** Opens a folder through "Open Folder" (a directory input gets the folder itself). */
export async function openFolder(designer: DesignerPage, folder: string): Promise<void> {
  const chooser = await chooseWith(designer, /^open folder/i);
  const takesDirectory = await chooser.element().evaluate((input) => (input as HTMLInputElement).webkitdirectory);
  await chooser.setFiles(takesDirectory ? folder : filesUnder(folder));
}

/** Opens files through "Open File". */
export async function openFiles(designer: DesignerPage, files: string[] | { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
  const chooser = await chooseWith(designer, /^open file/i);
  await chooser.setFiles(files);
}
