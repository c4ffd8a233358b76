// Export of a review's NetworkPolicies: the backend writes clean manifests, the page hands them
// to the user as a download (the browser's, or Electron's save dialog for downloads).
import type { ExportResponse } from '../../../electron/common/review';

/** What the status bar says after an export. */
export function exportMessage(response: ExportResponse): string {
  const file = response.files[0];
  if (!file) return 'Nothing exported: this review holds no valid NetworkPolicy.';
  const count = (file.text.match(/^kind: NetworkPolicy$/gm) ?? []).length;
  const leftOut = response.leftOut.length > 0 ? ` Left out (invalid): ${response.leftOut.join(', ')}.` : '';
  return `Exported ${count} NetworkPolic${count === 1 ? 'y' : 'ies'} to ${file.path}.${leftOut}`;
}

/** Offers a text as a file download from this page. */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/yaml' }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Give the download a moment to start before the URL is revoked.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
