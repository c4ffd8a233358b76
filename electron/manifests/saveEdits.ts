// Turns policy edits into new texts for the files they came from, changing nothing else:
// untouched documents are copied byte for byte from their slices, an edited document is patched
// in place (yamlPatch keeps its comments, key order and formatting), a deleted policy takes
// exactly its document and leading comment with it, and a new policy is appended as a new
// document. Pure: the caller reads and writes the files (electron/files).
import { isDocument, parseDocument, stringify } from 'yaml';
import type { Diagnostic, NetworkPolicySpec } from '../common/model';
import type { DocumentSlice } from './documentStream';
import { splitDocuments } from './documentStream';
import type { ManifestFile } from './readManifestFile';
import type { YamlPath } from './yamlPatch';
import { patchYamlDocument } from './yamlPatch';

export interface PolicyRef {
  namespace: string;
  name: string;
}

export type PolicyEdit =
  /** The policy's spec (and, when given, its name or namespace) changes; everything else in its document stays. */
  | { type: 'update'; policy: PolicyRef; spec: NetworkPolicySpec; rename?: PolicyRef }
  /** A new NetworkPolicy, appended as a new document to `file` (created when it does not exist). */
  | { type: 'create'; file: string; policy: PolicyRef; spec: NetworkPolicySpec }
  | { type: 'delete'; policy: PolicyRef };

export interface SavedFile {
  path: string;
  text: string;
  /** false: the text is the original, byte for byte (nothing needs writing). */
  changed: boolean;
}

export interface SavePlan {
  files: SavedFile[];
  /** Edits that could not be applied, with the reason; their files are left as they were. */
  diagnostics: Diagnostic[];
}

/** Fields of spec that the model carries; anything else in a document's spec is kept as written. */
const MODEL_SPEC_FIELDS = new Set(['podSelector', 'policyTypes', 'ingress', 'egress']);

interface LocatedPolicy {
  sliceIndex: number;
  path: YamlPath;
  object: Record<string, unknown>;
}

interface OpenFile {
  path: string;
  original: string;
  slices: DocumentSlice[];
  /** Parse problems by slice index; a file with any is not rewritten unless asked. */
  broken: boolean;
  policies: Map<string, LocatedPolicy>;
  /** Policies written more than once in the file: an edit cannot tell which one is meant. */
  ambiguous: Set<string>;
  newline: string;
}

function key(ref: PolicyRef): string {
  return `${ref.namespace}/${ref.name}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function body(slice: DocumentSlice): string {
  return slice.text.slice(slice.bodyStart);
}

function policiesIn(value: unknown, path: (string | number)[], inheritedKind: string | undefined, found: (object: Record<string, unknown>, path: YamlPath) => void): void {
  if (!isObject(value)) return;
  const kind = typeof value.kind === 'string' ? value.kind : inheritedKind;
  if (Array.isArray(value.items)) {
    const itemKind = kind?.endsWith('List') ? kind.slice(0, -4) : undefined;
    value.items.forEach((item, index) => policiesIn(item, [...path, 'items', index], itemKind, found));
    return;
  }
  if (kind === 'NetworkPolicy') found(value, path);
}

const BROKEN = Symbol('broken document');

/** The document's data, or BROKEN when it has syntax errors or cannot be read (e.g. an unresolved alias). */
function documentValue(text: string): unknown {
  try {
    const document = parseDocument(text, { uniqueKeys: true });
    if (!isDocument(document) || document.errors.length > 0) return BROKEN;
    return document.toJS() as unknown;
  } catch {
    return BROKEN;
  }
}

function open(file: ManifestFile): OpenFile {
  const slices = splitDocuments(file.text);
  const policies = new Map<string, LocatedPolicy>();
  const ambiguous = new Set<string>();
  let broken = false;
  slices.forEach((slice, sliceIndex) => {
    const value = documentValue(body(slice));
    if (value === BROKEN) {
      broken = true;
      return;
    }
    policiesIn(value, [], undefined, (object, path) => {
      const metadata = isObject(object.metadata) ? object.metadata : {};
      const ref = { namespace: typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : 'default', name: String(metadata.name ?? '') };
      if (policies.has(key(ref))) ambiguous.add(key(ref));
      policies.set(key(ref), { sliceIndex, path, object });
    });
  });
  return { path: file.path, original: file.text, slices, broken, policies, ambiguous, newline: file.text.includes('\r\n') ? '\r\n' : '\n' };
}

function newPolicyDocument(ref: PolicyRef, spec: NetworkPolicySpec, newline: string): string {
  const text = stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: ref.name, namespace: ref.namespace }, spec });
  return newline === '\n' ? text : text.replace(/\n/g, newline);
}

function updatedObject(original: Record<string, unknown>, spec: NetworkPolicySpec, rename: PolicyRef | undefined): Record<string, unknown> {
  const originalSpec = isObject(original.spec) ? original.spec : {};
  // Keys the model does not carry (unknown fields, kept verbatim as the file has them) stay.
  const kept = Object.fromEntries(Object.entries(originalSpec).filter(([field]) => !MODEL_SPEC_FIELDS.has(field)));
  const nextSpec: Record<string, unknown> = {};
  for (const field of Object.keys(originalSpec)) {
    if (field in kept) nextSpec[field] = kept[field];
    else if (spec[field as keyof NetworkPolicySpec] !== undefined) nextSpec[field] = spec[field as keyof NetworkPolicySpec];
  }
  for (const [field, value] of Object.entries(spec)) if (!(field in nextSpec) && value !== undefined) nextSpec[field] = value;
  const next: Record<string, unknown> = { ...original, spec: nextSpec };
  if (rename) {
    const metadata = isObject(original.metadata) ? { ...original.metadata } : {};
    metadata.name = rename.name;
    if (rename.namespace !== 'default' || 'namespace' in metadata) metadata.namespace = rename.namespace;
    next.metadata = metadata;
  }
  return next;
}

/**
 * Applies the edits to the files they concern. `files` are the texts as opened. Files that do not
 * parse are not rewritten unless `rewriteBrokenFiles` is set (their edits are refused with a
 * diagnostic). Returns every file that an edit touched, changed or not.
 */
export function planSave(files: readonly ManifestFile[], edits: readonly PolicyEdit[], options: { rewriteBrokenFiles?: boolean } = {}): SavePlan {
  const opened = new Map<string, OpenFile>();
  for (const file of files) opened.set(file.path, open(file));
  const owner = (ref: PolicyRef): OpenFile | undefined => [...opened.values()].find((file) => file.policies.has(key(ref)));
  const diagnostics: Diagnostic[] = [];
  const touched = new Set<string>();
  const refuse = (message: string, file?: string) =>
    diagnostics.push({ severity: 'error', code: 'save-refused', message, ...(file ? { location: { file, line: 1, column: 1 } } : {}) });
  const sliceEdits = new Map<OpenFile, Map<number, string | null>>();
  const appended = new Map<string, string[]>();
  const replaceSlice = (file: OpenFile, index: number, text: string | null) => {
    let edits = sliceEdits.get(file);
    if (!edits) sliceEdits.set(file, (edits = new Map()));
    edits.set(index, text);
  };
  const currentBody = (file: OpenFile, index: number): string => {
    const slice = file.slices[index] as DocumentSlice;
    const edited = sliceEdits.get(file)?.get(index);
    return edited === undefined || edited === null ? body(slice) : edited.slice(slice.bodyStart);
  };

  for (const edit of edits) {
    if (edit.type === 'create') {
      const existing = opened.get(edit.file);
      if (existing?.broken && !options.rewriteBrokenFiles) {
        refuse(`${edit.file} has YAML errors; the new policy ${key(edit.policy)} was not added to it (fix the file or save to another one)`, edit.file);
        continue;
      }
      if (/\.json$/i.test(edit.file) && existing) {
        refuse(`${edit.file} is a JSON file; add the new policy ${key(edit.policy)} to a YAML file`, edit.file);
        continue;
      }
      const list = appended.get(edit.file) ?? [];
      list.push(newPolicyDocument(edit.policy, edit.spec, existing?.newline ?? '\n'));
      appended.set(edit.file, list);
      touched.add(edit.file);
      continue;
    }
    const file = owner(edit.policy);
    if (!file) {
      refuse(`NetworkPolicy ${key(edit.policy)} is not in any opened file`);
      continue;
    }
    touched.add(file.path);
    if (file.broken && !options.rewriteBrokenFiles) {
      refuse(`${file.path} has YAML errors; NetworkPolicy ${key(edit.policy)} was not saved into it (fix the file or save to another one)`, file.path);
      continue;
    }
    if (file.ambiguous.has(key(edit.policy))) {
      refuse(`NetworkPolicy ${key(edit.policy)} is written more than once in ${file.path}; it was not saved (remove the duplicate first)`, file.path);
      continue;
    }
    const located = file.policies.get(key(edit.policy)) as LocatedPolicy;
    const slice = file.slices[located.sliceIndex] as DocumentSlice;
    const prefix = slice.text.slice(0, slice.bodyStart);
    if (edit.type === 'delete' && located.path.length === 0) {
      replaceSlice(file, located.sliceIndex, null);
      continue;
    }
    let path = located.path;
    let value: unknown;
    if (edit.type === 'delete') {
      // An item of a List: the list loses that item.
      const listPath = path.slice(0, -1);
      const index = path[path.length - 1] as number;
      const document = documentValue(currentBody(file, located.sliceIndex));
      const items = listPath.reduce<unknown>((node, step) => (isObject(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[step] : undefined), document);
      value = Array.isArray(items) ? items.filter((_, i) => i !== index) : items;
      path = listPath;
    } else {
      value = updatedObject(located.object, edit.spec, edit.rename);
    }
    const patched = patchYamlDocument(currentBody(file, located.sliceIndex), path, value);
    if ('error' in patched) {
      refuse(`NetworkPolicy ${key(edit.policy)} could not be saved into ${file.path}: ${patched.error}`, file.path);
      continue;
    }
    replaceSlice(file, located.sliceIndex, prefix + patched.text);
  }

  const result: SavedFile[] = [];
  for (const path of touched) {
    const file = opened.get(path);
    let text = file
      ? file.slices.map((slice, index) => {
          const edited = sliceEdits.get(file)?.get(index);
          return edited === undefined ? slice.text : (edited ?? '');
        }).join('')
      : '';
    for (const document of appended.get(path) ?? []) {
      const newline = file?.newline ?? '\n';
      if (text !== '' && !text.endsWith('\n')) text += newline;
      text += text === '' ? document : `---${newline}${document}`;
    }
    result.push({ path, text, changed: text !== (file?.original ?? null) });
  }
  return { files: result, diagnostics };
}
