/**
 * Jaeger span references → OTLP parent and links, as Jaeger's model and the OpenTelemetry Collector's translator do:
 * - thrift's `parentSpanId` (when non-zero) becomes a CHILD_OF reference placed first, unless a reference to that span
 *   in the same trace already exists (Jaeger's `MaybeAddParentSpanID`);
 * - the parent is the first CHILD_OF reference within the span's own trace (so a FOLLOWS_FROM to the parent leaves
 *   the span without a parent);
 * - every other reference becomes a link with attribute `opentracing.ref_type` = `child_of` | `follows_from`;
 *   CHILD_OF references to the parent itself are not repeated as links.
 */
import { stringValue, type Span, type SpanLink } from '../../model/index.js';

export const RefType = { CHILD_OF: 0, FOLLOWS_FROM: 1 } as const;

export interface JaegerReference {
  refType: number;
  traceId: string;
  spanId: string;
}

const ZERO_SPAN_ID = '0000000000000000';

/**
 * Sets `span.parentSpanId` and `span.links` from `parentFromField` (16 hex, '' or zeros when absent) and `references`.
 * `span.traceId` must already be set.
 */
export function resolveJaegerReferences(span: Span, parentFromField: string, references: readonly JaegerReference[] | null): void {
  const traceId = span.traceId;
  let parent = '';
  const hasParentField = parentFromField !== '' && parentFromField !== ZERO_SPAN_ID;
  if (hasParentField && !referencesSpan(references, traceId, parentFromField)) {
    parent = parentFromField;
  } else if (references !== null) {
    for (const ref of references) {
      if (ref.refType === RefType.CHILD_OF && ref.traceId === traceId) {
        parent = ref.spanId;
        break;
      }
    }
  }
  span.parentSpanId = parent;
  if (references === null || references.length === 0) return;
  const excluded = parent === '' ? ZERO_SPAN_ID : parent;
  for (const ref of references) {
    if (ref.refType === RefType.CHILD_OF && ref.spanId === excluded) continue;
    span.links.push(referenceToLink(ref));
  }
}

function referencesSpan(references: readonly JaegerReference[] | null, traceId: string, spanId: string): boolean {
  if (references === null) return false;
  for (const ref of references) if (ref.spanId === spanId && ref.traceId === traceId) return true;
  return false;
}

function referenceToLink(ref: JaegerReference): SpanLink {
  return {
    traceId: ref.traceId,
    spanId: ref.spanId,
    traceState: '',
    attributes: [
      { key: 'opentracing.ref_type', value: stringValue(ref.refType === RefType.CHILD_OF ? 'child_of' : 'follows_from') },
    ],
    droppedAttributesCount: 0,
    flags: 0,
  };
}
