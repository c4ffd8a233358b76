import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../common/contract';
import { createBackendHandlers } from './handlers';

describe('createBackendHandlers', () => {
  it('has a function for every channel of the contract', () => {
    const handlers = createBackendHandlers();
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort());
  });

  it('app:info answers the name and version of package.json', async () => {
    const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
    await expect(createBackendHandlers()['app:info']({})).resolves.toEqual({ name: packageJson.name, version: packageJson.version });
  });
});
