/**
 * End to end: the built `ariadne agent` as its own process in front of a built all-in-one. Spans go in over Jaeger
 * UDP (jaeger-client on 6832, a compact-protocol batch written with the `thrift` library on 6831), travel as OTLP/gRPC
 * to the all-in-one and come out of its query API with the agent's tags. SIGTERM under load loses nothing the agent
 * received; with the collector down, losses are counted by reason, never silent.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { jaegerClient } from '../../src/translate/jaeger-thrift/testing/jaeger-client-capture.js';
import { encodeEmitBatch, TagType, type ThriftSpan } from '../../src/translate/jaeger-thrift/testing/jaeger-thrift-writer.js';
import { freePort, startServer, type ServerProcess } from './server-process.js';

interface JaegerTag {
  key: string;
  value: unknown;
}
interface JaegerTrace {
  traceID: string;
  spans: Array<{ spanID: string; operationName: string; tags: JaegerTag[]; processID: string }>;
  processes: Record<string, { serviceName: string; tags: JaegerTag[] }>;
}

let collector: ServerProcess;
const quietLogger = { info() {}, error() {} };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startAgent(collectorTarget: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  return startServer({
    role: 'agent',
    args: ['--reporter.grpc.host-port', collectorTarget, ...args],
    env,
  });
}

async function searchTraces(service: string): Promise<JaegerTrace[]> {
  const res = await fetch(`${collector.queryUrl}/api/traces?service=${service}&limit=10000&lookback=1h`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { data: JaegerTrace[] }).data;
}

async function waitForTrace(traceId: string, spanCount: number): Promise<JaegerTrace> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${collector.queryUrl}/api/traces/${traceId}`);
    if (res.status === 200) {
      const t = ((await res.json()) as { data: JaegerTrace[] }).data[0]!;
      if (t.spans.length >= spanCount) return t;
    } else await res.body?.cancel();
    await sleep(50);
  }
  throw new Error(`trace ${traceId} did not reach the collector`);
}

/** Sum of a counter or gauge on a process's /metrics, over the series whose labels contain `labels`. */
async function metric(server: ServerProcess, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${server.adminUrl}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (labels !== '' && !line.includes(labels)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** The fields of the agent's final "ariadne stopped" log line. */
function stoppedSummary(server: ServerProcess): { drained: boolean; acceptedSpans: number; savedSpans: number; droppedSpans: number } {
  const line = server.logs().split('\n').find((l) => l.includes('"msg":"ariadne stopped"'));
  assert.ok(line, `no "ariadne stopped" line in:\n${server.logs()}`);
  return JSON.parse(line) as { drained: boolean; acceptedSpans: number; savedSpans: number; droppedSpans: number };
}

/** `count` compact-protocol emitBatch datagrams of `spansEach` spans, each datagram its own trace. */
function compactDatagrams(service: string, count: number, spansEach: number): { datagrams: Buffer[]; spanIds: Set<string> } {
  const datagrams: Buffer[] = [];
  const spanIds = new Set<string>();
  const nowUs = BigInt(Date.now()) * 1000n;
  for (let d = 0; d < count; d++) {
    const traceIdHigh = BigInt(`0x${randomBytes(7).toString('hex')}`);
    const traceIdLow = BigInt(`0x${randomBytes(7).toString('hex')}`);
    const spans: ThriftSpan[] = [];
    for (let s = 0; s < spansEach; s++) {
      const spanId = BigInt(`0x${randomBytes(7).toString('hex')}`) + 1n;
      spanIds.add(spanId.toString(16).padStart(16, '0'));
      spans.push({
        traceIdLow, traceIdHigh, spanId, parentSpanId: 0n, operationName: `op-${s}`, flags: 1,
        startTime: nowUs + BigInt(s), duration: 100n, tags: [{ key: 'n', vType: TagType.LONG, vLong: BigInt(d) }],
      });
    }
    datagrams.push(encodeEmitBatch({ process: { serviceName: service }, spans }, 'compact', { method: 'emitBatch', type: 4 }));
  }
  return { datagrams, spanIds };
}

/** Sends datagrams at a steady pace (a burst of `perTick` every millisecond or so) so the local socket keeps up. */
async function sendPaced(port: number, datagrams: Buffer[], perTick = 20): Promise<void> {
  const socket = createSocket('udp4');
  try {
    for (let i = 0; i < datagrams.length; i++) {
      await new Promise<void>((resolve, reject) => socket.send(datagrams[i]!, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
      if (i % perTick === perTick - 1) await sleep(2);
    }
  } finally {
    socket.close();
  }
}

async function waitForStable(read: () => Promise<number>, target: number, timeoutMs = 5_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  for (;;) {
    const v = await read();
    if (v >= target || (v === last && Date.now() > deadline)) return v;
    last = v;
    await sleep(100);
  }
}

describe('agent role, as its own process in front of an all-in-one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ariadne-agent-e2e-'));
  before(async () => {
    const strategies = join(dir, 'strategies.json');
    writeFileSync(strategies, JSON.stringify({ service_strategies: [{ service: 'agent-e2e-client', type: 'ratelimiting', param: 5 }] }));
    collector = await startServer({ args: ['--storage', 'memory', '--sampling.strategies-file', strategies] });
  });
  after(async () => {
    await collector.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('jaeger-client (UDP binary) and a thrift compact batch arrive in storage with the agent tags', async () => {
    const agent = await startAgent(
      `127.0.0.1:${collector.ports.otlpGrpc}`,
      [
        '--agent.tags', 'pod.name=${POD_NAME:unknown},node.name=${NODE_NAME:no-node},cluster=e2e',
        '--set', `agent.sampling.collector_url=http://127.0.0.1:${collector.ports.jaegerHttp}/api/sampling`,
      ],
      { POD_NAME: 'shop-5d8f', NODE_NAME: '' },
    );
    try {
      const tracer = jaegerClient.initTracer(
        {
          serviceName: 'agent-e2e-client',
          sampler: { type: 'const', param: 1 },
          reporter: { agentHost: '127.0.0.1', agentPort: agent.ports.jaegerBinary, flushIntervalMs: 60_000 },
        },
        { logger: quietLogger, traceId128bit: true },
      );
      const parent = tracer.startSpan('checkout');
      parent.setTag('cart.items', 3);
      tracer.startSpan('charge', { childOf: parent }).finish();
      parent.finish();
      await new Promise<void>((resolve) => tracer.close(resolve));
      const clientTrace = await waitForTrace(parent.context().toTraceId().padStart(32, '0'), 2);
      assert.deepEqual(clientTrace.spans.map((s) => s.operationName).sort(), ['charge', 'checkout']);
      const process = clientTrace.processes[clientTrace.spans[0]!.processID]!;
      assert.equal(process.serviceName, 'agent-e2e-client');
      const tags = Object.fromEntries(process.tags.map((t) => [t.key, t.value]));
      assert.equal(tags['pod.name'], 'shop-5d8f');
      assert.equal(tags['node.name'], 'no-node');
      assert.equal(tags['cluster'], 'e2e');
      assert.equal(tags['opencensus.exporterversion'], 'Jaeger-Node-3.19.0', 'the client process tags are kept');

      const { datagrams, spanIds } = compactDatagrams('agent-e2e-compact', 1, 3);
      await sendPaced(agent.ports.jaegerCompact, datagrams);
      for (let i = 0; i < 100 && (await searchTraces('agent-e2e-compact')).length === 0; i++) await sleep(50);
      const [compactTrace] = await searchTraces('agent-e2e-compact');
      assert.deepEqual(new Set(compactTrace!.spans.map((s) => s.spanID)), spanIds);
      assert.equal(await metric(agent, 'ariadne_agent_spans_forwarded_total'), 5);
      assert.equal(await metric(agent, 'ariadne_agent_batches_failed_total'), 0);

      // Remote sampling through the agent: the collector's strategy for the service, byte for byte.
      const viaAgent = await fetch(`http://127.0.0.1:${agent.ports.sampling}/sampling?service=agent-e2e-client`);
      const fromCollector = await fetch(`http://127.0.0.1:${collector.ports.jaegerHttp}/api/sampling?service=agent-e2e-client`);
      assert.equal(viaAgent.status, 200);
      const body = await viaAgent.text();
      assert.equal(body, await fromCollector.text());
      assert.deepEqual(JSON.parse(body), { strategyType: 'RATE_LIMITING', rateLimitingSampling: { maxTracesPerSecond: 5 } });
    } finally {
      assert.equal(await agent.stop(), 0);
    }
  });

  test('SIGTERM under load: every span the agent received is in storage after its drain', async () => {
    const agent = await startAgent(`127.0.0.1:${collector.ports.otlpGrpc}`, [
      '--set', 'agent.send_timeout=1s', '--set', 'agent.max_batch_spans=200', '--shutdown.timeout', '20s',
    ]);
    const { datagrams, spanIds } = compactDatagrams('agent-e2e-drain', 300, 10);
    // The collector freezes: the agent's queue fills and its exports time out and are retried.
    collector.child.kill('SIGSTOP');
    let resumed = false;
    try {
      await sendPaced(agent.ports.jaegerCompact, datagrams.slice(0, 250));
      const sending = sendPaced(agent.ports.jaegerCompact, datagrams.slice(250), 5);
      await sleep(20);
      const exited = agent.stop('SIGTERM');
      await sending;
      // Frozen past the agent's 1 s grace and its 1 s send deadline: the drain itself has to retry.
      await sleep(1_800);
      collector.child.kill('SIGCONT');
      resumed = true;
      assert.equal(await exited, 0, `the agent did not drain:\n${agent.logs().slice(-2000)}`);
    } finally {
      if (!resumed) collector.child.kill('SIGCONT');
    }
    assert.match(agent.logs(), /DEADLINE_EXCEEDED.*storage write failed; retrying/);
    const summary = stoppedSummary(agent);
    assert.equal(summary.drained, true);
    assert.equal(summary.droppedSpans, 0);
    assert.equal(summary.savedSpans, summary.acceptedSpans);
    // Datagrams sent until just after SIGTERM were still received (agent.shutdown_grace, 1 s by default).
    assert.equal(summary.acceptedSpans, 3_000);
    const found = new Set<string>();
    for (const t of await searchTraces('agent-e2e-drain')) for (const s of t.spans) found.add(s.spanID);
    for (const id of found) assert.ok(spanIds.has(id), `unexpected span ${id}`);
    assert.equal(found.size, summary.acceptedSpans, 'every span the agent accepted is in storage');
  });

  test('agent.transcode_threads=2: compact datagrams transcoded on two worker threads reach storage with the agent tags', async () => {
    const agent = await startAgent(`127.0.0.1:${collector.ports.otlpGrpc}`, ['--set', 'agent.transcode_threads=2', '--agent.tags', 'cluster=threaded']);
    const { datagrams, spanIds } = compactDatagrams('agent-e2e-threaded', 50, 10);
    await sendPaced(agent.ports.jaegerCompact, datagrams);
    assert.equal(await agent.stop(), 0);
    assert.equal(stoppedSummary(agent).savedSpans, 500, agent.logs().slice(-2000));
    const traces = await searchTraces('agent-e2e-threaded');
    const found = new Set<string>();
    for (const t of traces) {
      for (const s of t.spans) found.add(s.spanID);
      for (const p of Object.values(t.processes)) assert.ok(p.tags.some((tag) => tag.key === 'cluster' && tag.value === 'threaded'), JSON.stringify(p.tags));
    }
    assert.deepEqual(found, spanIds);
  });

  test('collector down: once the queue is full, spans are dropped and counted by reason; SIGTERM reports the rest', async () => {
    const nobody = `127.0.0.1:${await freePort()}`;
    const samplingUrl = `http://127.0.0.1:${await freePort()}/api/sampling`;
    const agent = await startAgent(nobody, [
      '--set', 'agent.queue_size=200', '--set', 'agent.send_timeout=300ms', '--shutdown.timeout', '1s',
      '--set', `agent.sampling.collector_url=${samplingUrl}`,
    ]);
    const { datagrams } = compactDatagrams('agent-e2e-down', 60, 10);
    await sendPaced(agent.ports.jaegerCompact, datagrams);
    const received = await waitForStable(() => metric(agent, 'ariadne_agent_spans_received_total'), 600);
    assert.ok(received >= 500, `received ${received} of 600`);
    assert.equal(await metric(agent, 'ariadne_agent_spans_dropped_total', 'reason="queue_full"'), received - 200);
    assert.equal(await metric(agent, 'ariadne_receiver_udp_spans_dropped_total', 'reason="queue_full"'), received - 200);
    // The first export waits up to agent.batch_timeout for a fuller request, then fails against the missing collector.
    const failed = await waitForStable(() => metric(agent, 'ariadne_agent_batches_failed_total', `collector="${nobody}",code="UNAVAILABLE"`), 1);
    assert.ok(failed >= 1, `${failed} failed export calls`);
    assert.equal(await metric(agent, 'ariadne_agent_spans_forwarded_total'), 0);

    // Sampling requests fail clearly too: 503 naming the collector URL, so clients keep their strategy and retry.
    const sampling = await fetch(`http://127.0.0.1:${agent.ports.sampling}/sampling?service=x`);
    assert.equal(sampling.status, 503);
    assert.ok((await sampling.text()).includes(`cannot reach the collector's sampling endpoint ${samplingUrl}`));

    assert.equal(await agent.stop(), 1, 'exit code 1: the drain deadline passed with spans still queued');
    const summary = stoppedSummary(agent);
    assert.equal(summary.drained, false);
    assert.equal(summary.acceptedSpans, 200);
    assert.equal(summary.droppedSpans, 200);
    assert.match(agent.logs(), /shutdown deadline reached before the queue drained/);
  });
});
