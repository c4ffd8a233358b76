// How our tests launch Chromium: the distribution's package (`apt-get install chromium`), or the
// binary named by CHROMIUM_PATH. Playwright's own browser builds cannot be downloaded here.

/** No sandbox (CI runs as root), no GPU, and nothing fetched from the network by the browser. */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export const CHROMIUM_EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
