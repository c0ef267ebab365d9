// See page_encoder.h. Formats: src/storage/embedded/page-builder.ts and page-format.ts; the spans themselves are
// written by span_writer.cc.
#include "page_encoder.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "bytes.h"
#include "decline.h"
#include "hashes.h"
#include "proto_reader.h"
#include "span_writer.h"

namespace ariadne {
namespace {

using namespace pages;

const uint32_t kScopeNameKey = hashAscii("scope.name", 10);
const uint32_t kScopeVersionKey = hashAscii("scope.version", 13);

// The batch's resources and scopes, from the skeleton.
struct ResourceInfo {
  std::vector<Range> attributes;
  uint32_t dropped = 0;
  Range schemaUrl;
};

struct ScopeInfo {
  uint32_t resource = 0;
  Range name, version, schemaUrl;
  std::vector<Range> attributes;
  uint32_t dropped = 0;
};

constexpr double kDurationSlack = 2048;

class Encoder {
 public:
  Encoder(const EncodeInput& in, std::vector<uint8_t>& out) : in_(in), out_(out) {}

  void run() {
    readSkeleton();
    locateSpans();
    groupByTrace();
    const size_t pageCountAt = out_.size();
    out_.resize(out_.size() + 4);
    uint32_t pages = 0;
    startPage();
    for (size_t c = 0; c + 1 < chunkStarts_.size(); c++) {
      const uint32_t from = chunkStarts_[c], to = chunkStarts_[c + 1];
      const uint8_t* traceId = traceIdOf_[order_[from]];
      startChunk(traceId);
      for (uint32_t k = from; k < to; k++) {
        if (spans_.size() >= in_.pageTargetBytes && chunkCounts_.back() > 0) {
          finishPage();
          pages++;
          startPage();
          startChunk(traceId);
        }
        addSpan(order_[k]);
      }
      if (spans_.size() >= in_.pageTargetBytes) {
        finishPage();
        pages++;
        startPage();
      }
    }
    if (spanCount_ > 0) {
      finishPage();
      pages++;
    }
    for (int i = 0; i < 4; i++) out_[pageCountAt + i] = (pages >> (8 * i)) & 0xff;
  }

 private:
  const EncodeInput& in_;
  std::vector<uint8_t>& out_;
  std::vector<ResourceInfo> resources_;
  std::vector<ScopeInfo> scopes_;
  std::vector<uint32_t> scopeOf_;
  std::vector<const uint8_t*> traceIdOf_;
  std::vector<uint32_t> order_;
  std::vector<uint32_t> chunkStarts_;

  SpanWriter writer_;
  Bytes head_, spans_, resourceBodies_, scopeBodies_, meta_;
  std::vector<int32_t> resourceSlot_, scopeSlot_;
  uint32_t resourceCount_ = 0, scopeCount_ = 0, spanCount_ = 0;
  std::vector<const uint8_t*> chunkIds_;
  std::vector<uint32_t> chunkCounts_, chunkOffsets_, ops_;
  uint64_t minStart_ = 0, maxStart_ = 0, maxEnd_ = 0;
  double minDuration_ = 0, maxDuration_ = 0;

  // --- batch structure

  static void readAttributeList(Reader& r, std::vector<Range>& out) { out.push_back(r.bytesField()); }

  void readSkeleton() {
    Reader request{in_.skeleton, 0, in_.skeletonLength};
    while (request.more()) {
      const uint32_t tag = request.tag();
      if (tag != T_LEN1) {
        request.skip(tag);
        continue;
      }
      Reader rs = request.message();
      const uint32_t r = static_cast<uint32_t>(resources_.size());
      resources_.emplace_back();
      while (rs.more()) {
        const uint32_t t = rs.tag();
        if (t == T_LEN1) {
          Reader res = rs.message();
          ResourceInfo& info = resources_[r];
          info.attributes.clear();
          info.dropped = 0;
          while (res.more()) {
            const uint32_t u = res.tag();
            if (u == T_LEN1) readAttributeList(res, info.attributes);
            else if (u == RESOURCE_DROPPED) info.dropped = res.varint32();
            else res.skip(u);
          }
        } else if (t == T_LEN2) {
          Reader ss = rs.message();
          ScopeInfo scope;
          scope.resource = r;
          while (ss.more()) {
            const uint32_t u = ss.tag();
            if (u == T_LEN1) {
              Reader sc = ss.message();
              scope = ScopeInfo{};
              scope.resource = r;
              while (sc.more()) {
                const uint32_t v = sc.tag();
                if (v == T_LEN1) scope.name = sc.bytesField();
                else if (v == T_LEN2) scope.version = sc.bytesField();
                else if (v == T_LEN3) readAttributeList(sc, scope.attributes);
                else if (v == SCOPE_DROPPED) scope.dropped = sc.varint32();
                else sc.skip(v);
              }
            } else if (u == T_LEN3) {
              scope.schemaUrl = ss.bytesField();
            } else {
              decline();  // a skeleton holds no spans
            }
          }
          scopes_.push_back(std::move(scope));
        } else if (t == T_LEN3) {
          resources_[r].schemaUrl = rs.bytesField();
        } else {
          rs.skip(t);
        }
      }
    }
    if (scopes_.size() != in_.scopeCount) decline();
  }

  // Each span's scope and trace id (the trace id field read without decoding the rest).
  void locateSpans() {
    const size_t n = in_.spanCount;
    scopeOf_.resize(n);
    traceIdOf_.resize(n);
    size_t at = 0;
    for (size_t s = 0; s < in_.scopeCount; s++) {
      const int32_t count = in_.scopeSpanCounts[s];
      if (count < 0 || at + count > n) decline();
      for (int32_t i = 0; i < count; i++) scopeOf_[at++] = static_cast<uint32_t>(s);
    }
    if (at != n) decline();
    for (size_t i = 0; i < n; i++) {
      Reader r = spanReader(i);
      Range traceId;
      while (r.more()) {
        const uint32_t tag = r.tag();
        if (tag == T_LEN1) traceId = r.bytesField();
        else r.skip(tag);
      }
      if (traceId.n != 16 || isZero(traceId)) decline();
      traceIdOf_[i] = traceId.p;
    }
  }

  Reader spanReader(size_t i) const {
    const int32_t b = in_.places[2 * i];
    const int32_t start = in_.places[2 * i + 1];
    if (b < 0 || static_cast<size_t>(b) >= in_.bufs.size()) decline();
    const size_t len = in_.bufLengths[b];
    if (start < 0 || static_cast<size_t>(start) >= len) decline();
    Reader outer{in_.bufs[b], static_cast<size_t>(start), len};
    return outer.message();
  }

  static uint32_t idHash(const uint8_t* id) {
    uint32_t h = kFnvBasis;
    for (int i = 0; i < 16; i++) h = fnvStep(h, id[i]);
    return mix32(h);
  }

  // Span indexes ordered so each trace's spans are contiguous, traces in order of first appearance.
  void groupByTrace() {
    const size_t n = in_.spanCount;
    size_t cap = 16;
    while (cap < n * 2) cap *= 2;
    std::vector<int32_t> slots(cap, -1);
    std::vector<const uint8_t*> chunkIds;
    std::vector<uint32_t> chunkOf(n), counts;
    for (size_t i = 0; i < n; i++) {
      const uint8_t* id = traceIdOf_[i];
      size_t s = idHash(id) & (cap - 1);
      for (;;) {
        const int32_t c = slots[s];
        if (c < 0) {
          slots[s] = static_cast<int32_t>(counts.size());
          chunkOf[i] = static_cast<uint32_t>(counts.size());
          chunkIds.push_back(id);
          counts.push_back(1);
          break;
        }
        if (std::memcmp(chunkIds[c], id, 16) == 0) {
          chunkOf[i] = static_cast<uint32_t>(c);
          counts[c]++;
          break;
        }
        s = (s + 1) & (cap - 1);
      }
    }
    chunkStarts_.assign(counts.size() + 1, 0);
    uint32_t at = 0;
    for (size_t c = 0; c < counts.size(); c++) {
      chunkStarts_[c] = at;
      at += counts[c];
    }
    chunkStarts_[counts.size()] = at;
    std::vector<uint32_t> fill(chunkStarts_.begin(), chunkStarts_.end() - 1);
    order_.assign(n, 0);
    for (size_t i = 0; i < n; i++) order_[fill[chunkOf[i]]++] = static_cast<uint32_t>(i);
  }

  // --- pages

  void startPage() {
    writer_.strings.clear();
    writer_.terms.clear();
    spans_.clear();
    ops_.clear();
    resourceSlot_.assign(resources_.size(), -1);
    scopeSlot_.assign(scopes_.size(), -1);
    resourceCount_ = scopeCount_ = spanCount_ = 0;
    chunkIds_.clear();
    chunkCounts_.clear();
    chunkOffsets_.clear();
    minStart_ = UINT64_MAX;
    maxStart_ = maxEnd_ = 0;
    minDuration_ = INFINITY;
    maxDuration_ = 0;
  }

  void startChunk(const uint8_t* traceId) {
    chunkIds_.push_back(traceId);
    chunkCounts_.push_back(0);
    chunkOffsets_.push_back(static_cast<uint32_t>(spans_.size()));
  }

  void addSpan(uint32_t i) {
    const uint32_t s = scopeOf_[i];
    const uint32_t r = scopes_[s].resource;
    int32_t resourceIndex = resourceSlot_[r];
    if (resourceIndex < 0) resourceIndex = resourceSlot_[r] = addResource(resources_[r]);
    int32_t scopeIndex = scopeSlot_[s];
    if (scopeIndex < 0) scopeIndex = scopeSlot_[s] = addScope(scopes_[s]);
    const uint32_t opId = static_cast<uint32_t>(in_.opIds[i]);
    ops_.push_back(opId);
    writer_.readSpan(spanReader(i));
    writer_.writeSpan(spans_, opId, resourceIndex, scopeIndex);
    chunkCounts_.back()++;
    spanCount_++;
    const uint64_t start = writer_.span.start, end = writer_.span.end;
    if (start < minStart_) minStart_ = start;
    if (start > maxStart_) maxStart_ = start;
    if (end > maxEnd_) maxEnd_ = end;
    const double duration = static_cast<double>(end) - static_cast<double>(start);
    if (duration < minDuration_) minDuration_ = duration;
    if (duration > maxDuration_) maxDuration_ = duration;
  }

  int32_t addResource(const ResourceInfo& res) {
    Bytes& w = resourceBodies_;
    if (resourceCount_ == 0) w.clear();
    writer_.writeAttributes(w, res.attributes);
    w.varint(res.dropped);
    w.varint(writer_.strings.ref(res.schemaUrl));
    return static_cast<int32_t>(resourceCount_++);
  }

  int32_t addScope(const ScopeInfo& scope) {
    Bytes& w = scopeBodies_;
    if (scopeCount_ == 0) w.clear();
    const uint32_t name = writer_.strings.ref(scope.name);
    w.varint(name);
    const uint32_t version = writer_.strings.ref(scope.version);
    w.varint(version);
    writer_.writeAttributes(w, scope.attributes);
    w.varint(scope.dropped);
    w.varint(writer_.strings.ref(scope.schemaUrl));
    writer_.terms.add(termHash(kScopeNameKey, writer_.strings.hashOf(name)));
    writer_.terms.add(termHash(kScopeVersionKey, writer_.strings.hashOf(version)));
    return static_cast<int32_t>(scopeCount_++);
  }

  // page-builder.ts finishPage, then page-format.ts writePageMeta (with chunks, codec NONE).
  void finishPage() {
    Bytes& body = head_;
    body.clear();
    writer_.strings.writeTo(body);
    body.varint(resourceCount_);
    if (resourceCount_ > 0) body.append(resourceBodies_);
    body.varint(scopeCount_);
    if (scopeCount_ > 0) body.append(scopeBodies_);
    const uint32_t spansAt = static_cast<uint32_t>(body.size());
    body.append(spans_);

    std::sort(ops_.begin(), ops_.end());
    ops_.erase(std::unique(ops_.begin(), ops_.end()), ops_.end());

    Bytes& meta = meta_;
    meta.clear();
    meta.u32(spanCount_);
    meta.u64(minStart_);
    meta.u64(maxStart_);
    meta.u64(maxEnd_);
    const double lo = minDuration_ - kDurationSlack;
    meta.u64(lo <= 0 ? 0 : static_cast<uint64_t>(std::floor(lo)));
    const double hi = std::ceil(std::max(0.0, maxDuration_) + kDurationSlack);
    meta.u64(hi >= 18446744073709551616.0 ? static_cast<uint64_t>(std::fmod(hi, 18446744073709551616.0)) : static_cast<uint64_t>(hi));
    meta.u32(static_cast<uint32_t>(body.size()));
    meta.u8(0);
    meta.varint(ops_.size());
    uint32_t prev = 0;
    for (uint32_t op : ops_) {
      meta.varint(op - prev);
      prev = op;
    }
    writer_.terms.writeBloom(meta);
    meta.varint(chunkIds_.size());
    for (size_t i = 0; i < chunkIds_.size(); i++) {
      meta.bytes(chunkIds_[i], 16);
      meta.varint(chunkCounts_[i]);
      meta.varint(static_cast<uint64_t>(chunkOffsets_[i]) + spansAt);
    }

    appendU32(static_cast<uint32_t>(meta.size()));
    out_.insert(out_.end(), meta.data(), meta.data() + meta.size());
    appendU32(static_cast<uint32_t>(body.size()));
    out_.insert(out_.end(), body.data(), body.data() + body.size());
  }

  void appendU32(uint32_t v) {
    for (int i = 0; i < 4; i++) out_.push_back((v >> (8 * i)) & 0xff);
  }
};

}  // namespace

bool encodePages(const EncodeInput& input, std::vector<uint8_t>& out) {
  try {
    Encoder(input, out).run();
    return true;
  } catch (const Decline&) {
    return false;
  }
}

}  // namespace ariadne
