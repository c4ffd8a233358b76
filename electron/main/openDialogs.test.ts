import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { commandForDialogResult, commandForSaveDialogResult, openDialogOptions, saveDialogOptions } from './openDialogs';

describe('openDialogOptions', () => {
  it('opens several files, filtered to YAML and JSON with an escape to all files', () => {
    const options = openDialogOptions('file');
    expect(options.properties).toEqual(['openFile', 'multiSelections']);
    expect(options.filters?.[0]?.extensions).toEqual(['yaml', 'yml', 'json']);
    expect(options.filters?.[1]?.extensions).toEqual(['*']);
    expect(options.defaultPath).toBeUndefined();
  });

  it('opens several folders (a separate dialog: Windows and Linux cannot mix files and folders)', () => {
    const options = openDialogOptions('folder');
    expect(options.properties).toEqual(['openDirectory', 'multiSelections']);
    expect(options.properties).not.toContain('openFile');
  });

  it('starts beside the newest recent entry', () => {
    expect(openDialogOptions('file', '/home/ada/manifests/web.yaml').defaultPath).toBe('/home/ada/manifests');
    expect(openDialogOptions('folder', '/home/ada/manifests').defaultPath).toBe('/home/ada');
    expect(openDialogOptions('file', '').defaultPath).toBeUndefined();
  });
});

describe('commandForDialogResult', () => {
  it('sends the chosen paths, and nothing when cancelled', () => {
    expect(commandForDialogResult({ canceled: false, filePaths: ['/a.yaml', '/b.json'] })).toEqual({ type: 'open-paths', paths: ['/a.yaml', '/b.json'] });
    expect(commandForDialogResult({ canceled: true, filePaths: [] })).toBeUndefined();
    expect(commandForDialogResult({ canceled: false, filePaths: [] })).toBeUndefined();
  });
});

describe('saveDialogOptions', () => {
  it('offers the design file name, beside the newest recent entry, confirming an overwrite', () => {
    expect(saveDialogOptions('shop.yaml')).toMatchObject({ defaultPath: 'shop.yaml', properties: ['showOverwriteConfirmation', 'createDirectory'] });
    expect(saveDialogOptions('shop.yaml', '/work/designs/old.yaml').defaultPath).toBe(join('/work/designs', 'shop.yaml'));
    expect(saveDialogOptions('../../etc/passwd').defaultPath).toBe('passwd');
    expect(saveDialogOptions('  ').defaultPath).toBe('design.yaml');
  });
  it('sends the chosen path, and nothing when cancelled', () => {
    expect(commandForSaveDialogResult({ canceled: false, filePath: '/d/shop.yaml' })).toEqual({ type: 'save-to', path: '/d/shop.yaml' });
    expect(commandForSaveDialogResult({ canceled: true, filePath: '/d/shop.yaml' })).toBeUndefined();
    expect(commandForSaveDialogResult({ canceled: false, filePath: '' })).toBeUndefined();
  });
});
