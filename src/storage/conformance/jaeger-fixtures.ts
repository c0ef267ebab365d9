/**
 * Jaeger's storage integration fixtures (queries.json and OTLP/JSON traces), read at run time from outside the repo
 * and prepared as its README says: dates moved so that 2017-01-26 becomes yesterday (UTC) and 2017-01-25 the day
 * before, times of day kept, in traces and query windows alike; durations in ns with 0 unset; typed tag values as
 * strings.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TraceBatch } from '../../model/index.js';
import { decodeOtlpJson } from '../../translate/otlp/index.js';
import type { AttributeFilter, TraceQuery } from '../api/index.js';

export interface JaegerQueryCase {
  caption: string;
  query: TraceQuery;
  expectedFixtures: string[];
}

const NS_PER_DAY = 86_400n * 1_000_000_000n;
const FIXTURE_DAY = Date.UTC(2017, 0, 26) / 86_400_000;

/** The folder to read: `override`, else env `ARIADNE_JAEGER_FIXTURES`, else `<repo>/../shared/conformance/jaeger-storage-fixtures`. */
export function jaegerFixturesDir(override?: string): string {
  if (override !== undefined) return resolve(override);
  const fromEnv = process.env['ARIADNE_JAEGER_FIXTURES'];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv);
  // This file runs from dist/src/storage/conformance/: the repository root is four levels up.
  const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
  return resolve(repoRoot, '../shared/conformance/jaeger-storage-fixtures');
}

export function hasJaegerFixtures(dir: string): boolean {
  return existsSync(resolve(dir, 'queries.json')) && existsSync(resolve(dir, 'traces'));
}

/** The shift that moves 2017-01-26 to yesterday (UTC), in ns. */
export function fixtureDateShift(now: Date = new Date()): bigint {
  const today = Math.floor(now.getTime() / 86_400_000);
  return BigInt(today - 1 - FIXTURE_DAY) * NS_PER_DAY;
}

export function loadJaegerQueryCases(dir: string, shift: bigint): JaegerQueryCase[] {
  const raw = JSON.parse(readFileSync(resolve(dir, 'queries.json'), 'utf8')) as unknown;
  if (!Array.isArray(raw)) throw new Error(`${dir}/queries.json is not an array of cases`);
  return raw.map((c: RawCase, i) => {
    const q = c.Query;
    if (q === undefined) throw new Error(`${dir}/queries.json case ${i} has no Query`);
    return {
      caption: c.Caption ?? `case ${i + 1}`,
      expectedFixtures: c.ExpectedFixtures ?? [],
      query: {
        serviceName: q.ServiceName ?? '',
        operationName: q.OperationName ?? '',
        attributes: tagsToFilters(q.Tags),
        startTimeMin: shiftedTime(q.StartTimeMin, shift),
        startTimeMax: shiftedTime(q.StartTimeMax, shift),
        durationMin: q.DurationMin ? BigInt(q.DurationMin) : undefined,
        durationMax: q.DurationMax ? BigInt(q.DurationMax) : undefined,
        searchDepth: q.NumTraces ?? 100,
      },
    };
  });
}

/** Decodes `traces/<name>.json` and shifts its dates; a fresh batch on every call. */
export function loadJaegerFixtureTrace(dir: string, name: string, shift: bigint): TraceBatch {
  const path = resolve(dir, 'traces', `${name}.json`);
  const result = decodeOtlpJson(readFileSync(path));
  if (!result.ok) throw new Error(`${path}: ${result.error}`);
  if (result.rejectedSpans > 0) throw new Error(`${path}: ${result.rejectionMessage}`);
  shiftBatch(result.batch, shift);
  return result.batch;
}

function shiftBatch(batch: TraceBatch, shift: bigint): void {
  for (const rs of batch.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        span.startTimeUnixNano += shift;
        span.endTimeUnixNano += shift;
        for (const e of span.events) e.timeUnixNano += shift;
      }
    }
  }
}

interface RawCase {
  Caption?: string;
  Query?: {
    ServiceName?: string;
    OperationName?: string;
    Tags?: Record<string, unknown> | null;
    StartTimeMin?: string;
    StartTimeMax?: string;
    DurationMin?: number;
    DurationMax?: number;
    NumTraces?: number;
  };
  ExpectedFixtures?: string[] | null;
}

/** Typed JSON tag values as the strings a search compares: 123 → "123", 72.5 → "72.5", true → "true". */
function tagsToFilters(tags: Record<string, unknown> | null | undefined): AttributeFilter[] {
  if (tags === null || tags === undefined) return [];
  return Object.entries(tags).map(([key, value]) => ({ key, value: String(value) }));
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/;

/** An RFC 3339 UTC time with up to ns precision, shifted; undefined for Go's zero time. */
function shiftedTime(text: string | undefined, shift: bigint): bigint | undefined {
  if (text === undefined || text.startsWith('0001-01-01')) return undefined;
  const m = RFC3339.exec(text);
  if (m === null) throw new Error(`unsupported time ${JSON.stringify(text)} in queries.json`);
  const ms = Date.parse(`${m[1]}Z`);
  const fraction = BigInt((m[2] ?? '').padEnd(9, '0'));
  return BigInt(ms) * 1_000_000n + fraction + shift;
}
