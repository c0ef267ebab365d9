import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs/minimal.js';
import { decodeOtlpProtobuf } from './decode-protobuf.js';
import type { OtlpDecodeResult } from './decode-result.js';

const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const SPAN_ID = 'eee19b7ec3c1b174';

type Writer = protobuf.Writer;
/** Hand-encodes protobuf: `field(w, n, wireType)` writes a tag; `nested(w, n, body)` a length-delimited message. */
const field = (w: Writer, n: number, wireType: number): Writer => w.uint32((n << 3) | wireType);
function nested(w: Writer, n: number, body: (w: Writer) => void): Writer {
  field(w, n, 2).fork();
  body(w);
  return w.ldelim();
}
const hex = (s: string): Uint8Array => Buffer.from(s, 'hex');
function fixed64(w: Writer, n: number, v: bigint): Writer {
  return field(w, n, 1).fixed32(Number(v & 0xffffffffn)).fixed32(Number(v >> 32n));
}
/** The bytes of an AnyValue{ int_value } message, varint written by hand (negatives take ten bytes). */
function intAnyValue(v: bigint): Uint8Array {
  const bytes = [(3 << 3) | 0];
  let u = BigInt.asUintN(64, v);
  while (u >= 0x80n) {
    bytes.push(Number(u & 0x7fn) | 0x80);
    u >>= 7n;
  }
  bytes.push(Number(u));
  return new Uint8Array(bytes);
}
/** An ExportTraceServiceRequest with one resource, one scope and the given span bodies. */
function request(...spans: ((w: Writer) => void)[]): Uint8Array {
  const w = protobuf.Writer.create();
  nested(w, 1, (w) =>
    nested(w, 2, (w) => {
      for (const span of spans) nested(w, 2, span);
    }),
  );
  return w.finish();
}
function ids(w: Writer, traceId = TRACE_ID, spanId = SPAN_ID): void {
  field(w, 1, 2).bytes(hex(traceId));
  field(w, 2, 2).bytes(hex(spanId));
}
function ok(r: OtlpDecodeResult): Extract<OtlpDecodeResult, { ok: true }> {
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r;
}
function failure(r: OtlpDecodeResult): string {
  assert.equal(r.ok, false);
  return r.ok ? '' : r.error;
}

describe('decodeOtlpProtobuf', () => {
  test('reads int64 and fixed64 exactly, beyond 2^53', () => {
    const ints = [9007199254740993n, -1n, -9223372036854775808n, 9223372036854775807n, 0n, 300n];
    const r = ok(
      decodeOtlpProtobuf(
        request((w) => {
          ids(w);
          fixed64(w, 7, 1485467191639875123n);
          fixed64(w, 8, 18446744073709551615n);
          for (const v of ints) {
            nested(w, 9, (w) => {
              field(w, 1, 2).string(`i${v}`);
              field(w, 2, 2).bytes(intAnyValue(v));
            });
          }
        }),
      ),
    );
    const span = r.batch.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    assert.equal(span.startTimeUnixNano, 1485467191639875123n);
    assert.equal(span.endTimeUnixNano, 18446744073709551615n);
    assert.deepEqual(
      span.attributes,
      ints.map((v) => ({ key: `i${v}`, value: { type: 'int', value: v } })),
    );
  });

  test('skips unknown fields of every wire type and known fields with an unexpected wire type', () => {
    const unknowns = (w: Writer): void => {
      field(w, 99, 0).uint32(5);
      fixed64(w, 98, 1n);
      field(w, 97, 2).string('x');
      field(w, 96, 5).fixed32(7);
      field(w, 95, 3);
      field(w, 1, 0).uint32(1);
      field(w, 95, 4);
    };
    const w = protobuf.Writer.create();
    unknowns(w);
    nested(w, 1, (w) => {
      unknowns(w);
      nested(w, 1, (w) => unknowns(w));
      nested(w, 2, (w) => {
        unknowns(w);
        nested(w, 1, (w) => {
          field(w, 1, 2).string('scope');
          unknowns(w);
        });
        nested(w, 2, (w) => {
          ids(w);
          unknowns(w);
          field(w, 5, 0).uint32(3); // name with the wrong wire type: skipped
          nested(w, 15, (w) => {
            field(w, 1, 0).uint32(2); // deprecated Status.deprecated_code
            field(w, 3, 0).uint32(2);
          });
          nested(w, 9, (w) => {
            field(w, 1, 2).string('k');
            unknowns(w);
            nested(w, 2, (w) => {
              field(w, 1, 2).string('first');
              unknowns(w);
              field(w, 2, 0).uint32(1); // oneof: the last member wins
            });
          });
        });
      });
    });
    const r = ok(decodeOtlpProtobuf(w.finish()));
    const ss = r.batch.resourceSpans[0]!.scopeSpans[0]!;
    assert.equal(ss.scope.name, 'scope');
    const span = ss.spans[0]!;
    assert.equal(span.name, '');
    assert.deepEqual(span.status, { code: 2, message: '' });
    assert.deepEqual(span.attributes, [{ key: 'k', value: { type: 'bool', value: true } }]);
  });

  test('drops spans with invalid ids, counts them, and omits emptied scopes and resources', () => {
    const w = protobuf.Writer.create();
    nested(w, 1, (w) => nested(w, 2, (w) => nested(w, 2, (w) => ids(w, '00'.repeat(16)))));
    nested(w, 1, (w) => {
      nested(w, 2, (w) => {
        nested(w, 2, (w) => ids(w, TRACE_ID.slice(2))); // 15 bytes
        nested(w, 2, (w) => field(w, 1, 2).bytes(hex(TRACE_ID))); // no span id
      });
      nested(w, 2, (w) => {
        nested(w, 2, (w) => ids(w, TRACE_ID, '00'.repeat(8)));
        nested(w, 2, (w) => {
          ids(w);
          field(w, 4, 2).bytes(hex('01020304050607')); // 7-byte parent
        });
        nested(w, 2, (w) => {
          ids(w);
          nested(w, 13, (w) => ids(w, TRACE_ID, '0102'));
        });
        nested(w, 2, (w) => {
          ids(w);
          field(w, 4, 2).bytes(hex('0000000000000000'));
        });
      });
    });
    const r = ok(decodeOtlpProtobuf(w.finish()));
    assert.equal(r.spanCount, 1);
    assert.equal(r.rejectedSpans, 6);
    assert.equal(r.rejectionMessage, '6 spans rejected: invalid trace id "00000000000000000000000000000000"');
    assert.equal(r.batch.resourceSpans.length, 1);
    assert.equal(r.batch.resourceSpans[0]!.scopeSpans.length, 1);
    const span = r.batch.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    assert.equal(span.parentSpanId, '', 'an all-zero parent means no parent');
  });

  test('names the first reason for each kind of invalid id', () => {
    const reason = (span: (w: Writer) => void): string => ok(decodeOtlpProtobuf(request(span))).rejectionMessage;
    assert.equal(reason((w) => ids(w, TRACE_ID.slice(2))), `1 span rejected: invalid trace id "${TRACE_ID.slice(2)}"`);
    assert.equal(reason((w) => field(w, 1, 2).bytes(hex(TRACE_ID))), '1 span rejected: invalid span id ""');
    assert.equal(
      reason((w) => {
        ids(w);
        field(w, 4, 2).bytes(hex('0102'));
      }),
      '1 span rejected: invalid parent span id "0102"',
    );
    assert.equal(
      reason((w) => {
        ids(w);
        nested(w, 13, (w) => ids(w, '00'.repeat(16)));
      }),
      '1 span rejected: invalid link trace id "00000000000000000000000000000000"',
    );
  });

  test('an empty body is an empty request', () => {
    assert.deepEqual(decodeOtlpProtobuf(new Uint8Array(0)), {
      ok: true,
      batch: { resourceSpans: [] },
      spanCount: 0,
      rejectedSpans: 0,
      rejectionMessage: '',
    });
  });

  test('reports malformed input with what was wrong and where', () => {
    const valid = request((w) => {
      ids(w);
      field(w, 5, 2).string('name');
    });
    assert.match(failure(decodeOtlpProtobuf(valid.subarray(0, valid.length - 2))), /^invalid OTLP\/protobuf: truncated/);
    assert.match(failure(decodeOtlpProtobuf(new Uint8Array([0x0f, 0x01]))), /invalid wire type 7 at byte 1/);
    assert.match(failure(decodeOtlpProtobuf(new Uint8Array([0x0c]))), /invalid wire type 4/);
    assert.match(failure(decodeOtlpProtobuf(new Uint8Array([0x02, 0x01]))), /invalid field number 0/);
    assert.match(failure(decodeOtlpProtobuf(new Uint8Array([0x0a, 0x05, 0x01]))), /truncated message at byte 2: length 5/);
    assert.match(failure(decodeOtlpProtobuf(new Uint8Array([0x08, 0xff, 0xff]))), /truncated message/);
    // ResourceSpans of 4 bytes whose schema_url string claims 5: it runs past the message into the next bytes.
    assert.match(
      failure(decodeOtlpProtobuf(new Uint8Array([0x0a, 0x04, 0x1a, 0x05, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67]))),
      /malformed ResourceSpans ending at byte 6: its last field runs on to byte 9/,
    );
    const elevenByteVarint = request((w) => {
      ids(w);
      field(w, 9, 2).bytes(new Uint8Array([0x12, 0x0b, 0x18, ...new Array<number>(10).fill(0xff)]));
    });
    assert.match(failure(decodeOtlpProtobuf(elevenByteVarint)), /invalid varint .*longer than 10 bytes/);
  });

  test('refuses AnyValue nesting deeper than the limit without exhausting the stack', () => {
    const depth = 1000;
    // Built inside out: AnyValue{ array_value: ArrayValue{ values: AnyValue{ … } } }, each level one message.
    let inner: Uint8Array = new Uint8Array([0x0a, 0x01, 0x78]); // AnyValue{ string_value: "x" }
    for (let i = 0; i < depth; i++) {
      const arrayValue = protobuf.Writer.create();
      field(arrayValue, 1, 2).bytes(inner);
      const anyValue = protobuf.Writer.create();
      field(anyValue, 5, 2).bytes(arrayValue.finish());
      inner = anyValue.finish();
    }
    const body = request((w) => {
      ids(w);
      nested(w, 9, (w) => {
        field(w, 1, 2).string('deep');
        field(w, 2, 2).bytes(inner);
      });
    });
    assert.match(failure(decodeOtlpProtobuf(body)), /AnyValue nested deeper than 64 levels/);
  });

  test('never throws on any prefix of a valid request', () => {
    const body = request(
      (w) => {
        ids(w);
        field(w, 5, 2).string('a');
        fixed64(w, 7, 1485467191639875123n);
        nested(w, 9, (w) => {
          field(w, 1, 2).string('k');
          nested(w, 2, (w) => nested(w, 5, (w) => nested(w, 1, (w) => field(w, 4, 1).double(1.5))));
        });
        field(w, 16, 5).fixed32(0x301);
      },
      (w) => ids(w),
    );
    for (let n = 0; n < body.length; n++) {
      const r = decodeOtlpProtobuf(body.subarray(0, n));
      if (r.ok) assert.equal(n, 0, `prefix of ${n} bytes decoded`);
    }
    assert.equal(ok(decodeOtlpProtobuf(body)).spanCount, 2);
  });
});
