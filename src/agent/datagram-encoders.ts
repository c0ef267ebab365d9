/**
 * How the agent turns a Jaeger UDP datagram into encoded spans for forwarding, with its own tags added to every
 * resource (the application's value of a key wins). Compact datagrams (6831, what most clients send) are transcoded
 * straight into OTLP/protobuf bytes; binary ones (6832) go through the span model and are encoded once.
 */
import type { KeyValue } from '../model/index.js';
import type { AgentProtocol, DatagramDecodeResult } from '../receivers/index.js';
import {
  appendJaegerCompactDatagram,
  decodeJaegerAgentBinaryDatagram,
  transcodeJaegerCompactDatagram,
  type ProtobufWriter,
} from '../translate/index.js';
import { encodedSpans, encodeSpans, type EncodedSpans } from './encoded-spans.js';

/** Turns one datagram into OTLP request bytes (or says why it could not). */
export type DatagramEncoder = (datagram: Buffer) => DatagramDecodeResult<EncodedSpans>;

export function datagramEncoder(protocol: AgentProtocol, tags: readonly KeyValue[]): DatagramEncoder {
  if (protocol === 'compact') {
    return (datagram) => {
      const r = transcodeJaegerCompactDatagram(datagram, tags);
      if (!r.ok) return r;
      return { ok: true, batch: encodedSpans(r.bytes, r.spanCount), spanCount: r.spanCount, rejectedSpans: r.rejectedSpans };
    };
  }
  return (datagram) => {
    const r = decodeJaegerAgentBinaryDatagram(datagram);
    if (!r.ok) return r;
    return { ok: true, batch: encodeSpans(r.batch, r.spanCount, tags), spanCount: r.spanCount, rejectedSpans: r.rejectedSpans };
  };
}

/** Appends one datagram's OTLP request bytes to `out` (see `appendJaegerCompactDatagram`), or says why it could not. */
export type DatagramAppender = (
  datagram: Buffer,
  out: ProtobufWriter,
) => { ok: true; spanCount: number; rejectedSpans: number } | { ok: false; error: string };

/** As `datagramEncoder`, for callers that collect the requests of many datagrams in one writer. */
export function datagramAppender(protocol: AgentProtocol, tags: readonly KeyValue[]): DatagramAppender {
  if (protocol === 'compact') return (datagram, out) => appendJaegerCompactDatagram(datagram, tags, out);
  // Other protocols go through their encoder; only the copy into `out` is added.
  const encode = datagramEncoder(protocol, tags);
  return (datagram, out) => {
    const r = encode(datagram);
    if (r.ok) for (const request of r.batch.requests) out.raw(request, 0, request.length);
    return r;
  };
}
