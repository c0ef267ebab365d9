// Checks of KeyValue and AnyValue messages, walked as the JS decoder walks them (decode-protobuf-attributes.ts) but
// building nothing: each declines where the decoder would throw. Used where the decoder decodes a value that is then
// not kept (a field repeated: the last wins, but every one must be well-formed) and by the request scan.
#pragma once

#include "proto_reader.h"

namespace ariadne {
namespace pages {

constexpr int kMaxAnyValueDepth = 64;  // decode-result.ts MAX_ANY_VALUE_DEPTH

void checkKeyValue(Reader r, int depth);
void checkAnyValue(Reader r, int depth);
// An ArrayValue or KeyValueList at nesting `depth`.
void checkList(Reader r, int depth, bool keyValues);

}  // namespace pages
}  // namespace ariadne
