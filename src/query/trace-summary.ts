/**
 * The api_v3 trace summary the Jaeger UI (v2.19+) lists search results from (`GET /api/v3/trace-summaries`):
 * - root: the earliest-starting span without a parent; when every span has a parent, the earliest span;
 * - orphans: spans whose parent is not in the trace; errors: spans with status ERROR;
 * - times as decimal strings of nanoseconds (int64 in proto3 JSON); the trace id always 32 hex characters;
 * - services in order of first appearance, each with its span and error counts.
 */
import { serviceNameOf, StatusCode, type Span } from '../model/index.js';
import type { AdjustedTrace } from './adjusters/index.js';

export interface ServiceSummary {
  name: string;
  spanCount: number;
  errorSpanCount: number;
}

export interface TraceSummary {
  traceId: string;
  rootServiceName: string;
  rootOperationName: string;
  minStartTimeUnixNano: string;
  maxEndTimeUnixNano: string;
  spanCount: number;
  errorSpanCount: number;
  orphanSpanCount: number;
  services: ServiceSummary[];
}

export function summarizeTrace({ trace }: AdjustedTrace): TraceSummary {
  const ids = new Set<string>();
  for (const rs of trace.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) ids.add(s.spanId);

  const services = new Map<string, ServiceSummary>();
  let root: { span: Span; service: string; parentless: boolean } | undefined;
  let minStart: bigint | undefined;
  let maxEnd: bigint | undefined;
  let spanCount = 0;
  let errorSpanCount = 0;
  let orphanSpanCount = 0;
  for (const rs of trace.resourceSpans) {
    const service = serviceNameOf(rs.resource);
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        const isError = span.status.code === StatusCode.ERROR;
        spanCount++;
        if (isError) errorSpanCount++;
        const parentless = span.parentSpanId === '';
        if (!parentless && !ids.has(span.parentSpanId)) orphanSpanCount++;
        if (minStart === undefined || span.startTimeUnixNano < minStart) minStart = span.startTimeUnixNano;
        if (maxEnd === undefined || span.endTimeUnixNano > maxEnd) maxEnd = span.endTimeUnixNano;
        if (root === undefined || isBetterRoot(span, parentless, root)) root = { span, service, parentless };
        let s = services.get(service);
        if (s === undefined) services.set(service, (s = { name: service, spanCount: 0, errorSpanCount: 0 }));
        s.spanCount++;
        if (isError) s.errorSpanCount++;
      }
    }
  }
  return {
    traceId: trace.traceId,
    rootServiceName: root?.service ?? '',
    rootOperationName: root?.span.name ?? '',
    minStartTimeUnixNano: (minStart ?? 0n).toString(),
    maxEndTimeUnixNano: (maxEnd ?? 0n).toString(),
    spanCount,
    errorSpanCount,
    orphanSpanCount,
    services: [...services.values()],
  };
}

function isBetterRoot(span: Span, parentless: boolean, current: { span: Span; parentless: boolean }): boolean {
  if (parentless !== current.parentless) return parentless;
  return span.startTimeUnixNano < current.span.startTimeUnixNano;
}
