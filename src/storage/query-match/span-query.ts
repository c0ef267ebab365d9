/**
 * Jaeger's search semantics for one span: service (resource `service.name`), operation (exact span name), start time
 * and duration within inclusive bounds (ns), and every attribute filter. All predicates hold on the same span, or the
 * span does not match. A backend that pre-filters on its own index can call the pieces it still needs.
 */
import {
  serviceNameOf,
  spanDurationNano,
  type InstrumentationScope,
  type Resource,
  type Span,
} from '../../model/index.js';
import type { TraceQuery } from '../api/index.js';
import {
  attributeFiltersMatch,
  compileAttributeFilters,
  type CompiledAttributeFilter,
} from './attribute-filter.js';

/** A `TraceQuery`'s span predicates, prepared once per search. */
export interface CompiledSpanQuery {
  serviceName: string;
  operationName: string;
  startTimeMin: bigint | undefined;
  startTimeMax: bigint | undefined;
  durationMin: bigint | undefined;
  durationMax: bigint | undefined;
  attributes: CompiledAttributeFilter[];
}

export function compileSpanQuery(query: TraceQuery): CompiledSpanQuery {
  return {
    serviceName: query.serviceName,
    operationName: query.operationName,
    startTimeMin: query.startTimeMin,
    startTimeMax: query.startTimeMax,
    durationMin: query.durationMin,
    durationMax: query.durationMax,
    attributes: compileAttributeFilters(query.attributes),
  };
}

/** Whether `value` lies in [min, max]; an undefined bound is open. */
export function isWithinBounds(value: bigint, min: bigint | undefined, max: bigint | undefined): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

/** Whether the span satisfies every predicate of the compiled query. */
export function spanMatchesCompiledQuery(
  query: CompiledSpanQuery,
  span: Span,
  resource: Resource,
  scope: InstrumentationScope,
): boolean {
  if (query.operationName !== '' && span.name !== query.operationName) return false;
  if (query.serviceName !== '' && serviceNameOf(resource) !== query.serviceName) return false;
  if (!isWithinBounds(span.startTimeUnixNano, query.startTimeMin, query.startTimeMax)) return false;
  if (
    (query.durationMin !== undefined || query.durationMax !== undefined) &&
    !isWithinBounds(spanDurationNano(span), query.durationMin, query.durationMax)
  ) {
    return false;
  }
  return attributeFiltersMatch(query.attributes, span, resource, scope);
}

/** Convenience for one-off checks; searches over many spans should compile the query once. */
export function spanMatchesQuery(
  query: TraceQuery,
  span: Span,
  resource: Resource,
  scope: InstrumentationScope,
): boolean {
  return spanMatchesCompiledQuery(compileSpanQuery(query), span, resource, scope);
}
