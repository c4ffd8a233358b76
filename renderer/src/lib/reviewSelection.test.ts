import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBackendHandlers } from '../../../electron/backend/handlers';
import type { ReviewSnapshot } from '../../../electron/common/review';
import { EMPTY_EXPLAIN_FORM, explainRequestFor, formForPair } from './explainForm';
import { outcomeOfEdgeTap, outcomeOfNodeTap } from './reviewSelection';

const FRONTEND = 'netpol-demo/frontend[Deployment]';
const BACKEND = 'netpol-demo/backend[Deployment]';
const ANYWHERE = '0.0.0.0-255.255.255.255[External]';

let sample: ReviewSnapshot;
beforeAll(async () => {
  const handlers = createBackendHandlers({ resourcesDir: fileURLToPath(new URL('../../../resources/', import.meta.url)) });
  sample = await handlers['review:sample']({});
});

describe('tapping a node', () => {
  it('selects a workload, a namespace or an external range by its canvas id', () => {
    expect(outcomeOfNodeTap(sample, undefined, BACKEND)).toEqual({ selection: { kind: 'workload', id: BACKEND }, keepPicking: false });
    expect(outcomeOfNodeTap(sample, undefined, 'namespace:netpol-demo').selection).toEqual({ kind: 'namespace', name: 'netpol-demo' });
    expect(outcomeOfNodeTap(sample, undefined, ANYWHERE).selection).toEqual({ kind: 'external', id: ANYWHERE });
  });

  it('selects nothing for an id the snapshot does not know (the external zone)', () => {
    expect(outcomeOfNodeTap(sample, undefined, 'zone:external').selection).toEqual({ kind: 'none' });
  });

  it('while picking, explains from the picked source to the tapped endpoint', () => {
    expect(outcomeOfNodeTap(sample, FRONTEND, BACKEND)).toEqual({
      selection: { kind: 'workload', id: BACKEND },
      explain: { source: FRONTEND, destination: BACKEND },
      keepPicking: false,
    });
    expect(outcomeOfNodeTap(sample, BACKEND, ANYWHERE).explain).toEqual({ source: BACKEND, destination: ANYWHERE });
  });

  it('while picking, a namespace is no endpoint: picking goes on', () => {
    const outcome = outcomeOfNodeTap(sample, FRONTEND, 'namespace:kube-system');
    expect(outcome.explain).toBeUndefined();
    expect(outcome.keepPicking).toBe(true);
  });
});

describe('tapping an edge', () => {
  it('selects it and explains the pair', () => {
    expect(outcomeOfEdgeTap(sample, FRONTEND, BACKEND)).toEqual({
      selection: { kind: 'edge', source: FRONTEND, destination: BACKEND },
      explain: { source: FRONTEND, destination: BACKEND },
      keepPicking: false,
    });
  });

  it('does not explain an edge between collapsed namespaces', () => {
    const outcome = outcomeOfEdgeTap(sample, 'namespace:kube-system', 'namespace:netpol-demo');
    expect(outcome.selection).toEqual({ kind: 'edge', source: 'namespace:kube-system', destination: 'namespace:netpol-demo' });
    expect(outcome.explain).toBeUndefined();
  });
});

describe('the explanation request of the Explain form', () => {
  it('asks about every port when no port is given', () => {
    expect(explainRequestFor('s1', formForPair(FRONTEND, BACKEND))).toEqual({ request: { sessionId: 's1', source: FRONTEND, destination: BACKEND } });
  });

  it('asks about one port, TCP unless another protocol is chosen', () => {
    expect(explainRequestFor('s1', { source: FRONTEND, destination: BACKEND, protocol: '', port: ' 8080 ' })).toEqual({
      request: { sessionId: 's1', source: FRONTEND, destination: BACKEND, port: 8080, protocol: 'TCP' },
    });
    expect(explainRequestFor('s1', { source: FRONTEND, destination: BACKEND, protocol: 'UDP', port: '53' })).toEqual({
      request: { sessionId: 's1', source: FRONTEND, destination: BACKEND, port: 53, protocol: 'UDP' },
    });
  });

  it('says what is missing or wrong instead of asking', () => {
    expect(explainRequestFor('s1', EMPTY_EXPLAIN_FORM)).toEqual({ problem: 'Choose a source.' });
    expect(explainRequestFor('s1', { ...EMPTY_EXPLAIN_FORM, source: FRONTEND })).toEqual({ problem: 'Choose a destination.' });
    for (const port of ['0', '65536', '80a', '-1', '8.5']) {
      expect(explainRequestFor('s1', { source: FRONTEND, destination: BACKEND, protocol: '', port })).toEqual({
        problem: `The port must be a number from 1 to 65535, not "${port}".`,
      });
    }
    expect(explainRequestFor('s1', { source: FRONTEND, destination: BACKEND, protocol: 'SCTP', port: '' })).toHaveProperty('problem');
  });

  it('is a request the backend answers', async () => {
    const handlers = createBackendHandlers({ resourcesDir: fileURLToPath(new URL('../../../resources/', import.meta.url)) });
    const snapshot = await handlers['review:sample']({});
    const built = explainRequestFor(snapshot.sessionId, { source: FRONTEND, destination: BACKEND, protocol: '', port: '8080' });
    if (!('request' in built)) throw new Error(built.problem);
    const response = await handlers['review:explain'](built.request);
    expect(response.explanation.verdict).toBe('allowed');
  });
});
