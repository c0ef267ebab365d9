// See span_writer.h. Formats: src/storage/embedded/span-codec.ts and value-codec.ts; protobuf semantics:
// src/translate/otlp/decode-protobuf-span.ts and decode-protobuf-attributes.ts.
#include "span_writer.h"

#include <string>

#include "string_forms.h"
#include "value_check.h"

namespace ariadne {
namespace pages {
namespace {

const uint32_t kKindTerms[6] = {
    termHash(hashAscii("span.kind", 9), hashAscii("", 0)),        termHash(hashAscii("span.kind", 9), hashAscii("internal", 8)),
    termHash(hashAscii("span.kind", 9), hashAscii("server", 6)),  termHash(hashAscii("span.kind", 9), hashAscii("client", 6)),
    termHash(hashAscii("span.kind", 9), hashAscii("producer", 8)), termHash(hashAscii("span.kind", 9), hashAscii("consumer", 8)),
};
const uint32_t kStatusTerms[3] = {
    termHash(hashAscii("span.status", 11), hashAscii("UNSET", 5)),
    termHash(hashAscii("span.status", 11), hashAscii("OK", 2)),
    termHash(hashAscii("span.status", 11), hashAscii("ERROR", 5)),
};
const uint32_t kErrorTerm = termHash(hashAscii("error", 5), hashAscii("true", 4));
const uint32_t kHashTrue = hashAscii("true", 4);
const uint32_t kHashFalse = hashAscii("false", 5);
const uint32_t kHashEmpty = hashAscii("", 0);

constexpr uint64_t kMaxEventDelta = uint64_t{1} << 52;

}  // namespace

// decode-protobuf-span.ts decodeSpan, keeping byte ranges.
void SpanWriter::readSpan(Reader r) {
  SpanFields& f = span;
  f.reset();
  while (r.more()) {
    const uint32_t tag = r.tag();
    switch (tag) {
      case T_LEN1: f.traceId = r.bytesField(); break;
      case T_LEN2: f.spanId = r.bytesField(); break;
      case T_LEN3: f.traceState = r.bytesField(); break;
      case T_LEN4: f.parentId = r.bytesField(); break;
      case SPAN_NAME: r.bytesField(); break;  // the operation id stands for it
      case SPAN_KIND: f.kind = static_cast<int32_t>(r.varint32()); break;
      case SPAN_START: f.start = r.fixed64(); break;
      case SPAN_END: f.end = r.fixed64(); break;
      case SPAN_ATTRIBUTES: f.attributes.push_back(r.bytesField()); break;
      case SPAN_DROPPED_ATTRIBUTES: f.droppedAttributes = r.varint32(); break;
      case SPAN_EVENTS: f.events.push_back(r.bytesField()); break;
      case SPAN_DROPPED_EVENTS: f.droppedEvents = r.varint32(); break;
      case SPAN_LINKS: f.links.push_back(r.bytesField()); break;
      case SPAN_DROPPED_LINKS: f.droppedLinks = r.varint32(); break;
      case SPAN_STATUS: {
        Reader s = r.message();
        f.code = 0;
        f.statusMessage = Range{};
        while (s.more()) {
          const uint32_t t = s.tag();
          if (t == T_LEN2) f.statusMessage = s.bytesField();
          else if (t == STATUS_CODE) f.code = static_cast<int32_t>(s.varint32());
          else s.skip(t);
        }
        break;
      }
      case SPAN_FLAGS: f.flags = r.fixed32(); break;
      default: r.skip(tag);
    }
  }
  if (f.traceId.n != 16 || isZero(f.traceId)) decline();
  if (f.spanId.n != 8 || isZero(f.spanId)) decline();
  if (f.parentId.n != 0 && f.parentId.n != 8) decline();
  if (f.kind < 0 || f.kind > 5) f.kind = 0;
  if (f.code < 0 || f.code > 2) f.code = 0;
}

// span-codec.ts writeSpan.
void SpanWriter::writeSpan(Bytes& w, uint32_t opId, int32_t resourceIndex, int32_t scopeIndex) {
  const SpanFields& f = span;
  const size_t at = w.size();
  w.u32(0);
  w.u32(opId);
  w.u16(static_cast<uint32_t>(resourceIndex));
  w.u16(static_cast<uint32_t>(scopeIndex));
  w.u64(f.start);
  w.u64(f.end);
  const bool hasParent = f.parentId.n == 8 && !isZero(f.parentId);
  w.u8(static_cast<uint8_t>(f.code));
  w.u8(hasParent ? 1 : 0);
  w.bytes(f.spanId.p, 8);
  if (hasParent) w.bytes(f.parentId.p, 8);
  w.varint(strings.ref(f.traceState));
  w.varint(f.flags);
  writeAttributes(w, f.attributes);
  w.varint(f.droppedAttributes);
  writeEvents(w, f.start);
  w.varint(f.droppedEvents);
  writeLinks(w);
  w.varint(f.droppedLinks);
  w.varint(strings.ref(f.statusMessage));
  w.patchU32(at, static_cast<uint32_t>(w.size() - at - 4));
  terms.add(kKindTerms[f.kind]);
  terms.add(kStatusTerms[f.code]);
  if (f.code == 2) terms.add(kErrorTerm);
}

void SpanWriter::writeEvents(Bytes& w, uint64_t start) {
  w.varint(span.events.size());
  for (const Range& e : span.events) {
    Reader r = readerOf(e);
    uint64_t time = 0;
    Range name;
    uint32_t dropped = 0;
    eventAttributes_.clear();
    while (r.more()) {
      const uint32_t tag = r.tag();
      if (tag == EVENT_TIME) time = r.fixed64();
      else if (tag == T_LEN2) name = r.bytesField();
      else if (tag == T_LEN3) eventAttributes_.push_back(r.bytesField());
      else if (tag == EVENT_DROPPED) dropped = r.varint32();
      else r.skip(tag);
    }
    if (time >= start && time - start < kMaxEventDelta) {
      w.varint((time - start) * 2);
    } else {
      w.varint(1);
      w.u64(time);
    }
    w.varint(strings.ref(name));
    writeAttributes(w, eventAttributes_);
    w.varint(dropped);
  }
}

void SpanWriter::writeLinks(Bytes& w) {
  w.varint(span.links.size());
  for (const Range& l : span.links) {
    Reader r = readerOf(l);
    Range traceId, spanId, traceState;
    uint32_t dropped = 0, flags = 0;
    linkAttributes_.clear();
    while (r.more()) {
      const uint32_t tag = r.tag();
      if (tag == T_LEN1) traceId = r.bytesField();
      else if (tag == T_LEN2) spanId = r.bytesField();
      else if (tag == T_LEN3) traceState = r.bytesField();
      else if (tag == T_LEN4) linkAttributes_.push_back(r.bytesField());
      else if (tag == LINK_DROPPED) dropped = r.varint32();
      else if (tag == LINK_FLAGS) flags = r.fixed32();
      else r.skip(tag);
    }
    if (traceId.n != 16 || isZero(traceId) || spanId.n != 8 || isZero(spanId)) decline();
    w.u8(0);
    w.bytes(traceId.p, 16);
    w.bytes(spanId.p, 8);
    w.varint(strings.ref(traceState));
    writeAttributes(w, linkAttributes_);
    w.varint(dropped);
    w.varint(flags);
  }
}

// value-codec.ts writeAttributes: each attribute adds its search term.
void SpanWriter::writeAttributes(Bytes& w, const std::vector<Range>& keyValues) {
  w.varint(keyValues.size());
  for (const Range& kv : keyValues) {
    Reader r = readerOf(kv);
    Range key, value;
    bool hasValue = false;
    while (r.more()) {
      const uint32_t tag = r.tag();
      if (tag == T_LEN1) {
        key = r.bytesField();
      } else if (tag == T_LEN2) {
        // The decoder decodes every value given, kept or not: one about to be replaced must be well-formed too.
        if (hasValue) checkAnyValue(readerOf(value), 0);
        value = r.bytesField();
        hasValue = true;
      } else {
        r.skip(tag);
      }
    }
    const uint32_t keyRef = strings.ref(key);
    w.varint(keyRef);
    const uint32_t valueHash = hasValue ? writeValue(w, readValue(value, 0), 0) : writeEmpty(w);
    terms.add(termHash(strings.hashOf(keyRef), valueHash));
  }
}

uint32_t SpanWriter::writeEmpty(Bytes& w) {
  w.u8(0);
  return kHashEmpty;
}

// value-codec.ts writeValue: writes `v`, returns the hash of its string form.
uint32_t SpanWriter::writeValue(Bytes& w, const Value& v, int depth) {
  if (depth > kMaxDepth) decline();
  switch (v.type) {
    case ValueType::Empty: return writeEmpty(w);
    case ValueType::String: {
      const uint32_t ref = strings.ref(v.range);
      w.u8(1);
      w.varint(ref);
      return strings.hashOf(ref);
    }
    case ValueType::Bool:
      w.u8(v.bits ? 3 : 2);
      return v.bits ? kHashTrue : kHashFalse;
    case ValueType::Int: {
      const int64_t x = static_cast<int64_t>(v.bits);
      const int64_t kSmall = int64_t{1} << 52;
      if (x > -kSmall && x < kSmall) {
        w.u8(4);
        w.varint(x < 0 ? static_cast<uint64_t>(-2 * x - 1) : static_cast<uint64_t>(2 * x));
      } else {
        w.u8(5);
        w.u64(v.bits);
      }
      json_.clear();
      appendDecimal(json_, x);
      return hashAscii(json_);
    }
    case ValueType::Double:
      w.u8(6);
      w.f64(v.d);
      json_.clear();
      appendDoubleString(json_, v.d);
      return hashAscii(json_);
    case ValueType::Bytes:
      w.u8(7);
      w.varint(v.range.n);
      w.bytes(v.range.p, v.range.n);
      json_.clear();
      appendBase64(json_, v.range.p, v.range.n);
      return hashAscii(json_);
    case ValueType::Array: {
      std::vector<Range> items;
      arrayElements(v.range, items);
      w.u8(8);
      w.varint(items.size());
      for (const Range& item : items) writeValue(w, readValue(item, depth + 1), depth + 1);
      std::string json;
      appendJson(json, v, depth);
      return hashUtf8(reinterpret_cast<const uint8_t*>(json.data()), json.size());
    }
  }
  decline();
}

}  // namespace pages
}  // namespace ariadne
