// See value_check.h.
#include "value_check.h"

namespace ariadne {
namespace pages {

void checkKeyValue(Reader r, int depth) {
  while (r.more()) {
    const uint32_t tag = r.tag();
    if (tag == T_LEN1) r.bytesField();
    else if (tag == T_LEN2) checkAnyValue(r.nested(), depth);
    else r.skip(tag);
  }
}

void checkAnyValue(Reader r, int depth) {
  while (r.more()) {
    const uint32_t tag = r.tag();
    switch (tag) {
      case T_LEN1:
      case AV_BYTES: r.bytesField(); break;
      case AV_INT: r.varint(); break;  // readInt64: a proper varint of up to 10 bytes
      case AV_BOOL: r.varint32(); break;
      case AV_DOUBLE: r.fixed64(); break;
      case AV_ARRAY:
      case AV_KVLIST: checkList(r.nested(), depth + 1, tag == AV_KVLIST); break;
      default: r.skip(tag);
    }
  }
}

void checkList(Reader r, int depth, bool keyValues) {
  if (depth > kMaxAnyValueDepth) decline();
  while (r.more()) {
    const uint32_t tag = r.tag();
    if (tag != T_LEN1) r.skip(tag);
    else if (keyValues) checkKeyValue(r.nested(), depth);
    else checkAnyValue(r.nested(), depth);
  }
}

}  // namespace pages
}  // namespace ariadne
