// One span into a page's span section (span-codec.ts), with its attributes' values (value-codec.ts) and search terms,
// straight from its OTLP/protobuf bytes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "any_value.h"
#include "bytes.h"
#include "page_tables.h"
#include "proto_reader.h"

namespace ariadne {
namespace pages {

struct SpanFields {
  Range traceId, spanId, parentId, traceState, statusMessage;
  uint32_t flags = 0, droppedAttributes = 0, droppedEvents = 0, droppedLinks = 0;
  int32_t kind = 0, code = 0;
  uint64_t start = 0, end = 0;
  std::vector<Range> attributes, events, links;

  void reset() {
    traceId = spanId = parentId = traceState = statusMessage = Range{};
    flags = droppedAttributes = droppedEvents = droppedLinks = 0;
    kind = code = 0;
    start = end = 0;
    attributes.clear();
    events.clear();
    links.clear();
  }
};


// Writes spans, resources' and scopes' attributes into a page, interning strings in `strings` and adding search terms
// to `terms` (both belong to the page being built: clear them when a page starts).
class SpanWriter {
 public:
  StringTable strings;
  TermSet terms;
  // The span read last.
  SpanFields span;

  // Reads the Span message at `r` into `span`, as decodeSpan would; declines on ids the decoder rejects.
  void readSpan(Reader r);
  // Appends `span` with its header; adds its terms.
  void writeSpan(Bytes& w, uint32_t opId, int32_t resourceIndex, int32_t scopeIndex);
  // An attribute list from its KeyValue messages; each attribute adds its term.
  void writeAttributes(Bytes& w, const std::vector<Range>& keyValues);

 private:
  std::vector<Range> eventAttributes_, linkAttributes_;
  std::string json_;

  void writeEvents(Bytes& w, uint64_t start);
  void writeLinks(Bytes& w);
  uint32_t writeValue(Bytes& w, const Value& v, int depth);
  static uint32_t writeEmpty(Bytes& w);
};

}  // namespace pages
}  // namespace ariadne
