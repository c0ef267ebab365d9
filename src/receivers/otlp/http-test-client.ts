/**
 * A bare HTTP client for receiver tests that need to send what real exporters never send (garbage, wrong methods,
 * endless uploads), and a minimal OTLP/JSON body. Each request uses its own connection unless an agent is given.
 */
import { request, type Agent, type ClientRequest, type IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string | number>;
  /** Bytes to send, or a function that writes (and ends) the body itself. */
  body?: Uint8Array | string | ((req: ClientRequest) => void);
  agent?: Agent;
}

/** Resolves with the response; errors after the response started (the server closing an upload early) are ignored. */
export function sendRaw(port: number, r: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    let responded = false;
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: r.method ?? 'POST',
        path: r.path ?? '/v1/traces',
        headers: r.headers ?? {},
        agent: r.agent ?? false,
      },
      (res) => {
        responded = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', (err) => {
      if (!responded) reject(err);
    });
    const body = r.body;
    if (typeof body === 'function') body(req);
    else req.end(body);
  });
}

/** The `message` of a JSON google.rpc.Status body. */
export function jsonStatusMessage(res: RawResponse): string {
  const parsed = JSON.parse(res.body.toString('utf8')) as { message?: unknown };
  return typeof parsed.message === 'string' ? parsed.message : '';
}

/** One valid span in OTLP/JSON. */
export function validJsonRequest(spanId = '00f067aa0ba902b7', traceId = '4bf92f3577b34da6a3ce929d0e0e4736'): unknown {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'raw' } }] },
        scopeSpans: [
          {
            scope: { name: 'raw-test' },
            spans: [
              {
                traceId,
                spanId,
                name: 'raw span',
                kind: 2,
                startTimeUnixNano: '1700000000000000000',
                endTimeUnixNano: '1700000000001000000',
              },
            ],
          },
        ],
      },
    ],
  };
}
