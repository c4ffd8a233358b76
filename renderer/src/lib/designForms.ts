// The design palette's and dialogs' text fields, read into the plain data of the backend's design
// operations and intents (`k=v,…` labels, `name:80/TCP,…` ports, `80/TCP, 53/UDP` port requests),
// and a proposal arranged for its preview. Parsing only: every policy question is the backend's.
import type { DesignTemplate } from '../../../electron/common/design';
import type { ConnectionSetData, ContainerPortModel, DiffRow, Labels, Protocol } from '../../../electron/common/model';
import type { ReviewSnapshot } from '../../../electron/common/review';
import type { AllowIntent, DesignEndpoint, PolicyChange, PortRequest, Proposal } from '../../../electron/common/synthesis';
import { externalById, externalRangeLabel, selectionForNode, workloadById } from './reviewQueries';

/** The templates of `apply-template` (electron/common/design.ts DESIGN_TEMPLATES; the renderer imports types only). */
export const TEMPLATE_CHOICES: readonly { value: DesignTemplate; label: string }[] = [
  { value: 'default-deny-ingress', label: 'Default deny ingress' },
  { value: 'default-deny-egress', label: 'Default deny egress' },
  { value: 'default-deny-all', label: 'Default deny all' },
  { value: 'allow-all-ingress', label: 'Allow all ingress' },
  { value: 'allow-dns', label: 'Allow DNS' },
  { value: 'three-tier-app', label: 'Three-tier app' },
];

export const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'ReplicationController'] as const;

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

function items(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function protocolOf(text: string | undefined): Protocol | undefined {
  const upper = (text ?? 'TCP').toUpperCase();
  return PROTOCOLS.find((protocol) => protocol === upper);
}

/** `tier=web, app=shop` → labels; an empty text is no labels. Values are checked by the backend. */
export function parseLabels(text: string): Parsed<Labels> {
  const labels: Record<string, string> = {};
  for (const item of items(text)) {
    const equals = item.indexOf('=');
    if (equals <= 0) return { ok: false, error: `"${item}" is not key=value.` };
    labels[item.slice(0, equals).trim()] = item.slice(equals + 1).trim();
  }
  return { ok: true, value: labels };
}

/** `http:80/TCP, 53/UDP, 8080` → container ports (name optional, protocol TCP by default). */
export function parseContainerPorts(text: string): Parsed<ContainerPortModel[]> {
  const ports: ContainerPortModel[] = [];
  for (const item of items(text)) {
    const match = /^(?:([^:/\s]+):)?(\d+)(?:\/(\w+))?$/.exec(item);
    const protocol = protocolOf(match?.[3]);
    if (!match || !protocol) return { ok: false, error: `"${item}" is not name:port/protocol (e.g. http:80/TCP).` };
    const port: ContainerPortModel = { containerPort: Number(match[2]), protocol };
    if (match[1] !== undefined) port.name = match[1];
    ports.push(port);
  }
  return { ok: true, value: ports };
}

/** `80/TCP, 53/UDP, 8000-8080/TCP, http, all/UDP` → port requests of an allow; `all` (or empty) is every port. */
export function parsePortRequests(text: string): Parsed<PortRequest[] | 'all'> {
  if (text.trim() === '' || text.trim().toLowerCase() === 'all') return { ok: true, value: 'all' };
  const requests: PortRequest[] = [];
  for (const item of items(text)) {
    const match = /^(?:(\d+)(?:-(\d+))?|(all)|([a-z][-a-z0-9]*))(?:\/(\w+))?$/i.exec(item);
    const protocol = protocolOf(match?.[5]);
    if (!match || !protocol) return { ok: false, error: `"${item}" is not port/protocol (e.g. 80/TCP, 53/UDP).` };
    const request: PortRequest = { protocol };
    if (match[1] !== undefined) request.port = Number(match[1]);
    if (match[2] !== undefined) request.endPort = Number(match[2]);
    if (match[4] !== undefined) request.port = match[4];
    requests.push(request);
  }
  return { ok: true, value: requests };
}

/** An allowed connection set as the ports field writes it: `80/TCP, 8000-8100/TCP, all/UDP`. */
export function connectionPortsText(set: ConnectionSetData): string {
  const parts: string[] = [];
  for (const protocol of PROTOCOLS) {
    for (const range of set[protocol] ?? []) {
      if (range.start <= 1 && range.end >= 65535) parts.push(`all/${protocol}`);
      else parts.push(range.start === range.end ? `${range.start}/${protocol}` : `${range.start}-${range.end}/${protocol}`);
    }
  }
  return parts.join(', ');
}

/** The text the ports field starts with: the destination's declared ports, or empty (all ports). */
export function declaredPortsText(ports: readonly ContainerPortModel[]): string {
  return [...new Set(ports.map((port) => `${port.containerPort}/${port.protocol}`))].join(', ');
}

/** A canvas id as one end of a drawn edge: a workload, a namespace, or an external block's CIDR. */
export function designEndpointFor(snapshot: ReviewSnapshot | undefined, id: string): DesignEndpoint | undefined {
  const selection = selectionForNode(snapshot, id);
  if (selection.kind === 'workload') return { kind: 'workload', id };
  if (selection.kind === 'namespace') return { kind: 'namespace', name: selection.name };
  if (selection.kind === 'external') {
    const external = externalById(snapshot, id);
    const cidr = external ? externalRangeLabel(external.firstIP, external.lastIP) : '';
    return cidr.includes('/') ? { kind: 'cidr', cidr } : undefined;
  }
  return undefined;
}

/** The allow dialog's fields. */
export interface AllowForm {
  source: string;
  destination: string;
  /** `80/TCP, 53/UDP`, ignored when allPorts. */
  ports: string;
  allPorts: boolean;
  sourceSelection: 'workload-labels' | 'namespace' | 'chosen-labels';
  /** `k=v, …`: the labels that select the source when `chosen-labels` (prefilled with the workload's own). */
  chosenLabels: string;
}

/** The allow dialog's first state for a pair: the destination's declared ports, the source by its own labels. */
export function initialAllowForm(snapshot: ReviewSnapshot | undefined, source: string, destination: string): AllowForm {
  const ports = declaredPortsText(workloadById(snapshot, destination)?.ports ?? []);
  const sourceIsWorkload = selectionForNode(snapshot, source).kind === 'workload';
  const ownLabels = Object.entries(workloadById(snapshot, source)?.labels ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
  return { source, destination, ports, allPorts: ports === '', sourceSelection: sourceIsWorkload ? 'workload-labels' : 'namespace', chosenLabels: ownLabels };
}

/** The intent the allow dialog asks the backend about. */
export function allowIntentFrom(snapshot: ReviewSnapshot | undefined, form: AllowForm): Parsed<AllowIntent> {
  const source = designEndpointFor(snapshot, form.source);
  const destination = designEndpointFor(snapshot, form.destination);
  if (!source) return { ok: false, error: 'The source is not a workload, a namespace or a CIDR block.' };
  if (!destination) return { ok: false, error: 'The destination is not a workload, a namespace or a CIDR block.' };
  const ports = form.allPorts ? ({ ok: true, value: 'all' } as const) : parsePortRequests(form.ports);
  if (!ports.ok) return ports;
  const intent: AllowIntent = { source, destination, ports: ports.value };
  if (source.kind === 'workload') {
    if (form.sourceSelection === 'chosen-labels') {
      const labels = parseLabels(form.chosenLabels);
      if (!labels.ok) return labels;
      if (Object.keys(labels.value).length === 0) return { ok: false, error: 'Choose at least one label to select the source by, e.g. app=web.' };
      intent.sourceSelection = { labels: { ...labels.value } };
    } else {
      intent.sourceSelection = form.sourceSelection;
    }
  }
  return { ok: true, value: intent };
}

/** One line of the preview's list of policy changes. */
export interface ChangeLine {
  action: 'create' | 'update' | 'delete';
  policy: string;
}

export function changeLines(changes: readonly PolicyChange[]): ChangeLine[] {
  return changes.map((change) =>
    change.type === 'create'
      ? { action: 'create', policy: `${change.policy.namespace}/${change.policy.name}` }
      : { action: change.type, policy: `${change.namespace}/${change.name}` },
  );
}

/** One pair of the preview: what changes between two endpoints (`ref1` before, `ref2` after). */
export interface PairLine {
  key: string;
  type: DiffRow['type'];
  source: string;
  destination: string;
  before: string;
  after: string;
}

/** A proposal arranged for its preview: the drawn pair's changes apart from the collateral ones. */
export interface ProposalPreview {
  message: string;
  needed: boolean;
  changes: ChangeLine[];
  drawn: PairLine[];
  collateral: PairLine[];
}

function pairLine(row: DiffRow): PairLine {
  return { key: `${row.source}=>${row.destination}`, type: row.type, source: row.source, destination: row.destination, before: row.ref1, after: row.ref2 };
}

/** Changed pairs as the previews list them. */
export function pairLines(rows: readonly DiffRow[]): PairLine[] {
  return rows.map(pairLine);
}

export function proposalPreview(proposal: Proposal): ProposalPreview {
  const collateral = proposal.collateral.map(pairLine);
  const collateralKeys = new Set(collateral.map((line) => line.key));
  return {
    message: proposal.message,
    needed: proposal.needed,
    changes: changeLines(proposal.changes),
    drawn: proposal.affectedPairs.map(pairLine).filter((line) => !collateralKeys.has(line.key)),
    collateral,
  };
}

/** The undo step's name for an applied allow or deny: `Allow frontend → backend`. */
export function stepLabel(verb: 'Allow' | 'Deny', sourceName: string, destinationName: string): string {
  return `${verb} ${sourceName} → ${destinationName}`;
}

/** The namespaces a warning's one-click fix ("Allow DNS") applies to: those of its workloads. */
export function namespacesOfWarning(workloads: readonly string[]): string[] {
  return [...new Set(workloads.map((id) => id.split('/')[0] ?? id))].sort();
}
