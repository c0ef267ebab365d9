/**
 * Jaeger's attribute predicates for one span: a filter holds when its key carries its value (compared as the string
 * form, `anyValueToString`) on the span's attributes, its events' or links' attributes, its resource or its scope.
 * A few keys are special (see `SpecialKey`); they test span fields and also fall back to a real attribute of that key,
 * except `resource.<key>`, which looks only at the resource attribute `<key>`.
 */
import {
  anyValueToString,
  StatusCode,
  type AnyValue,
  type InstrumentationScope,
  type KeyValue,
  type Resource,
  type Span,
} from '../../model/index.js';
import { parseSpanKindName, spanKindName, type AttributeFilter } from '../api/index.js';

/** How a filter's key is interpreted; decided once per query by `compileAttributeFilter`. */
export const SpecialKey = {
  /** A plain attribute key. */
  NONE: 0,
  /** `error`: `true` ⇔ status ERROR, `false` ⇔ any other status. */
  ERROR: 1,
  /** `span.kind`: `server`, `client`, `producer`, `consumer`, `internal` or `unspecified`, any case. */
  SPAN_KIND: 2,
  /** `span.status` (and `otel.status_code`, as Jaeger's JSON shows it): `OK`, `ERROR` or `UNSET`, any case. */
  SPAN_STATUS: 3,
  /** `scope.name` (and `otel.scope.name`, `otel.library.name`). */
  SCOPE_NAME: 4,
  /** `scope.version` (and `otel.scope.version`, `otel.library.version`). */
  SCOPE_VERSION: 5,
  /** `resource.<key>`: the resource attribute `<key>` only. */
  RESOURCE: 6,
} as const;
export type SpecialKey = (typeof SpecialKey)[keyof typeof SpecialKey];

export interface CompiledAttributeFilter {
  key: string;
  value: string;
  special: SpecialKey;
  /** The value normalized for the special comparison (lowercase kind name, uppercase status, bool), else ''. */
  normalized: string;
  /** For `resource.<key>`: `<key>`; else ''. */
  resourceKey: string;
}

const SPECIAL_KEYS: ReadonlyMap<string, SpecialKey> = new Map<string, SpecialKey>([
  ['error', SpecialKey.ERROR],
  ['span.kind', SpecialKey.SPAN_KIND],
  ['span.status', SpecialKey.SPAN_STATUS],
  ['otel.status_code', SpecialKey.SPAN_STATUS],
  ['scope.name', SpecialKey.SCOPE_NAME],
  ['otel.scope.name', SpecialKey.SCOPE_NAME],
  ['otel.library.name', SpecialKey.SCOPE_NAME],
  ['scope.version', SpecialKey.SCOPE_VERSION],
  ['otel.scope.version', SpecialKey.SCOPE_VERSION],
  ['otel.library.version', SpecialKey.SCOPE_VERSION],
]);

const STATUS_NAMES = ['UNSET', 'OK', 'ERROR'] as const;
const RESOURCE_PREFIX = 'resource.';

export function compileAttributeFilter(filter: AttributeFilter): CompiledAttributeFilter {
  const { key, value } = filter;
  let special = SPECIAL_KEYS.get(key) ?? SpecialKey.NONE;
  let normalized = '';
  let resourceKey = '';
  if (special === SpecialKey.ERROR) normalized = value.toLowerCase();
  else if (special === SpecialKey.SPAN_KIND) normalized = parseSpanKindName(value) ?? '\u0000';
  else if (special === SpecialKey.SPAN_STATUS) normalized = value.toUpperCase();
  else if (key.startsWith(RESOURCE_PREFIX) && key.length > RESOURCE_PREFIX.length) {
    special = SpecialKey.RESOURCE;
    resourceKey = key.slice(RESOURCE_PREFIX.length);
  }
  return { key, value, special, normalized, resourceKey };
}

export function compileAttributeFilters(filters: readonly AttributeFilter[]): CompiledAttributeFilter[] {
  const out: CompiledAttributeFilter[] = [];
  for (let i = 0; i < filters.length; i++) out.push(compileAttributeFilter(filters[i]!));
  return out;
}

/** Whether `filter` holds on this span (with its resource and scope). */
export function attributeFilterMatches(
  filter: CompiledAttributeFilter,
  span: Span,
  resource: Resource,
  scope: InstrumentationScope,
): boolean {
  switch (filter.special) {
    case SpecialKey.NONE:
      break;
    case SpecialKey.RESOURCE:
      return hasAttribute(resource.attributes, filter.resourceKey, filter.value);
    case SpecialKey.ERROR:
      if (filter.normalized === 'true' && span.status.code === StatusCode.ERROR) return true;
      if (filter.normalized === 'false' && span.status.code !== StatusCode.ERROR) return true;
      break;
    case SpecialKey.SPAN_KIND:
      if (spanKindName(span.kind) === filter.normalized) return true;
      break;
    case SpecialKey.SPAN_STATUS:
      if (STATUS_NAMES[span.status.code] === filter.normalized) return true;
      break;
    case SpecialKey.SCOPE_NAME:
      if (scope.name === filter.value) return true;
      break;
    case SpecialKey.SCOPE_VERSION:
      if (scope.version === filter.value) return true;
      break;
  }
  return hasAttributeAnywhere(filter.key, filter.value, span, resource, scope);
}

/** Whether every filter holds on this one span. */
export function attributeFiltersMatch(
  filters: readonly CompiledAttributeFilter[],
  span: Span,
  resource: Resource,
  scope: InstrumentationScope,
): boolean {
  for (let i = 0; i < filters.length; i++) {
    if (!attributeFilterMatches(filters[i]!, span, resource, scope)) return false;
  }
  return true;
}

function hasAttributeAnywhere(
  key: string,
  value: string,
  span: Span,
  resource: Resource,
  scope: InstrumentationScope,
): boolean {
  if (hasAttribute(span.attributes, key, value)) return true;
  const events = span.events;
  for (let i = 0; i < events.length; i++) if (hasAttribute(events[i]!.attributes, key, value)) return true;
  const links = span.links;
  for (let i = 0; i < links.length; i++) if (hasAttribute(links[i]!.attributes, key, value)) return true;
  return hasAttribute(resource.attributes, key, value) || hasAttribute(scope.attributes, key, value);
}

/** Whether any attribute named `key` has the string form `value` (a key may repeat). */
export function hasAttribute(attributes: readonly KeyValue[], key: string, value: string): boolean {
  for (let i = 0; i < attributes.length; i++) {
    const kv = attributes[i]!;
    if (kv.key === key && valueHasString(kv.value, value)) return true;
  }
  return false;
}

function valueHasString(v: AnyValue, s: string): boolean {
  return v.type === 'string' ? v.value === s : anyValueToString(v) === s;
}
