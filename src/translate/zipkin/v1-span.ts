/**
 * Zipkin v1 JSON spans (zipkin-api zipkin-api.yaml `Span`): timing and kind live in "core" annotations
 * (`cs`/`cr` client send/receive, `sr`/`ss` server receive/send, `ms`/`mr` message send/receive) and tags in
 * binary annotations, where `sa`/`ca`/`ma` carry the remote address and `lc` the local component.
 */
export interface V1Endpoint {
  serviceName?: string;
  ipv4?: string;
  ipv6?: string;
  port?: number;
}

export interface V1Annotation {
  timestamp: number;
  value: string;
  endpoint?: V1Endpoint;
}

export interface V1BinaryAnnotation {
  key: string;
  value?: unknown;
  endpoint?: V1Endpoint;
}

export interface V1Span {
  traceId: string;
  id: string;
  parentId?: string;
  name?: string;
  timestamp?: number;
  duration?: number;
  debug?: boolean;
  annotations: V1Annotation[];
  binaryAnnotations: V1BinaryAnnotation[];
}

export const CORE_ANNOTATIONS: ReadonlySet<string> = new Set(['cs', 'cr', 'sr', 'ss', 'ms', 'mr']);
export const ADDRESS_KEYS: ReadonlySet<string> = new Set(['sa', 'ca', 'ma']);

/** The span with annotation lists defaulted, or why it cannot be read. Annotations without a usable value or time are dropped. */
export function checkV1Shape(v: unknown): V1Span | string {
  if (!isObject(v)) return 'not a JSON object';
  if (typeof v.traceId !== 'string') return 'traceId is missing or not a string';
  if (typeof v.id !== 'string') return 'id is missing or not a string';
  for (const f of ['parentId', 'name'] as const) if (v[f] !== undefined && v[f] !== null && typeof v[f] !== 'string') return `${f} is not a string`;
  const annotations: V1Annotation[] = [];
  if (Array.isArray(v.annotations)) {
    for (const a of v.annotations) {
      if (isObject(a) && typeof a.value === 'string' && a.value !== '' && typeof a.timestamp === 'number') {
        annotations.push({ timestamp: a.timestamp, value: a.value, endpoint: endpointOf(a.endpoint) });
      }
    }
  }
  const binaryAnnotations: V1BinaryAnnotation[] = [];
  if (Array.isArray(v.binaryAnnotations)) {
    for (const b of v.binaryAnnotations) {
      if (isObject(b) && typeof b.key === 'string') binaryAnnotations.push({ key: b.key, value: b.value, endpoint: endpointOf(b.endpoint) });
    }
  }
  return {
    traceId: v.traceId,
    id: v.id,
    parentId: typeof v.parentId === 'string' ? v.parentId : undefined,
    name: typeof v.name === 'string' ? v.name : undefined,
    timestamp: typeof v.timestamp === 'number' ? v.timestamp : undefined,
    duration: typeof v.duration === 'number' ? v.duration : undefined,
    debug: v.debug === true,
    annotations,
    binaryAnnotations,
  };
}

function endpointOf(v: unknown): V1Endpoint | undefined {
  return isObject(v) ? (v as V1Endpoint) : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
