// Namespaces: those declared by Namespace objects, and those that workloads or policies only
// refer to. Every namespace carries `kubernetes.io/metadata.name`, as the API server adds it.
import type { Diagnostic, NamespaceModel } from '../common/model';
import { comparePlain, formatLocation, objectLabel, objectMeta, readLabels } from './objectMeta';
import type { ManifestObject } from './readManifestFile';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export class NamespaceInventory {
  private readonly declared = new Map<string, NamespaceModel>();
  private readonly referenced = new Set<string>();

  /** Reads a `kind: Namespace` object; a second one with the same name is an error. */
  declare(object: ManifestObject, diagnostics: Diagnostic[]): void {
    const { name, metadata } = objectMeta(object);
    const label = objectLabel('Namespace', undefined, name);
    if (name === undefined) {
      diagnostics.push({ severity: 'warning', code: 'missing-name', message: 'Namespace without metadata.name; skipped', location: object.location, object: label, fieldPath: 'metadata.name' });
      return;
    }
    const first = this.declared.get(name);
    if (first) {
      diagnostics.push({
        severity: 'error',
        code: 'duplicate-namespace',
        message: `Namespace ${name} is defined twice: at ${first.source ? formatLocation(first.source) : 'an unknown place'} and at ${formatLocation(object.location)}`,
        location: object.location,
        object: label,
      });
      return;
    }
    const labels = readLabels(metadata.labels, 'metadata.labels', { object: label, location: object.location }, diagnostics);
    if (!Object.hasOwn(labels, NAMESPACE_NAME_LABEL)) labels[NAMESPACE_NAME_LABEL] = name;
    this.declared.set(name, { name, labels, source: object.location });
  }

  /** A namespace that a workload or policy lives in. */
  reference(name: string): void {
    this.referenced.add(name);
  }

  /** All namespaces, sorted by name (plain string order). */
  list(): NamespaceModel[] {
    const all = new Map(this.declared);
    for (const name of this.referenced) {
      if (!all.has(name)) all.set(name, { name, labels: { [NAMESPACE_NAME_LABEL]: name } });
    }
    return [...all.values()].sort((a, b) => comparePlain(a.name, b.name));
  }
}
