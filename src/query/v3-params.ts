/**
 * Parameters of the api_v3 HTTP routes (`/api/v3/traces`, `/api/v3/trace-summaries`, `/api/v3/traces/{id}`). Every
 * parameter is accepted under its canonical camelCase name and under the snake_case alias older Jaeger versions used
 * (`query.serviceName` / `query.service_name`, …); the canonical one wins when both are present. Malformed values are
 * refused as `malformed parameter <name as sent>: <reason>`.
 */
import { parseGoDuration } from '../config/index.js';
import type { TraceQuery } from '../storage/api/index.js';
import { BadRequestError } from './bad-request.js';
import { parseGoBool, parseGoUint } from './go-strconv.js';
import { resolveAlias } from './query-string.js';
import { parseRfc3339Nano } from './rfc3339.js';
import { parseStringMapJson } from './string-map-param.js';
import { DEFAULT_SEARCH_LIMIT } from './v1-search-params.js';

export interface V3SearchRequest {
  query: TraceQuery;
  raw: boolean;
}

export interface V3GetTraceRequest {
  startTimeUnixNano: bigint | undefined;
  endTimeUnixNano: bigint | undefined;
  raw: boolean;
}

type Names = readonly [string, ...string[]];
const P = {
  service: ['query.serviceName', 'query.service_name'],
  operation: ['query.operationName', 'query.operation_name'],
  timeMin: ['query.startTimeMin', 'query.start_time_min'],
  timeMax: ['query.startTimeMax', 'query.start_time_max'],
  searchDepth: ['query.searchDepth', 'query.search_depth', 'query.num_traces', 'query.numTraces'],
  durationMin: ['query.durationMin', 'query.duration_min'],
  durationMax: ['query.durationMax', 'query.duration_max'],
  raw: ['query.rawTraces', 'query.raw_traces'],
  attributes: ['query.attributes'],
  startTime: ['startTime', 'start_time'],
  endTime: ['endTime', 'end_time'],
  rawTraces: ['rawTraces', 'raw_traces'],
} as const satisfies Record<string, Names>;

export function parseV3Search(params: URLSearchParams): V3SearchRequest {
  const timeMin = optional(params, P.timeMin, parseRfc3339Nano);
  const timeMax = optional(params, P.timeMax, parseRfc3339Nano);
  if (timeMin === undefined || timeMax === undefined) {
    throw new BadRequestError(`${P.timeMin[0]} and ${P.timeMax[0]} are required`);
  }
  const depth = optional(params, P.searchDepth, (s) => parseGoUint(s, 32));
  const durationMin = optional(params, P.durationMin, parseGoDuration);
  const durationMax = optional(params, P.durationMax, parseGoDuration);
  const raw = optional(params, P.raw, parseGoBool) ?? false;
  const attrs = optional(params, P.attributes, parseStringMapJson) ?? [];
  if (timeMin > timeMax) throw new BadRequestError(`${P.timeMin[0]} must not be after ${P.timeMax[0]}`);
  if (durationMin !== undefined && durationMax !== undefined && durationMax < durationMin) {
    throw new BadRequestError(`${P.durationMax[0]} must not be less than ${P.durationMin[0]}`);
  }
  return {
    query: {
      serviceName: resolveAlias(params, P.service).value,
      operationName: resolveAlias(params, P.operation).value,
      attributes: attrs.map(([key, value]) => ({ key, value })),
      startTimeMin: timeMin,
      startTimeMax: timeMax,
      durationMin: durationMin === 0n ? undefined : durationMin,
      durationMax: durationMax === 0n ? undefined : durationMax,
      searchDepth: depth === undefined || depth === 0n ? DEFAULT_SEARCH_LIMIT : Number(depth),
    },
    raw,
  };
}

export function parseV3GetTrace(params: URLSearchParams): V3GetTraceRequest {
  return {
    startTimeUnixNano: optional(params, P.startTime, parseRfc3339Nano),
    endTimeUnixNano: optional(params, P.endTime, parseRfc3339Nano),
    raw: optional(params, P.rawTraces, parseGoBool) ?? false,
  };
}

/** The parsed value of the first present alias, undefined when none is set; a malformed value is a 400. */
function optional<T>(params: URLSearchParams, names: Names, parse: (text: string) => T | Error): T | undefined {
  const { value, name } = resolveAlias(params, names);
  if (value === '') return undefined;
  const parsed = parse(value);
  if (parsed instanceof Error) throw new BadRequestError(`malformed parameter ${name}: ${parsed.message}`);
  return parsed;
}
