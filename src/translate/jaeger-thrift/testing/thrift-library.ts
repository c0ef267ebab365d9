/**
 * Typed access to the `thrift` npm package (Apache Thrift's Node.js library, a devDependency) for tests and
 * benchmarks: its protocol writers produce the reference bytes our readers are checked against.
 */
import { createRequire } from 'node:module';

export interface ThriftProtocolWriter {
  writeMessageBegin(name: string, type: number, seqid: number): void;
  writeMessageEnd(): void;
  writeStructBegin(name: string): void;
  writeStructEnd(): void;
  writeFieldBegin(name: string, type: number, id: number): void;
  writeFieldEnd(): void;
  writeFieldStop(): void;
  writeListBegin(elementType: number, size: number): void;
  writeListEnd(): void;
  writeMapBegin(keyType: number, valueType: number, size: number): void;
  writeMapEnd(): void;
  writeBool(value: boolean): void;
  writeByte(value: number): void;
  writeI16(value: number): void;
  writeI32(value: number): void;
  writeI64(value: unknown): void;
  writeDouble(value: number): void;
  writeString(value: string): void;
  writeBinary(value: Buffer): void;
}

interface ThriftTransport {
  flush(): void;
}

interface ThriftModule {
  TBufferedTransport: new (buffer: undefined, onFlush: (msg: Buffer) => void) => ThriftTransport;
  TCompactProtocol: new (transport: ThriftTransport) => ThriftProtocolWriter;
  TBinaryProtocol: new (transport: ThriftTransport, strictRead?: boolean, strictWrite?: boolean) => ThriftProtocolWriter;
  fromBigInt(value: bigint): unknown;
  Thrift: { Type: Record<string, number>; MessageType: Record<string, number> };
}

export const thrift = createRequire(import.meta.url)('thrift') as ThriftModule;

/** Thrift's wire type numbers as the library names them. */
export const T = thrift.Thrift.Type as {
  STOP: number; BOOL: number; BYTE: number; DOUBLE: number; I16: number; I32: number; I64: number;
  STRING: number; STRUCT: number; MAP: number; SET: number; LIST: number; UUID: number;
};

export type ProtocolName = 'compact' | 'binary' | 'binary-nonstrict';

/** Runs `write` against a fresh protocol writer and returns the bytes it produced. */
export function writeWith(protocol: ProtocolName, write: (p: ThriftProtocolWriter) => void): Buffer {
  let out: Buffer = Buffer.alloc(0);
  const transport = new thrift.TBufferedTransport(undefined, (msg) => {
    out = msg;
  });
  const p =
    protocol === 'compact'
      ? new thrift.TCompactProtocol(transport)
      : new thrift.TBinaryProtocol(transport, false, protocol === 'binary');
  write(p);
  transport.flush();
  return out;
}
