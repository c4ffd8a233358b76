// Design mode as a user meets it: the palette's forms, the namespace posture in the inspector,
// the allow dialog and the preview of a proposal. Accessible names and roles only.
import { expect, type Locator, type Page } from '@playwright/test';

export class DesignMode {
  readonly palette: Locator;
  readonly inspector: Locator;
  readonly allowDialog: Locator;
  readonly preview: Locator;

  constructor(private readonly page: Page) {
    this.palette = page.getByRole('complementary', { name: 'Palette' });
    this.inspector = page.getByRole('region', { name: 'Inspector' });
    this.allowDialog = page.getByRole('dialog', { name: 'Allow traffic' });
    this.preview = page.getByRole('dialog', { name: 'Preview changes' });
  }

  toolbarButton(name: string): Locator {
    return this.page.getByRole('toolbar', { name: 'Toolbar' }).getByRole('button', { name, exact: true });
  }

  async start(): Promise<void> {
    await this.toolbarButton('New Design').click();
    await expect(this.palette).toBeVisible();
  }

  async addNamespace(name: string, labels = ''): Promise<void> {
    const form = this.palette.getByRole('form', { name: 'Add namespace' });
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('Labels', { exact: true }).fill(labels);
    await form.getByRole('button', { name: 'Add namespace' }).click();
    await expect(form.getByLabel('Name', { exact: true })).toHaveValue('');
  }

  async addWorkload(fields: { namespace: string; name: string; kind?: string; labels: string; ports: string }): Promise<void> {
    const form = this.palette.getByRole('form', { name: 'Add workload' });
    await form.getByLabel('Namespace', { exact: true }).selectOption(fields.namespace);
    await form.getByLabel('Name', { exact: true }).fill(fields.name);
    await form.getByLabel('Kind', { exact: true }).selectOption(fields.kind ?? 'Deployment');
    await form.getByLabel('Labels', { exact: true }).fill(fields.labels);
    await form.getByLabel('Ports', { exact: true }).fill(fields.ports);
    await form.getByRole('button', { name: 'Add workload' }).click();
    await expect(form.getByLabel('Name', { exact: true })).toHaveValue('');
  }

  async addExternal(name: string, cidr: string): Promise<void> {
    const form = this.palette.getByRole('form', { name: 'Add external block' });
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('CIDR', { exact: true }).fill(cidr);
    await form.getByRole('button', { name: 'Add external block' }).click();
    await expect(form.getByLabel('Name', { exact: true })).toHaveValue('');
  }
}
