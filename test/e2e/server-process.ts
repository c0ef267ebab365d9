/**
 * Starts the built `ariadne` binary as a child process on free ports and stops it with a signal, for end-to-end
 * tests and benchmarks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the compiled CLI (dist/src/cli/main.js), from dist/test/e2e/. */
export const CLI_PATH = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export interface ServerPorts {
  otlpGrpc: number;
  otlpHttp: number;
  query: number;
  admin: number;
  jaegerCompact: number;
  jaegerBinary: number;
  jaegerHttp: number;
  jaegerGrpc: number;
  zipkin: number;
  /** Remote sampling HTTP (5778 by default). */
  sampling: number;
}

export interface ServerProcess {
  ports: ServerPorts;
  child: ChildProcess;
  /** Everything the process wrote to stderr (its JSON logs) so far. */
  logs(): string;
  /** Base URL of the query service, e.g. http://127.0.0.1:16686. */
  queryUrl: string;
  otlpHttpUrl: string;
  adminUrl: string;
  /** Sends `signal` (default SIGTERM) and resolves with the exit code once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const held = await boundTcp();
  await held.close();
  return held.port;
}

/** A UDP port that was free a moment ago. */
export async function freeUdpPort(): Promise<number> {
  const held = await boundUdp();
  await held.close();
  return held.port;
}

export interface StartOptions {
  role?: string;
  /** Extra CLI arguments (e.g. ['--set', 'pipeline.queue_size=100']). */
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** How long to wait for /ready, ms. */
  readyTimeoutMs?: number;
  /** Data directory for persistent storage; a new temporary one by default. */
  dataDir?: string;
  /** A command the node process is started under, e.g. ['taskset', '-c', '1'] to pin it to one core. */
  wrapper?: string[];
}

/**
 * Ports for one server, all different: every socket stays bound until the last one is chosen, so the kernel cannot
 * hand the same port out twice (closing each at once lets a later `listen(0)` get an earlier port back).
 */
async function allocatePorts(): Promise<ServerPorts> {
  const tcp = await Promise.all(Array.from({ length: 8 }, () => boundTcp()));
  const udp = await Promise.all(Array.from({ length: 2 }, () => boundUdp()));
  const [otlpGrpc, otlpHttp, query, admin, jaegerHttp, jaegerGrpc, zipkin, sampling] = tcp.map((t) => t.port) as number[];
  const [jaegerCompact, jaegerBinary] = udp.map((u) => u.port) as number[];
  await Promise.all([...tcp, ...udp].map((s) => s.close()));
  return { otlpGrpc: otlpGrpc!, otlpHttp: otlpHttp!, query: query!, admin: admin!, jaegerCompact: jaegerCompact!,
    jaegerBinary: jaegerBinary!, jaegerHttp: jaegerHttp!, jaegerGrpc: jaegerGrpc!, zipkin: zipkin!, sampling: sampling! };
}

interface HeldPort {
  port: number;
  close(): Promise<void>;
}

function boundTcp(): Promise<HeldPort> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      resolve({ port, close: () => new Promise((r) => srv.close(() => r())) });
    });
  });
}

function boundUdp(): Promise<HeldPort> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      resolve({ port: socket.address().port, close: () => new Promise((r) => socket.close(() => r())) });
    });
  });
}

const running = new Set<ChildProcess>();
let killOnExit = false;

/**
 * A server a test forgot to stop (a failed assertion before its `stop()`) must not keep the test process alive, nor
 * outlive it: the child and its pipes do not hold the event loop, and whatever still runs when this process exits is
 * killed.
 */
function holdUntilStopped(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  child.unref();
  for (const stream of [child.stdout, child.stderr]) (stream as unknown as { unref?: () => void } | null)?.unref?.();
  if (!killOnExit) {
    killOnExit = true;
    process.once('exit', () => {
      for (const c of running) c.kill('SIGKILL');
    });
  }
}

/** How many times a start is retried on new ports when another process took one of them in the meantime. */
const PORT_RACE_ATTEMPTS = 3;

/**
 * Starts the server on free ports and waits until /ready answers 200. A start that fails only because a chosen port
 * was taken between choosing and binding (another process's outgoing connection, say) is retried on new ports.
 */
export async function startServer(options: StartOptions = {}): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options, await allocatePorts());
    } catch (err) {
      if (!(err instanceof PortTakenError) || attempt >= PORT_RACE_ATTEMPTS) throw err;
    }
  }
}

class PortTakenError extends Error {}

async function startOnce(options: StartOptions, ports: ServerPorts): Promise<ServerProcess> {
  const args = [
    CLI_PATH,
    options.role ?? 'all-in-one',
    '--otlp.grpc.port', String(ports.otlpGrpc),
    '--otlp.http.port', String(ports.otlpHttp),
    '--query.port', String(ports.query),
    '--admin.port', String(ports.admin),
    '--jaeger.thrift-compact.port', String(ports.jaegerCompact),
    '--jaeger.thrift-binary.port', String(ports.jaegerBinary),
    '--jaeger.thrift-http.port', String(ports.jaegerHttp),
    '--jaeger.grpc.port', String(ports.jaegerGrpc),
    '--zipkin.port', String(ports.zipkin),
    '--sampling.http.port', String(ports.sampling),
    '--log-level', 'info',
    // A fresh data directory per server: persistent backends never see another run's spans.
    '--data-dir', options.dataDir ?? mkdtempSync(join(tmpdir(), 'ariadne-e2e-')),
    ...(options.args ?? []),
  ];
  const [cmd, ...cmdArgs] = [...(options.wrapper ?? []), process.execPath, ...args] as [string, ...string[]];
  const child = spawn(cmd, cmdArgs, {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  holdUntilStopped(child);
  const adminUrl = `http://127.0.0.1:${ports.admin}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (child.exitCode !== null) {
      const message = `ariadne exited with ${child.exitCode} before it was ready:\n${stderr}`;
      throw /is already in use/.test(stderr) ? new PortTakenError(message) : new Error(message);
    }
    try {
      const res = await fetch(`${adminUrl}/ready`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`ariadne was not ready within the timeout:\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    ports,
    child,
    logs: () => stderr,
    queryUrl: `http://127.0.0.1:${ports.query}`,
    otlpHttpUrl: `http://127.0.0.1:${ports.otlpHttp}`,
    adminUrl,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      child.ref(); // waiting for the exit must keep this process alive
      return exited;
    },
  };
}
