/**
 * Decoder of jaeger.thrift `Batch { 1: process, 2: spans, 3: seqNo, 4: stats }` and `Process { 1: serviceName,
 * 2: tags }` into one resource with its spans grouped by scope. `seqNo` and client `stats` are skipped. A batch
 * without a process yields spans with an empty resource (Jaeger's sanitizers later name the service).
 */
import type { KeyValue } from '../../model/index.js';
import { createSpanRejections, decodeSucceeded, recordRejection, type JaegerDecodeResult } from './decode-result.js';
import { expectFieldType, readListOf } from './thrift-field-types.js';
import { jaegerProcessToResource } from './jaeger-process.js';
import { readSpan } from './jaeger-thrift-span.js';
import { readTagList } from './jaeger-thrift-tags.js';
import { skipValue } from './skip-value.js';
import { createEmptySpan, createSpanBatchBuilder } from './span-batch-builder.js';
import type { ThriftReader } from './thrift-reader.js';
import { TType } from './thrift-types.js';

/** Reads one `Batch` struct at the reader's position (throws `ThriftDecodeError` on malformed input). */
export function readBatch(r: ThriftReader): JaegerDecodeResult {
  const builder = createSpanBatchBuilder();
  const group = builder.resourceGroup({ attributes: [], droppedAttributesCount: 0 });
  const rejections = createSpanRejections();
  let spanCount = 0;
  let serviceName = '';
  let processTags: KeyValue[] = [];
  r.beginStruct();
  for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
    if (r.fieldId === 1) {
      expectFieldType(r, 'Batch', 'process', t, TType.STRUCT);
      processTags = [];
      serviceName = readProcess(r, processTags);
    } else if (r.fieldId === 2) {
      expectFieldType(r, 'Batch', 'spans', t, TType.LIST);
      const n = readListOf(r, 'Batch', 'spans', TType.STRUCT);
      for (let i = 0; i < n; i++) {
        const span = createEmptySpan();
        const scope = readSpan(r, span);
        if (typeof scope === 'string') {
          recordRejection(rejections, `span ${i}: ${scope}`);
        } else {
          builder.add(group, scope, span);
          spanCount++;
        }
      }
    } else {
      skipValue(r, t);
    }
  }
  r.endStruct();
  group.resource = jaegerProcessToResource(serviceName, processTags);
  return decodeSucceeded(builder.build(), spanCount, rejections);
}

function readProcess(r: ThriftReader, tags: KeyValue[]): string {
  let serviceName = '';
  r.beginStruct();
  for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
    if (r.fieldId === 1) {
      expectFieldType(r, 'Process', 'serviceName', t, TType.STRING);
      serviceName = r.readString();
    } else if (r.fieldId === 2) {
      expectFieldType(r, 'Process', 'tags', t, TType.LIST);
      readTagList(r, 'Process', 'tags', tags);
    } else {
      skipValue(r, t);
    }
  }
  r.endStruct();
  return serviceName;
}
