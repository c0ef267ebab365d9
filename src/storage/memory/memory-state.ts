/** Everything one memory store holds, shared by its writer, readers and dependency computation. */
import { ByteWriter } from './byte-writer.js';
import { InternTable } from './intern-table.js';
import { KeyDictionary } from './key-dictionary.js';
import { OperationCatalog } from './operation-catalog.js';
import { HEADER_BYTES, H_BODY_LENGTH, H_RESOURCE_ID, H_SCOPE_ID } from './span-codec.js';
import { TraceTable, type TraceRecord } from './trace-table.js';

export interface MemoryState {
  readonly traces: TraceTable;
  readonly resources: InternTable;
  readonly scopes: InternTable;
  readonly catalog: OperationCatalog;
  readonly keys: KeyDictionary;
  /** Where a batch is encoded before its spans are copied into their traces. */
  readonly scratch: ByteWriter;
}

export function createMemoryState(maxTraces: number, onEvicted: (record: TraceRecord) => void): MemoryState {
  const resources = new InternTable();
  const scopes = new InternTable();
  const traces = new TraceTable(maxTraces, (record) => {
    releaseSpans(record, resources, scopes);
    onEvicted(record);
  });
  return {
    traces,
    resources,
    scopes,
    catalog: new OperationCatalog(),
    keys: new KeyDictionary(),
    scratch: new ByteWriter(),
  };
}

/** Gives back the resource and scope references of every span stored in `record`. */
function releaseSpans(record: TraceRecord, resources: InternTable, scopes: InternTable): void {
  const buf = record.data;
  for (let off = 0; off < record.used; off += HEADER_BYTES + buf.readUInt32LE(off + H_BODY_LENGTH)) {
    resources.release(buf.readUInt32LE(off + H_RESOURCE_ID));
    scopes.release(buf.readUInt32LE(off + H_SCOPE_ID));
  }
}
