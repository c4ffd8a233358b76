// The manifests layer's public face: loading Kubernetes manifests into a ClusterModel.
export { loadManifestTexts } from './loadManifests';
export type { LoadResult, ManifestFile } from './loadManifests';
export { loadManifestPaths } from './loadManifestPaths';
