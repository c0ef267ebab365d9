/** Jaeger's lowercase span kind names and their mapping to OTLP kinds. */
import { SpanKind } from '../../model/index.js';

export type SpanKindName = '' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

const NAMES: readonly SpanKindName[] = ['', 'internal', 'server', 'client', 'producer', 'consumer'];

export function spanKindName(kind: SpanKind): SpanKindName {
  return NAMES[kind] ?? '';
}

/** Parses a kind name (case-insensitive; `unspecified` is ''); undefined when it is not one. */
export function parseSpanKindName(input: string): SpanKindName | undefined {
  const s = input.toLowerCase();
  if (s === 'unspecified') return '';
  return (NAMES as readonly string[]).includes(s) ? (s as SpanKindName) : undefined;
}

export function spanKindFromName(name: SpanKindName): SpanKind {
  const i = NAMES.indexOf(name);
  return (i < 0 ? SpanKind.UNSPECIFIED : i) as SpanKind;
}
