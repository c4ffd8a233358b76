// The command line, run in process with captured output, plus one real process through the
// `netpol-designer` launcher. The shared netpol-analyzer outputs must be reproduced byte for byte.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_INVALID, EXIT_OK, EXIT_WRITE_FAILED, runCli } from './netpolDesigner';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const conformance = resolve(repositoryRoot, process.env.NETPOL_CONFORMANCE_DIR ?? '../shared/conformance');
const minimal = join(conformance, 'netpol-analyzer', 'netpol-analysis-example-minimal', 'input');

async function run(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), readStdin: async () => stdin });
  return { code, stdout, stderr };
}

function folders(corpus: string): string[] {
  return readdirSync(join(conformance, corpus)).sort();
}

describe('connectivity reproduces netpol-analyzer list outputs exactly', () => {
  for (const name of folders('netpol-analyzer')) {
    it(name, async () => {
      const result = await run(['connectivity', join(conformance, 'netpol-analyzer', name, 'input')]);
      expect(result.code).toBe(EXIT_OK);
      expect(result.stdout).toBe(readFileSync(join(conformance, 'netpol-analyzer', name, 'expected.txt'), 'utf8'));
    });
  }
});

describe('diff reproduces netpol-analyzer diff outputs exactly', () => {
  for (const name of folders('netpol-analyzer-diff')) {
    it(name, async () => {
      const folder = join(conformance, 'netpol-analyzer-diff', name);
      const result = await run(['diff', join(folder, 'a'), join(folder, 'b')]);
      expect(result.code).toBe(EXIT_OK);
      expect(result.stdout).toBe(readFileSync(join(folder, 'expected.txt'), 'utf8'));
    });
  }
});

describe('invalid input exits 2 and names the file and line', () => {
  for (const name of folders('netpol-analyzer-errors')) {
    it(name, async () => {
      const result = await run(['connectivity', join(conformance, 'netpol-analyzer-errors', name, 'input')]);
      expect(result.code).toBe(EXIT_INVALID);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/error: /);
      expect(result.stderr).toContain(join(conformance, 'netpol-analyzer-errors', name, 'input'));
    });
  }

  it('a policy error gives file:line:column, the object and the server words', async () => {
    const result = await run(['connectivity', join(conformance, 'netpol-analyzer-errors', 'bad_netpols-subdir1', 'input')]);
    expect(result.stderr).toMatch(/netpols\.yaml:\d+:\d+: error: spec\.ingress\[\d+\]\.from\[\d+\]\.ipBlock\.cidr: Invalid value: "A": must be a valid CIDR value/);
    expect(result.stderr).toContain('[NetworkPolicy default/shippingservice-netpol]');
  });

  it('a missing path is a problem, not a crash', async () => {
    const result = await run(['connectivity', join(repositoryRoot, 'no-such-folder')]);
    expect(result.code).toBe(EXIT_INVALID);
    expect(result.stderr).toContain('no-such-folder');
  });

  it('broken YAML names the line', async () => {
    const result = await run(['connectivity', '-'], 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n   labels: {x: 1}\n');
    expect(result.code).toBe(EXIT_INVALID);
    expect(result.stderr).toMatch(/<stdin>:\d+:\d+: error:/);
  });
});

describe('usage', () => {
  it('--help on every command exits 0', async () => {
    for (const args of [['--help'], ['connectivity', '--help'], ['diff', '--help'], ['explain', '--help']]) {
      const result = await run(args);
      expect(result.code).toBe(EXIT_OK);
      expect(result.stdout).toMatch(/Usage:/);
    }
  });

  it('bad usage exits 2 with a reason', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command "frobnicate"/],
      [['connectivity'], /at least one path/],
      [['connectivity', minimal, '--format', 'xml'], /unknown format "xml"/],
      [['diff', minimal], /exactly two paths/],
      [['explain', minimal, '--src', 'default/frontend'], /--src and --dst/],
      [['explain', minimal, '--src', 'default/frontend', '--dst', 'default/backend', '--port', '70000'], /--port must be a number/],
      [['explain', minimal, '--src', 'default/nobody', '--dst', 'default/backend'], /no workload "default\/nobody"/],
      [['connectivity', minimal, '--bogus'], /bogus/],
    ];
    for (const [args, message] of cases) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(EXIT_INVALID);
      expect(result.stderr).toMatch(message);
    }
  });
});

describe('output formats carry the same rows', () => {
  it('json, csv, md and dot', async () => {
    const text = (await run(['connectivity', minimal])).stdout.trim().split('\n');
    const json = JSON.parse((await run(['connectivity', minimal, '--format', 'json'])).stdout) as { src: string; dst: string; conn: string }[];
    expect(json.map((row) => `${row.src} => ${row.dst} : ${row.conn}`)).toEqual(text);
    const csv = (await run(['connectivity', minimal, '-o', 'csv'])).stdout.trim().split('\n');
    expect(csv[0]).toBe('src,dst,conn');
    expect(csv).toContain('default/frontend[Deployment],default/backend[Deployment],TCP 9090');
    const md = (await run(['connectivity', minimal, '--format', 'md'])).stdout;
    expect(md).toContain('| default/frontend[Deployment] | default/backend[Deployment] | TCP 9090 |');
    const dot = (await run(['connectivity', minimal, '--format', 'dot'])).stdout;
    expect(dot).toMatch(/^digraph \{/);
    expect(dot).toContain('"default/frontend[Deployment]" -> "default/backend[Deployment]" [label="TCP 9090"');
  });

  it('diff as csv and md', async () => {
    const folder = join(conformance, 'netpol-analyzer-diff', 'netpol-analysis-example-minimal__netpol-diff-example-minimal');
    const csv = (await run(['diff', join(folder, 'a'), join(folder, 'b'), '--format', 'csv'])).stdout;
    expect(csv).toContain('diff-type,source,destination,ref1,ref2,workloads-diff-info');
    expect(csv).toContain('changed,default/frontend[Deployment],default/backend[Deployment],TCP 9090,"TCP 9090,UDP 53",');
    const md = (await run(['diff', join(folder, 'a'), join(folder, 'b'), '--format', 'md'])).stdout;
    expect(md).toContain('| changed | default/frontend[Deployment] | default/backend[Deployment] | TCP 9090 | TCP 9090,UDP 53 |  |');
  });
});

describe('explain', () => {
  it('an allowed pair names the policies and rule numbers on both sides', async () => {
    const result = await run(['explain', minimal, '--src', 'default/frontend', '--dst', 'default/backend', '--port', '9090']);
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toContain('default/frontend[Deployment] => default/backend[Deployment] on TCP 9090: ALLOWED');
    expect(result.stdout).toContain('TCP 9090 allowed by default/frontend-netpol egress rule 1');
    expect(result.stdout).toContain('TCP 9090 allowed by default/backend-netpol ingress rule 1');
  });

  it('a denied pair names the policies that isolate without allowing', async () => {
    const result = await run(['explain', minimal, '--src', 'default/backend', '--dst', 'default/frontend']);
    expect(result.stdout).toContain('DENIED');
    expect(result.stdout).toMatch(/Egress from default\/backend\[Deployment\]: isolated by default\/backend-netpol \(.*netpols\.yaml:1\), default\/default-deny-in-namespace/);
    expect(result.stdout).toContain('No egress rule of these policies admits anything from this peer: denied.');
  });

  it('an external address and a partial verdict', async () => {
    const outside = await run(['explain', minimal, '--src', '8.8.8.8', '--dst', 'default/frontend']);
    expect(outside.stdout).toContain('8.8.8.8 => default/frontend[Deployment]: ALLOWED ONLY TCP 8080');
    expect(outside.stdout).toContain('Egress from 8.8.8.8: allowed; it is an address outside the cluster');
    expect(outside.stdout).toContain('TCP 8080 allowed by default/frontend-netpol ingress rule 1, matching any source');
  });
});

describe('the installed command', () => {
  it('runs through the launcher and reads standard input', () => {
    const stream = ['backend.yaml', 'frontend.yaml', 'netpols.yaml'].map((file) => readFileSync(join(minimal, file), 'utf8')).join('\n---\n');
    const result = spawnSync(process.execPath, [join(repositoryRoot, 'electron', 'cli', 'bin.mjs'), 'connectivity', '-'], {
      input: stream,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(conformance, 'netpol-analyzer', 'netpol-analysis-example-minimal', 'expected.txt'), 'utf8'));
  });
});

describe('export', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'netpol-export-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const inventory = ['backend.yaml', 'frontend.yaml'].map((file) => join(minimal, file));
  const expected = readFileSync(join(conformance, 'netpol-analyzer', 'netpol-analysis-example-minimal', 'expected.txt'), 'utf8');
  let cases = 0;
  const freshFolder = () => {
    const folder = join(scratch, `case-${++cases}`);
    mkdirSync(folder);
    return folder;
  };
  const filesBelow = (folder: string) => (readdirSync(folder, { recursive: true, withFileTypes: true }) as { isFile(): boolean; parentPath: string; name: string }[])
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();

  it('one stream: connectivity of the exported file plus the inventory is the original list', async () => {
    const out = join(freshFolder(), 'new', 'policies.yaml');
    const result = await run(['export', minimal, '--out', out]);
    expect(result).toEqual({ code: EXIT_OK, stdout: '', stderr: `wrote ${out}\n` });
    const text = readFileSync(out, 'utf8');
    expect(text.match(/^kind: NetworkPolicy$/gm)).toHaveLength(3);
    expect(text).toContain('\n---\n');
    expect((await run(['connectivity', ...inventory, out])).stdout).toBe(expected);
  });

  it('--out naming an existing folder writes <folder>/policies.yaml', async () => {
    const folder = freshFolder();
    const result = await run(['export', minimal, '--out', folder]);
    expect(result.code).toBe(EXIT_OK);
    expect(result.stderr).toBe(`wrote ${join(folder, 'policies.yaml')}\n`);
    expect(filesBelow(folder)).toEqual(['policies.yaml']);
  });

  it('--split writes <namespace>/<name>.yaml, and connectivity over them is unchanged', async () => {
    const out = join(freshFolder(), 'split');
    const result = await run(['export', minimal, '--out', out, '--split']);
    expect(result.code).toBe(EXIT_OK);
    const files = ['default/backend-netpol.yaml', 'default/default-deny-in-namespace.yaml', 'default/frontend-netpol.yaml'];
    expect(filesBelow(out)).toEqual(files);
    expect(result.stderr).toBe(files.map((file) => `wrote ${join(out, ...file.split('/'))}\n`).join(''));
    for (const file of files) expect(readFileSync(join(out, file), 'utf8')).toMatch(/^apiVersion: networking\.k8s\.io\/v1\nkind: NetworkPolicy\nmetadata:\n {2}name: \S+\n {2}namespace: default\n/);
    expect((await run(['connectivity', ...inventory, out])).stdout).toBe(expected);
  });

  it('invalid input writes nothing and exits 2', async () => {
    const folder = freshFolder();
    for (const split of [[], ['--split']]) {
      const result = await run(['export', join(conformance, 'netpol-analyzer-errors', 'bad_netpols-subdir1', 'input'), '--out', join(folder, 'out'), ...split]);
      expect(result.code).toBe(EXIT_INVALID);
      expect(result.stderr).toMatch(/error: /);
      expect(result.stderr).toContain('nothing was written');
      expect(result.stderr).not.toContain('wrote ');
    }
    const noPolicies = await run(['export', ...inventory, '--out', join(folder, 'out')]);
    expect(noPolicies.code).toBe(EXIT_INVALID);
    expect(noPolicies.stderr).toContain('the input holds no NetworkPolicy; nothing was written');
    expect(filesBelow(folder)).toEqual([]);
  });

  it('a file that cannot be written exits 1 with the reason', async () => {
    const blocker = join(freshFolder(), 'a-file');
    writeFileSync(blocker, 'not a folder');
    const result = await run(['export', minimal, '--out', join(blocker, 'policies.yaml')]);
    expect(result.code).toBe(EXIT_WRITE_FAILED);
    expect(result.stderr).toMatch(/^netpol-designer export: Could not save .*a-file.*policies\.yaml/);
    expect(readFileSync(blocker, 'utf8')).toBe('not a folder');
  });

  it('--help and bad usage', async () => {
    const helpText = await run(['export', '--help']);
    expect(helpText.code).toBe(EXIT_OK);
    expect(helpText.stdout).toMatch(/^Usage: netpol-designer export <paths\.\.\.> --out <file\|folder> \[--split\]/);
    expect((await run(['--help'])).stdout).toContain('netpol-designer export <paths...> --out <file|folder> [--split]');
    const file = join(freshFolder(), 'existing.yaml');
    writeFileSync(file, '');
    const cases: [string[], RegExp][] = [
      [['export', '--out', file], /at least one path/],
      [['export', minimal], /needs --out/],
      [['export', minimal, '--out', file, '--split'], /is a file; with --split it names the folder/],
      [['export', minimal, '--out'], /--out/],
      [['export', minimal, '--out', file, '--format', 'json'], /format/],
    ];
    for (const [args, message] of cases) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(EXIT_INVALID);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toContain('wrote ');
    }
    expect(readFileSync(file, 'utf8')).toBe('');
  });
});
