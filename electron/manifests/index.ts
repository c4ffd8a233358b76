// The manifests layer's public face: loading Kubernetes manifests into a ClusterModel.
export { loadManifestTexts } from './loadManifests';
export type { LoadResult, ManifestFile } from './loadManifests';
// For the layers that read files (electron/files): the collector and the limits it applies.
export { ManifestCollector } from './loadManifests';
export { comparePlain } from './objectMeta';
export { MAX_MANIFEST_BYTES, notTextDiagnostic, tooLargeDiagnostic } from './readManifestFile';
// Saving edits back into the texts they came from.
export { planSave } from './saveEdits';
export type { PolicyEdit, PolicyRef, SavePlan, SavedFile } from './saveEdits';
export { splitDocuments } from './documentStream';
