// The generated NetworkPolicies before serialisation, in creation order. Names are made unique
// per namespace (a clash gets `-2`, `-3`, ...), as the API server would insist.
import type { NamespaceInfo } from './syntheticClusterModel';
import type { YamlMap } from './yamlStreams';

export interface PolicyDraft {
  namespace: NamespaceInfo;
  name: string;
  spec: YamlMap;
  /** Order key inside its namespace (creation order). */
  order: number;
}

export class PolicyDrafts {
  readonly list: PolicyDraft[] = [];
  private readonly namesByNamespace = new Map<string, Set<string>>();

  add(namespace: NamespaceInfo, name: string, spec: YamlMap): void {
    let names = this.namesByNamespace.get(namespace.name);
    if (!names) {
      names = new Set();
      this.namesByNamespace.set(namespace.name, names);
    }
    let unique = name;
    for (let n = 2; names.has(unique); n++) unique = `${name}-${n}`;
    names.add(unique);
    this.list.push({ namespace, name: unique, spec, order: this.list.length });
  }
}
