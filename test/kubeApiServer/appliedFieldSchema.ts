// The field names a server-side apply of a NetworkPolicy may use. A real API server rejects an
// applied object with a field its schema does not declare (apply patches are always strict), so
// a typo in a policy the app generates must fail here too rather than being silently stored.
// Only NetworkPolicy is checked: it is the one kind the app writes.

type FieldSchema = 'value' | 'anything' | { readonly [field: string]: FieldSchema } | readonly [FieldSchema];

const labelSelector: FieldSchema = { matchLabels: 'value', matchExpressions: [{ key: 'value', operator: 'value', values: 'value' }] };
const peer: FieldSchema = { podSelector: labelSelector, namespaceSelector: labelSelector, ipBlock: { cidr: 'value', except: 'value' } };
const port: FieldSchema = { protocol: 'value', port: 'value', endPort: 'value' };

const schemaByKind: Readonly<Record<string, FieldSchema>> = {
  NetworkPolicy: {
    apiVersion: 'value',
    kind: 'value',
    metadata: 'anything',
    status: 'anything',
    spec: {
      podSelector: labelSelector,
      policyTypes: 'value',
      ingress: [{ from: [peer], ports: [port] }],
      egress: [{ to: [peer], ports: [port] }],
    },
  },
};

function undeclaredFields(value: unknown, schema: FieldSchema, path: string): string[] {
  if (schema === 'value' || schema === 'anything' || value === null || typeof value !== 'object') return [];
  if (Array.isArray(schema)) {
    const [itemSchema] = schema as readonly [FieldSchema];
    return Array.isArray(value) ? value.flatMap((item, index) => undeclaredFields(item, itemSchema, `${path}[${index}]`)) : [];
  }
  const fields = schema as Readonly<Record<string, FieldSchema>>;
  return Object.entries(value as Record<string, unknown>).flatMap(([field, child]) => {
    const childSchema = fields[field];
    return childSchema === undefined ? [`${path}.${field}`] : undeclaredFields(child, childSchema, `${path}.${field}`);
  });
}

/** The paths (`.spec.ingres`) of fields the kind's schema does not declare; empty for kinds not checked. */
export function fieldsNotDeclaredInSchema(kind: string, object: unknown): string[] {
  const schema = schemaByKind[kind];
  return schema ? undeclaredFields(object, schema, '') : [];
}
