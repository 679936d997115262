// wire.cpp: see wire.hpp. Big-endian u32s, bounded lengths, exact field lists.
#include "wire.hpp"

#include <cstdio>
#include <cstring>

namespace mp::pmapi {
namespace {

void put_u32(std::string& out, std::uint32_t v) {
    char b[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                 static_cast<char>(v)};
    out.append(b, 4);
}

std::uint32_t get_u32(const char* p) {
    auto u = [p](int i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(p[i])); };
    return (u(0) << 24) | (u(1) << 16) | (u(2) << 8) | u(3);
}

}  // namespace

bool known_type(char type) { return type != 0 && std::strchr("NCHMRDBEUAQnrkhadbxX", type) != nullptr; }

std::string encode(const Frame& f) {
    std::string out;
    out.reserve(kHeaderSize + f.payload.size());
    put_u32(out, static_cast<std::uint32_t>(5 + f.payload.size()));
    out += f.type;
    put_u32(out, f.session);
    out += f.payload;
    return out;
}

std::string encode_fields(const Fields& fields) {
    std::string out;
    for (const auto& f : fields) {
        if (!f) { put_u32(out, kNullField); continue; }
        put_u32(out, static_cast<std::uint32_t>(f->size()));
        out += *f;
    }
    return out;
}

Result<Fields> decode_fields(std::string_view p) {
    Fields out;
    std::size_t i = 0;
    while (i < p.size()) {
        if (p.size() - i < 4) return fail("truncated field length");
        std::uint32_t n = get_u32(p.data() + i);
        i += 4;
        if (n == kNullField) { out.emplace_back(std::nullopt); continue; }
        if (n > p.size() - i) return fail("field length " + std::to_string(n) + " beyond the frame");
        out.emplace_back(std::string(p.substr(i, n)));
        i += n;
    }
    return out;
}

Frame make_frame(char type, std::uint32_t session, const Fields& fields) {
    return Frame{type, session, encode_fields(fields)};
}

void FrameReader::feed(const char* data, std::size_t n) {
    if (pos_ > 0 && pos_ == buf_.size()) { buf_.clear(); pos_ = 0; }
    if (pos_ > kMaxPayload) { buf_.erase(0, pos_); pos_ = 0; }
    buf_.append(data, n);
}

Result<std::optional<Frame>> FrameReader::next() {
    if (!error_.empty()) return fail(error_);
    if (buf_.size() - pos_ < kHeaderSize) return std::optional<Frame>{};
    const char* p = buf_.data() + pos_;
    std::uint32_t len = get_u32(p);
    if (len < 5 || len > 5 + kMaxPayload) {
        error_ = "bad frame length " + std::to_string(len);
        return fail(error_);
    }
    if (!known_type(p[4])) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned char>(p[4]));
        error_ = std::string("unknown frame type ") + hex;
        return fail(error_);
    }
    if (buf_.size() - pos_ < 4 + len) return std::optional<Frame>{};
    Frame f{p[4], get_u32(p + 5), std::string(p + kHeaderSize, len - 5)};
    pos_ += 4 + len;
    return std::optional<Frame>{std::move(f)};
}

}  // namespace mp::pmapi
