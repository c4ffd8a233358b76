// The Explain panel's form and the request it becomes.
import type { ExplainRequest } from '../../../electron/common/review';

export type ProtocolChoice = '' | 'TCP' | 'UDP' | 'SCTP';

export interface ExplainForm {
  source: string;
  destination: string;
  /** Empty: any protocol (or TCP when a port is given). */
  protocol: ProtocolChoice;
  /** As typed; empty for every port. */
  port: string;
}

export const EMPTY_EXPLAIN_FORM: ExplainForm = { source: '', destination: '', protocol: '', port: '' };

/** The request for a filled form, or what is missing from it. */
export function explainRequestFor(sessionId: string, form: ExplainForm): { request: ExplainRequest } | { problem: string } {
  if (form.source === '') return { problem: 'Choose a source.' };
  if (form.destination === '') return { problem: 'Choose a destination.' };
  const request: ExplainRequest = { sessionId, source: form.source, destination: form.destination };
  const portText = form.port.trim();
  if (portText !== '') {
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535) return { problem: `The port must be a number from 1 to 65535, not "${portText}".` };
    request.port = port;
    request.protocol = form.protocol === '' ? 'TCP' : form.protocol;
  } else if (form.protocol !== '') {
    return { problem: `Give a port to ask about ${form.protocol}, or choose "any" protocol.` };
  }
  return { request };
}

/** The form preset for an edge picked on the canvas: both ends, any protocol and port. */
export function formForPair(source: string, destination: string): ExplainForm {
  return { source, destination, protocol: '', port: '' };
}
