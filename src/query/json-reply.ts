/** JSON bodies for both APIs, with Jaeger's `prettyPrint` option (any value but '' and 'false'; 4-space indent). */
import type { FastifyReply } from 'fastify';
import { firstValue } from './query-string.js';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function wantsPrettyPrint(params: URLSearchParams): boolean {
  const v = firstValue(params, 'prettyPrint');
  return v !== '' && v !== 'false';
}

export function sendJson(reply: FastifyReply, status: number, body: unknown, pretty: boolean): FastifyReply {
  return reply
    .code(status)
    .type(JSON_CONTENT_TYPE)
    .send(pretty ? JSON.stringify(body, null, 4) : JSON.stringify(body));
}
