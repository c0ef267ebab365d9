/**
 * The threaded UDP receiver against real datagrams on a real socket: spans arrive as OTLP bytes with the agent's tags,
 * bad and oversized datagrams are counted, refusals are counted as drops, and stop delivers what was received.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { anyValueToString, attr, countSpans } from '../model/index.js';
import type { AcceptOutcome } from '../pipeline/index.js';
import { createSilentLogger } from '../telemetry/index.js';
import { decodeOtlpProtobuf } from '../translate/otlp/index.js';
import { encodeEmitBatch, type ThriftSpan } from '../translate/jaeger-thrift/testing/jaeger-thrift-writer.js';
import type { EncodedSpans } from './encoded-spans.js';
import { metricValue, waitFor } from './testing/agent-fixtures.js';
import { createThreadedUdpReceiver } from './threaded-udp-receiver.js';

function span(i: number): ThriftSpan {
  return { traceIdLow: BigInt(1000 + i), traceIdHigh: 0n, spanId: BigInt(i + 1), parentSpanId: 0n, operationName: `op-${i}`, flags: 1, startTime: 1_700_000_000_000_000n, duration: 5n };
}

async function send(port: number, datagrams: Buffer[]): Promise<void> {
  const s = createSocket('udp4');
  for (const d of datagrams) await new Promise<void>((resolve, reject) => s.send(d, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())));
  s.close();
}

describe('threaded UDP receiver (agent.transcode_threads)', () => {
  for (const threads of [1, 3]) {
    test(`${threads} thread(s): datagrams become OTLP requests with the agent tags; bad ones are counted; stop delivers the rest`, async () => {
      const registry = new Registry();
      const accepted: EncodedSpans[] = [];
      let refuse = false;
      const sink = {
        accept(batch: EncodedSpans): AcceptOutcome {
          if (refuse) return { status: 'refused', reason: 'queue_full', retryAfterMs: 1, message: 'full' };
          accepted.push(batch);
          return { status: 'accepted' };
        },
      };
      const receiver = createThreadedUdpReceiver({
        protocol: 'compact', host: '127.0.0.1', port: 0, sink, tags: [attr('pod.name', 'p-7')], registry, logger: createSilentLogger(), socketBufferBytes: 1 << 20, threads, handOver: { maxSpans: 1000, lingerMs: 5 },
      });
      await receiver.start();
      const port = receiver.address().port;
      assert.ok(port > 0);
      const good = Array.from({ length: 20 }, (_, d) => encodeEmitBatch({ process: { serviceName: `svc-${d % 2}` }, spans: [span(2 * d), span(2 * d + 1)] }, 'compact'));
      await send(port, [...good.slice(0, 10), Buffer.from('not thrift'), ...good.slice(10)]);
      const spanTotal = () => accepted.reduce((n, b) => n + b.spanCounts.reduce((a, c) => a + c, 0), 0);
      await waitFor(() => spanTotal() === 40, 5_000, '40 spans through the worker');
      await waitFor(async () => (await metricValue(registry, 'ariadne_receiver_bad_requests_total', { reason: 'decode' })) === 1, 5_000, 'the bad datagram counted');

      const names: string[] = [];
      for (const b of accepted) {
        for (const request of b.requests) {
          const decoded = decodeOtlpProtobuf(request);
          assert.ok(decoded.ok);
          for (const rs of decoded.batch.resourceSpans) {
            const attrs = rs.resource.attributes.map((kv) => `${kv.key}=${anyValueToString(kv.value)}`);
            assert.ok(attrs.includes('pod.name=p-7'), attrs.join(','));
            for (const ss of rs.scopeSpans) for (const s of ss.spans) names.push(s.name);
          }
          assert.ok(countSpans(decoded.batch) >= 2);
        }
      }
      assert.deepEqual(names.sort(), Array.from({ length: 40 }, (_, i) => `op-${i}`).sort());

      refuse = true;
      await send(port, good.slice(0, 3));
      await waitFor(async () => (await metricValue(registry, 'ariadne_receiver_udp_spans_dropped_total', { reason: 'queue_full' })) === 6, 5_000, 'refused spans counted');
      refuse = false;
      await send(port, good.slice(3, 5));
      await receiver.stop();
      assert.equal(spanTotal(), 44, 'what was received before stop was delivered');
    });
  }

  test('a port in use fails start with the address in the message (helper threads stopped too)', async () => {
    const taken = createSocket('udp4');
    await new Promise<void>((r) => taken.bind(0, '127.0.0.1', () => r()));
    const receiver = createThreadedUdpReceiver({
      protocol: 'compact', host: '127.0.0.1', port: taken.address().port, sink: { accept: () => ({ status: 'accepted' }) }, tags: [], registry: new Registry(), logger: createSilentLogger(), socketBufferBytes: 1 << 20, threads: 2, handOver: { maxSpans: 1000, lingerMs: 5 },
    });
    await assert.rejects(receiver.start(), /jaeger-thrift-compact receiver cannot bind UDP 127\.0\.0\.1:\d+/);
    taken.close();
  });
});
