/**
 * Span links carried in tags `otlp.link.<n>` = `traceId|spanId|traceState|{attributes JSON}|droppedAttributesCount`,
 * the encoding of the OpenTelemetry Collector's Zipkin exporter, decoded as its Zipkin receiver does.
 */
import type { SpanLink } from '../../model/index.js';
import { jsonObjectToAttributes, parseJsonObject } from './json-attributes.js';

const LINK_KEY_RE = /^otlp\.link\.\d+$/;
const HEX_ID = (width: number): RegExp => new RegExp(`^"?([0-9a-fA-F]{${width}})"?$`);
const TRACE_ID_RE = HEX_ID(32);
const SPAN_ID_RE = HEX_ID(16);

export function isLinkTag(key: string): boolean {
  return key.startsWith('otlp.link.') && LINK_KEY_RE.test(key);
}

/** The link a tag value encodes, or undefined when it is malformed (the tag then stays an attribute). */
export function parseLinkTag(value: string): SpanLink | undefined {
  const parts = value.split('|');
  if (parts.length < 5) return undefined;
  const traceId = TRACE_ID_RE.exec(parts[0]!)?.[1];
  const spanId = SPAN_ID_RE.exec(parts[1]!)?.[1];
  const attributesJson = parseJsonObject(parts.slice(3, parts.length - 1).join('|'));
  const dropped = parts[parts.length - 1]!;
  if (traceId === undefined || spanId === undefined || attributesJson === undefined || !/^\d+$/.test(dropped)) return undefined;
  return {
    traceId: traceId.toLowerCase(),
    spanId: spanId.toLowerCase(),
    traceState: parts[2]!,
    attributes: jsonObjectToAttributes(attributesJson),
    droppedAttributesCount: Number(dropped),
    flags: 0,
  };
}
