// See request_scan.h. Each walker mirrors one of scan-protobuf.ts (and so the decoder's): same tags, same reads.
#include "request_scan.h"

#include "proto_reader.h"
#include "value_check.h"

namespace ariadne {
namespace {

using namespace pages;

Range rangeAt(const uint8_t* b, size_t at, size_t n) { return Range{b + at, static_cast<uint32_t>(n)}; }

class Scanner {
 public:
  explicit Scanner(std::vector<int32_t>& out) : out_(out) {}

  void request(Reader r) {
    const size_t header = out_.size();
    out_.insert(out_.end(), {0, 0, 0});
    while (r.more()) {
      const uint32_t tag = r.tag();
      if (tag == T_LEN1) {
        resourceSpans(r.nested());
        out_[header]++;
      } else {
        r.skip(tag);
      }
    }
    out_[header + 1] = static_cast<int32_t>(scopes_);
    out_[header + 2] = static_cast<int32_t>(spans_);
  }

 private:
  std::vector<int32_t>& out_;
  size_t scopes_ = 0;
  size_t spans_ = 0;

  static int32_t at(size_t pos) {
    if (pos > 0x7fffffff) decline();
    return static_cast<int32_t>(pos);
  }

  // ResourceSpans and ScopeSpans have one shape: field 1 a message (the resource, the scope), field 2 repeated children
  // (scope spans, spans), field 3 the schema URL. Summary header: position of the last field 1 (-1: none), schema URL
  // start and end, child count; the children's summaries follow it.
  template <typename Head, typename Child>
  void group(Reader r, Head head, Child child) {
    const size_t header = out_.size();
    out_.insert(out_.end(), {-1, 0, 0, 0});
    while (r.more()) {
      const uint32_t tag = r.tag();
      if (tag == T_LEN2) {
        child(r);
        out_[header + 3]++;
      } else if (tag == T_LEN1) {
        out_[header] = at(r.pos);
        head(r.nested());
      } else if (tag == T_LEN3) {
        const Reader s = r.nested();
        out_[header + 1] = at(s.pos);
        out_[header + 2] = at(s.end);
      } else {
        r.skip(tag);
      }
    }
  }

  void resourceSpans(Reader r) {
    group(r, [this](Reader m) { resource(m); }, [this](Reader& parent) {
      scopeSpans(parent.nested());
      scopes_++;
    });
  }

  void scopeSpans(Reader r) {
    group(r, [this](Reader m) { scope(m); }, [this](Reader& parent) {
      const size_t start = parent.pos;
      span(start, parent.nested());
      spans_++;
    });
  }

  void resource(Reader r) {
    while (r.more()) {
      const uint32_t tag = r.tag();
      if (tag == T_LEN1) checkKeyValue(r.nested(), 0);
      else if (tag == RESOURCE_DROPPED) r.varint32();
      else r.skip(tag);
    }
  }

  void scope(Reader r) {
    while (r.more()) {
      const uint32_t tag = r.tag();
      if (tag == T_LEN1 || tag == T_LEN2) r.bytesField();
      else if (tag == T_LEN3) checkKeyValue(r.nested(), 0);
      else if (tag == SCOPE_DROPPED) r.varint32();
      else r.skip(tag);
    }
  }

  void span(size_t messageStart, Reader r) {
    Reader traceId{r.b, 0, 0}, spanId{r.b, 0, 0}, parent{r.b, 0, 0}, name{r.b, 0, 0};
    bool linksValid = true;
    int32_t kind = 0;
    int32_t startAt = -1;
    while (r.more()) {
      const uint32_t tag = r.tag();
      switch (tag) {
        case T_LEN1: traceId = r.nested(); break;
        case T_LEN2: spanId = r.nested(); break;
        case T_LEN3: r.bytesField(); break;
        case T_LEN4: parent = r.nested(); break;
        case SPAN_NAME: name = r.nested(); break;
        case SPAN_KIND: kind = static_cast<int32_t>(r.varint32()); break;
        case SPAN_START:
          startAt = at(r.pos);
          r.fixed64();
          break;
        case SPAN_END: r.fixed64(); break;
        case SPAN_ATTRIBUTES: checkKeyValue(r.nested(), 0); break;
        case SPAN_DROPPED_ATTRIBUTES:
        case SPAN_DROPPED_EVENTS:
        case SPAN_DROPPED_LINKS: r.varint32(); break;
        case SPAN_EVENTS: event(r.nested()); break;
        case SPAN_LINKS: if (!link(r.nested())) linksValid = false; break;
        case SPAN_STATUS: status(r.nested()); break;
        case SPAN_FLAGS: r.fixed32(); break;
        default: r.skip(tag);
      }
    }
    const uint8_t* b = r.b;
    if (traceId.end - traceId.pos != 16 || isZero(rangeAt(b, traceId.pos, 16))) decline();
    if (spanId.end - spanId.pos != 8 || isZero(rangeAt(b, spanId.pos, 8))) decline();
    const size_t parentLength = parent.end - parent.pos;
    if (parentLength != 0 && parentLength != 8) decline();
    if (!linksValid) decline();
    const bool hasParent = parentLength == 8 && !isZero(rangeAt(b, parent.pos, 8));
    out_.insert(out_.end(), {at(messageStart), at(traceId.pos), at(spanId.pos), hasParent ? at(parent.pos) : -1, at(name.pos), at(name.end),
                             kind >= 0 && kind <= 5 ? kind : 0, startAt});
  }

  void event(Reader r) {
    while (r.more()) {
      const uint32_t tag = r.tag();
      if (tag == EVENT_TIME) r.fixed64();
      else if (tag == T_LEN2) r.bytesField();
      else if (tag == T_LEN3) checkKeyValue(r.nested(), 0);
      else if (tag == EVENT_DROPPED) r.varint32();
      else r.skip(tag);
    }
  }

  // False where the link's ids would make its span unusable.
  bool link(Reader r) {
    size_t traceIdStart = 0, traceIdLength = 0, spanIdStart = 0, spanIdLength = 0;
    while (r.more()) {
      const uint32_t tag = r.tag();
      if (tag == T_LEN1) {
        const Reader id = r.nested();
        traceIdStart = id.pos;
        traceIdLength = id.end - id.pos;
      } else if (tag == T_LEN2) {
        const Reader id = r.nested();
        spanIdStart = id.pos;
        spanIdLength = id.end - id.pos;
      } else if (tag == T_LEN3) {
        r.bytesField();
      } else if (tag == T_LEN4) {
        checkKeyValue(r.nested(), 0);
      } else if (tag == LINK_DROPPED) {
        r.varint32();
      } else if (tag == LINK_FLAGS) {
        r.fixed32();
      } else {
        r.skip(tag);
      }
    }
    if (traceIdLength != 16 || isZero(rangeAt(r.b, traceIdStart, 16))) return false;
    return spanIdLength == 8 && !isZero(rangeAt(r.b, spanIdStart, 8));
  }

  void status(Reader r) {
    while (r.more()) {
      const uint32_t tag = r.tag();
      if (tag == T_LEN2) r.bytesField();
      else if (tag == STATUS_CODE) r.varint32();
      else r.skip(tag);
    }
  }
};

}  // namespace

bool scanRequest(const uint8_t* buf, size_t length, std::vector<int32_t>& summary) {
  try {
    Scanner(summary).request(Reader{buf, 0, length});
    return true;
  } catch (const pages::Decline&) {
    return false;
  }
}

}  // namespace ariadne
