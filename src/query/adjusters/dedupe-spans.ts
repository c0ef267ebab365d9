/**
 * Drops exact duplicate spans (the same span written twice: client retries, replays, double archiving). Two spans are
 * duplicates when they and their resource and scope are equal in every field; run after `sortCollections` so attribute
 * order does not matter. Only spans sharing a span id are compared, so a trace without repeated ids costs one pass.
 */
import type { InstrumentationScope, Resource, Span, Trace } from '../../model/index.js';

export function dedupeSpans(trace: Trace): void {
  const seenIds = new Set<string>();
  let repeated: Set<string> | undefined;
  for (const rs of trace.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        if (seenIds.has(span.spanId)) (repeated ??= new Set()).add(span.spanId);
        else seenIds.add(span.spanId);
      }
    }
  }
  if (repeated === undefined) return;
  const identities = new Set<string>();
  for (const rs of trace.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      if (!ss.spans.some((s) => repeated.has(s.spanId))) continue;
      ss.spans = ss.spans.filter((span) => {
        if (!repeated.has(span.spanId)) return true;
        const identity = spanIdentity(rs.resource, rs.schemaUrl, ss.scope, ss.schemaUrl, span);
        if (identities.has(identity)) return false;
        identities.add(identity);
        return true;
      });
    }
  }
}

function spanIdentity(
  resource: Resource,
  resourceSchemaUrl: string,
  scope: InstrumentationScope,
  scopeSchemaUrl: string,
  span: Span,
): string {
  return JSON.stringify([resource, resourceSchemaUrl, scope, scopeSchemaUrl, span], identityReplacer);
}

function identityReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Uint8Array) return `bytes:${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  if (typeof value === 'number' && !Number.isFinite(value)) return `num:${value}`;
  return value;
}
