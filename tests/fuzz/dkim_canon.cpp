// dkim_canon.cpp: differential fuzz target for DKIM canonicalization
// (common/dkim/canon, RFC 6376 3.4). The streaming BodyCanon is compared with
// a slow reference written here straight from the RFC text (split the body
// into lines, rewrite each line, drop trailing empty lines), for both
// canonicalizations, with the body fed in one chunk, split at every position
// (bodies up to 512 bytes) and cut at fuzzer-chosen positions; the canonical
// bytes, their SHA-256 (the bh= value) and length() must agree. Header
// fields: canon_header on the value as the MTA hands it and on its wire form
// must agree, and for a well-formed folded value (every CRLF followed by
// WSP) relaxed output must equal the reference. Any mismatch __builtin_trap()s.
// Input: header name, header value, split count and positions, then the body.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "dkim/canon.hpp"
#include "dkim/digest.hpp"

namespace {

using mp::dkim::Canon;

bool wsp(char c) { return c == ' ' || c == '\t'; }

// RFC 6376 3.4.3/3.4.4 on the whole body at once. Lines end at CRLF or at a
// bare LF (the MTA hands us LF where the wire has CRLF); a lone CR is content.
std::string reference_body(Canon c, std::string_view body) {
    std::vector<std::string> lines;
    std::string cur;
    bool open = false;  // bytes since the last line end
    for (size_t i = 0; i < body.size(); ++i) {
        if (body[i] == '\n' || (body[i] == '\r' && i + 1 < body.size() && body[i + 1] == '\n')) {
            if (body[i] == '\r') ++i;
            lines.push_back(cur);
            cur.clear();
            open = false;
            continue;
        }
        cur += body[i];
        open = true;
    }
    if (open) lines.push_back(cur);  // a last line without CRLF gets one
    if (c == Canon::Relaxed) {
        for (auto& l : lines) {
            std::string out;
            for (size_t i = 0; i < l.size(); ++i) {
                if (!wsp(l[i])) { out += l[i]; continue; }
                while (i + 1 < l.size() && wsp(l[i + 1])) ++i;
                if (i + 1 < l.size()) out += ' ';  // a run at the end of the line is dropped
            }
            l = out;
        }
    }
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    std::string out;
    for (const auto& l : lines) out += l + "\r\n";
    if (c == Canon::Simple && out.empty()) out = "\r\n";
    return out;
}

struct Collect final : mp::dkim::BodySink {
    std::string out;
    mp::dkim::Sha256 hash;
    void write(std::string_view bytes) override { out += bytes; hash.write(bytes); }
};

void check_body(Canon c, std::string_view body, const std::vector<size_t>& cuts, const std::string& want) {
    Collect sink;
    mp::dkim::BodyCanon bc(c, sink);
    size_t at = 0;
    for (size_t cut : cuts) {
        if (cut < at || cut > body.size()) continue;
        bc.feed(body.substr(at, cut - at));
        at = cut;
    }
    bc.feed(body.substr(at));
    bc.finish();
    if (sink.out != want || bc.length() != want.size() || sink.hash.final() != mp::dkim::sha256(want))
        __builtin_trap();
}

void bodies(std::string_view body, const std::vector<size_t>& cuts) {
    for (Canon c : {Canon::Simple, Canon::Relaxed}) {
        std::string want = reference_body(c, body);
        check_body(c, body, {}, want);
        check_body(c, body, cuts, want);
        if (body.size() <= 512)
            for (size_t i = 0; i <= body.size(); ++i) check_body(c, body, {i}, want);
    }
}

// Every CRLF is followed by WSP, and there is no other CR or LF.
bool well_folded(std::string_view v) {
    for (size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '\n') return false;
        if (v[i] == '\r' && !(i + 2 < v.size() && v[i + 1] == '\n' && wsp(v[i + 2]))) return false;
        if (v[i] == '\r') ++i;
    }
    return true;
}

// RFC 6376 3.4.2 on a well-folded value: unfold, WSP runs to one SP, no WSP
// at either end of the value, lowercase name without surrounding WSP.
std::string reference_relaxed(std::string_view name, std::string_view value) {
    while (!name.empty() && wsp(name.front())) name.remove_prefix(1);
    while (!name.empty() && wsp(name.back())) name.remove_suffix(1);
    std::string out;
    for (char ch : name) out += (ch >= 'A' && ch <= 'Z') ? char(ch - 'A' + 'a') : ch;
    out += ':';
    std::string v;
    for (size_t i = 0; i < value.size(); ++i)
        if (value[i] == '\r') ++i;  // CRLF (before WSP) removed
        else v += value[i];
    size_t a = 0, b = v.size();
    while (a < b && wsp(v[a])) ++a;
    while (b > a && wsp(v[b - 1])) --b;
    for (size_t i = a; i < b; ++i) {
        if (!wsp(v[i])) { out += v[i]; continue; }
        while (wsp(v[i + 1])) ++i;
        out += ' ';
    }
    return out + "\r\n";
}

void headers(const std::string& name, const std::string& value) {
    std::string wire = mp::dkim::wire_value(value);
    if (mp::dkim::wire_value(wire) != wire) __builtin_trap();
    for (Canon c : {Canon::Simple, Canon::Relaxed})
        if (mp::dkim::canon_header(c, name, value) != mp::dkim::canon_header(c, name, wire)) __builtin_trap();
    bool plain_name = name.find_first_of("\r\n:") == std::string::npos;
    if (plain_name && well_folded(wire) &&
        mp::dkim::canon_header(Canon::Relaxed, name, wire) != reference_relaxed(name, wire))
        __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    std::string name = in.ConsumeRandomLengthString(64);
    std::string value = in.ConsumeRandomLengthString(1024);
    headers(name, value);
    std::vector<size_t> cuts(in.ConsumeIntegralInRange<size_t>(0, 16));
    for (auto& c : cuts) c = in.ConsumeIntegralInRange<size_t>(0, 1 << 16);
    std::sort(cuts.begin(), cuts.end());
    std::string body = in.ConsumeRemainingBytesAsString();
    bodies(body, cuts);
    return 0;
}
