// journal_record.cpp: see journal_record.hpp. CRC-32C (Castagnoli, reflected
// polynomial 0x82F63B78), the table built once; check value of "123456789"
// is 0xE3069283 (RFC 3720 B.4), which the unit test asserts.
#include "greylist/journal_record.hpp"

#include <array>

namespace mp::greylist::journal {

namespace {

constexpr std::array<uint32_t, 256> make_table() {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0x82F63B78u ^ (c >> 1) : c >> 1;
        t[i] = c;
    }
    return t;
}

constexpr auto kTable = make_table();

void put_le(std::string& out, uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(char((v >> (8 * i)) & 0xFF));
}

uint64_t get_le(std::string_view b, size_t at, int bytes) {
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | uint8_t(b[at + i]);
    return v;
}

bool append(std::string& out, char op, std::string_view key, std::string_view value) {
    if (key.size() > kMaxKey) return false;
    size_t start = out.size();
    out.append(8, '\0');
    out.push_back(op);
    put_le(out, key.size(), 2);
    out.append(key);
    out.append(value);
    std::string_view payload(out.data() + start + 8, out.size() - start - 8);
    uint32_t len = uint32_t(payload.size()), crc = crc32c(payload);
    for (int i = 0; i < 4; ++i) {
        out[start + i] = char((len >> (8 * i)) & 0xFF);
        out[start + 4 + i] = char((crc >> (8 * i)) & 0xFF);
    }
    return true;
}

// The payload as a record; nullopt when it does not parse.
std::optional<Record> parse_payload(std::string_view p) {
    if (p.size() < 3 || (p[0] != 'P' && p[0] != 'D')) return std::nullopt;
    size_t klen = get_le(p, 1, 2);
    if (3 + klen > p.size() || klen > kMaxKey) return std::nullopt;
    Record r{p[0], p.substr(3, klen), {}};
    std::string_view value = p.substr(3 + klen);
    if (r.op == 'D') return value.empty() ? std::optional(r) : std::nullopt;
    auto e = decode(value);
    if (!e) return std::nullopt;
    r.entry = *e;
    return r;
}

}  // namespace

uint32_t crc32c(std::string_view data) {
    uint32_t c = 0xFFFFFFFFu;
    for (unsigned char ch : data) c = kTable[(c ^ ch) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

std::string header(std::string_view magic, uint64_t generation) {
    std::string h(magic);
    put_le(h, generation, 8);
    return h;
}

std::optional<uint64_t> parse_header(std::string_view bytes, std::string_view magic) {
    if (bytes.size() < kHeaderSize || bytes.substr(0, 8) != magic) return std::nullopt;
    return get_le(bytes, 8, 8);
}

bool append_put(std::string& out, std::string_view key, const Entry& e) {
    char buf[kEncodedMax];
    return append(out, 'P', key, std::string_view(buf, encode_to(e, buf)));
}

bool append_delete(std::string& out, std::string_view key) { return append(out, 'D', key, {}); }

Scan scan(std::string_view bytes, const std::function<void(const Record&)>& fn) {
    Scan s;
    while (true) {
        if (bytes.size() - s.end < 4) {  // a short tail: zeros (End) or a cut length word
            bool zeros = bytes.find_first_not_of('\0', s.end) == std::string_view::npos;
            if (!zeros) s.stop = Stop::Torn;
            return s;
        }
        uint64_t len = get_le(bytes, s.end, 4);
        if (len == 0) return s;
        if (len > kMaxRecord || bytes.size() - s.end < 8 + len) return s.stop = Stop::Torn, s;
        std::string_view payload = bytes.substr(s.end + 8, len);
        if (crc32c(payload) != get_le(bytes, s.end + 4, 4)) return s.stop = Stop::Torn, s;
        auto r = parse_payload(payload);
        if (!r) return s.stop = Stop::Bad, s;
        fn(*r);
        s.end += 8 + len;
        s.records++;
    }
}

std::string_view stop_name(Stop s) {
    switch (s) {
        case Stop::End: return "end";
        case Stop::Torn: return "torn record";
        case Stop::Bad: return "unreadable record";
    }
    return "?";
}

}  // namespace mp::greylist::journal
