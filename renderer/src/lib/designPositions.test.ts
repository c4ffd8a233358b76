import { describe, expect, it } from 'vitest';
import { canvasPositions, designPositions } from './designPositions';
import { snapshotOf, workload } from './testSnapshots';

const web = workload('shop', 'web', { app: 'web' });
const snapshot = {
  ...snapshotOf([web]),
  externals: [
    { id: '10.0.0.0-10.255.255.255[External]', firstIP: '10.0.0.0', lastIP: '10.255.255.255', roles: ['destination' as const] },
    { id: '11.0.0.0-11.0.0.255[External]', firstIP: '11.0.0.0', lastIP: '11.0.0.255', roles: ['destination' as const] },
  ],
};
const blocks = [
  { name: 'Corporate', cidr: '10.0.0.0/8' },
  { name: 'Also corporate', cidr: '10.0.0.0/8' },
  { name: 'Gone', cidr: '192.168.0.0/16' },
];

describe('design positions on the canvas', () => {
  it('puts a block\'s saved position on its address range, keeping workloads and namespaces as they are', () => {
    expect(canvasPositions(snapshot, blocks, { [web.id]: { x: 1, y: 2 }, 'namespace:shop': { x: 3, y: 4 }, 'external:Corporate': { x: 5, y: 6 }, 'external:Gone': { x: 7, y: 8 } })).toEqual({
      [web.id]: { x: 1, y: 2 },
      'namespace:shop': { x: 3, y: 4 },
      '10.0.0.0-10.255.255.255[External]': { x: 5, y: 6 },
    });
  });
  it('saves a moved range under every block drawn as it, rounded; a range that is no block is not saved', () => {
    expect(designPositions(snapshot, blocks, { [web.id]: { x: 1.04, y: 2.26 }, '10.0.0.0-10.255.255.255[External]': { x: 5, y: 6 }, '11.0.0.0-11.0.0.255[External]': { x: 9, y: 9 } })).toEqual({
      [web.id]: { x: 1, y: 2.3 },
      'external:Corporate': { x: 5, y: 6 },
      'external:Also corporate': { x: 5, y: 6 },
    });
  });
});
