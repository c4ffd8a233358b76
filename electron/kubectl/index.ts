// The kubectl layer's public face, for electron/backend: find kubectl, bind it to an environment,
// then list contexts, import a cluster, detect its network plugin, and push policies in steps.
// Every cluster call names its context and has a timeout and a cancel signal; every failure is
// a KubectlError. Composition, in the backend:
//   const found = await findInstalledKubectl(settings.kubectlPath);
//   const kubectl = bindKubectl({ kubectlPath: found.path, env: kubectlEnvironment(process.env, found.path) });
export { findInstalledKubectl, findKubectl, isExecutableFile, kubectlCandidates, kubectlEnvironment } from './kubectlLocation';
export type { KubectlLocation, KubectlSearch } from './kubectlLocation';
export { bindKubectl, classifyKubectlFailure, DEFAULT_KUBECTL_TIMEOUT_MS, isKubectlError, KubectlError, kubectlFailureData, kubectlMessage, runKubectl } from './kubectlProcess';
export type {
  KubectlBinding,
  KubectlErrorDetails,
  KubectlFailure,
  KubectlFailureKind,
  KubectlFailureReason,
  KubectlOutputChunk,
  KubectlRequest,
  KubectlResult,
  KubectlRunner,
  KubectlRunOptions,
} from './kubectlProcess';
export { DEFAULT_REQUEST_TIMEOUT_MS } from './kubectlArguments';
export { listKubeContexts, parseKubeconfigView } from './kubeContexts';
export type { KubeContext, KubeContextList, ListContextsOptions } from './kubeContexts';
export { contextFolderName, IMPORTED_RESOURCES, importCluster, importedFilePath } from './clusterImport';
export type { ClusterImportFile, ClusterImportOptions, ClusterImportProblem, ClusterImportResult } from './clusterImport';
export { detectCni } from './cniDetection';
export type { CniDetection, DetectedPlugin, PolicyEnforcement } from './cniDetection';
export { detectClusterNetworkPlugin, NETWORK_PLUGIN_NAMESPACES } from './clusterNetworkPlugin';
export type { ClusterNetworkPlugin, NetworkPluginOptions } from './clusterNetworkPlugin';
export { applyPolicies, FIELD_MANAGER, parseAppliedObjects, serverDiff, serverDryRun } from './clusterPush';
export type { AppliedObject, ApplyResult, DryRunResult, PushStepOptions, ServerDiffResult } from './clusterPush';
