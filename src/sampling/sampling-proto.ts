/**
 * Protobuf encoding of the two `jaeger.api_v2` sampling messages the gRPC `SamplingManager` exchanges
 * (jaeger-idl `proto/api_v2/sampling.proto`):
 *
 * - `SamplingStrategyParameters { string serviceName = 1; }` (decoded)
 * - `SamplingStrategyResponse { SamplingStrategyType strategyType = 1; ProbabilisticSamplingStrategy
 *   probabilisticSampling = 2; RateLimitingSamplingStrategy rateLimitingSampling = 3; PerOperationSamplingStrategies
 *   operationSampling = 4; }` with `ProbabilisticSamplingStrategy { double samplingRate = 1; }`,
 *   `RateLimitingSamplingStrategy { int32 maxTracesPerSecond = 1; }`, `PerOperationSamplingStrategies { double
 *   defaultSamplingProbability = 1; double defaultLowerBoundTracesPerSecond = 2; repeated OperationSamplingStrategy
 *   perOperationStrategies = 3; double defaultUpperBoundTracesPerSecond = 4; }`, `OperationSamplingStrategy { string
 *   operation = 1; ProbabilisticSamplingStrategy probabilisticSampling = 2; }` (encoded)
 *
 * proto3 rules: scalar fields equal to their default (0, "") are omitted; present sub-messages are always written,
 * even when empty.
 */
import type { PerOperationSampling, SamplingStrategyResponse } from './strategy-provider.js';

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

/** The `serviceName` of a `SamplingStrategyParameters`, or an Error saying why the bytes are not one. */
export function decodeSamplingStrategyParameters(bytes: Uint8Array): string | Error {
  let serviceName = '';
  let pos = 0;
  while (pos < bytes.length) {
    const tag = readVarint(bytes, pos);
    if (tag === undefined) return new Error(`truncated field tag at byte ${pos}`);
    pos = tag.next;
    const field = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    if (field === 0) return new Error(`invalid field number 0 at byte ${pos}`);
    switch (wire) {
      case WIRE_VARINT: {
        const v = readVarint(bytes, pos);
        if (v === undefined) return new Error(`truncated varint in field ${field}`);
        pos = v.next;
        break;
      }
      case WIRE_FIXED64:
        pos += 8;
        break;
      case WIRE_FIXED32:
        pos += 4;
        break;
      case WIRE_LEN: {
        const len = readVarint(bytes, pos);
        if (len === undefined || len.next + len.value > bytes.length) return new Error(`truncated length-delimited field ${field}`);
        if (field === 1) serviceName = Buffer.from(bytes.buffer, bytes.byteOffset + len.next, len.value).toString('utf8');
        pos = len.next + len.value;
        break;
      }
      default:
        return new Error(`unsupported wire type ${wire} in field ${field}`);
    }
    if (pos > bytes.length) return new Error(`truncated field ${field}`);
  }
  return serviceName;
}

/** `SamplingStrategyResponse` bytes. */
export function encodeSamplingStrategyResponse(response: SamplingStrategyResponse): Buffer {
  const w = new ProtoWriter();
  if (response.strategyType === 'RATE_LIMITING') w.varintField(1, 1);
  if (response.probabilisticSampling !== undefined) {
    w.messageField(2, (m) => m.doubleField(1, response.probabilisticSampling!.samplingRate));
  }
  if (response.rateLimitingSampling !== undefined) {
    w.messageField(3, (m) => m.varintField(1, response.rateLimitingSampling!.maxTracesPerSecond));
  }
  if (response.operationSampling !== undefined) w.messageField(4, (m) => writePerOperation(m, response.operationSampling!));
  return w.finish();
}

function writePerOperation(w: ProtoWriter, s: PerOperationSampling): void {
  w.doubleField(1, s.defaultSamplingProbability);
  w.doubleField(2, s.defaultLowerBoundTracesPerSecond);
  for (const op of s.perOperationStrategies) {
    w.messageField(3, (m) => {
      m.stringField(1, op.operation);
      m.messageField(2, (p) => p.doubleField(1, op.probabilisticSampling.samplingRate));
    });
  }
  w.doubleField(4, s.defaultUpperBoundTracesPerSecond ?? 0);
}

/** A small writer: nested messages are encoded into their own chunk list, then length-prefixed. */
class ProtoWriter {
  private readonly chunks: Buffer[] = [];
  private length = 0;

  varintField(field: number, value: number): void {
    if (value === 0) return;
    this.push(varint(field * 8 + WIRE_VARINT));
    // Negative int32 values take ten bytes on the wire (sign-extended to 64 bits).
    this.push(value < 0 ? negativeVarint(value) : varint(value));
  }

  doubleField(field: number, value: number): void {
    if (value === 0 && !Object.is(value, -0)) return;
    const b = Buffer.allocUnsafe(9);
    b[0] = field * 8 + WIRE_FIXED64;
    b.writeDoubleLE(value, 1);
    this.push(b);
  }

  stringField(field: number, value: string): void {
    if (value === '') return;
    const bytes = Buffer.from(value, 'utf8');
    this.push(varint(field * 8 + WIRE_LEN));
    this.push(varint(bytes.length));
    this.push(bytes);
  }

  messageField(field: number, write: (w: ProtoWriter) => void): void {
    const inner = new ProtoWriter();
    write(inner);
    this.push(varint(field * 8 + WIRE_LEN));
    this.push(varint(inner.length));
    for (const c of inner.chunks) this.push(c);
  }

  finish(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }

  private push(b: Buffer): void {
    this.chunks.push(b);
    this.length += b.length;
  }
}

function varint(value: number): Buffer {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Buffer.from(out);
}

function negativeVarint(value: number): Buffer {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}

function readVarint(bytes: Uint8Array, start: number): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let pos = start; pos < bytes.length && pos < start + 10; pos++) {
    const b = bytes[pos]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return { value, next: pos + 1 };
    scale *= 0x80;
  }
  return undefined;
}
