// The bottom panel's "Explain" tab: pickers for a pair, and the explanation of why it can or
// cannot talk (a verdict, then one section per side: egress at the source, ingress at the
// destination, each with its isolating policies and the rules that admit the traffic).
import { expect, type Locator, type Page } from '@playwright/test';

export type Direction = 'Egress' | 'Ingress';

export class ExplainPanel {
  readonly tab: Locator;
  readonly panel: Locator;
  /** The explanation shown (absent until one is asked for). */
  readonly explanation: Locator;

  constructor(page: Page) {
    this.tab = page.getByRole('tab', { name: 'Explain', exact: true });
    this.panel = page.getByRole('tabpanel', { name: 'Explain' });
    this.explanation = this.panel.getByRole('article', { name: 'Explanation' });
  }

  async show(): Promise<void> {
    if ((await this.tab.getAttribute('aria-selected')) !== 'true') await this.tab.click();
    await expect(this.panel).toBeVisible();
  }

  /** A pair picker (a select whose accessible name is its label plus the chosen option). */
  picker(name: 'Source' | 'Destination'): Locator {
    return this.panel.getByRole('combobox', { name: new RegExp(`^${name}\\b`) });
  }

  /** Picks a pair (workload ids, as the pickers' values) and optionally a port, then presses Explain. */
  async explainPair(source: string, destination: string, port?: number): Promise<void> {
    await this.show();
    await this.picker('Source').selectOption(source);
    await this.picker('Destination').selectOption(destination);
    await this.panel.getByRole('textbox', { name: /^Port\b/ }).fill(port === undefined ? '' : String(port));
    await this.panel.getByRole('button', { name: 'Explain', exact: true }).click();
  }

  /** The verdict line: `Allowed`, `Allowed only`, or `Denied`, with the ports and the pair. */
  verdict(): Locator {
    return this.explanation.locator('header');
  }

  /** The section of one side: `Egress from …` or `Ingress to …`. */
  side(direction: Direction): Locator {
    return this.explanation.getByRole('region', { name: new RegExp(`^${direction} (from|to) `) });
  }

  /** The rule of a side that admits the traffic, as listed under that side. */
  admittingRule(direction: Direction, policy: string): Locator {
    return this.side(direction).getByRole('list', { name: 'Rules that allow it' }).getByRole('listitem').filter({ hasText: policy });
  }

  isolatingPolicies(direction: Direction): Locator {
    return this.side(direction).getByRole('list', { name: 'Isolating policies' });
  }
}
