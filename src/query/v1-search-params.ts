/**
 * Parameters of the classic search `GET /api/traces`, checked in Jaeger's order and refused with Jaeger's messages:
 * `service` (required unless `traceID` is given), `operation`, `tag=key:value` and `tags={json}` (both repeatable),
 * `start`/`end` in µs (default: now − lookback … now), `minDuration`/`maxDuration` as Go durations, `limit` (default
 * 100), `traceID` (repeatable: turns the search into fetches by id), `raw`.
 * `lookback` is what the UI sends beside start/end and Jaeger ignores it; it is used only when `start` is missing.
 */
import { parseGoDuration } from '../config/index.js';
import { parseTraceId } from '../model/index.js';
import type { AttributeFilter, TraceQuery } from '../storage/api/index.js';
import { BadRequestError } from './bad-request.js';
import { parseGoBool, parseGoInt } from './go-strconv.js';
import { firstValue } from './query-string.js';
import { parseStringMapJson } from './string-map-param.js';

export const DEFAULT_SEARCH_LIMIT = 100;
const NS_PER_US = 1000n;

export interface V1SearchRequest {
  query: TraceQuery;
  /** 32-hex ids from `traceID`; when non-empty the request fetches these traces instead of searching. */
  traceIds: string[];
  raw: boolean;
  /** `start`/`end` when the caller gave them (ns): fetch hints for `traceIds`. */
  startHint: bigint | undefined;
  endHint: bigint | undefined;
}

export function parseV1Search(params: URLSearchParams, nowNs: bigint, defaultLookbackNs: bigint): V1SearchRequest {
  const endText = firstValue(params, 'end');
  const startText = firstValue(params, 'start');
  const end = endText === '' ? nowNs : parseMicros('end', endText);
  const start = startText === '' ? end - (uiLookbackNs(firstValue(params, 'lookback')) ?? defaultLookbackNs) : parseMicros('start', startText);
  const attributes = parseTags(params.getAll('tag'), params.getAll('tags'));
  const limit = parseLimit(firstValue(params, 'limit'));
  const minDuration = parseDurationParam(params, 'minDuration');
  const maxDuration = parseDurationParam(params, 'maxDuration');
  const traceIds = params.getAll('traceID').map(parseTraceIdParam);
  const rawText = firstValue(params, 'raw');
  const raw = rawText === '' ? false : unwrap('raw', parseGoBool(rawText));

  const serviceName = firstValue(params, 'service');
  if (traceIds.length === 0 && serviceName === '') throw new BadRequestError("parameter 'service' is required");
  if (limit <= 0) throw new BadRequestError('invalid parameter: limit must be greater than 0');
  if (start > end) throw new BadRequestError('invalid parameter: start time must be before end time');
  if (minDuration !== 0n && maxDuration !== 0n && maxDuration < minDuration) {
    throw new BadRequestError("'maxDuration' should be greater than 'minDuration'");
  }
  return {
    query: {
      serviceName,
      operationName: firstValue(params, 'operation'),
      attributes,
      startTimeMin: start,
      startTimeMax: end,
      durationMin: minDuration === 0n ? undefined : minDuration,
      durationMax: maxDuration === 0n ? undefined : maxDuration,
      searchDepth: limit,
    },
    traceIds,
    raw,
    startHint: startText === '' ? undefined : start,
    endHint: endText === '' ? undefined : end,
  };
}

function unwrap<T>(param: string, value: T | Error): T {
  if (value instanceof Error) throw new BadRequestError(`unable to parse param '${param}': ${value.message}`);
  return value;
}

function parseMicros(param: string, text: string): bigint {
  return unwrap(param, parseGoInt(text, 64)) * NS_PER_US;
}

function parseLimit(text: string): number {
  return text === '' ? DEFAULT_SEARCH_LIMIT : Number(unwrap('limit', parseGoInt(text, 32)));
}

function parseDurationParam(params: URLSearchParams, param: string): bigint {
  const text = firstValue(params, param);
  return text === '' ? 0n : unwrap(param, parseGoDuration(text));
}

function parseTraceIdParam(text: string): string {
  const id = parseTraceId(text);
  if (id === undefined) {
    throw new BadRequestError(`cannot parse traceID param: ${JSON.stringify(text)} is not a trace ID (1 to 32 hex digits, not all zero)`);
  }
  return id;
}

/** `tag=key:value` (the value may contain ':') then `tags={json}`; later keys win, as in Jaeger. */
function parseTags(simple: string[], json: string[]): AttributeFilter[] {
  const tags = new Map<string, string>();
  for (const tag of simple) {
    const colon = tag.indexOf(':');
    if (colon < 0) throw new BadRequestError(`malformed 'tag' parameter, expecting key:value, received: ${tag}`);
    tags.set(tag.slice(0, colon), tag.slice(colon + 1));
  }
  for (const text of json) {
    const entries = parseStringMapJson(text);
    if (entries instanceof Error) {
      throw new BadRequestError(`malformed 'tags' parameter, cannot unmarshal JSON: ${entries.message}`);
    }
    for (const [key, value] of entries) tags.set(key, value);
  }
  return [...tags].map(([key, value]) => ({ key, value }));
}

const UI_LOOKBACK_RE = /^(\d+)([dw])$/;

/** The UI's lookback (`1h`, `2d`, `1w`, a Go duration), or undefined for `custom`, '' or anything unreadable. */
export function uiLookbackNs(text: string): bigint | undefined {
  if (text === '' || text === 'custom') return undefined;
  const m = UI_LOOKBACK_RE.exec(text);
  if (m !== null) return BigInt(m[1]!) * (m[2] === 'd' ? 86_400n : 604_800n) * 1_000_000_000n;
  const d = parseGoDuration(text);
  return d instanceof Error ? undefined : d;
}
