/**
 * SIGTERM under load: every span the server acknowledged before and during shutdown is stored. Clients keep sending
 * while the server drains; afterwards the server's own totals must equal what the clients saw acknowledged.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeOtlpProtobuf } from '../../src/translate/otlp/index.js';
import { createRealisticOtlpRequest } from '../../bench/otlp-payload.js';
import { startServer } from './server-process.js';

const SPANS = 64;

test('spans acknowledged under load before SIGTERM are all stored', async () => {
  // One worker and small storage writes keep a backlog in the queue when the signal arrives.
  const server = await startServer({
    args: ['--workers', '1', '--set', 'pipeline.max_batch_spans=64', '--queue-size', '100000', '--log-level', 'info'],
  });
  const bodies = Array.from({ length: 8 }, (_, i) => encodeOtlpProtobuf(createRealisticOtlpRequest(SPANS, i + 1)));
  let acknowledged = 0;
  let refused = 0;
  let sending = true;
  const url = `${server.otlpHttpUrl}/v1/traces`;
  const client = async (n: number): Promise<void> => {
    for (let i = n; sending; i++) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-protobuf' },
          body: bodies[i % bodies.length]!,
        });
        await res.arrayBuffer();
        if (res.status === 200) acknowledged += SPANS;
        else if (res.status === 503) refused++;
        else throw new Error(`unexpected status ${res.status}`);
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('unexpected')) throw err;
        return; // connection refused or reset: the server has stopped listening
      }
    }
  };
  const clients = Array.from({ length: 6 }, (_, i) => client(i));
  await new Promise((r) => setTimeout(r, 1500));
  assert.ok(acknowledged > 0, 'the server acknowledged spans before the signal');
  const exitCode = server.stop('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  sending = false;
  await Promise.all(clients);
  assert.equal(await exitCode, 0, server.logs());

  const stopped = server
    .logs()
    .split('\n')
    .filter((l) => l.includes('"ariadne stopped"'))
    .map((l) => JSON.parse(l) as { acceptedSpans: number; savedSpans: number; droppedSpans: number; drained: boolean });
  assert.equal(stopped.length, 1, server.logs());
  const totals = stopped[0]!;
  assert.equal(totals.drained, true);
  assert.equal(totals.acceptedSpans, acknowledged, 'server accepted exactly what clients saw acknowledged');
  assert.equal(totals.savedSpans, acknowledged, 'every acknowledged span was stored');
  assert.equal(totals.droppedSpans, 0);
});
