// See any_value.h.
#include "any_value.h"

#include <cmath>
#include <cstring>

#include "hashes.h"
#include "string_forms.h"
#include "value_check.h"

namespace ariadne {
namespace pages {

// One AnyValue message at nesting `depth`; of several oneof members the last wins.
Value readValue(Range message, int depth) {
  Reader r = readerOf(message);
  Value v;
  while (r.more()) {
    const uint32_t tag = r.tag();
    // The decoder decodes every member, kept or not: an array about to be replaced must be well-formed too.
    if (v.type == ValueType::Array) checkList(readerOf(v.range), depth + 1, false);
    switch (tag) {
      case T_LEN1: v = Value{}; v.type = ValueType::String; v.range = r.bytesField(); break;
      case AV_BOOL: v = Value{}; v.type = ValueType::Bool; v.bits = r.varint32() != 0; break;
      case AV_INT: v = Value{}; v.type = ValueType::Int; v.bits = r.varint(); break;
      case AV_DOUBLE: {
        v = Value{};
        v.type = ValueType::Double;
        const uint64_t bits = r.fixed64();
        std::memcpy(&v.d, &bits, 8);
        break;
      }
      case AV_BYTES: v = Value{}; v.type = ValueType::Bytes; v.range = r.bytesField(); break;
      case AV_ARRAY: v = Value{}; v.type = ValueType::Array; v.range = r.bytesField(); break;
      case AV_KVLIST: decline();  // JSON of a JS object (key order, duplicate keys): left to the JS path
      default: r.skip(tag);
    }
  }
  return v;
}

// The elements (AnyValue messages) of an ArrayValue.
void arrayElements(Range array, std::vector<Range>& out) {
  Reader r = readerOf(array);
  while (r.more()) {
    const uint32_t tag = r.tag();
    if (tag == T_LEN1) out.push_back(r.bytesField());
    else r.skip(tag);
  }
}

// JSON of a value inside an array (model/attributes.ts anyValueToPlain, then JSON.stringify).
void appendJson(std::string& out, const Value& v, int depth) {
  if (depth > kMaxDepth) decline();
  switch (v.type) {
    case ValueType::Empty: out += "null"; return;
    case ValueType::String: hashUtf8(v.range.p, v.range.n); appendJsonString(out, v.range.p, v.range.n); return;
    case ValueType::Bool: out += v.bits ? "true" : "false"; return;
    case ValueType::Int: {
      const int64_t x = static_cast<int64_t>(v.bits);
      const int64_t kSafe = (int64_t{1} << 53) - 1;
      if (x >= -kSafe && x <= kSafe) {
        appendDecimal(out, x);
      } else {
        out += '"';
        appendDecimal(out, x);
        out += '"';
      }
      return;
    }
    case ValueType::Double:
      if (std::isfinite(v.d)) {
        appendJsNumber(out, v.d);
      } else {
        out += '"';
        appendDoubleString(out, v.d);
        out += '"';
      }
      return;
    case ValueType::Bytes: out += '"'; appendBase64(out, v.range.p, v.range.n); out += '"'; return;
    case ValueType::Array: {
      std::vector<Range> items;
      arrayElements(v.range, items);
      out += '[';
      for (size_t i = 0; i < items.size(); i++) {
        if (i > 0) out += ',';
        appendJson(out, readValue(items[i], depth + 1), depth + 1);
      }
      out += ']';
      return;
    }
  }
}

}  // namespace pages
}  // namespace ariadne
