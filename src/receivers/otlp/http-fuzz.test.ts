import assert from 'node:assert/strict';
import { Agent } from 'node:http';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { Registry } from 'prom-client';
import { createSilentLogger } from '../../telemetry/index.js';
import { createRecordingSink } from '../recording-sink.js';
import { createOtlpHttpReceiver } from './http-receiver.js';
import { sendRaw } from './http-test-client.js';
import { captureExporterBody, makeSdkSpans } from './sdk-span-fixture.js';

const SPAN_FIELDS = [
  'traceId',
  'spanId',
  'parentSpanId',
  'name',
  'kind',
  'startTimeUnixNano',
  'endTimeUnixNano',
  'attributes',
  'events',
  'links',
  'status',
  'flags',
] as const;

describe('OTLP/HTTP receiver under fuzzed bodies', () => {
  const sink = createRecordingSink();
  const receiver = createOtlpHttpReceiver({ host: '127.0.0.1', port: 0, sink, logger: createSilentLogger(), registry: new Registry() });
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const bodies: Record<'protobuf' | 'json', Buffer> = { protobuf: Buffer.alloc(0), json: Buffer.alloc(0) };
  let port = 0;

  before(async () => {
    await receiver.start();
    port = receiver.address().port;
    const spans = makeSdkSpans();
    bodies.protobuf = await captureExporterBody('protobuf', spans);
    bodies.json = await captureExporterBody('json', spans);
  });
  after(async () => {
    agent.destroy();
    await receiver.stop();
  });

  const post = async (format: 'protobuf' | 'json', body: Uint8Array): Promise<number> => {
    const type = format === 'protobuf' ? 'application/x-protobuf' : 'application/json';
    const res = await sendRaw(port, { agent, headers: { 'Content-Type': type }, body });
    return res.status;
  };

  /** Real exporter bytes with a few bytes overwritten: mostly-valid input reaches deep into the decoders. */
  const mutatedRealBody = fc
    .tuple(
      fc.constantFrom('protobuf' as const, 'json' as const),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      fc.option(fc.nat(), { nil: undefined }),
    )
    .map(([format, edits, cut]) => {
      const body = Buffer.from(bodies[format]);
      for (const [pos, byte] of edits) body[pos % body.length] = byte;
      return { format, body: cut === undefined ? body : body.subarray(0, cut % body.length) };
    });

  /** OTLP-shaped JSON whose span fields hold arbitrary JSON values. */
  const shapedJson = fc
    .array(fc.dictionary(fc.constantFrom(...SPAN_FIELDS), fc.jsonValue({ maxDepth: 3 })), { maxLength: 4 })
    .map((spans) => ({
      format: 'json' as const,
      body: Buffer.from(JSON.stringify({ resourceSpans: [{ resource: {}, scopeSpans: [{ scope: {}, spans }] }] })),
    }));

  const randomBytes = fc
    .tuple(fc.constantFrom('protobuf' as const, 'json' as const), fc.uint8Array({ maxLength: 2048 }))
    .map(([format, body]) => ({ format, body }));

  test('any body gets 200 or 400, and the server keeps serving', async () => {
    const seen = { 200: 0, 400: 0 };
    await fc.assert(
      fc.asyncProperty(fc.oneof(randomBytes, mutatedRealBody, shapedJson), async ({ format, body }) => {
        const status = await post(format, body);
        assert.ok(status === 200 || status === 400, `status ${status} for a ${format} body of ${body.length} bytes`);
        seen[status]++;
      }),
      { numRuns: 300 },
    );
    // Both outcomes must occur, or the generators are not reaching past the first check of the decoders.
    assert.ok(seen[200] > 20 && seen[400] > 20, `200: ${seen[200]}, 400: ${seen[400]}`);
    assert.equal(await post('protobuf', bodies.protobuf), 200);
    assert.equal(await post('json', bodies.json), 200);
  });
});
