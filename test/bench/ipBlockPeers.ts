// ipBlock peers: well-known external and private IPv4 ranges, IPv6 blocks, and random valid IPv4
// blocks whose excepts lie strictly inside them (the API server rejects anything else, §8).
import type { Rng } from './seededRandom';
import type { YamlMap } from './yamlStreams';

export const IPV4_EXTERNAL: readonly { cidr: string; except?: string[] }[] = [
  { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] },
  { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] },
  { cidr: '203.0.113.0/24' },
  { cidr: '198.51.100.0/24', except: ['198.51.100.128/25'] },
  { cidr: '192.0.2.0/24', except: ['192.0.2.10/32', '192.0.2.64/26'] },
  { cidr: '10.0.0.0/8', except: ['10.244.0.0/16', '10.96.0.0/12'] },
  { cidr: '172.16.0.0/12', except: ['172.17.0.0/16'] },
];

export const IPV6_BLOCKS: readonly { cidr: string; except?: string[] }[] = [
  { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] },
  { cidr: '2001:db8::/32' },
  { cidr: '::/0', except: ['fd00::/8', 'fe80::/10'] },
  { cidr: '2001:db8:abcd::/48', except: ['2001:db8:abcd:12::/64'] },
  { cidr: 'fd00:10:244::/64' },
];

function ipv4ToText(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** A random valid IPv4 block (no host bits) with 0–2 excepts strictly inside it. */
export function randomIPv4Block(rng: Rng): YamlMap {
  const prefix = rng.pick([8, 12, 16, 16, 20, 22, 24, 24, 26, 28]);
  const firstOctet = rng.pick([10, 34, 35, 52, 100, 104, 151, 185, 203]);
  const raw = ((firstOctet << 24) | (rng.int(0, 255) << 16) | (rng.int(0, 255) << 8) | rng.int(0, 255)) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const base = (raw & mask) >>> 0;
  const block: YamlMap = { cidr: `${ipv4ToText(base)}/${prefix}` };
  const exceptCount = prefix >= 30 ? 0 : rng.weighted([[0, 4], [1, 4], [2, 2]]);
  const excepts: string[] = [];
  for (let i = 0; i < exceptCount; i++) {
    const exceptPrefix = rng.int(prefix + 1, Math.min(32, prefix + 8));
    const hostBits = 32 - prefix;
    const offset = hostBits >= 31 ? Math.floor(rng.float() * 2 ** hostBits) : rng.int(0, 2 ** hostBits - 1);
    const exceptMask = (0xffffffff << (32 - exceptPrefix)) >>> 0;
    const text = `${ipv4ToText(((base + offset) & exceptMask) >>> 0)}/${exceptPrefix}`;
    if (!excepts.includes(text)) excepts.push(text);
  }
  if (excepts.length > 0) block['except'] = excepts;
  return block;
}

export function ipBlockPeer(block: { cidr: string; except?: string[] }): YamlMap {
  return block.except ? { ipBlock: { cidr: block.cidr, except: [...block.except] } } : { ipBlock: { cidr: block.cidr } };
}
