// Words for connection sets and explanation verdicts, as the panels show them. The sets come
// computed from the backend; this only prints them (in netpol-analyzer's order and format).
import type { Explanation } from '../../../electron/common/explanation';
import type { ConnectionSetData, Protocol } from '../../../electron/common/model';

const PRINT_ORDER: readonly Protocol[] = ['SCTP', 'TCP', 'UDP'];
const MIN_PORT = 1;
const MAX_PORT = 65535;

/** The backend's text for every protocol and port. */
export const ALL_CONNECTIONS = 'All Connections';

function coversAllPorts(ranges: readonly { start: number; end: number }[] | undefined): boolean {
  return ranges?.length === 1 && ranges[0]?.start === MIN_PORT && ranges[0].end === MAX_PORT;
}

/** Whether the set holds every port of every protocol. */
export function isAllConnections(set: ConnectionSetData): boolean {
  return PRINT_ORDER.every((protocol) => coversAllPorts(set[protocol]));
}

/** Whether the set holds nothing. */
export function isNoConnection(set: ConnectionSetData): boolean {
  return PRINT_ORDER.every((protocol) => (set[protocol]?.length ?? 0) === 0);
}

/** `All Connections`, `No Connections`, or `SCTP 7070,TCP 8080-8081,UDP 9090` (netpol-analyzer's words). */
export function connectionSetText(set: ConnectionSetData): string {
  if (isAllConnections(set)) return ALL_CONNECTIONS;
  if (isNoConnection(set)) return 'No Connections';
  return PRINT_ORDER.filter((protocol) => (set[protocol]?.length ?? 0) > 0)
    .map((protocol) => {
      const ranges = set[protocol] ?? [];
      if (coversAllPorts(ranges)) return `${protocol} all ports`;
      return `${protocol} ${ranges.map((range) => (range.start === range.end ? String(range.start) : `${range.start}-${range.end}`)).join(',')}`;
    })
    .join(', ');
}

/** The short form for edge labels and matrix cells: `all` for everything, else the ports. */
export function shortConnectionText(connection: string): string {
  return connection === ALL_CONNECTIONS ? 'all' : connection.replace(/,(?=[A-Z])/g, ', ');
}

export interface VerdictSummary {
  /** `Allowed`, `Denied` or `Allowed only`. */
  word: 'Allowed' | 'Denied' | 'Allowed only';
  /** What is allowed, or what was asked about: `TCP 8080`, `All Connections`, ``. */
  detail: string;
  /** One sentence for the status line and screen readers. */
  sentence: string;
}

/** The headline of an explanation. */
export function verdictSummary(explanation: Explanation): VerdictSummary {
  const query = explanation.query ? `${explanation.query.protocol} ${explanation.query.port}` : undefined;
  if (explanation.verdict === 'denied') {
    const detail = query ?? 'no connection';
    return { word: 'Denied', detail, sentence: `Denied: ${query ? `${query} is not allowed` : 'no connection is allowed'}.` };
  }
  if (query) return { word: 'Allowed', detail: query, sentence: `Allowed: ${query}.` };
  const allowed = connectionSetText(explanation.allowed);
  if (explanation.verdict === 'allowed') return { word: 'Allowed', detail: allowed, sentence: `Allowed: ${allowed}.` };
  return { word: 'Allowed only', detail: allowed, sentence: `Allowed only ${allowed}; everything else is denied.` };
}
