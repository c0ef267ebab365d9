/**
 * Warnings the adjusters attach to spans ("This span's timestamps were adjusted by 1.2ms", …). The span model has no
 * place for them, so they travel beside the trace, keyed by span object, until an encoder shows them (the Jaeger UI
 * JSON `warnings`, the OTLP `@jaeger@warnings` attribute).
 */
import type { Span } from '../../model/index.js';

export type SpanWarnings = Map<Span, string[]>;

export function addWarning(warnings: SpanWarnings, span: Span, message: string): void {
  const list = warnings.get(span);
  if (list === undefined) warnings.set(span, [message]);
  else list.push(message);
}
