// Kubernetes `Status` bodies as the API server sends them with an error code. kubectl prints its
// error lines from these fields (reason picks "Error from server (NotFound)", message is the text
// after it), so the tests only see realistic stderr if these match the real server's shapes.
import type { ApiResourceType } from './apiResources';
import { qualifiedResource } from './apiResources';

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
}

export interface KubernetesStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** An error the request handlers throw to answer with a Status; the server turns it into the response. */
export class StatusError extends Error {
  readonly status: KubernetesStatus;
  constructor(status: KubernetesStatus) {
    super(status.message);
    this.status = status;
  }
}

const reasonByCode: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  406: 'NotAcceptable',
  409: 'Conflict',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

export function status(code: number, message: string, details?: StatusDetails): KubernetesStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: reasonByCode[code] ?? 'Unknown',
    ...(details ? { details } : {}),
    code,
  };
}

function resourceDetails(type: ApiResourceType | undefined, name: string | undefined): StatusDetails | undefined {
  if (!type) return name ? { name } : undefined;
  return { ...(name ? { name } : {}), group: type.group, kind: type.plural };
}

export function notFound(type: ApiResourceType, name: string): KubernetesStatus {
  return status(404, `${qualifiedResource(type)} "${name}" not found`, resourceDetails(type, name));
}

export function pathNotFound(): KubernetesStatus {
  return status(404, 'the server could not find the requested resource', {});
}

export function unauthorized(): KubernetesStatus {
  return status(401, 'Unauthorized');
}

export interface AuthorizationAttributes {
  user: string;
  verb: string;
  type: ApiResourceType;
  namespace?: string;
  name?: string;
}

/** The RBAC authorizer's wording, e.g. `pods is forbidden: User "viewer" cannot list resource "pods" in API group "" in the namespace "restricted"`. */
export function forbidden(attributes: AuthorizationAttributes): KubernetesStatus {
  const { user, verb, type, namespace, name } = attributes;
  const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
  const reason = `User "${user}" cannot ${verb} resource "${type.plural}" in API group "${type.group}" ${scope}`;
  const subject = name ? `${qualifiedResource(type)} "${name}"` : qualifiedResource(type);
  return status(403, `${subject} is forbidden: ${reason}`, resourceDetails(type, name));
}

/**
 * A 422 Invalid Status. The causes are read back out of a message in the API server's own
 * format (`Kind.group "name" is invalid: field.path: detail`) so an injected failure needs only the message.
 */
export function invalid(message: string, type: ApiResourceType | undefined, name: string | undefined): KubernetesStatus {
  const details: StatusDetails = { ...resourceDetails(type, name), ...(type ? { kind: type.kind } : {}) };
  const afterInvalid = /is invalid: (.*)$/s.exec(message)?.[1];
  const causes = (afterInvalid ?? message).split(/, (?=[a-zA-Z.[\]0-9]+: )/).map((part): StatusCause => {
    const match = /^([a-zA-Z.[\]0-9]+): (.*)$/s.exec(part);
    return match ? { reason: 'FieldValueInvalid', message: match[2] ?? '', field: match[1] ?? '' } : { reason: 'FieldValueInvalid', message: part };
  });
  return status(422, message, { ...details, causes });
}

/** The Status for an injected failure of any code, with the default message the real server would use. */
export function injectedStatus(code: number, message: string | undefined, type: ApiResourceType | undefined, name: string | undefined): KubernetesStatus {
  if (code === 422) return invalid(message ?? `${type?.kind ?? 'Object'} "${name ?? ''}" is invalid: injected failure`, type, name);
  const defaultMessages: Record<number, string> = {
    401: 'Unauthorized',
    403: type ? `${qualifiedResource(type)} is forbidden: injected failure` : 'forbidden: injected failure',
    404: type && name ? `${qualifiedResource(type)} "${name}" not found` : 'the server could not find the requested resource',
    409: 'Operation cannot be fulfilled: injected conflict',
    500: 'Internal error occurred: injected failure',
    503: 'the server is currently unable to handle the request',
  };
  return status(code, message ?? defaultMessages[code] ?? `injected failure ${code}`, code === 401 ? undefined : resourceDetails(type, name));
}
