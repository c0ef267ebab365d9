import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BadRequestError } from './bad-request.js';
import { parseV3GetTrace, parseV3Search } from './v3-params.js';

const parse = (qs: string) => parseV3Search(new URLSearchParams(qs));
const TIMES = 'query.startTimeMin=2017-01-26T21:46:31Z&query.startTimeMax=2017-01-26T21:46:32.5Z';

function refuses(qs: string, message: string): void {
  assert.throws(() => parse(qs), (err: unknown) => err instanceof BadRequestError && err.message === message, qs);
}

describe('parseV3Search', () => {
  test('canonical camelCase names', () => {
    const r = parse(
      `query.serviceName=frontend&query.operationName=GET&${TIMES}&query.durationMin=100ms&query.durationMax=1.2s` +
        `&query.searchDepth=20&query.rawTraces=true&query.attributes=${encodeURIComponent('{"error":"true"}')}`,
    );
    assert.deepEqual(r.query, {
      serviceName: 'frontend',
      operationName: 'GET',
      attributes: [{ key: 'error', value: 'true' }],
      startTimeMin: 1485467191000000000n,
      startTimeMax: 1485467192500000000n,
      durationMin: 100_000_000n,
      durationMax: 1_200_000_000n,
      searchDepth: 20,
    });
    assert.equal(r.raw, true);
  });

  test('snake_case aliases, num_traces, and the canonical name winning over an alias', () => {
    const r = parse(
      'query.service_name=a&query.serviceName=b&query.operation_name=op&query.start_time_min=2017-01-26T21:46:31Z' +
        '&query.start_time_max=2017-01-26T21:46:32Z&query.duration_min=1ms&query.num_traces=7&query.raw_traces=1',
    );
    assert.equal(r.query.serviceName, 'b');
    assert.equal(r.query.operationName, 'op');
    assert.equal(r.query.durationMin, 1_000_000n);
    assert.equal(r.query.searchDepth, 7);
    assert.equal(r.raw, true);
  });

  test('defaults: search depth 100, any service', () => {
    const r = parse(TIMES);
    assert.equal(r.query.searchDepth, 100);
    assert.equal(r.query.serviceName, '');
  });

  test('refusals name the parameter as sent', () => {
    refuses('query.serviceName=a', 'query.startTimeMin and query.startTimeMax are required');
    refuses(
      'query.start_time_min=yesterday&query.startTimeMax=2017-01-26T21:46:32Z',
      'malformed parameter query.start_time_min: parsing time "yesterday": expected RFC 3339, e.g. 2024-05-01T12:30:00.123456789Z',
    );
    refuses(`${TIMES}&query.search_depth=-1`, 'malformed parameter query.search_depth: strconv.ParseUint: parsing "-1": invalid syntax');
    refuses(`${TIMES}&query.durationMin=fast`, 'malformed parameter query.durationMin: invalid duration "fast": expected a number followed by a unit (ns, us, ms, s, m, h)');
    refuses(`${TIMES}&query.durationMin=2s&query.durationMax=1s`, 'query.durationMax must not be less than query.durationMin');
    refuses(`${TIMES}&query.attributes=%5B%5D`, 'malformed parameter query.attributes: expected a JSON object of strings, got an array');
    refuses(
      'query.startTimeMin=2017-01-26T21:46:32Z&query.startTimeMax=2017-01-26T21:46:31Z',
      'query.startTimeMin must not be after query.startTimeMax',
    );
  });
});

test('parseV3GetTrace reads times and raw under both spellings', () => {
  assert.deepEqual(parseV3GetTrace(new URLSearchParams('start_time=1970-01-01T00:00:01Z&rawTraces=true')), {
    startTimeUnixNano: 1_000_000_000n,
    endTimeUnixNano: undefined,
    raw: true,
  });
  assert.throws(() => parseV3GetTrace(new URLSearchParams('raw_traces=nope')), /malformed parameter raw_traces/);
});
