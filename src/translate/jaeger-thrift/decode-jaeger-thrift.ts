/**
 * Public entry points for Jaeger Thrift input:
 * - UDP datagrams to the agent ports (6831 compact, 6832 binary): one message calling the oneway
 *   `Agent.emitBatch(1: jaeger.Batch batch)`, header type ONEWAY (or CALL from some clients), any seqid;
 * - the body of `POST /api/traces` on 14268: a bare binary-protocol `Batch`.
 * None of them throws; trailing bytes after the message are ignored, as Thrift servers do.
 */
import { BinaryReader } from './binary-reader.js';
import { CompactReader } from './compact-reader.js';
import { readCompactEmitBatch } from './compact-fast-path.js';
import { decodeFailed, type JaegerDecodeResult } from './decode-result.js';
import { readBatch } from './jaeger-thrift-batch.js';
import { skipValue } from './skip-value.js';
import { ThriftDecodeError, asBuffer, type ThriftReader } from './thrift-reader.js';
import { MessageType, TType, typeName } from './thrift-types.js';

/**
 * Decodes an agent datagram in the Thrift compact protocol (port 6831): the specialised fast path first, the generic
 * decoder for whatever it does not handle (malformed input, unusual fields), which also words the errors.
 */
export function decodeJaegerAgentCompactDatagram(datagram: Uint8Array): JaegerDecodeResult {
  const buf = asBuffer(datagram);
  return readCompactEmitBatch(buf) ?? decodeCompactGeneric(buf);
}

/** The generic decoder of compact datagrams alone (tests check the fast path against it). */
export function decodeCompactGeneric(datagram: Uint8Array): JaegerDecodeResult {
  return guarded(() => readEmitBatch(new CompactReader(asBuffer(datagram))));
}

/** Decodes an agent datagram in the Thrift binary protocol (port 6832; jaeger-client-node's UDP sender). */
export function decodeJaegerAgentBinaryDatagram(datagram: Uint8Array): JaegerDecodeResult {
  return guarded(() => readEmitBatch(new BinaryReader(asBuffer(datagram))));
}

/** Decodes a binary-protocol `Batch` (the body of Jaeger's HTTP collector endpoint). */
export function decodeJaegerThriftBatch(body: Uint8Array): JaegerDecodeResult {
  return guarded(() => {
    const buf = asBuffer(body);
    if (buf.length === 0) return decodeFailed('empty body: expected a Thrift binary-protocol Batch');
    return readBatch(new BinaryReader(buf));
  });
}

function readEmitBatch(r: ThriftReader): JaegerDecodeResult {
  const header = r.readMessageBegin();
  if (header.name !== 'emitBatch') {
    const hint = header.name === 'emitZipkinBatch' ? ' (Zipkin Thrift over UDP is not supported; send Zipkin spans to port 9411)' : '';
    return decodeFailed(`unexpected method '${header.name}', expected 'emitBatch'${hint}`);
  }
  if (header.type !== MessageType.ONEWAY && header.type !== MessageType.CALL) {
    return decodeFailed(`unexpected message type ${header.type} for 'emitBatch', expected ONEWAY (4) or CALL (1)`);
  }
  // The arguments struct: { 1: Batch batch }.
  let result: JaegerDecodeResult | undefined;
  r.beginStruct();
  for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
    if (r.fieldId === 1 && result === undefined) {
      if (t !== TType.STRUCT) {
        return decodeFailed(`emitBatch argument 1 (batch) has wrong type ${typeName(t)}, expected struct`);
      }
      result = readBatch(r);
    } else {
      skipValue(r, t);
    }
  }
  r.endStruct();
  return result ?? decodeFailed("emitBatch call without its 'batch' argument");
}

function guarded(decode: () => JaegerDecodeResult): JaegerDecodeResult {
  try {
    return decode();
  } catch (err) {
    if (err instanceof ThriftDecodeError) return decodeFailed(err.message);
    // Not expected (the readers check every bound); report rather than throw into a receiver's hot loop.
    return decodeFailed(`cannot decode: ${err instanceof Error ? err.message : String(err)}`);
  }
}
