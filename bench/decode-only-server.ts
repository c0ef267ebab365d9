/**
 * The OTLP/HTTP receiver with a sink that accepts and discards: the ceiling the ingest benchmark compares the real
 * server against (same receiver code, same decode, no queue and no storage).
 * Usage: node dist/bench/decode-only-server.js PORT
 */
import { Registry } from 'prom-client';
import { createOtlpHttpReceiver } from '../src/receivers/index.js';
import { createSilentLogger } from '../src/telemetry/index.js';

const port = Number(process.argv[2] ?? '0');
let spans = 0;
const receiver = createOtlpHttpReceiver({
  host: '127.0.0.1',
  port,
  sink: {
    accept(_batch, spanCount) {
      spans += spanCount;
      return { status: 'accepted' };
    },
  },
  logger: createSilentLogger(),
  registry: new Registry(),
  maxRequestBodyBytes: 20 * 1024 * 1024,
  cors: { allowedOrigins: [], allowedHeaders: [] },
});
await receiver.start();
process.stdout.write(`listening ${receiver.address().port}\n`);
// The benchmark asks for CPU time at the edges of its measured window: spans per CPU-second survive a busy machine.
process.on('SIGUSR2', () => {
  const u = process.cpuUsage();
  process.stdout.write(`cpu ${(u.user + u.system) / 1e6}\n`);
});
process.on('SIGTERM', () => {
  process.stdout.write(`decoded ${spans}\n`);
  void receiver.stop().then(() => process.exit(0));
});
