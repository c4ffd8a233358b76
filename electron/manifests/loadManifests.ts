// Kubernetes manifests into a ClusterModel with diagnostics (DESIGN.md "Manifests I/O",
// conformance README "Reading the input"). Pure: texts in, model out; reading files is
// loadManifestPaths' job. Bad input never throws: each file and each object is read on its own.
import type { ClusterModel, Diagnostic } from '../common/model';
import { NamespaceInventory } from './namespaceInventory';
import { PolicyNames, readNetworkPolicy } from './networkPolicies';
import { comparePlain, objectLabel, objectMeta } from './objectMeta';
import { withPlainProcessEnv } from './plainProcessEnv';
import { acceptText, readManifestObjects } from './readManifestFile';
import type { ManifestFile, ManifestObject } from './readManifestFile';
import { CONTROLLER_KINDS, mergeWorkloads, workloadContribution } from './workloadIdentity';
import type { WorkloadContribution } from './workloadIdentity';

export type { ManifestFile } from './readManifestFile';

export interface LoadResult {
  model: ClusterModel;
  diagnostics: Diagnostic[];
  /** The files whose text was read as manifests, in reading order. */
  filesRead: string[];
}

/** Accumulates what the objects of all files say, in reading order. */
export class ManifestCollector {
  readonly diagnostics: Diagnostic[] = [];
  readonly filesRead: string[] = [];
  private readonly namespaces = new NamespaceInventory();
  private readonly policyNames = new PolicyNames();
  private readonly policies: ClusterModel['policies'] = [];
  private readonly workloads: WorkloadContribution[] = [];
  /** Objects that play a part (namespaces, workloads, pods, policies), and the kinds that do not. */
  private relevantObjects = 0;
  private readonly ignoredKinds = new Set<string>();

  /** Reads one file's text. */
  addFile(file: ManifestFile): void {
    if (!acceptText(file.path, file.text, this.diagnostics)) return;
    this.filesRead.push(file.path);
    withPlainProcessEnv(() => {
      for (const object of readManifestObjects(file, this.diagnostics)) {
        try {
          this.addObject(object);
        } catch (error) {
          // A reader bug must not lose the rest of the input; say which object hit it.
          const { name, namespace } = objectMeta(object);
          this.diagnostics.push({
            severity: 'error',
            code: 'internal-error',
            message: `could not read this object: ${error instanceof Error ? error.message : String(error)}`,
            location: object.location,
            object: objectLabel(object.kind, namespace, name),
          });
        }
      }
    });
  }

  private addObject(object: ManifestObject): void {
    if (object.kind === 'Namespace') {
      this.relevantObjects++;
      this.namespaces.declare(object, this.diagnostics);
      return;
    }
    if (object.kind === 'NetworkPolicy') {
      this.relevantObjects++;
      const policy = readNetworkPolicy(object, this.policyNames, this.diagnostics);
      if (policy) {
        this.policies.push(policy);
        this.namespaces.reference(policy.namespace);
      }
      return;
    }
    if (object.kind === 'Pod' || CONTROLLER_KINDS.has(object.kind)) {
      this.relevantObjects++;
      const contribution = workloadContribution(object, this.diagnostics);
      if (contribution) {
        this.workloads.push(contribution);
        this.namespaces.reference(contribution.namespace);
      }
      return;
    }
    // Every other kind (Service, ConfigMap, …) plays no part in connectivity.
    this.ignoredKinds.add(object.kind);
  }

  /**
   * The model and every diagnostic, including `no-objects` when files were read but none held
   * a Namespace, workload, pod or NetworkPolicy (netpol-analyzer refuses such input too).
   */
  finish(): LoadResult {
    const workloads = mergeWorkloads(this.workloads, this.diagnostics);
    if (this.relevantObjects === 0 && this.filesRead.length > 0) {
      const first = this.filesRead[0] as string;
      const source = this.filesRead.length === 1 ? first : `${this.filesRead.length} files (${first}, …)`;
      const ignored = [...this.ignoredKinds].sort(comparePlain);
      this.diagnostics.push({
        severity: 'error',
        code: 'no-objects',
        message:
          ignored.length === 0
            ? `no Kubernetes object could be read from ${source}`
            : `no Namespace, workload, Pod or NetworkPolicy in ${source} (only ${ignored.join(', ')}, which play no part)`,
        location: { file: first, line: 1, column: 1 },
      });
    }
    return {
      model: { namespaces: this.namespaces.list(), workloads, policies: this.policies },
      diagnostics: this.diagnostics,
      filesRead: this.filesRead,
    };
  }
}

/** Pure: parse already-read texts (used by tests, stdin, the browser). */
export function loadManifestTexts(files: readonly ManifestFile[]): LoadResult {
  const collector = new ManifestCollector();
  for (const file of files) collector.addFile(file);
  return collector.finish();
}
