/**
 * Jaeger log → OTLP event naming, as the OpenTelemetry Collector's translator does it: the first field keyed `event`
 * names the event and is removed; the other fields stay as the event's attributes. (`message` is not used as a
 * name: it stays an attribute, so converting back to Jaeger shows the log as it was sent.)
 */
import { anyValueToString, type KeyValue } from '../../model/index.js';

/** Removes the first `event` field from `fields` and returns its value as text ('' when there is none). */
export function nameEventFromFields(fields: KeyValue[]): string {
  for (let i = 0; i < fields.length; i++) {
    const kv = fields[i]!;
    if (kv.key !== 'event') continue;
    fields.splice(i, 1);
    return anyValueToString(kv.value);
  }
  return '';
}
