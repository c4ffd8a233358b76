// A design started from a review (design:fromReview): the same picture and verdicts, editable,
// saved and reopened like any design, with nothing of the review's files tied to it.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDesign } from '../manifests/designFile';
import { createBackendHandlers } from './handlers';

const resourcesDir = fileURLToPath(new URL('../../resources/', import.meta.url));
const lines = (snapshot: { connections: { source: string; destination: string; connection: string }[] }) =>
  snapshot.connections.map((connection) => `${connection.source} => ${connection.destination} : ${connection.connection}`);

describe('design:fromReview', () => {
  it('starts a design with the review’s namespaces, workloads, policies and verdicts', async () => {
    const backend = createBackendHandlers({ resourcesDir });
    const review = await backend['review:sample']({});
    const design = await backend['design:fromReview']({ sessionId: review.sessionId });
    expect(design.designId).not.toBe(review.sessionId);
    expect(design.title).toBe(`${review.title} (design)`);
    // Nothing is lost on close before the first edit: the review it came from still holds it all.
    expect(design.dirty).toBe(false);
    expect(lines(design)).toEqual(lines(review));
    expect(design.policies.map((policy) => policy.key)).toEqual(review.policies.map((policy) => policy.key));
    // Its policies point into the design's own export, not into the review's file.
    expect(design.policies.every((policy) => policy.file === 'policies.yaml')).toBe(true);
  });

  it('is edited like any design, and its file reopens', async () => {
    const backend = createBackendHandlers({ resourcesDir });
    const review = await backend['review:sample']({});
    let design = await backend['design:fromReview']({ sessionId: review.sessionId });
    const backendPolicy = design.policies.find((policy) => policy.name === 'backend-policy');
    if (!backendPolicy) throw new Error('the sample has backend-policy');
    design = await backend['design:apply']({ designId: design.designId, operation: { type: 'policy-changes', changes: [{ type: 'delete', namespace: 'netpol-demo', name: 'backend-policy' }] } });
    expect(design.policies.some((policy) => policy.name === 'backend-policy')).toBe(false);
    expect(lines(design)).not.toEqual(lines(review));
    // The review itself is unchanged.
    const explained = await backend['review:explain']({ sessionId: review.sessionId, source: 'netpol-demo/database', destination: 'netpol-demo/backend' });
    expect(explained.explanation.verdict).toBe('denied');
    const { text } = await backend['design:serialize']({ designId: design.designId });
    const parsed = parseDesign(text, 'sample.yaml');
    expect('design' in parsed).toBe(true);
    expect(text).not.toContain('three-tier-demo.yaml');
  });

  it('makes namespaces the review only implies real ones, so edits in them are accepted', async () => {
    const backend = createBackendHandlers({ resourcesDir });
    const review = await backend['review:openTexts']({
      files: [{ path: 'pods.yaml', text: 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop, labels: {app: web}}\nspec: {containers: [{name: c, image: i}]}\n' }],
    });
    const design = await backend['design:fromReview']({ sessionId: review.sessionId });
    expect(design.namespaces.map((namespace) => namespace.name)).toContain('shop');
    const edited = await backend['design:apply']({ designId: design.designId, operation: { type: 'set-default-deny', namespace: 'shop', ingress: true, egress: false } });
    expect(edited.workloads[0]?.isolation.ingress).toBe(true);
  });

  it('refuses what is not an open review', async () => {
    const backend = createBackendHandlers({ resourcesDir });
    await expect(backend['design:fromReview']({ sessionId: 'nope' })).rejects.toThrow('This review is no longer open');
    const design = await backend['design:new']({});
    await expect(backend['design:fromReview']({ sessionId: design.designId })).rejects.toThrow('This is already a design.');
  });
});
