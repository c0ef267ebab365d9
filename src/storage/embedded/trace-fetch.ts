/**
 * Reads one whole trace: asks every segment where the trace's pages are (live segments from memory, sealed ones
 * through their trace-id bloom filter and sorted index), reads and inflates those pages and decodes the trace's
 * chunks. Time hints are not used: a trace is never cut by a window.
 */
import type { ResourceSpans, Trace } from '../../model/index.js';
import type { OperationNames } from './span-codec.js';
import { openPageRecord } from './page-record.js';
import { openPageBody, readChunk } from './page-reader.js';
import type { Segment } from './segment.js';

const TRACE_ID = /^[0-9a-f]{32}$/;

export async function fetchTrace(segments: readonly Segment[], traceId: string, names: OperationNames): Promise<Trace | undefined> {
  if (!TRACE_ID.test(traceId)) return undefined;
  const idBytes = Buffer.from(traceId, 'hex');
  const resourceSpans: ResourceSpans[] = [];
  for (const segment of segments) {
    segment.acquire();
    try {
      const locations = await segment.traceLocations(traceId);
      for (const location of locations) {
        const { meta, body } = openPageRecord(await segment.readRecord(location));
        const ids = meta.chunkTraceIds;
        let page;
        for (let c = 0; c < meta.chunkSpanCounts.length; c++) {
          if (ids.compare(idBytes, 0, 16, c * 16, c * 16 + 16) !== 0) continue;
          page ??= openPageBody(body);
          readChunk(page, meta.chunkOffsets[c]!, meta.chunkSpanCounts[c]!, traceId, names, resourceSpans);
        }
      }
    } finally {
      segment.release();
    }
  }
  return resourceSpans.length === 0 ? undefined : { traceId, resourceSpans };
}
