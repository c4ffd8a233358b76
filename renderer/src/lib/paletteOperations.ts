// What the palette adds, as design operations: from its forms (`k=v` labels, `name:80/TCP` ports,
// read here) and from its items dropped on the canvas or double-clicked (a name of their own,
// `namespace-1`, `workload-1`, `block-1`, and the drop point). Pure: the backend validates names,
// labels and CIDRs in the API server's words; DesignState applies what this builds.
import type { CanvasPosition, DesignOperation } from '../../../electron/common/design';
import type { ReviewSnapshot } from '../../../electron/common/review';
import { parseContainerPorts, parseLabels } from './designForms';

/** What the palette adds by drag or double-click. */
export type PaletteItem = 'namespace' | 'workload' | 'external';

/** An operation to apply, the sentence to say when it is applied, and the canvas node to select then. */
export type PaletteAddition = { ok: true; operation: DesignOperation; done: string; select?: string } | { ok: false; error: string };

/** `base-1`, `base-2`, …: the first not taken. */
export function unusedName(base: string, taken: readonly string[]): string {
  const used = new Set(taken);
  for (let number = 1; ; number++) if (!used.has(`${base}-${number}`)) return `${base}-${number}`;
}

export function namespaceFromForm(name: string, labelsText: string): PaletteAddition {
  const labels = parseLabels(labelsText);
  if (!labels.ok) return { ok: false, error: `Labels: ${labels.error}` };
  return { ok: true, operation: { type: 'add-namespace', name: name.trim(), labels: labels.value }, done: `Added namespace ${name.trim()}.` };
}

export function workloadFromForm(fields: { namespace: string; name: string; kind: string; labels: string; ports: string }): PaletteAddition {
  const labels = parseLabels(fields.labels);
  if (!labels.ok) return { ok: false, error: `Labels: ${labels.error}` };
  const ports = parseContainerPorts(fields.ports);
  if (!ports.ok) return { ok: false, error: `Ports: ${ports.error}` };
  const name = fields.name.trim();
  return {
    ok: true,
    operation: { type: 'add-workload', namespace: fields.namespace, name, kind: fields.kind, labels: labels.value, ports: ports.value },
    done: `Added ${fields.kind} ${name} to ${fields.namespace}.`,
  };
}

export function externalFromForm(name: string, cidr: string): PaletteAddition {
  return { ok: true, operation: { type: 'add-external', name: name.trim(), cidr: cidr.trim() }, done: `Added the external block ${name.trim()} (${cidr.trim()}).` };
}

/**
 * A palette item dropped at `at.position` (model coordinates; rounded) or double-clicked: a
 * workload goes into `at.namespace` (the namespace under the drop, or the palette's chosen one).
 */
export function itemAddition(
  kind: PaletteItem,
  snapshot: ReviewSnapshot | undefined,
  blocks: readonly { name: string }[],
  at: { position?: CanvasPosition; namespace?: string | undefined },
): PaletteAddition {
  const position = at.position ? { position: { x: Math.round(at.position.x), y: Math.round(at.position.y) } } : {};
  if (kind === 'namespace') {
    const name = unusedName('namespace', snapshot?.namespaces.map((namespace) => namespace.name) ?? []);
    return { ok: true, operation: { type: 'add-namespace', name, labels: {}, ...position }, done: `Added namespace ${name}: rename it or give it labels in the inspector.`, select: `namespace:${name}` };
  }
  if (kind === 'workload') {
    const namespace = at.namespace;
    if (namespace === undefined) return { ok: false, error: 'Drop the workload into a namespace (add a namespace first).' };
    const name = unusedName('workload', snapshot?.workloads.filter((workload) => workload.namespace === namespace).map((workload) => workload.name) ?? []);
    return {
      ok: true,
      operation: { type: 'add-workload', namespace, name, kind: 'Deployment', labels: { app: name }, ports: [], ...position },
      done: `Added Deployment ${name} to ${namespace}: rename it, give it labels and ports in the inspector.`,
      select: `${namespace}/${name}[Deployment]`,
    };
  }
  const name = unusedName('block', blocks.map((block) => block.name));
  return { ok: true, operation: { type: 'add-external', name, cidr: '0.0.0.0/0', ...position }, done: `Added the external block ${name} (0.0.0.0/0): set its CIDR in the inspector.` };
}
