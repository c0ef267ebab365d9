import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BadRequestError } from './bad-request.js';
import { parseV1Search, uiLookbackNs } from './v1-search-params.js';

const NOW = 1_700_000_000_000_000_000n;
const TWO_DAYS = 2n * 86_400n * 1_000_000_000n;
const parse = (qs: string) => parseV1Search(new URLSearchParams(qs), NOW, TWO_DAYS);

function refuses(qs: string, message: string): void {
  assert.throws(() => parse(qs), (err: unknown) => err instanceof BadRequestError && err.message === message, qs);
}

describe('parseV1Search', () => {
  test('defaults: end now, start two days back, limit 100, no durations, no tags', () => {
    const r = parse('service=frontend');
    assert.deepEqual(r.query, {
      serviceName: 'frontend',
      operationName: '',
      attributes: [],
      startTimeMin: NOW - TWO_DAYS,
      startTimeMax: NOW,
      durationMin: undefined,
      durationMax: undefined,
      searchDepth: 100,
    });
    assert.equal(r.raw, false);
    assert.deepEqual(r.traceIds, []);
  });

  test('every parameter as the UI sends them', () => {
    const r = parse(
      'service=frontend&operation=HTTP+GET&start=1485467191639875&end=1485467191739875&limit=20&lookback=1h' +
        '&minDuration=1m30s&maxDuration=1.5h&tags=' + encodeURIComponent('{"error":"true","http.status_code":"500"}') +
        '&tag=a:b:c&raw=true',
    );
    assert.equal(r.query.operationName, 'HTTP GET');
    assert.equal(r.query.startTimeMin, 1485467191639875000n);
    assert.equal(r.query.startTimeMax, 1485467191739875000n);
    assert.equal(r.query.searchDepth, 20);
    assert.equal(r.query.durationMin, 90_000_000_000n);
    assert.equal(r.query.durationMax, 5_400_000_000_000n);
    assert.deepEqual(r.query.attributes, [
      { key: 'a', value: 'b:c' },
      { key: 'error', value: 'true' },
      { key: 'http.status_code', value: '500' },
    ]);
    assert.equal(r.raw, true);
    assert.equal(r.startHint, 1485467191639875000n);
  });

  test('durations in every Go unit', () => {
    assert.equal(parse('service=s&minDuration=300ns').query.durationMin, 300n);
    assert.equal(parse('service=s&minDuration=50us').query.durationMin, 50_000n);
    assert.equal(parse('service=s&minDuration=50µs').query.durationMin, 50_000n);
    assert.equal(parse('service=s&minDuration=1.2ms').query.durationMin, 1_200_000n);
    assert.equal(parse('service=s&minDuration=2s').query.durationMin, 2_000_000_000n);
  });

  test('a lookback without start sets the window; with start it is ignored', () => {
    assert.equal(parse('service=s&lookback=1h').query.startTimeMin, NOW - 3_600_000_000_000n);
    assert.equal(parse('service=s&lookback=2d').query.startTimeMin, NOW - TWO_DAYS);
    assert.equal(parse('service=s&lookback=custom').query.startTimeMin, NOW - TWO_DAYS);
    assert.equal(parse('service=s&lookback=1h&start=5').query.startTimeMin, 5000n);
    assert.equal(uiLookbackNs('1w'), 7n * 86_400_000_000_000n);
    assert.equal(uiLookbackNs('junk'), undefined);
  });

  test('traceID turns the search into a multi-get and makes service optional', () => {
    const r = parse('traceID=abc&traceID=0AF7651916CD43DD8448EB211C80319C');
    assert.deepEqual(r.traceIds, ['00000000000000000000000000000abc', '0af7651916cd43dd8448eb211c80319c']);
    assert.equal(r.startHint, undefined);
  });

  test('malformed parameters are refused naming the parameter', () => {
    refuses('', "parameter 'service' is required");
    refuses('service=s&start=yesterday', `unable to parse param 'start': strconv.ParseInt: parsing "yesterday": invalid syntax`);
    refuses('service=s&end=1.5', `unable to parse param 'end': strconv.ParseInt: parsing "1.5": invalid syntax`);
    refuses('service=s&limit=ten', `unable to parse param 'limit': strconv.ParseInt: parsing "ten": invalid syntax`);
    refuses('service=s&limit=0', 'invalid parameter: limit must be greater than 0');
    refuses('service=s&start=10&end=5', 'invalid parameter: start time must be before end time');
    refuses('service=s&minDuration=10', `unable to parse param 'minDuration': invalid duration "10": expected a number followed by a unit (ns, us, ms, s, m, h)`);
    refuses('service=s&maxDuration=abc', `unable to parse param 'maxDuration': invalid duration "abc": expected a number followed by a unit (ns, us, ms, s, m, h)`);
    refuses('service=s&minDuration=2s&maxDuration=1s', "'maxDuration' should be greater than 'minDuration'");
    refuses('service=s&tag=novalue', "malformed 'tag' parameter, expecting key:value, received: novalue");
    refuses('service=s&tags=%7Bbad', `malformed 'tags' parameter, cannot unmarshal JSON: ${jsonError('{bad')}`);
    refuses('service=s&tags=%7B%22a%22%3A1%7D', `malformed 'tags' parameter, cannot unmarshal JSON: the value of "a" is 1, expected a string`);
    refuses('traceID=xyz', 'cannot parse traceID param: "xyz" is not a trace ID (1 to 32 hex digits, not all zero)');
    refuses('service=s&raw=maybe', `unable to parse param 'raw': strconv.ParseBool: parsing "maybe": invalid syntax`);
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  return '';
}
