// OTLP AnyValue messages: read (decode-protobuf-attributes.ts semantics) and rendered as JSON inside arrays.
#pragma once

#include <string>
#include <vector>

#include "proto_reader.h"

namespace ariadne {
namespace pages {

constexpr int kMaxDepth = 16;

enum class ValueType { Empty, String, Bool, Int, Double, Bytes, Array };

struct Value {
  ValueType type = ValueType::Empty;
  Range range;  // string, bytes, array (the ArrayValue message)
  uint64_t bits = 0;  // bool, int
  double d = 0;
};

// One AnyValue message at nesting `depth` (0 for an attribute's value); of several oneof members the last wins, the
// others checked as the decoder would decode them. Declines on key-value lists.
Value readValue(Range message, int depth);

// The elements (AnyValue messages) of an ArrayValue.
void arrayElements(Range array, std::vector<Range>& out);

// JSON of a value inside an array (model/attributes.ts anyValueToPlain, then JSON.stringify).
void appendJson(std::string& out, const Value& v, int depth);

}  // namespace pages
}  // namespace ariadne
