// API-server create-time validation of NetworkPolicies (reference/netpol-semantics.md §8,
// V-1…V-19), the server's CIDR warnings (NP-43) and a few accepted-but-surprising warnings
// (NP-3, NP-4, NP-35). Errors come in the server's order: metadata, spec.podSelector, ingress
// rules (ports, then peers), egress rules, policyTypes. validateModel adds the model-level
// check of workloadLabelConsistency.ts.
import type { ClusterModel, Diagnostic, PolicyModel, Severity, SourceLocation } from '../common/model';
import { formatIP, parseCidr, parseIP, type ParsedCidr } from './cidr';
import {
  type FieldError,
  SUPPORTED_PROTOCOLS,
  asGoString,
  asInt32,
  forbiddenError,
  formatFieldError,
  goJson,
  goQuote,
  invalidError,
  isDNS1123Subdomain,
  isRecord,
  isValidPortName,
  isValidPortNum,
  itemRecord,
  listAt,
  notSupportedError,
  requiredError,
  validateLabelSelector,
} from './labelValidation';
import { checkWorkloadLabelConsistency } from './workloadLabelConsistency';

/** A diagnostic before it is tied to its object and source position. */
interface Finding {
  severity: Severity;
  code: string;
  fieldPath: string;
  message: string;
}

const CIDR_INVALID = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';
const POLICY_TYPES = ['Ingress', 'Egress'] as const;

type Direction = 'ingress' | 'egress';
const PEER_KEY: Readonly<Record<Direction, 'from' | 'to'>> = { ingress: 'from', egress: 'to' };

function fromFieldError(error: FieldError): Finding {
  return { severity: 'error', code: error.code, fieldPath: error.path, message: formatFieldError(error) };
}

function warning(code: string, fieldPath: string, text: string): Finding {
  return { severity: 'warning', code, fieldPath, message: `${fieldPath}: ${text}` };
}

// ---------------------------------------------------------------------------------------------
// Per-field checks

/** V-19 as a warning: netpol-analyzer's corpus loads policies whose names have underscores. */
function checkName(name: unknown): Finding[] {
  const text = asGoString(name);
  if (text === undefined) return [];
  const errors =
    text === ''
      ? [requiredError('V-19', 'metadata.name', 'name or generateName is required')]
      : isDNS1123Subdomain(text).map((message) => invalidError('V-19', 'metadata.name', goQuote(text), message));
  return errors.map((error) => ({ ...fromFieldError(error), severity: 'warning' }));
}

/** `ValidateNetworkPolicyPort`: V-7 … V-11, V-14. */
function checkPort(port: Record<string, unknown>, path: string): Finding[] {
  const errors: FieldError[] = [];
  const protocol = port['protocol'];
  if (typeof protocol === 'string' && !(SUPPORTED_PROTOCOLS as readonly string[]).includes(protocol)) {
    errors.push(notSupportedError('V-7', `${path}.protocol`, goJson(protocol), SUPPORTED_PROTOCOLS));
  }
  const value = port['port'];
  const endPort = asInt32(port['endPort']);
  if (typeof value === 'number') {
    const number = asInt32(value);
    if (number === undefined) return errors.map(fromFieldError); // 8.5 or 2^40: a decode error (V-20)
    for (const message of isValidPortNum(number)) errors.push(invalidError('V-8', `${path}.port`, String(number), message));
    if (endPort !== undefined) {
      if (endPort < number) {
        // The server reports `port`'s value here, not endPort's.
        errors.push(invalidError('V-11', `${path}.endPort`, String(number), 'must be greater than or equal to `port`'));
      }
      for (const message of isValidPortNum(endPort)) {
        errors.push(invalidError('V-11', `${path}.endPort`, String(endPort), message));
      }
    }
  } else if (typeof value === 'string') {
    if (endPort !== undefined) {
      errors.push(
        invalidError('V-9', `${path}.endPort`, String(endPort), 'may not be specified when `port` is non-numeric'),
      );
    }
    for (const message of isValidPortName(value)) errors.push(invalidError('V-14', `${path}.port`, goQuote(value), message));
  } else if (value === undefined || value === null) {
    if (endPort !== undefined) {
      errors.push(
        invalidError('V-10', `${path}.endPort`, String(endPort), 'may not be specified when `port` is not specified'),
      );
    }
  }
  return errors.map(fromFieldError);
}

/** `GetWarningsForCIDR` (NP-43): host bits set, legacy leading zeros, non-canonical IPv6. */
function cidrWarnings(text: string, parsed: ParsedCidr, path: string): Finding[] {
  const slash = text.indexOf('/');
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const address = parseIP(addressText);
  if (!address) return [];
  const findings: Finding[] = [];
  if (address.value !== parsed.first) {
    const single = `${formatIP(parsed.family, address.value)}/${parsed.family === 4 ? 32 : 128}`;
    findings.push(
      warning(
        'cidr-ambiguous',
        path,
        `CIDR value ${goQuote(text)} is ambiguous in this context (should be ${goQuote(parsed.canonical)} or ${goQuote(single)}?)`,
      ),
    );
  }
  const leadingZeros =
    (parsed.family === 4 && /(^|\.)0\d/.test(addressText)) || (prefixText.length > 1 && prefixText.startsWith('0'));
  if (leadingZeros) {
    findings.push(
      warning(
        'cidr-non-standard',
        path,
        `non-standard CIDR value ${goQuote(text)} will be considered invalid in a future Kubernetes release: use ${goQuote(parsed.canonical)}`,
      ),
    );
  }
  if (findings.length === 0 && parsed.family === 6) {
    const canonical = `${formatIP(6, address.value)}/${parsed.prefix}`;
    if (canonical !== text) {
      findings.push(
        warning(
          'cidr-not-canonical',
          path,
          `IPv6 CIDR value ${goQuote(text)} should be in RFC 5952 canonical format (${goQuote(canonical)})`,
        ),
      );
    }
  }
  return findings;
}

/** `ValidateIPBlock`: V-3, V-4, V-5, plus the CIDR warnings. */
function checkIPBlock(ipBlock: Record<string, unknown>, path: string): Finding[] {
  const cidrText = ipBlock['cidr'];
  if (cidrText === undefined || cidrText === null || cidrText === '') {
    return [fromFieldError(requiredError('V-3', `${path}.cidr`))];
  }
  if (typeof cidrText !== 'string') return [];
  const cidr = parseCidr(cidrText);
  if (!cidr) return [fromFieldError(invalidError('V-4', `${path}.cidr`, goQuote(cidrText), CIDR_INVALID))];
  const findings = cidrWarnings(cidrText, cidr, `${path}.cidr`);
  (listAt(ipBlock, 'except') ?? []).forEach((item, index) => {
    const exceptText = asGoString(item);
    if (exceptText === undefined) return;
    const exceptPath = `${path}.except[${index}]`;
    const except = parseCidr(exceptText);
    if (!except) {
      findings.push(fromFieldError(invalidError('V-4', exceptPath, goQuote(exceptText), CIDR_INVALID)));
      return;
    }
    const inside = except.family === cidr.family && except.first >= cidr.first && except.first <= cidr.last;
    if (!inside || cidr.prefix >= except.prefix) {
      findings.push(
        fromFieldError(invalidError('V-5', exceptPath, goQuote(exceptText), 'must be a strict subset of `cidr`')),
      );
    }
    findings.push(...cidrWarnings(exceptText, except, exceptPath));
  });
  return findings;
}

/** `ValidateNetworkPolicyPeer`: selectors, ipBlock, then V-1 / V-2. */
function checkPeer(peer: Record<string, unknown>, path: string): Finding[] {
  const findings: Finding[] = [];
  let count = 0;
  for (const key of ['podSelector', 'namespaceSelector'] as const) {
    if (peer[key] === undefined || peer[key] === null) continue;
    count++;
    findings.push(...validateLabelSelector(peer[key], `${path}.${key}`).map(fromFieldError));
  }
  const ipBlock = peer['ipBlock'];
  const hasIPBlock = ipBlock !== undefined && ipBlock !== null;
  if (hasIPBlock) {
    count++;
    if (isRecord(ipBlock)) findings.push(...checkIPBlock(ipBlock, `${path}.ipBlock`));
  }
  if (count === 0) {
    findings.push(fromFieldError(requiredError('V-1', path, 'must specify a peer')));
  } else if (count > 1 && hasIPBlock) {
    findings.push(fromFieldError(forbiddenError('V-2', path, 'may not specify both ipBlock and another peer')));
  }
  return findings;
}

/** NP-35: an egress rule that can reach IP addresses, with a named port, reaches only pods. */
function namedPortWarnings(rule: Record<string, unknown>, rulePath: string): Finding[] {
  const to = rule['to'];
  if (to !== undefined && to !== null && !Array.isArray(to)) return [];
  const peers = Array.isArray(to) ? to : [];
  const reachesIPs =
    peers.length === 0 || peers.some((peer) => isRecord(peer) && peer['ipBlock'] !== undefined && peer['ipBlock'] !== null);
  if (!reachesIPs) return [];
  const findings: Finding[] = [];
  (listAt(rule, 'ports') ?? []).forEach((item, index) => {
    const port = itemRecord(item)?.['port'];
    if (typeof port !== 'string' || isValidPortName(port).length > 0) return;
    findings.push(
      warning(
        'named-port-with-ip-peers',
        `${rulePath}.ports[${index}].port`,
        'a named port never matches an IP address; this rule admits only pods that declare it',
      ),
    );
  });
  return findings;
}

/** V-12 (returns early) and V-13. */
function checkPolicyTypes(policyTypes: unknown[]): Finding[] {
  if (policyTypes.some((type) => type !== null && typeof type !== 'string')) return []; // decode error (V-20)
  const types = policyTypes.map((type) => (typeof type === 'string' ? type : ''));
  if (types.length > POLICY_TYPES.length) {
    return [
      fromFieldError(invalidError('V-12', 'spec.policyTypes', goJson(types), 'may not specify more than two policyTypes')),
    ];
  }
  const findings: Finding[] = [];
  types.forEach((type, index) => {
    if ((POLICY_TYPES as readonly string[]).includes(type)) return;
    findings.push(fromFieldError(notSupportedError('V-13', `spec.policyTypes[${index}]`, goJson(type), POLICY_TYPES)));
  });
  return findings;
}

/** NP-3 / NP-4: rules of a direction that an explicit, valid policyTypes leaves out. */
function ignoredRulesWarnings(spec: Record<string, unknown>): Finding[] {
  const policyTypes = listAt(spec, 'policyTypes');
  if (!policyTypes || policyTypes.length === 0 || policyTypes.length > POLICY_TYPES.length) return [];
  if (!policyTypes.every((type) => (POLICY_TYPES as readonly unknown[]).includes(type))) return [];
  const findings: Finding[] = [];
  for (const [direction, type] of [
    ['ingress', 'Ingress'],
    ['egress', 'Egress'],
  ] as const) {
    if ((listAt(spec, direction)?.length ?? 0) === 0 || policyTypes.includes(type)) continue;
    findings.push(
      warning(
        'rules-ignored-by-policyTypes',
        `spec.${direction}`,
        `${direction} rules present but ${type} is not in policyTypes: they are ignored`,
      ),
    );
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

function parentPath(path: string): string | undefined {
  const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
  return cut > 0 ? path.slice(0, cut) : undefined;
}

/** The position of the longest prefix of `fieldPath` that `fieldPositions` knows, in `source.file`. */
export function locateField(policy: PolicyModel, fieldPath: string): SourceLocation | undefined {
  if (!isRecord(policy)) return undefined;
  const source: unknown = policy.source;
  if (!isRecord(source) || typeof source['file'] !== 'string') return undefined;
  const location = copyLocation(source as unknown as SourceLocation);
  const positions: unknown = policy.fieldPositions;
  if (!isRecord(positions)) return location;
  for (let path: string | undefined = fieldPath; path !== undefined; path = parentPath(path)) {
    const position = Object.hasOwn(positions, path) ? positions[path] : undefined;
    if (isRecord(position) && typeof position['line'] === 'number' && typeof position['column'] === 'number') {
      return { ...location, line: position['line'], column: position['column'] };
    }
  }
  return location;
}

function copyLocation(source: SourceLocation): SourceLocation {
  const location: SourceLocation = { file: source.file, line: source.line, column: source.column };
  if (source.documentIndex !== undefined) location.documentIndex = source.documentIndex;
  return location;
}

/** API-server create-time validation of one NetworkPolicy (as written, no defaults applied). */
export function validatePolicy(policy: PolicyModel): Diagnostic[] {
  const record: Record<string, unknown> = isRecord(policy) ? policy : {};
  const spec = isRecord(record['spec']) ? record['spec'] : {};
  const findings: Finding[] = [...checkName(record['name'])];
  findings.push(...validateLabelSelector(spec['podSelector'], 'spec.podSelector').map(fromFieldError));
  for (const direction of ['ingress', 'egress'] as const) {
    (listAt(spec, direction) ?? []).forEach((item, ruleIndex) => {
      const rule = itemRecord(item);
      if (!rule) return;
      const rulePath = `spec.${direction}[${ruleIndex}]`;
      (listAt(rule, 'ports') ?? []).forEach((portItem, index) => {
        const port = itemRecord(portItem);
        if (port) findings.push(...checkPort(port, `${rulePath}.ports[${index}]`));
      });
      const peerKey = PEER_KEY[direction];
      (listAt(rule, peerKey) ?? []).forEach((peerItem, index) => {
        const peer = itemRecord(peerItem);
        if (peer) findings.push(...checkPeer(peer, `${rulePath}.${peerKey}[${index}]`));
      });
      if (direction === 'egress') findings.push(...namedPortWarnings(rule, rulePath));
    });
  }
  const policyTypes = listAt(spec, 'policyTypes');
  if (policyTypes) findings.push(...checkPolicyTypes(policyTypes));
  findings.push(...ignoredRulesWarnings(spec));

  const object = `NetworkPolicy ${String(record['namespace'] ?? '')}/${String(record['name'] ?? '')}`;
  return findings.map((finding) => {
    const diagnostic: Diagnostic = { ...finding, object };
    const location = locateField(policy, finding.fieldPath);
    if (location) diagnostic.location = location;
    return diagnostic;
  });
}

/** All policies, plus model-level checks (pods of one owner with labels a selector tells apart). */
export function validateModel(model: ClusterModel): Diagnostic[] {
  if (!isRecord(model)) return [];
  const diagnostics: Diagnostic[] = [];
  for (const policy of Array.isArray(model.policies) ? model.policies : []) diagnostics.push(...validatePolicy(policy));
  diagnostics.push(...checkWorkloadLabelConsistency(model));
  return diagnostics;
}
