/**
 * A closed-loop HTTP load generator: `connections` keep-alive connections each POST one body after another for a fixed
 * time. Bodies come from `nextBody()` so every request can carry fresh trace ids.
 */
import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  acknowledgedSpans: number;
  refusedRequests: number;
  failedRequests: number;
  seconds: number;
  latenciesMs: number[];
}

export interface LoadOptions {
  url: string;
  connections: number;
  durationMs: number;
  spansPerBody: number;
  contentType: string;
  nextBody: () => Buffer;
}

export async function runHttpLoad(options: LoadOptions): Promise<LoadResult> {
  const target = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const result: LoadResult = {
    requests: 0,
    acknowledgedSpans: 0,
    refusedRequests: 0,
    failedRequests: 0,
    seconds: 0,
    latenciesMs: [],
  };
  const started = performance.now();
  const endAt = started + options.durationMs;

  const postOnce = (body: Buffer): Promise<number> =>
    new Promise((resolve) => {
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          agent,
          headers: { 'Content-Type': options.contentType, 'Content-Length': body.length },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(body);
    });

  const worker = async (): Promise<void> => {
    while (performance.now() < endAt) {
      const t0 = performance.now();
      const status = await postOnce(options.nextBody());
      result.latenciesMs.push(performance.now() - t0);
      result.requests++;
      if (status === 200) result.acknowledgedSpans += options.spansPerBody;
      else if (status === 503 || status === 429) {
        result.refusedRequests++;
        await new Promise((r) => setTimeout(r, 5));
      } else result.failedRequests++;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  result.seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return result;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
