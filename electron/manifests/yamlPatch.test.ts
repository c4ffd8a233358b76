import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { patchYamlDocument } from './yamlPatch';
import type { YamlPath } from './yamlPatch';

// The shapes the tests reach into; each test names the fields it edits.
type Fields = Record<string, unknown>;
type Strings = Record<string, string>;
interface Rule {
  from: Fields[];
  ports: Fields[];
}
interface Policy {
  apiVersion: string;
  kind: string;
  metadata: Fields;
  spec: { podSelector: Fields; policyTypes: string[]; ingress: Rule[]; egress?: Fields[] };
}

/** Parses `text`, gives the value at `path` to `change` and patches the text with what it returns. */
function edit<T>(text: string, path: YamlPath, change: (value: T) => unknown): string {
  let value = parse(text) as unknown;
  for (const segment of path) value = (value as Record<string | number, unknown>)[segment];
  const result = patchYamlDocument(text, path, change(structuredClone(value) as T));
  if ('error' in result) throw new Error(result.error);
  return result.text;
}

/** Patches the whole document after `change` has edited a copy of it in place. */
function editRoot<T = Fields>(text: string, change: (value: T) => unknown): string {
  return edit<T>(text, [], (value) => {
    change(value);
    return value;
  });
}

const policy = `# Allows the web tier in.
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web   # shown in the UI
  namespace: "shop"
spec:
  podSelector: {}
  policyTypes:
  - Ingress
  ingress:
  # from the frontend
  - from:
    - podSelector:
        matchLabels:
          app: frontend
    ports:
    - port: 80
      protocol: TCP

  # from monitoring
  - from:
    - namespaceSelector:
        matchLabels:
          team: monitoring
  # from anywhere inside
  - from:
    - ipBlock:
        cidr: 10.0.0.0/8
`;

describe('patchYamlDocument: scalars', () => {
  it('rewrites only the scalar and keeps the comment after it', () => {
    const text = editRoot<Policy>(policy, (value) => (value.metadata.name = 'web-v2'));
    expect(text).toBe(policy.replace('name: web   # shown in the UI', 'name: web-v2   # shown in the UI'));
  });

  it('keeps double quotes, single quotes and plain style', () => {
    const text = "a: \"x\"\nb: 'y'\nc: z\n";
    expect(editRoot(text, (value) => Object.assign(value, { a: 'x2', b: "it's", c: 'z2' }))).toBe("a: \"x2\"\nb: 'it''s'\nc: z2\n");
  });

  it('keeps a number plain and a string that looks like a number quoted', () => {
    expect(editRoot('port: 80\nname: "80"\n', (value) => Object.assign(value, { port: 8080, name: '8080' }))).toBe('port: 8080\nname: "8080"\n');
  });

  it('quotes a plain string that would read as another type, in the quotes the document uses', () => {
    expect(editRoot("a: x\nb: 'q'\nc: 'r'\n", (value) => Object.assign(value, { a: 'true' }))).toBe("a: 'true'\nb: 'q'\nc: 'r'\n");
    expect(editRoot('a: x\nb: y\nc: z\n', (value) => Object.assign(value, { a: '80', b: 'null', c: 'a: b' }))).toBe('a: "80"\nb: "null"\nc: "a: b"\n');
  });

  it('quotes strings that YAML 1.1 (which Kubernetes reads) takes for booleans or numbers', () => {
    expect(editRoot('a: x\nb: x\nc: x\n', (value) => Object.assign(value, { a: 'yes', b: 'off', c: '0777' }))).toBe('a: "yes"\nb: "off"\nc: "0777"\n');
    expect(editRoot('labels: {}\n', (value) => (value.labels = { on: 'y' }))).toBe('labels:\n  "on": "y"\n');
  });

  it('writes new strings in the quotes their siblings use', () => {
    expect(editRoot<{ policyTypes: string[] }>('policyTypes: ["Ingress"]\n', (value) => value.policyTypes.push('Egress'))).toBe('policyTypes: ["Ingress", "Egress"]\n');
    expect(editRoot<{ labels: Strings }>("labels:\n  app: 'web'\n", (value) => (value.labels.tier = 'db'))).toBe("labels:\n  app: 'web'\n  tier: 'db'\n");
    expect(editRoot<{ labels: Strings }>('labels:\n  app: web\n', (value) => (value.labels.tier = 'db'))).toBe('labels:\n  app: web\n  tier: db\n');
  });

  it('drops quotes when the value stops being a string', () => {
    expect(editRoot('port: "http"\n', (value) => (value.port = 80))).toBe('port: 80\n');
  });

  it('rewrites a literal block scalar as a literal block at its indentation', () => {
    const text = 'script: |\n    echo one\n    echo two\nnext: 1\n';
    expect(editRoot(text, (value) => (value.script = 'echo three\n'))).toBe('script: |\n    echo three\nnext: 1\n');
    expect(editRoot(text, (value) => (value.script = 'no newline'))).toBe('script: |-\n    no newline\nnext: 1\n');
  });

  it('gives a value to an empty key, keeping its comment', () => {
    expect(editRoot('a:\nb: # later\nc: 1\n', (value) => Object.assign(value, { a: 1, b: 'x' }))).toBe('a: 1\nb: x # later\nc: 1\n');
  });

  it('returns the text unchanged when nothing changed, even with keys listed in another order', () => {
    const reordered = edit<Policy>(policy, [], (value) => {
      const { spec, metadata, kind, apiVersion } = value;
      return { spec, metadata, kind, apiVersion };
    });
    expect(reordered).toBe(policy);
  });
});

describe('patchYamlDocument: block mappings', () => {
  it('adds podSelector matchLabels to podSelector: {} in block style at the right indentation', () => {
    const text = editRoot<Policy>(policy, (value) => (value.spec.podSelector = { matchLabels: { app: 'web', tier: 'front' } }));
    expect(text).toBe(policy.replace('  podSelector: {}\n', '  podSelector:\n    matchLabels:\n      app: web\n      tier: front\n'));
  });

  it('keeps the comment after an empty mapping that gains keys', () => {
    const text = 'spec:\n  podSelector: {} # every pod\n  policyTypes: [Ingress]\n';
    expect(editRoot<Policy>(text, (value) => (value.spec.podSelector = { matchLabels: { app: 'db' } }))).toBe(
      'spec:\n  podSelector: # every pod\n    matchLabels:\n      app: db\n  policyTypes: [Ingress]\n',
    );
  });

  it('adds new keys after the last key, in the order the value lists them, keeping existing order', () => {
    const text = 'metadata:\n  name: a\n  namespace: b\nspec: {}\n';
    const patched = edit<Strings>(text, ['metadata'], (value) => ({ labels: { x: 'z' }, annotations: { note: 'hello' }, namespace: value.namespace, name: value.name }));
    expect(patched).toBe('metadata:\n  name: a\n  namespace: b\n  labels:\n    x: z\n  annotations:\n    note: hello\nspec: {}\n');
  });

  it('removes a key with its lines and the comment directly above it', () => {
    const text = 'a: 1\n# about b\nb:\n  c: 2\n  d: 3\ne: 4\n';
    expect(editRoot(text, (value) => delete value.b)).toBe('a: 1\ne: 4\n');
  });

  it('removing a key between blank lines leaves one blank line', () => {
    expect(editRoot('a: 1\n\nb: 2\n\nc: 3\n', (value) => delete value.b)).toBe('a: 1\n\nc: 3\n');
    expect(editRoot('a: 1\n\nb: 2\n', (value) => delete value.b)).toBe('a: 1\n');
  });

  it('removes the first key of an item mapping by moving the next key onto the dash line', () => {
    expect(edit<Fields>('items:\n- a: 1\n  b: 2\n- c: 3\n', ['items', 0], (value) => ({ b: value.b }))).toBe('items:\n- b: 2\n- c: 3\n');
  });

  it('a mapping that loses every key becomes {}', () => {
    expect(editRoot<Policy>('spec:\n  podSelector:\n    matchLabels:\n      app: a\nx: 1\n', (value) => (value.spec.podSelector = {}))).toBe(
      'spec:\n  podSelector: {}\nx: 1\n',
    );
  });

  it('keeps anchors and aliases that were not edited', () => {
    const text = 'base: &labels\n  app: web\ncopy: *labels\nname: a\n';
    expect(editRoot(text, (value) => (value.name = 'b'))).toBe('base: &labels\n  app: web\ncopy: *labels\nname: b\n');
  });
});

describe('patchYamlDocument: sequences', () => {
  it('removes a rule in the middle: exactly its lines and its comment', () => {
    const text = editRoot<Policy>(policy, (value) => value.spec.ingress.splice(1, 1));
    expect(text).toBe(policy.replace('  # from monitoring\n  - from:\n    - namespaceSelector:\n        matchLabels:\n          team: monitoring\n', ''));
  });

  it('removes the last rule and the blank line above it', () => {
    const text = 'ingress:\n- a: 1\n\n- b: 2\negress: []\n';
    expect(editRoot<{ ingress: Fields[] }>(text, (value) => value.ingress.pop())).toBe('ingress:\n- a: 1\negress: []\n');
  });

  it('appends a peer in the sequence style of the document (items not indented)', () => {
    const text = editRoot<Policy>(policy, (value) => value.spec.ingress[0]!.from.push({ ipBlock: { cidr: '192.168.0.0/16', except: ['192.168.1.0/24'] } }));
    expect(text).toBe(
      policy.replace(
        '          app: frontend\n',
        '          app: frontend\n    - ipBlock:\n        cidr: 192.168.0.0/16\n        except:\n        - 192.168.1.0/24\n',
      ),
    );
  });

  it('appends a peer in the sequence style of the document (items indented)', () => {
    const text = 'spec:\n  ingress:\n    - from:\n        - podSelector: {}\n';
    expect(editRoot<Policy>(text, (value) => value.spec.ingress[0]!.from.push({ namespaceSelector: { matchLabels: { a: 'b' } }, ports: [] }))).toBe(
      'spec:\n  ingress:\n    - from:\n        - podSelector: {}\n        - namespaceSelector:\n            matchLabels:\n              a: b\n          ports: []\n',
    );
    expect(editRoot<Policy>(text, (value) => (value.spec.egress = [{ to: [{ podSelector: {} }] }]))).toBe(
      'spec:\n  ingress:\n    - from:\n        - podSelector: {}\n  egress:\n    - to:\n        - podSelector: {}\n',
    );
  });

  it('aligns a removal in the middle with the removed item even when neighbours look alike', () => {
    const text = 'ports:\n- port: 80\n  protocol: TCP\n- port: 81\n  protocol: TCP\n- port: 82\n  protocol: TCP\n';
    expect(editRoot<{ ports: Fields[] }>(text, (value) => value.ports.splice(1, 1))).toBe('ports:\n- port: 80\n  protocol: TCP\n- port: 82\n  protocol: TCP\n');
  });

  it('inserts an item in the middle and at the start', () => {
    expect(editRoot<{ l: string[] }>('l:\n- a\n- c\n', (value) => value.l.splice(1, 0, 'b'))).toBe('l:\n- a\n- b\n- c\n');
    expect(editRoot<{ l: string[] }>('l:\n  # first\n  - b\n', (value) => value.l.unshift('a'))).toBe('l:\n  - a\n  # first\n  - b\n');
  });

  it('a sequence that loses every item becomes [], and [] that gains items becomes a block sequence', () => {
    expect(editRoot('a:\n- 1\n- 2\nb: 3\n', (value) => (value.a = []))).toBe('a: []\nb: 3\n');
    expect(editRoot('egress: []\nx:\n  - 1\n', (value) => (value.egress = [{ to: [] }]))).toBe('egress:\n  - to: []\nx:\n  - 1\n');
  });

  it('edits an item of a List by its path', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- kind: NetworkPolicy\n  metadata:\n    name: a\n- kind: NetworkPolicy\n  metadata:\n    name: b # keep\n';
    expect(edit<Fields>(text, ['items', 1], (value) => ({ ...value, metadata: { name: 'c' } }))).toBe(text.replace('name: b # keep', 'name: c # keep'));
  });
});

describe('patchYamlDocument: flow collections', () => {
  it('adds, changes and removes entries inside the braces', () => {
    expect(editRoot<{ matchLabels: Strings }>('matchLabels: {app: web, tier: front}\n', (value) => Object.assign(value.matchLabels, { tier: 'back', env: 'prod' }))).toBe(
      'matchLabels: {app: web, tier: back, env: prod}\n',
    );
    expect(editRoot<{ matchLabels: Strings }>('matchLabels: {app: web, tier: front}\n', (value) => delete value.matchLabels.app)).toBe('matchLabels: {tier: front}\n');
    expect(editRoot<{ l: string[] }>('l: [a, b, c]\n', (value) => value.l.splice(1, 1))).toBe('l: [a, c]\n');
  });

  it('writes new values in flow style inside a flow collection', () => {
    expect(editRoot<{ s: Fields }>('s: {a: {}}\n', (value) => (value.s.a = { b: [1, 'x y'] }))).toBe('s: {a: {b: [1, x y]}}\n');
    expect(editRoot<{ s: Fields }>('s: {a: 1}\n', (value) => (value.s.b = 'c,d'))).toBe('s: {a: 1, b: "c,d"}\n');
  });
});

describe('patchYamlDocument: JSON documents', () => {
  const json = '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n    {\n      "name": "a",\n      "podSelector": {}\n    },\n    {\n      "name": "b"\n    },\n    {\n      "name": "c"\n    }\n  ]\n}\n';

  it('changes a value and keeps JSON formatting', () => {
    expect(editRoot<{ items: Fields[] }>(json, (value) => (value.items[1]!.name = 'b2'))).toBe(json.replace('"b"', '"b2"'));
  });

  it('adds keys and items as indented JSON', () => {
    const text = editRoot<{ items: Fields[] }>(json, (value) => {
      value.items[0]!.podSelector = { matchLabels: { app: 'x' } };
      value.items[2]!.port = 80;
      value.items.push({ name: 'd' });
    });
    expect(text).toBe(
      json
        .replace('"podSelector": {}', '"podSelector": {\n        "matchLabels": {\n          "app": "x"\n        }\n      }')
        .replace('"name": "c"\n    }', '"name": "c",\n      "port": 80\n    },\n    {\n      "name": "d"\n    }'),
    );
    expect(JSON.parse(text)).toBeTruthy();
  });

  it('removes items at the start, middle and end', () => {
    expect(editRoot<{ items: Fields[] }>(json, (value) => value.items.splice(1, 1))).toBe(json.replace(',\n    {\n      "name": "b"\n    }', ''));
    expect(editRoot<{ items: Fields[] }>(json, (value) => value.items.shift())).toBe(json.replace('{\n      "name": "a",\n      "podSelector": {}\n    },\n    ', ''));
    expect(editRoot<{ items: Fields[] }>(json, (value) => value.items.pop())).toBe(json.replace(',\n    {\n      "name": "c"\n    }', ''));
  });

  it('keeps a compact JSON document compact', () => {
    expect(editRoot<{ b: Fields }>('{"a":1,"b":{"c":[1,2]}}', (value) => Object.assign(value.b, { d: 'x' }))).toBe('{"a":1,"b":{"c":[1,2],"d":"x"}}');
  });
});

describe('patchYamlDocument: line endings and the final newline', () => {
  it('writes new lines with the CRLF line ending of the document', () => {
    const text = editRoot<{ b: string[]; c?: Fields }>('a: 1\r\nb:\r\n  - x\r\n', (value) => {
      value.b.push('w');
      value.c = { d: 1 };
    });
    expect(text).toBe('a: 1\r\nb:\r\n  - x\r\n  - w\r\nc:\r\n  d: 1\r\n');
  });

  it('keeps a missing final newline missing', () => {
    expect(editRoot('a: 1\nb: 2', (value) => (value.c = 3))).toBe('a: 1\nb: 2\nc: 3');
    expect(editRoot('a: 1\nb: 2', (value) => delete value.b)).toBe('a: 1');
    expect(editRoot('a: 1\r\nb: 2', (value) => delete value.b)).toBe('a: 1');
  });
});

describe('patchYamlDocument: anchors, tags and block scalars', () => {
  it('writes out an alias whose anchored node was edited, as the value it must keep', () => {
    const text = 'base: &labels\n  app: web\ncopy: *labels\nlist: [1, *labels]\n';
    // (A parsed alias is the same object as its anchor's, so the new value is built here.)
    expect(edit(text, [], () => ({ base: { app: 'api' }, copy: { app: 'web' }, list: [1, { app: 'web' }] }))).toBe(
      'base: &labels\n  app: api\ncopy:\n  app: web\nlist: [1, {app: web}]\n',
    );
    expect(editRoot(text, (value) => delete value.base)).toBe('copy:\n  app: web\nlist: [1, {app: web}]\n');
    expect(edit(text, [], () => ({ base: { app: 'api' }, copy: { app: 'api' }, list: [{ app: 'api' }] }))).toBe(
      'base: &labels\n  app: api\ncopy: *labels\nlist: [*labels]\n',
    );
    expect(edit('a: &x 1\nl: [0, *x]\n', [], () => ({ a: 2, l: [1] }))).toBe('a: &x 2\nl: [1]\n');
  });

  it('drops an explicit tag that the new value contradicts, and only on that line', () => {
    expect(editRoot('k: !!str 5 # note\nm: 1 # keep\n', (value) => (value.k = 6))).toBe('k: 6 # note\nm: 1 # keep\n');
  });

  it('keeps the trailing blank lines of a |+ block scalar, which are its content', () => {
    expect(editRoot('keep: |+\n  k\n\nz: 1\n', (value) => delete value.z)).toBe('keep: |+\n  k\n\n');
  });

  it('rewrites only the smallest node that cannot be edited in place', () => {
    // A flow entry with a tag cannot be edited inside its braces: the braces are rewritten, nothing else.
    const text = '# head\nm: {a: !!str 1, b: 2} # m\nn: 3 # n\n';
    expect(editRoot<{ m: Fields }>(text, (value) => (value.m.b = 3))).toBe('# head\nm: {a: "1", b: 3} # m\nn: 3 # n\n');
  });
});

describe('patchYamlDocument: unusual layouts', () => {
  it('edits a multi-line YAML flow mapping in place', () => {
    const text = 'flow: {a: 1,\n  b: [x,\n    y],  # c\n  c: {}}\n';
    expect(editRoot<{ flow: { a?: number; b: string[]; d?: number } }>(text, (value) => {
      value.flow.b.push('z');
      value.flow.d = 4;
      delete value.flow.a;
    })).toBe('flow: {b: [x,\n    y,\n    z],  # c\n  c: {},\n  d: 4}\n');
  });

  it('edits nested compact sequences and items written on the line after their dash', () => {
    const text = 'l:\n- - a\n  - b\n- # c\n  x: 1\n';
    expect(editRoot<{ l: [string[], Fields] }>(text, (value) => {
      value.l[0].shift();
      value.l[1].z = 2;
    })).toBe('l:\n- - b\n- # c\n  x: 1\n  z: 2\n');
  });

  it('edits an item of a JSON List by its path', () => {
    const text = '{\n  "kind": "List",\n  "items": [\n    {"name": "a"},\n    {"name": "b"}\n  ]\n}\n';
    expect(edit<Fields>(text, ['items', 1], (value) => ({ ...value, port: 80 }))).toBe(text.replace('{"name": "b"}', '{"name": "b", "port": 80}'));
  });
});

describe('patchYamlDocument: whole nodes and errors', () => {
  it('rewrites the root when it changes type, keeping the comments around it', () => {
    expect(edit<Fields>('# note\na: 1\n', [], () => ['x', 'w'])).toBe('# note\n- x\n- w\n');
  });

  it('writes a value into a document that holds only comments', () => {
    expect(edit<null>('# empty\n', [], () => ({ a: 1 }))).toBe('# empty\na: 1\n');
  });

  it('reports a document that does not parse, a missing path and data that is not plain', () => {
    expect(patchYamlDocument('a: [1, 2\n', [], {})).toEqual({ error: expect.stringContaining('does not parse') });
    expect(patchYamlDocument('a: 1\n', ['b'], 1)).toEqual({ error: expect.stringContaining('no key "b"') });
    expect(patchYamlDocument('a: [1]\n', ['a', 3], 1)).toEqual({ error: expect.stringContaining('no item 3') });
    expect(patchYamlDocument('a: 1\n', ['a', 0], 1)).toEqual({ error: expect.stringContaining('not a sequence') });
    expect(patchYamlDocument('a: 1\n', [], { a: () => 1 })).toEqual({ error: expect.stringContaining('value.a is not plain data') });
    expect(patchYamlDocument('a: 1\n', [], { a: Number.NaN })).toEqual({ error: expect.stringContaining('not a finite number') });
  });

  it('never throws, whatever the input', () => {
    const inputs = ['', '---\n', '- a\n- b', 'a: &x 1\nb: *x\n', '? a\n: 1\n', 'a: !!binary aGk=\n', '"a": 1\n"a": 2\n', '\t\ta: b'];
    for (const input of inputs) {
      for (const value of [{}, [], { a: 1 }, 'x', null, [{ b: 2 }]]) {
        expect(() => patchYamlDocument(input, [], value)).not.toThrow();
      }
    }
  });

  it('every successful patch reads back as the value at its path', () => {
    const text = editRoot<Policy>(policy, (value) => {
      value.spec.ingress[0]!.ports.push({ port: 'http', endPort: 90 });
      value.spec.ingress.splice(1, 1);
      value.spec.policyTypes = ['Ingress', 'Egress'];
      value.spec.egress = [{}];
      value.metadata.labels = { 'app.kubernetes.io/name': 'web', 'yes': 'no' };
    });
    const reparsed = parse(text);
    expect(reparsed.spec.ingress).toHaveLength(2);
    expect(reparsed.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'web', yes: 'no' });
    expect(text).toContain('# from anywhere inside\n');
  });
});
