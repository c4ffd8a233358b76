import { describe, expect, it } from 'vitest';
import { exportMessage } from './exportDownload';

describe('exportMessage', () => {
  it('counts the exported policies and names what was left out', () => {
    const text = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n';
    expect(exportMessage({ files: [{ path: 'policies.yaml', text }], leftOut: ['shop/bad'] })).toBe('Exported 2 NetworkPolicies to policies.yaml. Left out (invalid): shop/bad.');
  });
  it('says when there is nothing to export', () => {
    expect(exportMessage({ files: [], leftOut: [] })).toBe('Nothing exported: this review holds no valid NetworkPolicy.');
  });
});
