import type { ExplainResponse } from '../../../../electron/common/review';
import { invoke } from '../api';
import { EMPTY_EXPLAIN_FORM, type ExplainForm, explainRequestFor } from '../explainForm';

/** The Explain panel: the pair asked about, and the backend's answer. */
export class ExplainState {
  form = $state<ExplainForm>({ ...EMPTY_EXPLAIN_FORM });
  result = $state.raw<ExplainResponse | undefined>();
  /** The form is incomplete or wrong, or the backend refused the question. */
  problem = $state<string | undefined>();
  loading = $state(false);
  private ticket = 0;

  /** Starts over for a new review, with a pair preset (not yet asked). */
  reset(pair?: { source: string; destination: string }): void {
    this.ticket++;
    this.form = { ...EMPTY_EXPLAIN_FORM, ...pair };
    this.result = undefined;
    this.problem = undefined;
    this.loading = false;
  }

  /** Asks the backend about the form's pair. */
  async run(sessionId: string): Promise<void> {
    const built = explainRequestFor(sessionId, this.form);
    if ('problem' in built) {
      this.problem = built.problem;
      return;
    }
    const ticket = ++this.ticket;
    this.loading = true;
    this.problem = undefined;
    try {
      const response = await invoke('review:explain', built.request);
      if (ticket === this.ticket) this.result = response;
    } catch (error) {
      if (ticket === this.ticket) {
        this.result = undefined;
        this.problem = error instanceof Error ? error.message : String(error);
      }
    } finally {
      if (ticket === this.ticket) this.loading = false;
    }
  }
}
