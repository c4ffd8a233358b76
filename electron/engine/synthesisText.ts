// The words of a proposal's preview (CONVENTIONS 5): allowSynthesis.ts and denySynthesis.ts
// (and portDenySynthesis.ts) build steps as data; only this module turns them into the one
// sentence the preview shows.
import type { Direction } from '../common/explanation';
import type { DiffRow, NetworkPolicyPort } from '../common/model';
import type { PeerExclusion, PortRequest, SynthesisStep } from '../common/synthesis';

function portText(protocol: string, port: number | string | null | undefined, endPort: number | null | undefined): string {
  if (port === undefined || port === null) return `all ${protocol} ports`;
  if (typeof port === 'number' && typeof endPort === 'number' && endPort !== port) return `${protocol} ${port}-${endPort}`;
  return `${protocol} ${port}`;
}

export function formatPortRequests(requests: readonly PortRequest[] | 'all'): string {
  if (requests === 'all') return 'all ports';
  return requests.map((entry) => portText(entry.protocol, entry.port, entry.endPort)).join(', ');
}

export function formatPolicyPorts(ports: readonly NetworkPolicyPort[] | null): string {
  if (ports === null) return 'all ports';
  return ports.map((entry) => portText(entry.protocol ?? 'TCP', entry.port, entry.endPort)).join(', ');
}

export function formatExclusion(exclusion: PeerExclusion): string {
  const parts: string[] = [];
  if (exclusion.podLabel && exclusion.namespace) parts.push(`pods labelled ${exclusion.podLabel.key}=${exclusion.podLabel.value} in namespace ${exclusion.namespace}`);
  else if (exclusion.podLabel) parts.push(`pods labelled ${exclusion.podLabel.key}=${exclusion.podLabel.value}`);
  else if (exclusion.namespace) parts.push(`namespace ${exclusion.namespace}`);
  if (exclusion.exceptCidrs && exclusion.exceptCidrs.length > 0) parts.push(`addresses ${exclusion.exceptCidrs.join(', ')}`);
  return parts.join(' and ') || 'nothing';
}

const lower = (direction: Direction) => (direction === 'Ingress' ? 'ingress' : 'egress');

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function sentence(parts: readonly string[]): string {
  const text = parts.join('; ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function rowText(row: DiffRow): string {
  return `${row.source} → ${row.destination} (${row.ref1} → ${row.ref2})`;
}

function collateralText(collateral: readonly DiffRow[]): string {
  if (collateral.length === 0) return 'no other pair changes';
  const shown = collateral.slice(0, 3).map(rowText);
  const more = collateral.length > 3 ? ` and ${collateral.length - 3} more` : '';
  return `it also changes ${collateral.length} other pair${collateral.length === 1 ? '' : 's'}: ${shown.join('; ')}${more}`;
}

function unverifiedText(what: string, refused: readonly string[]): string {
  const why = refused.length > 0 ? ` (${list(refused)} would be refused by the API server)` : '';
  return ` The engine does not confirm that ${what} afterwards${why}.`;
}

/** Steps are grouped by policy: a created policy and its first rule read as one action. */
function createdRule(steps: readonly SynthesisStep[], index: number): Extract<SynthesisStep, { kind: 'add-rule' }> | undefined {
  const created = steps[index];
  const next = steps[index + 1];
  return created?.kind === 'create-policy' && next?.kind === 'add-rule' && next.policy === created.policy ? next : undefined;
}

export interface AllowTextInput {
  steps: readonly SynthesisStep[];
  source: string;
  destination: string;
  ports: string;
  collateral: readonly DiffRow[];
  verified: boolean;
  refused: readonly string[];
}

/**
 * The words of the allow step at `index` ("creates…", "adds…") and how many steps they cover (a
 * created policy and its first rule read as one action); undefined for a step that does not allow.
 */
function allowStepText(steps: readonly SynthesisStep[], index: number, source: string, destination: string, fallbackPorts: string): { text: string; used: number } | undefined {
  const step = steps[index];
  if (!step) return undefined;
  const letting = (ports: string) => (step.direction === 'Ingress' ? `admitting ${source} on ${ports}` : `letting ${source} reach ${destination} on ${ports}`);
  if (step.kind === 'create-policy' && step.purpose === 'allow') {
    const rule = createdRule(steps, index);
    const ports = rule ? formatPolicyPorts(rule.ports) : fallbackPorts;
    return { text: `creates ${lower(step.direction)} policy ${step.policy} for ${list(step.selects)} ${letting(ports)}`, used: rule ? 2 : 1 };
  }
  if (step.kind === 'add-rule') return { text: `adds an ${lower(step.direction)} rule to ${step.policy} ${letting(formatPolicyPorts(step.ports))}`, used: 1 };
  if (step.kind === 'add-ports') return { text: `adds ${formatPolicyPorts(step.ports)} to ${lower(step.direction)} rule ${step.ruleNumber} of ${step.policy} (${letting('its ports')})`, used: 1 };
  return undefined;
}

export function allowMessage(input: AllowTextInput): string {
  const { source, destination } = input;
  const parts: string[] = [];
  for (let i = 0; i < input.steps.length; ) {
    const words = allowStepText(input.steps, i, source, destination, input.ports);
    if (words) parts.push(words.text);
    i += words?.used ?? 1;
  }
  let text = `${sentence(parts)}.`;
  if (input.collateral.length > 0) text += ` ${sentence([collateralText(input.collateral)])}.`;
  if (!input.verified) text += unverifiedText(`${source} reaches ${destination} on ${input.ports}`, input.refused);
  return text;
}

export interface DenyTextInput {
  steps: readonly SynthesisStep[];
  source: string;
  destination: string;
  collateral: readonly DiffRow[];
  verified: boolean;
  refused: readonly string[];
}

function denyStepText(step: SynthesisStep): string | undefined {
  const direction = lower(step.direction);
  switch (step.kind) {
    case 'remove-peer':
      return `removes peer ${step.peerNumber} from ${direction} rule ${step.ruleNumber} of ${step.policy}`;
    case 'remove-rule':
      return `removes ${direction} rule ${step.ruleNumber} of ${step.policy}`;
    case 'remove-ports': {
      const splits = (step.split ?? []).map((part) => `${formatPolicyPorts([part.range])} becomes ${list(part.into.map((p) => formatPolicyPorts([p])))}`);
      return `removes ${formatPolicyPorts(step.ports)} from ${direction} rule ${step.ruleNumber} of ${step.policy}${splits.length > 0 ? ` (${splits.join('; ')})` : ''}`;
    }
    case 'delete-policy':
      return `deletes ${step.policy}, which has no rules left (${list(step.isolatedBy)} still isolate${step.isolatedBy.length === 1 ? 's' : ''} what it selected)`;
    case 'narrow-peer':
      return `narrows peer ${step.peerNumber} of ${direction} rule ${step.ruleNumber} of ${step.policy} to leave out ${formatExclusion(step.exclusion)}`;
    case 'restrict-rule':
      return `limits ${direction} rule ${step.ruleNumber} of ${step.policy}, which ${step.direction === 'Ingress' ? 'admitted every source' : 'allowed every destination'}, to all but ${formatExclusion(step.exclusion)}`;
    case 'create-policy':
      if (step.purpose === 'isolate') {
        return `creates ${step.policy}, which isolates ${list(step.selects)} for ${direction} (${step.selects.length === 1 ? 'it was' : 'they were'} not isolated) and ${step.direction === 'Ingress' ? 'admits every source' : 'allows every destination'} except ${formatExclusion(step.exclusion ?? {})}`;
      }
      if (step.purpose === 'split' && step.splitFrom) {
        const rules = step.splitFrom.ruleNumbers.length === 1 ? `rule ${step.splitFrom.ruleNumbers[0]}` : `rules ${list(step.splitFrom.ruleNumbers.map(String))}`;
        return `creates ${step.policy} so that ${list(step.selects)} keep${step.selects.length === 1 ? 's' : ''} ${direction} ${rules} of ${step.splitFrom.policy} as it was`;
      }
      return `creates ${step.policy}`;
    default:
      return undefined;
  }
}

export function denyMessage(input: DenyTextInput): string {
  const parts: string[] = [];
  for (let i = 0; i < input.steps.length; i++) {
    const text = denyStepText(input.steps[i] as SynthesisStep);
    if (text) parts.push(text);
    if (createdRule(input.steps, i)) i++;
  }
  let text = `${sentence(parts)}, so ${input.source} no longer reaches ${input.destination}; ${collateralText(input.collateral)}.`;
  if (!input.verified) text += unverifiedText(`${input.source} no longer reaches ${input.destination}`, input.refused);
  return text;
}

export interface PortDenyTextInput {
  steps: readonly SynthesisStep[];
  /** Per step, the pair it allows back when that is not the drawn edge (one pair of a namespace). */
  stepPairs?: readonly ({ source: string; destination: string } | undefined)[];
  source: string;
  destination: string;
  /** The denied ports, as formatPortRequests writes them. */
  ports: string;
  /** What the one drawn pair keeps (a connection text), null when it keeps nothing, undefined for several pairs. */
  kept: string | null | undefined;
  collateral: readonly DiffRow[];
  verified: boolean;
  refused: readonly string[];
  /** When not verified: a drawn pair that would not end as asked, with what it should and would allow. */
  mismatch?: { source: string; destination: string; expected: string; actual: string };
}

/** Deny on some ports: the steps may take ports out of rules, or deny the pair and allow back what it keeps. */
export function portDenyMessage(input: PortDenyTextInput): string {
  const { source, destination } = input;
  const parts: string[] = [];
  for (let i = 0; i < input.steps.length; ) {
    const pair = input.stepPairs?.[i];
    const allowWords = allowStepText(input.steps, i, pair?.source ?? source, pair?.destination ?? destination, 'the ports it keeps');
    if (allowWords) {
      parts.push(allowWords.text);
      i += allowWords.used;
      continue;
    }
    const text = denyStepText(input.steps[i] as SynthesisStep);
    if (text) parts.push(text);
    i += createdRule(input.steps, i) ? 2 : 1;
  }
  const keeps = input.kept === undefined ? '; every other port stays as it was' : input.kept === null ? '; it reached nothing else' : ` and keeps ${input.kept}`;
  let text = `${sentence(parts)}, so ${source} no longer reaches ${destination} on ${input.ports}${keeps}; ${collateralText(input.collateral)}.`;
  if (!input.verified) {
    text += unverifiedText(`${source} reaches ${destination} on exactly what it did without ${input.ports}`, input.refused);
    const m = input.mismatch;
    if (m) text += ` No change found removes only those ports: afterwards ${m.source} → ${m.destination} would allow ${m.actual} instead of ${m.expected}.`;
  }
  return text;
}
