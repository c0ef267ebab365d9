/**
 * Assembles decoded spans into a `TraceBatch`: one `ResourceSpans` per distinct resource, inside it one `ScopeSpans`
 * per distinct scope name and version, spans in arrival order. Lookups are linear: a Jaeger batch has one process
 * (rarely a few) and a handful of scopes, so scanning beats hashing keys built per span.
 */
import {
  SpanKind,
  StatusCode,
  attributesEqual,
  type Resource,
  type ResourceSpans,
  type ScopeSpans,
  type Span,
  type TraceBatch,
} from '../../model/index.js';
import type { ScopeNameVersion } from './jaeger-span-tags.js';

/** A span with every field at its OTLP default, shaped like every other span (one hidden class). */
export function createEmptySpan(): Span {
  return {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    traceState: '',
    flags: 0,
    name: '',
    kind: SpanKind.UNSPECIFIED,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: [],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: StatusCode.UNSET, message: '' },
  };
}

export interface SpanBatchBuilder {
  /** The group for `resource`: an existing one with equal attributes, else a new one. */
  resourceGroup(resource: Resource): ResourceSpans;
  /** Appends `span` to the scope group of `scope` inside `group`. */
  add(group: ResourceSpans, scope: ScopeNameVersion, span: Span): void;
  /** The batch, leaving out resources that received no span. */
  build(): TraceBatch;
}

export function createSpanBatchBuilder(): SpanBatchBuilder {
  const groups: ResourceSpans[] = [];
  return {
    resourceGroup(resource) {
      for (const g of groups) if (attributesEqual(g.resource.attributes, resource.attributes)) return g;
      const g: ResourceSpans = { resource, scopeSpans: [], schemaUrl: '' };
      groups.push(g);
      return g;
    },
    add(group, scope, span) {
      scopeGroup(group.scopeSpans, scope).spans.push(span);
    },
    build() {
      return { resourceSpans: groups.filter((g) => g.scopeSpans.length > 0) };
    },
  };
}

function scopeGroup(scopeSpans: ScopeSpans[], scope: ScopeNameVersion): ScopeSpans {
  for (const ss of scopeSpans) if (ss.scope.name === scope.name && ss.scope.version === scope.version) return ss;
  const ss: ScopeSpans = {
    scope: { name: scope.name, version: scope.version, attributes: [], droppedAttributesCount: 0 },
    spans: [],
    schemaUrl: '',
  };
  scopeSpans.push(ss);
  return ss;
}
