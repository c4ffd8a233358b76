// The designer window as a user meets it: toolbar, welcome dialog, canvas, bottom panel.
// Locators use accessible names and roles only, so a restyled UI keeps these tests valid.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, type Locator, type Page } from '@playwright/test';
import { CanvasHook } from './canvasHook';
import { ExplainPanel } from './explainPanel';

/** Explicit screenshots of the specs, kept for people to look at (not compared). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

/** The web host's page URL with its session token, captured by test/playwright.config.ts. */
export function appUrl(): string {
  const url = process.env.NETPOL_E2E_URL;
  if (!url) throw new Error('NETPOL_E2E_URL is not set: run the specs through `npm run test:e2e` (test/playwright.config.ts starts the web host).');
  return url;
}

export class DesignerPage {
  /** Console errors and uncaught page errors since the page object was created. */
  readonly problems: string[] = [];
  readonly canvas: CanvasHook;
  readonly welcome: WelcomeDialog;
  readonly explain: ExplainPanel;

  constructor(readonly page: Page) {
    this.canvas = new CanvasHook(page);
    this.welcome = new WelcomeDialog(page);
    this.explain = new ExplainPanel(page);
    page.on('console', (message) => {
      if (message.type() === 'error') this.problems.push(`console error: ${message.text()} (${message.location().url}:${message.location().lineNumber})`);
    });
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.stack ?? error.message}`));
  }

  /** Opens the designer as `npm run web` would, and waits for the first drawing. */
  static async open(page: Page): Promise<DesignerPage> {
    const designer = new DesignerPage(page);
    await page.goto(appUrl());
    await designer.canvas.waitForDrawing();
    return designer;
  }

  /** The toolbar's button (or menu item) with this accessible name. */
  command(name: string | RegExp): Locator {
    return this.page.getByRole('button', { name, exact: typeof name === 'string' }).or(this.page.getByRole('menuitem', { name })).first();
  }

  /** The title of what is open (the sample's title, a folder name), as the window shows it. */
  async expectShowing(title: string | RegExp): Promise<void> {
    await expect(this.page.getByText(title).first()).toBeVisible();
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const path = `${SCREENSHOT_DIR}${name}.png`;
    await this.page.screenshot({ path });
    return path;
  }

  /** Fails with every console or page error seen so far. */
  expectNoProblems(): void {
    expect(this.problems, 'console errors and page errors').toEqual([]);
  }
}

export class WelcomeDialog {
  readonly dialog: Locator;

  constructor(private readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Welcome' });
  }

  /** Closes the welcome dialog with "Explore the sample" (every test's page is a first run, so it shows). */
  async close(): Promise<void> {
    await expect(this.dialog).toBeVisible();
    await this.dialog.getByRole('button', { name: 'Explore the sample' }).click();
    await expect(this.dialog).toBeHidden();
  }
}
