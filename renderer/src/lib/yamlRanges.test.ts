import { describe, expect, it } from 'vitest';
import type { ReviewSnapshot } from '../../../electron/common/review';
import { clampRange, diagnosticTarget, policyTarget, ruleTarget, yamlBlockRange } from './yamlRanges';

const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
spec:
  ingress:
  - from:
    - podSelector:
        matchLabels:
          tier: frontend

    # the web port
    ports:
    - port: 8080
  - {}
  egress:
  - to:
    - ipBlock: {cidr: 10.0.0.0/8}
---
kind: Next
`;

describe('yamlBlockRange', () => {
  it('takes a rule from its line to its last more-indented line, across blank lines and comments', () => {
    expect(yamlBlockRange(POLICY, 5, 5)).toEqual({ from: 5, to: 12 });
  });

  it('takes a one-line rule alone', () => {
    expect(yamlBlockRange(POLICY, 13, 5)).toEqual({ from: 13, to: 13 });
  });

  it('stops at the end of the document', () => {
    expect(yamlBlockRange(POLICY, 15, 5)).toEqual({ from: 15, to: 16 });
  });

  it('clamps lines outside the text', () => {
    expect(yamlBlockRange('a: 1\n', 99, 1)).toEqual({ from: 2, to: 2 });
    expect(clampRange({ from: 0, to: 500 }, 20)).toEqual({ from: 1, to: 20 });
    expect(clampRange({ from: 7, to: 3 }, 20)).toEqual({ from: 7, to: 7 });
  });
});

describe('targets of links', () => {
  const snapshot = {
    files: [{ path: 'policy.yaml', text: POLICY }],
    policies: [
      { key: 'demo/web', namespace: 'demo', name: 'web', file: 'policy.yaml', lines: { first: 1, last: 17 }, rejected: false },
      { key: 'demo/nowhere', namespace: 'demo', name: 'nowhere', rejected: false },
    ],
  } as unknown as ReviewSnapshot;

  it("shows a policy's whole document", () => {
    expect(policyTarget(snapshot, 'demo/web')).toEqual({ file: 'policy.yaml', range: { from: 1, to: 17 } });
    expect(policyTarget(snapshot, 'demo/nowhere')).toBeUndefined();
    expect(policyTarget(snapshot, 'demo/unknown')).toBeUndefined();
  });

  it("shows a rule's block", () => {
    expect(ruleTarget(snapshot, { file: 'policy.yaml', line: 5, column: 5 })).toEqual({ file: 'policy.yaml', range: { from: 5, to: 12 } });
    expect(ruleTarget(snapshot, { file: 'other.yaml', line: 3, column: 5 })).toEqual({ file: 'other.yaml', range: { from: 3, to: 3 } });
  });

  it('shows the line of a diagnostic', () => {
    expect(diagnosticTarget({ severity: 'error', code: 'V-1', message: 'bad', location: { file: 'policy.yaml', line: 8, column: 3 } })).toEqual({
      file: 'policy.yaml',
      range: { from: 8, to: 8 },
    });
    expect(diagnosticTarget({ severity: 'warning', code: 'x', message: 'no place' })).toBeUndefined();
  });
});
