// mime.cpp: fuzz target for the body matcher's MIME walker (common/rules/
// mime.hpp). The input's first line is the top-level Content-Type, its
// second the Content-Transfer-Encoding, the rest the body. Checked
// properties (mime.hpp's contract): the text never exceeds the bound; the
// text is the same whether the body comes whole or in chunks of any size
// (here cut at sizes taken from the input); wants_body() is false once the
// bound's bytes were read; nothing crashes or reads out of bounds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "rules/mime.hpp"

namespace {

std::string_view take_line(std::string_view& in) {
    size_t nl = in.find('\n');
    std::string_view line = in.substr(0, nl);
    in = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
    return line;
}

std::string walk(std::string_view ctype, std::string_view cte, std::string_view body, size_t max, size_t seed) {
    mp::rules::MimeWalker w(max);
    w.header("Content-Type", ctype);
    w.header("Content-Transfer-Encoding", cte);
    for (size_t i = 0, n = 0; i < body.size(); i += n) {
        n = seed ? 1 + (seed * (i + 7)) % 61 : body.size();
        w.body(body.substr(i, n));
    }
    if (body.size() >= max && w.wants_body()) __builtin_trap();
    w.finish();
    if (w.text().size() > max) __builtin_trap();
    return w.text();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in(reinterpret_cast<const char*>(data), size);
    std::string_view ctype = take_line(in), cte = take_line(in);
    size_t max = 256 + (size % 4096);
    std::string whole = walk(ctype, cte, in, max, 0);
    if (walk(ctype, cte, in, max, size) != whole) __builtin_trap();
    return 0;
}
