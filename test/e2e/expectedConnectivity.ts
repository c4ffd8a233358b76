// What the canvas must show, computed in Node by the engine itself (the specs run in Node), or
// read from a conformance case's expected.txt. Edges are compared as `source => target : label`.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeModel } from '../../electron/engine/analysis';
import { workloadId } from '../../electron/engine/connectivity';
import { loadManifestTexts } from '../../electron/manifests';
import { edgeLabelFor } from './pages/canvasHook';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

export const SAMPLE_PATH = resolve(repositoryRoot, 'resources/samples/three-tier-demo.yaml');

/** The shared conformance corpora: ../shared/conformance, or NETPOL_CONFORMANCE_DIR. */
export const conformanceDirectory = resolve(repositoryRoot, process.env.NETPOL_CONFORMANCE_DIR ?? '../shared/conformance');

export interface ExpectedConnection {
  source: string;
  destination: string;
  connection: string;
}

/** The workload ids (`ns/name[Kind]`) the engine finds in manifest files. */
export function engineWorkloads(paths: string[]): string[] {
  return analyzeModel(load(paths).model).compiled.workloads.map(workloadId);
}

function load(paths: string[]) {
  return loadManifestTexts(paths.map((path) => ({ path, text: readFileSync(path, 'utf8') })));
}

/** The engine's connectivity rows for manifest files, as the backend would compute them. */
export function engineConnections(paths: string[]): ExpectedConnection[] {
  return analyzeModel(load(paths).model)
    .connectivity()
    .rows()
    .map((row) => ({ source: row.source, destination: row.destination, connection: row.connection }));
}

/** A netpol-analyzer list (`SRC => DST : CONN` per line), as in a case's expected.txt. */
export function parseConnectivityList(text: string): ExpectedConnection[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const match = /^(\S+) => (\S+) : (.+)$/.exec(line.trim());
      if (!match) throw new Error(`not a connectivity line: ${line}`);
      return { source: match[1] as string, destination: match[2] as string, connection: match[3] as string };
    });
}

/** The edge lines the canvas must have for these connections: one edge per connection. */
export function edgeLinesOf(connections: ExpectedConnection[]): string[] {
  return connections.map((row) => `${row.source} => ${row.destination} : ${edgeLabelFor(row.connection)}`);
}
