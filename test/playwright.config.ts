// End-to-end tests: the real renderer (dist/renderer, built by `npm run test:e2e` before this
// runs) against the web host, in the distribution's Chromium (DESIGN "Testing"). Playwright's own
// browser downloads are not possible on our machines, so the browser is never Playwright's.
//
// The web host is started as `npm run web` starts it, on a free port; its printed URL (with the
// session token) is captured from stdout into NETPOL_E2E_URL, which the workers inherit.
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_EXECUTABLE, CHROMIUM_FLAGS } from './e2e/chromiumLaunch';

export default defineConfig({
  testDir: './e2e',
  outputDir: '../test-results/e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    headless: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1440, height: 900 },
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1440, height: 900 },
        launchOptions: { executablePath: CHROMIUM_EXECUTABLE, args: CHROMIUM_FLAGS },
      },
    },
  ],
  webServer: {
    command: 'npx tsx electron/web/serve.ts --no-open --port 0',
    cwd: '..',
    // The named group becomes process.env.NETPOL_E2E_URL for the specs.
    wait: { stdout: /Listening on (?<netpol_e2e_url>http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/ },
    stdout: 'pipe',
    stderr: 'pipe',
    timeout: 60_000,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
  },
});
