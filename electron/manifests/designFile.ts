// Design files (DESIGN.md "Manifests I/O"): a sketch made without a cluster, saved as one YAML
// document that people read and diff.
//
//   apiVersion: netpol-designer.io/v1
//   kind: NetPolDesign
//   formatVersion: 1
//   namespaces:      [{name, labels}]
//   workloads:       [{namespace, name, kind, labels, labelVariants, ports: [{name, containerPort, protocol}], podIPs}]
//   externalBlocks:  [{name, cidr}]                  (only when the model has the list)
//   policies:        complete networking.k8s.io/v1 NetworkPolicy objects
//   view:            {positions: {<id>: {x, y}}, collapsedNamespaces: [...]}
//
// The writer puts every list in one canonical order (`canonicalDesign`), sorts label keys and
// position ids, keeps each policy's spec in the model's key order, leaves out empty labels,
// ports and pod IPs and the implied `kubernetes.io/metadata.name` label, and writes no source
// positions. The reader puts all of that back, so parse(serialize(d)) equals canonicalDesign(d)
// except for `source` and `fieldPositions`, which the reader fills with the design file's own
// positions (so validation findings point into the design file). A file with any error opens
// as nothing: a design that was half read and then saved would lose the rest.
import { Document, isMap, parseAllDocuments } from 'yaml';
import type { ClusterModel, Design, DesignView, Diagnostic, ExternalBlockModel, NamespaceModel, PolicyModel, WorkloadModel } from '../common/model';
import { readDesignSections } from './designSections';
import { kubernetesYamlDocument, kubernetesYamlText, networkPolicyManifest, sortPolicies } from './exportPolicies';
import { lineColumnOf } from './jsonPositions';
import { NAMESPACE_NAME_LABEL } from './namespaceInventory';
import { comparePlain } from './objectMeta';
import { withPlainProcessEnv } from './plainProcessEnv';
import { acceptText, isPlainObject } from './readManifestFile';
import type { LineColumn } from './sourcePositions';
import { yamlPositionNode } from './yamlPositions';
import { workloadId } from './workloadIdentity';

export const DESIGN_API_VERSION = 'netpol-designer.io/v1';
export const DESIGN_KIND = 'NetPolDesign';

const DESIGN_KIND_LINE = new RegExp(`^kind:[ \t]*(["']?)${DESIGN_KIND}\\1[ \t]*(#.*)?$`, 'm');

/**
 * Whether a text is meant as a design file (a top-level `kind: NetPolDesign`), so that opening
 * it opens the design rather than a review of manifests. A broken design still answers true:
 * it is then refused with the design reader's `file:line:column` messages, not read as manifests.
 */
export function looksLikeDesign(text: string): boolean {
  return DESIGN_KIND_LINE.test(text);
}
/** The design format this version writes and the newest it reads. */
export const DESIGN_FORMAT_VERSION = 1;

export type ParseDesignResult = { design: Design; diagnostics: Diagnostic[] } | { diagnostics: Diagnostic[] };

function sortedRecord<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => comparePlain(a, b)));
}

/** The design with its lists in the order a design file holds them; nothing else changes. */
export function canonicalDesign(design: Design): Design {
  const { model, view } = design;
  const canonicalModel: ClusterModel = {
    ...model,
    namespaces: [...model.namespaces].sort((a, b) => comparePlain(a.name, b.name)),
    workloads: [...model.workloads].sort((a, b) => comparePlain(workloadId(a.namespace, a.name, a.kind), workloadId(b.namespace, b.name, b.kind))),
    policies: sortPolicies(model.policies),
  };
  if (model.externalBlocks) {
    canonicalModel.externalBlocks = [...model.externalBlocks].sort((a, b) => comparePlain(a.name, b.name) || comparePlain(a.cidr, b.cidr));
  }
  const canonicalView: DesignView = { ...view, positions: sortedRecord(view.positions) };
  if (view.collapsedNamespaces) canonicalView.collapsedNamespaces = [...view.collapsedNamespaces].sort(comparePlain);
  return { model: canonicalModel, view: canonicalView };
}

function namespaceEntry(namespace: NamespaceModel): Record<string, unknown> {
  const labels = Object.entries(namespace.labels).filter(([key, value]) => !(key === NAMESPACE_NAME_LABEL && value === namespace.name));
  const entry: Record<string, unknown> = { name: namespace.name };
  if (labels.length > 0) entry.labels = sortedRecord(Object.fromEntries(labels));
  return entry;
}

function workloadEntry(workload: WorkloadModel): Record<string, unknown> {
  const entry: Record<string, unknown> = { namespace: workload.namespace, name: workload.name, kind: workload.kind };
  if (Object.keys(workload.labels).length > 0) entry.labels = sortedRecord(workload.labels);
  if (workload.labelVariants) entry.labelVariants = workload.labelVariants.map((labels) => sortedRecord(labels));
  if (workload.ports.length > 0) {
    entry.ports = workload.ports.map((port) => (port.name === undefined ? { containerPort: port.containerPort, protocol: port.protocol } : { name: port.name, containerPort: port.containerPort, protocol: port.protocol }));
  }
  if (workload.podIPs.length > 0) entry.podIPs = [...workload.podIPs];
  return entry;
}

function externalBlockEntry(block: ExternalBlockModel): Record<string, unknown> {
  return { name: block.name, cidr: block.cidr };
}

function viewEntry(view: DesignView): Record<string, unknown> {
  const positions = Object.fromEntries(Object.entries(view.positions).map(([id, { x, y }]) => [id, { x, y }]));
  const entry: Record<string, unknown> = { positions };
  if (view.collapsedNamespaces) entry.collapsedNamespaces = [...view.collapsedNamespaces];
  return entry;
}

/** A blank line before each section. */
function separateSections(document: Document): void {
  const root = document.contents;
  if (!isMap(root)) return;
  for (const pair of root.items) {
    const key = pair.key as { value?: unknown; spaceBefore?: boolean };
    if (key.value !== 'apiVersion' && key.value !== 'kind' && key.value !== 'formatVersion') key.spaceBefore = true;
  }
}

/**
 * The view section, one node position a line. Only NetPol Designer reads it, so it is written
 * by the YAML 1.2 rules, where `y` is a plain key (1.1 would quote it on every line).
 */
function viewText(view: DesignView): string {
  const document = new Document({ view: viewEntry(view) }, { aliasDuplicateObjects: false });
  const positions = document.getIn(['view', 'positions'], true);
  if (isMap(positions)) {
    for (const pair of positions.items) if (isMap(pair.value)) pair.value.flow = true;
  }
  return document.toString({ lineWidth: 0, minContentWidth: 0 });
}

/** The design as a design file's text; the same design always gives the same text. */
export function serializeDesign(design: Design): string {
  const { model, view } = canonicalDesign(design);
  const file: Record<string, unknown> = {
    apiVersion: DESIGN_API_VERSION,
    kind: DESIGN_KIND,
    formatVersion: DESIGN_FORMAT_VERSION,
    namespaces: model.namespaces.map(namespaceEntry),
    workloads: model.workloads.map(workloadEntry),
  };
  if (model.externalBlocks) file.externalBlocks = model.externalBlocks.map(externalBlockEntry);
  file.policies = model.policies.map((policy: PolicyModel) => networkPolicyManifest(policy));
  // Everything but the view by the YAML 1.1 quoting rules, so a policy or label copied out of
  // the file means the same to kubectl.
  const document = kubernetesYamlDocument(file);
  separateSections(document);
  return `${kubernetesYamlText(document)}\n${viewText(view)}`;
}

function located(path: string, position: LineColumn): Diagnostic['location'] {
  return { file: path, line: position.line, column: position.column };
}

function fail(diagnostics: Diagnostic[], diagnostic: Diagnostic): { diagnostics: Diagnostic[] } {
  diagnostics.push(diagnostic);
  return { diagnostics };
}

/** The single YAML document of a design file, or a located reason why there is none. */
function readDocument(text: string, path: string, diagnostics: Diagnostic[]): { value: unknown; document: Document } | undefined {
  const toLineColumn = lineColumnOf(text);
  const documents = parseAllDocuments(text, { prettyErrors: false, merge: true, logLevel: 'error' });
  let broken = false;
  for (const [index, document] of documents.entries()) {
    for (const error of document.errors) {
      broken = true;
      diagnostics.push({ severity: 'error', code: 'yaml-syntax', message: error.message, location: located(path, toLineColumn(error.pos[0])) });
    }
    for (const warning of document.warnings) {
      diagnostics.push({ severity: 'warning', code: 'yaml-warning', message: warning.message, location: located(path, toLineColumn(warning.pos[0])) });
    }
    if (index === 1 && !broken) {
      broken = true;
      diagnostics.push({
        severity: 'error',
        code: 'design-documents',
        message: `${path} holds ${documents.length} YAML documents; a design file holds exactly one`,
        location: located(path, toLineColumn(document.range[0])),
      });
    }
  }
  if (broken) return undefined;
  const document = documents[0];
  if (!document || document.contents === null) {
    diagnostics.push({ severity: 'error', code: 'not-a-design', message: `${path} is empty; a design file starts with "kind: ${DESIGN_KIND}"`, location: located(path, { line: 1, column: 1 }) });
    return undefined;
  }
  try {
    return { value: document.toJS(), document };
  } catch (error) {
    // e.g. "Excessive alias count" for alias bombs.
    diagnostics.push({
      severity: 'error',
      code: 'yaml-syntax',
      message: error instanceof Error ? error.message : String(error),
      location: located(path, toLineColumn(document.contents.range[0])),
    });
    return undefined;
  }
}

/**
 * Reads a design file. Any error (YAML syntax, a wrong type, a newer format, a file that is not
 * a design) gives diagnostics and no design; warnings (unknown fields) come with the design.
 */
export function parseDesign(text: string, path: string): ParseDesignResult {
  const diagnostics: Diagnostic[] = [];
  if (!acceptText(path, text, diagnostics)) return { diagnostics };
  const read = withPlainProcessEnv(() => readDocument(text, path, diagnostics));
  if (!read) return { diagnostics };
  const toLineColumn = lineColumnOf(text);
  const root = yamlPositionNode(read.document.contents, toLineColumn);
  const where = (key?: string) => located(path, (key === undefined ? root : root?.child(key) ?? root)?.position ?? { line: 1, column: 1 });
  const value = read.value;
  const kind = isPlainObject(value) ? value.kind : undefined;
  if (!isPlainObject(value) || kind !== DESIGN_KIND) {
    const found = !isPlainObject(value)
      ? 'it does not hold a mapping'
      : kind === undefined
        ? 'it has no "kind"'
        : `its kind is ${JSON.stringify(kind)}`;
    const hint = isPlainObject(value) && typeof kind === 'string' && typeof value.apiVersion === 'string' ? ' (Kubernetes manifests are opened as manifests, not as a design)' : '';
    return fail(diagnostics, {
      severity: 'error',
      code: 'not-a-design',
      message: `${path} is not a NetPol Designer design file: ${found}; a design file has "kind: ${DESIGN_KIND}"${hint}`,
      location: where(isPlainObject(value) && kind !== undefined ? 'kind' : undefined),
      fieldPath: 'kind',
    });
  }
  const formatVersion = value.formatVersion;
  if (typeof formatVersion !== 'number' || !Number.isInteger(formatVersion) || formatVersion < 1) {
    return fail(diagnostics, {
      severity: 'error',
      code: 'design-format',
      message:
        formatVersion === undefined
          ? `formatVersion: Required value: a design file says which design format it is written in (this version writes ${DESIGN_FORMAT_VERSION})`
          : `formatVersion: Invalid value: ${JSON.stringify(formatVersion)}: must be a whole number from 1`,
      location: where(formatVersion === undefined ? undefined : 'formatVersion'),
      fieldPath: 'formatVersion',
    });
  }
  if (formatVersion > DESIGN_FORMAT_VERSION) {
    // A newer format may mean anything: no guessing, no partial read.
    return fail(diagnostics, {
      severity: 'error',
      code: 'design-format-newer',
      message: `${path} was written by a newer NetPol Designer (design format ${formatVersion}); this version reads format ${DESIGN_FORMAT_VERSION}. Update NetPol Designer to open it.`,
      location: where('formatVersion'),
      fieldPath: 'formatVersion',
    });
  }
  if (value.apiVersion !== DESIGN_API_VERSION) {
    return fail(diagnostics, {
      severity: 'error',
      code: 'design-format',
      message: `apiVersion: Unsupported value: ${JSON.stringify(value.apiVersion ?? null)}: supported values: "${DESIGN_API_VERSION}"`,
      location: where(value.apiVersion === undefined ? undefined : 'apiVersion'),
      fieldPath: 'apiVersion',
    });
  }
  const design = readDesignSections(value, root, path, diagnostics);
  if (!design || diagnostics.some((diagnostic) => diagnostic.severity === 'error')) return { diagnostics };
  return { design, diagnostics };
}
