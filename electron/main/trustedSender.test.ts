import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isTrustedSender } from './trustedSender';

const indexPath = '/opt/NetPol Designer/resources/app.asar/dist/renderer/index.html';
const indexUrl = pathToFileURL(indexPath).href;

describe('isTrustedSender', () => {
  it('accepts the top frame of the app renderer, with or without query and hash', () => {
    expect(isTrustedSender({ url: indexUrl, isTopFrame: true }, indexPath)).toBe(true);
    expect(isTrustedSender({ url: `${indexUrl}?x=1#/matrix`, isTopFrame: true }, indexPath)).toBe(true);
  });

  it('refuses other pages, schemes, hosts and subframes', () => {
    const refused = [
      { url: indexUrl, isTopFrame: false },
      { url: pathToFileURL('/opt/NetPol Designer/resources/app.asar/dist/renderer/other.html').href, isTopFrame: true },
      { url: pathToFileURL('/tmp/index.html').href, isTopFrame: true },
      { url: 'http://127.0.0.1:5173/index.html', isTopFrame: true },
      { url: 'https://example.com/', isTopFrame: true },
      { url: 'file://evil.example/opt/NetPol%20Designer/resources/app.asar/dist/renderer/index.html', isTopFrame: true },
      { url: 'about:blank', isTopFrame: true },
      { url: 'not a url', isTopFrame: true },
    ];
    for (const frame of refused) expect(isTrustedSender(frame, indexPath), frame.url).toBe(false);
    expect(isTrustedSender(null, indexPath)).toBe(false);
  });
});
