/**
 * Jaeger process → OTLP resource, as the OpenTelemetry Collector's translator does: `service.name` from the service
 * name (when not empty), then the process tags in order, then two renames — `hostname` → `host.name` (unless
 * `host.name` is present) and `jaeger.version` → `opencensus.exporterversion` = `Jaeger-<version>` (unless present).
 * A `service.name` tag does not override the process's service name.
 */
import { anyValueToString, findAttribute, stringValue, type KeyValue, type Resource } from '../../model/index.js';

/** The placeholder OTel exporters write when a resource had no service name: it means "none". */
const NO_SERVICE_NAME = 'OTLPResourceNoServiceName';

/** Builds a resource; the tag objects are reused, not copied. */
export function jaegerProcessToResource(serviceName: string, tags: KeyValue[]): Resource {
  if (serviceName === NO_SERVICE_NAME) return { attributes: [], droppedAttributesCount: 0 };
  const attributes: KeyValue[] = [];
  if (serviceName !== '') attributes.push({ key: 'service.name', value: stringValue(serviceName) });
  for (const tag of tags) {
    if (serviceName !== '' && tag.key === 'service.name') continue;
    attributes.push(tag);
  }
  moveTag(attributes, 'hostname', 'host.name', false);
  moveTag(attributes, 'jaeger.version', 'opencensus.exporterversion', true);
  return { attributes, droppedAttributesCount: 0 };
}

/** Replaces tag `from` by `to` appended at the end (as the collector does), unless `to` already exists. */
function moveTag(attributes: KeyValue[], from: string, to: string, asJaegerVersion: boolean): void {
  const i = attributes.findIndex((kv) => kv.key === from);
  if (i < 0 || findAttribute(attributes, to) !== undefined) return;
  const old = attributes[i]!.value;
  attributes.splice(i, 1);
  attributes.push({ key: to, value: asJaegerVersion ? stringValue(`Jaeger-${anyValueToString(old)}`) : old });
}
