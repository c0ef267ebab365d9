import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BinaryReader } from './binary-reader.js';
import { CompactReader } from './compact-reader.js';
import { skipValue } from './skip-value.js';
import { ThriftDecodeError, type ThriftReader } from './thrift-reader.js';
import { TType } from './thrift-types.js';
import { T, thrift, writeWith, type ProtocolName } from './testing/thrift-library.js';

function readerFor(protocol: ProtocolName, bytes: Buffer): ThriftReader {
  return protocol === 'compact' ? new CompactReader(bytes) : new BinaryReader(bytes);
}

const I64_CASES = [0n, 1n, -1n, 63n, -64n, 2n ** 31n, -(2n ** 31n), 2n ** 53n + 1n, -(2n ** 53n) - 3n, 2n ** 63n - 1n, -(2n ** 63n), 1_700_000_000_123_456n];

for (const protocol of ['compact', 'binary'] as const) {
  describe(`${protocol} reader against the thrift library's writer`, () => {
    test('reads every primitive field type, including i64 extremes', () => {
      const bytes = writeWith(protocol, (p) => {
        p.writeStructBegin('S');
        p.writeFieldBegin('t', T.BOOL, 1);
        p.writeBool(true);
        p.writeFieldBegin('f', T.BOOL, 2);
        p.writeBool(false);
        p.writeFieldBegin('b', T.BYTE, 3);
        p.writeByte(-5);
        p.writeFieldBegin('s', T.I16, 4);
        p.writeI16(-300);
        p.writeFieldBegin('i', T.I32, 5);
        p.writeI32(-2147483648);
        p.writeFieldBegin('d', T.DOUBLE, 6);
        p.writeDouble(-1234.5678e-9);
        p.writeFieldBegin('str', T.STRING, 7);
        p.writeString('héllo, wörld ✓ and a longer tail to leave the ASCII fast path');
        p.writeFieldBegin('bin', T.STRING, 8);
        p.writeBinary(Buffer.from([0, 255, 7]));
        I64_CASES.forEach((v, i) => {
          p.writeFieldBegin('l', T.I64, 100 + i * 20); // gaps > 15 force compact's long field-header form
          p.writeI64(thrift.fromBigInt(v));
        });
        p.writeFieldStop();
        p.writeStructEnd();
      });
      const r = readerFor(protocol, bytes);
      r.beginStruct();
      assert.equal(r.readFieldBegin(), TType.BOOL);
      assert.equal(r.readBool(), true);
      assert.equal(r.readFieldBegin(), TType.BOOL);
      assert.equal(r.readBool(), false);
      assert.equal(r.readFieldBegin(), TType.I8);
      assert.equal(r.readI8(), -5);
      assert.equal(r.readFieldBegin(), TType.I16);
      assert.equal(r.readI16(), -300);
      assert.equal(r.readFieldBegin(), TType.I32);
      assert.equal(r.readI32(), -2147483648);
      assert.equal(r.readFieldBegin(), TType.DOUBLE);
      assert.equal(r.readDouble(), -1234.5678e-9);
      assert.equal(r.readFieldBegin(), TType.STRING);
      assert.equal(r.readString(), 'héllo, wörld ✓ and a longer tail to leave the ASCII fast path');
      assert.equal(r.readFieldBegin(), TType.STRING);
      assert.deepEqual([...r.readBinary()], [0, 255, 7]);
      I64_CASES.forEach((v, i) => {
        assert.equal(r.readFieldBegin(), TType.I64);
        assert.equal(r.fieldId, 100 + i * 20);
        const at = r.pos;
        assert.equal(r.readI64(), v);
        r.pos = at;
        assert.equal(r.readI64Hex(), BigInt.asUintN(64, v).toString(16).padStart(16, '0'));
        r.pos = at;
        assert.equal(r.readI64IsZero(), v === 0n);
      });
      assert.equal(r.readFieldBegin(), TType.STOP);
      r.endStruct();
      assert.equal(r.pos, bytes.length);
    });

    test('reads lists (short and long headers, bool elements) and maps', () => {
      const longList = Array.from({ length: 20 }, (_, i) => i - 10);
      const bytes = writeWith(protocol, (p) => {
        p.writeListBegin(T.I32, longList.length);
        for (const v of longList) p.writeI32(v);
        p.writeListBegin(T.BOOL, 3);
        [true, false, true].forEach((b) => p.writeBool(b));
        p.writeMapBegin(T.STRING, T.I64, 2);
        p.writeString('a');
        p.writeI64(thrift.fromBigInt(-2n));
        p.writeString('b');
        p.writeI64(thrift.fromBigInt(3n));
        p.writeMapBegin(T.STRING, T.STRING, 0);
      });
      const r = readerFor(protocol, bytes);
      assert.equal(r.readListBegin(), 20);
      assert.equal(r.elementType, TType.I32);
      assert.deepEqual(longList.map(() => r.readI32()), longList);
      assert.equal(r.readListBegin(), 3);
      assert.equal(r.elementType, TType.BOOL);
      assert.deepEqual([r.readBool(), r.readBool(), r.readBool()], [true, false, true]);
      assert.equal(r.readMapBegin(), 2);
      assert.deepEqual([r.elementType, r.valueType], [TType.STRING, TType.I64]);
      assert.deepEqual([r.readString(), r.readI64(), r.readString(), r.readI64()], ['a', -2n, 'b', 3n]);
      assert.equal(r.readMapBegin(), 0);
      assert.equal(r.pos, bytes.length);
    });

    test('skips unknown values of every type, nested, without losing its place', () => {
      const bytes = writeWith(protocol, (p) => {
        p.writeStructBegin('Outer');
        p.writeFieldBegin('m', T.MAP, 1);
        p.writeMapBegin(T.STRING, T.LIST, 1);
        p.writeString('k');
        p.writeListBegin(T.STRUCT, 1);
        p.writeStructBegin('Inner');
        p.writeFieldBegin('x', T.DOUBLE, 1);
        p.writeDouble(1.5);
        p.writeFieldBegin('y', T.BOOL, 2);
        p.writeBool(true);
        p.writeFieldBegin('z', T.SET, 3);
        p.writeListBegin(T.I64, 2);
        p.writeI64(thrift.fromBigInt(1n));
        p.writeI64(thrift.fromBigInt(-1n));
        p.writeFieldStop();
        p.writeStructEnd();
        p.writeFieldBegin('after', T.STRING, 2);
        p.writeString('still here');
        p.writeFieldStop();
        p.writeStructEnd();
      });
      const r = readerFor(protocol, bytes);
      r.beginStruct();
      skipValue(r, r.readFieldBegin());
      assert.equal(r.readFieldBegin(), TType.STRING);
      assert.equal(r.readString(), 'still here');
      assert.equal(r.readFieldBegin(), TType.STOP);
    });

    test('reads the message header the library writes', () => {
      const bytes = writeWith(protocol, (p) => p.writeMessageBegin('emitBatch', 4, 77));
      assert.deepEqual(readerFor(protocol, bytes).readMessageBegin(), { name: 'emitBatch', type: 4, seqId: 77 });
    });
  });
}

describe('reader bounds', () => {
  test('binary: a non-strict message header is read too', () => {
    const bytes = writeWith('binary-nonstrict', (p) => p.writeMessageBegin('emitBatch', 1, -3));
    assert.deepEqual(new BinaryReader(bytes).readMessageBegin(), { name: 'emitBatch', type: 1, seqId: -3 });
  });

  test('a list that claims 2^31-1 elements fails before allocating', () => {
    const compact = Buffer.from([0xfc, 0xff, 0xff, 0xff, 0xff, 0x07]);
    assert.throws(() => new CompactReader(compact).readListBegin(), /claims 2147483647 elements but only 0 bytes remain/);
    const binary = Buffer.from([12, 0x7f, 0xff, 0xff, 0xff]);
    assert.throws(() => new BinaryReader(binary).readListBegin(), /claims 2147483647 elements/);
  });

  test('truncation reports the byte offset', () => {
    const bytes = writeWith('binary', (p) => p.writeString('abcdef'));
    assert.throws(() => new BinaryReader(bytes.subarray(0, 7)).readString(), (e: unknown) =>
      e instanceof ThriftDecodeError && e.message === 'truncated at byte 4 (needs 6 bytes, 3 left)');
    assert.throws(() => new CompactReader(Buffer.from([0x80, 0x80])).readI32(), /truncated at byte 2/);
  });

  test('negative lengths, over-long varints and unknown types are errors', () => {
    assert.throws(() => new BinaryReader(Buffer.from([0xff, 0xff, 0xff, 0xfe])).readString(), /negative length -2 at byte 0/);
    assert.throws(() => new CompactReader(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01])).readI32(), /malformed varint at byte 0/);
    assert.throws(() => new CompactReader(Buffer.alloc(11, 0xff)).readI64(), /malformed varint at byte 0/);
    assert.throws(() => new CompactReader(Buffer.from([0x1e])).readFieldBegin(), /unknown compact field type 14 at byte 0/);
    assert.throws(() => skipValue(new BinaryReader(Buffer.from([1])), 7), /cannot skip a value of type 7/);
  });

  test('nesting is limited', () => {
    // 100 nested structs, each opened by a field header of type struct.
    const bytes = Buffer.alloc(100, 0x1c);
    const r = new CompactReader(bytes);
    assert.throws(() => skipValue(r, TType.STRUCT), /nesting deeper than 64 levels/);
    const lists = Buffer.alloc(200);
    for (let i = 0; i < 100; i++) lists[i] = 0x19; // list of one list
    assert.throws(() => skipValue(new CompactReader(lists), TType.LIST), /nesting deeper than 64 levels/);
  });
});
