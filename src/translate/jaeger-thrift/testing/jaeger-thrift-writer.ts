/**
 * jaeger.thrift and agent.thrift structs written field by field with the `thrift` library's protocol writers (no IDL
 * compiler needed): the reference encoder the decoder tests and the benchmark use.
 */
import { T, thrift, writeWith, type ProtocolName, type ThriftProtocolWriter } from './thrift-library.js';

export interface ThriftTag {
  key: string;
  vType: number;
  vStr?: string;
  vDouble?: number;
  vBool?: boolean;
  vLong?: bigint;
  vBinary?: Uint8Array;
}
export interface ThriftLog {
  timestamp: bigint;
  fields: ThriftTag[];
}
export interface ThriftSpanRef {
  refType: number;
  traceIdLow: bigint;
  traceIdHigh: bigint;
  spanId: bigint;
}
export interface ThriftSpan {
  traceIdLow: bigint;
  traceIdHigh: bigint;
  spanId: bigint;
  parentSpanId: bigint;
  operationName: string;
  references?: ThriftSpanRef[];
  flags: number;
  startTime: bigint;
  duration: bigint;
  tags?: ThriftTag[];
  logs?: ThriftLog[];
}
export interface ThriftProcess {
  serviceName: string;
  tags?: ThriftTag[];
}
export interface ThriftBatch {
  process: ThriftProcess;
  spans: ThriftSpan[];
  seqNo?: bigint;
}

export const TagType = { STRING: 0, DOUBLE: 1, BOOL: 2, LONG: 3, BINARY: 4 } as const;

/** A bare `Batch` struct. */
export function encodeThriftBatch(batch: ThriftBatch, protocol: ProtocolName): Buffer {
  return writeWith(protocol, (p) => writeBatch(p, batch));
}

export interface MessageOptions {
  method?: string;
  type?: number;
  seqid?: number;
}

/** A whole `Agent.emitBatch` message as a UDP datagram carries it. */
export function encodeEmitBatch(batch: ThriftBatch, protocol: ProtocolName, options: MessageOptions = {}): Buffer {
  return writeWith(protocol, (p) => {
    p.writeMessageBegin(options.method ?? 'emitBatch', options.type ?? thrift.Thrift.MessageType.ONEWAY!, options.seqid ?? 0);
    p.writeStructBegin('emitBatch_args');
    p.writeFieldBegin('batch', T.STRUCT, 1);
    writeBatch(p, batch);
    p.writeFieldEnd();
    p.writeFieldStop();
    p.writeStructEnd();
    p.writeMessageEnd();
  });
}

export function writeBatch(p: ThriftProtocolWriter, batch: ThriftBatch): void {
  p.writeStructBegin('Batch');
  field(p, 'process', T.STRUCT, 1, () => writeProcess(p, batch.process));
  field(p, 'spans', T.LIST, 2, () => list(p, T.STRUCT, batch.spans, (s) => writeSpan(p, s)));
  if (batch.seqNo !== undefined) field(p, 'seqNo', T.I64, 3, () => p.writeI64(thrift.fromBigInt(batch.seqNo!)));
  p.writeFieldStop();
  p.writeStructEnd();
}

function writeProcess(p: ThriftProtocolWriter, process: ThriftProcess): void {
  p.writeStructBegin('Process');
  field(p, 'serviceName', T.STRING, 1, () => p.writeString(process.serviceName));
  if (process.tags) field(p, 'tags', T.LIST, 2, () => list(p, T.STRUCT, process.tags!, (t) => writeTag(p, t)));
  p.writeFieldStop();
  p.writeStructEnd();
}

export function writeSpan(p: ThriftProtocolWriter, s: ThriftSpan): void {
  p.writeStructBegin('Span');
  i64Field(p, 'traceIdLow', 1, s.traceIdLow);
  i64Field(p, 'traceIdHigh', 2, s.traceIdHigh);
  i64Field(p, 'spanId', 3, s.spanId);
  i64Field(p, 'parentSpanId', 4, s.parentSpanId);
  field(p, 'operationName', T.STRING, 5, () => p.writeString(s.operationName));
  if (s.references) field(p, 'references', T.LIST, 6, () => list(p, T.STRUCT, s.references!, (r) => writeRef(p, r)));
  field(p, 'flags', T.I32, 7, () => p.writeI32(s.flags));
  i64Field(p, 'startTime', 8, s.startTime);
  i64Field(p, 'duration', 9, s.duration);
  if (s.tags) field(p, 'tags', T.LIST, 10, () => list(p, T.STRUCT, s.tags!, (t) => writeTag(p, t)));
  if (s.logs) field(p, 'logs', T.LIST, 11, () => list(p, T.STRUCT, s.logs!, (l) => writeLog(p, l)));
  p.writeFieldStop();
  p.writeStructEnd();
}

function writeRef(p: ThriftProtocolWriter, r: ThriftSpanRef): void {
  p.writeStructBegin('SpanRef');
  field(p, 'refType', T.I32, 1, () => p.writeI32(r.refType));
  i64Field(p, 'traceIdLow', 2, r.traceIdLow);
  i64Field(p, 'traceIdHigh', 3, r.traceIdHigh);
  i64Field(p, 'spanId', 4, r.spanId);
  p.writeFieldStop();
  p.writeStructEnd();
}

function writeLog(p: ThriftProtocolWriter, l: ThriftLog): void {
  p.writeStructBegin('Log');
  i64Field(p, 'timestamp', 1, l.timestamp);
  field(p, 'fields', T.LIST, 2, () => list(p, T.STRUCT, l.fields, (t) => writeTag(p, t)));
  p.writeFieldStop();
  p.writeStructEnd();
}

export function writeTag(p: ThriftProtocolWriter, t: ThriftTag): void {
  p.writeStructBegin('Tag');
  field(p, 'key', T.STRING, 1, () => p.writeString(t.key));
  field(p, 'vType', T.I32, 2, () => p.writeI32(t.vType));
  if (t.vStr !== undefined) field(p, 'vStr', T.STRING, 3, () => p.writeString(t.vStr!));
  if (t.vDouble !== undefined) field(p, 'vDouble', T.DOUBLE, 4, () => p.writeDouble(t.vDouble!));
  if (t.vBool !== undefined) field(p, 'vBool', T.BOOL, 5, () => p.writeBool(t.vBool!));
  if (t.vLong !== undefined) i64Field(p, 'vLong', 6, t.vLong);
  if (t.vBinary !== undefined) field(p, 'vBinary', T.STRING, 7, () => p.writeBinary(Buffer.from(t.vBinary!)));
  p.writeFieldStop();
  p.writeStructEnd();
}

function field(p: ThriftProtocolWriter, name: string, type: number, id: number, write: () => void): void {
  p.writeFieldBegin(name, type, id);
  write();
  p.writeFieldEnd();
}

function i64Field(p: ThriftProtocolWriter, name: string, id: number, value: bigint): void {
  field(p, name, T.I64, id, () => p.writeI64(thrift.fromBigInt(value)));
}

function list<V>(p: ThriftProtocolWriter, elementType: number, values: readonly V[], write: (v: V) => void): void {
  p.writeListBegin(elementType, values.length);
  for (const v of values) write(v);
  p.writeListEnd();
}
