/**
 * Zipkin annotations → span events. The value names the event, with two encodings of attributes recognised:
 * - `name|{attributes JSON}|droppedAttributesCount`, written by the OpenTelemetry Collector's Zipkin exporter;
 * - a JSON object of fields (how Jaeger clients encoded key-value logs in Zipkin), its `event` field naming the event.
 */
import { stringValue, type KeyValue, type SpanEvent } from '../../model/index.js';
import { jsonObjectToAttributes, parseJsonObject, tagText } from './json-attributes.js';
import { microsToNanos } from './zipkin-times.js';
import type { ZipkinAnnotation } from './zipkin-span-input.js';

export function annotationToEvent(annotation: ZipkinAnnotation): SpanEvent {
  const time = typeof annotation.timestamp === 'number' && annotation.timestamp > 0 ? microsToNanos(annotation.timestamp) : 0n;
  const value = tagText(annotation.value);
  const piped = value.indexOf('|') > 0 ? pipeEncoded(value) : undefined;
  if (piped !== undefined) return { timeUnixNano: time, ...piped };
  const fields = parseJsonObject(value);
  if (fields !== undefined) return { timeUnixNano: time, ...jsonFields(fields) };
  return { timeUnixNano: time, name: value, attributes: [], droppedAttributesCount: 0 };
}

function pipeEncoded(value: string): { name: string; attributes: KeyValue[]; droppedAttributesCount: number } | undefined {
  const parts = value.split('|');
  if (parts.length < 3) return undefined;
  const dropped = parts[parts.length - 1]!;
  const attributes = parseJsonObject(parts.slice(1, parts.length - 1).join('|'));
  if (attributes === undefined || !/^\d+$/.test(dropped)) return undefined;
  return { name: parts[0]!, attributes: jsonObjectToAttributes(attributes), droppedAttributesCount: Number(dropped) };
}

function jsonFields(fields: Record<string, unknown>): { name: string; attributes: KeyValue[]; droppedAttributesCount: number } {
  let name = '';
  const attributes: KeyValue[] = [];
  for (const key of Object.keys(fields)) {
    const text = tagText(fields[key]);
    if (key === 'event' && name === '') name = text;
    else attributes.push({ key, value: stringValue(text) });
  }
  return { name, attributes, droppedAttributesCount: 0 };
}
