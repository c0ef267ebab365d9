/**
 * Splits a batch into consecutive parts of at most `maxSpans` spans each, keeping every span under its own resource
 * and scope. Resources, scopes and spans are shared with the input (only the grouping objects are new).
 */
import type { ResourceSpans, ScopeSpans, TraceBatch } from '../model/index.js';

export function splitBatch(batch: TraceBatch, maxSpans: number): TraceBatch[] {
  const limit = Math.max(1, Math.floor(maxSpans));
  const parts: TraceBatch[] = [];
  let current: ResourceSpans[] = [];
  let room = limit;
  const flush = (): void => {
    if (current.length > 0) parts.push({ resourceSpans: current });
    current = [];
    room = limit;
  };
  for (const rs of batch.resourceSpans) {
    let group: ResourceSpans | undefined;
    for (const ss of rs.scopeSpans) {
      let offset = 0;
      while (offset < ss.spans.length) {
        if (room === 0) {
          flush();
          group = undefined;
        }
        const take = Math.min(room, ss.spans.length - offset);
        const piece: ScopeSpans =
          offset === 0 && take === ss.spans.length
            ? ss
            : { scope: ss.scope, spans: ss.spans.slice(offset, offset + take), schemaUrl: ss.schemaUrl };
        if (group === undefined) {
          group = { resource: rs.resource, scopeSpans: [], schemaUrl: rs.schemaUrl };
          current.push(group);
        }
        group.scopeSpans.push(piece);
        offset += take;
        room -= take;
      }
    }
  }
  flush();
  return parts;
}
