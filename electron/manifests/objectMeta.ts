// Reading the metadata every object shares: name, namespace (default `default`) and labels.
import type { Diagnostic, SourceLocation } from '../common/model';
import { isPlainObject } from './readManifestFile';
import type { ManifestObject } from './readManifestFile';
import { childPath } from './sourcePositions';

export const DEFAULT_NAMESPACE = 'default';

/** Plain string order (code units), never localeCompare: output must not depend on the locale. */
export function comparePlain(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface ObjectMeta {
  name: string | undefined;
  namespace: string;
  metadata: Record<string, unknown>;
}

export function objectMeta(object: ManifestObject): ObjectMeta {
  const metadata = isPlainObject(object.value.metadata) ? object.value.metadata : {};
  const name = typeof metadata.name === 'string' && metadata.name !== '' ? metadata.name : undefined;
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : DEFAULT_NAMESPACE;
  return { name, namespace, metadata };
}

/** `file:line:column`, how a diagnostic message names a place. */
export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`;
}

/** `NetworkPolicy default/backend`, `Namespace prod`: how diagnostics name an object. */
export function objectLabel(kind: string, namespace: string | undefined, name: string | undefined): string {
  const shownName = name ?? '(unnamed)';
  return namespace === undefined ? `${kind} ${shownName}` : `${kind} ${namespace}/${shownName}`;
}

/**
 * Labels of an inventory object (namespace, pod, pod template). A value that is not a string
 * would be refused by the API server; it is read as its text with a warning, so that one bad
 * label does not hide a whole workload. `null` reads as `""`, as the server decodes it.
 */
export function readLabels(
  labels: unknown,
  path: string,
  context: { object: string; location: SourceLocation },
  diagnostics: Diagnostic[],
): Record<string, string> {
  if (labels === undefined || labels === null) return {};
  if (!isPlainObject(labels)) {
    diagnostics.push({
      severity: 'warning',
      code: 'V-20',
      message: `${path}: Invalid type: expected a mapping, got ${Array.isArray(labels) ? 'a list' : `a ${typeof labels}`}; labels ignored`,
      location: context.location,
      object: context.object,
      fieldPath: path,
    });
    return {};
  }
  const entries: [string, string][] = [];
  for (const [key, value] of Object.entries(labels)) {
    if (value === null || value === undefined) {
      entries.push([key, '']);
    } else if (typeof value === 'string') {
      entries.push([key, value]);
    } else {
      const fieldPath = childPath(path, key);
      const readable = typeof value === 'number' || typeof value === 'boolean';
      diagnostics.push({
        severity: 'warning',
        code: 'V-20',
        message: readable
          ? `${fieldPath}: Invalid type: expected a string, got a ${typeof value} (${String(value)}); read as "${String(value)}"`
          : `${fieldPath}: Invalid type: expected a string, got ${Array.isArray(value) ? 'a list' : 'a mapping'}; label ignored`,
        location: context.location,
        object: context.object,
        fieldPath,
      });
      if (readable) entries.push([key, String(value)]);
    }
  }
  return Object.fromEntries(entries);
}
