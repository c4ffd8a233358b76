import type { PanelName } from '../../../../electron/common/appCommands';
import { ALL_NAMESPACES } from '../connectivityMatrix';

export type BottomTab = 'explain' | 'yaml' | 'matrix' | 'diagnostics';

/** What the window shows around the canvas: which panels, which bottom tab, the status line. */
export class LayoutState {
  panels = $state<Record<PanelName, boolean>>({ inspector: true, bottom: true });
  bottomTab = $state<BottomTab>('explain');
  /** The Matrix panel's namespace filter (ALL_NAMESPACES for all). */
  matrixFilter = $state(ALL_NAMESPACES);
  /** The last thing the window said (status bar, read by screen readers). */
  status = $state('');

  /** Shows a tab of the bottom panel, and the panel if it was hidden. */
  showTab(tab: BottomTab): void {
    this.bottomTab = tab;
    this.panels.bottom = true;
  }

  togglePanel(panel: PanelName): void {
    this.panels[panel] = !this.panels[panel];
  }

  setMatrixFilter(namespace: string): void {
    this.matrixFilter = namespace;
  }

  say(text: string): void {
    this.status = text;
  }
}
