// ampdp_response.cpp: strict parsing of amavisd's AM.PDP response. See ampdp.hpp.
#include <cctype>
#include <charconv>

#include "scan/ampdp.hpp"

namespace mp::scan {

namespace {



std::vector<std::string_view> fields(std::string_view v) {
    std::vector<std::string_view> out;
    for (size_t at = 0;;) {
        size_t sp = v.find(' ', at);
        out.push_back(v.substr(at, sp == std::string_view::npos ? sp : sp - at));
        if (sp == std::string_view::npos) return out;
        at = sp + 1;
    }
}

bool valid_attr_name(std::string_view n) {
    if (n.empty()) return false;
    for (char c : n)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '+' && c != '-')
            return false;
    return true;
}

bool all_digits(std::string_view s, size_t min, size_t max) {
    if (s.size() < min || s.size() > max) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

bool valid_header_name(std::string_view n) {
    if (n.empty()) return false;
    for (char c : n)
        if (c <= 0x20 || c >= 0x7f || c == ':') return false;
    return true;
}

// Folded values are fine ("\n" + blank); CR, NUL or a bare newline are not.

bool valid_header_value(std::string_view v) {
    for (size_t i = 0; i < v.size(); ++i) {
        char c = v[i];
        if (c == '\n' && i + 1 < v.size() && (v[i + 1] == ' ' || v[i + 1] == '\t')) continue;
        if (c == '\r' || c == '\0' || c == '\n') return false;
    }
    return true;
}

Result<std::vector<std::string>> decoded_fields(std::string_view value, size_t want) {
    auto raw = fields(value);
    if (raw.size() != want)
        return fail("expected " + std::to_string(want) + " field(s), got " + std::to_string(raw.size()));
    std::vector<std::string> out;
    for (auto f : raw) {
        auto d = ampdp_decode(f);
        if (!d) return fail(d.error().message);
        out.push_back(std::move(*d));
    }
    return out;
}

Result<int> number(std::string_view s, int max) {
    int n = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size() || n < 0 || n > max)
        return fail("bad number \"" + std::string(s) + "\"");
    return n;
}

Result<verdict::Action> return_value(std::string_view v) {
    using A = verdict::Action;
    for (auto r : {A::Continue, A::Accept, A::Reject, A::Discard, A::Tempfail})
        if (v == verdict::action_name(r)) return r;
    return fail("unknown return_value \"" + std::string(v) + "\"");
}

Result<void> header_edit(std::string_view name, const std::vector<std::string>& f, AmavisAnswer& a) {
    using Op = verdict::HeaderEdit::Op;
    verdict::HeaderEdit e;
    size_t at = 0;
    if (name == "addheader") e.op = Op::Add;
    else {
        e.op = name == "insheader" ? Op::Insert : name == "chgheader" ? Op::Change : Op::Delete;
        auto idx = number(f[0], 100000);
        if (!idx) return fail(idx.error().message);
        e.index = *idx;
        at = 1;
    }
    e.name = f[at];
    if (e.op != Op::Delete) e.value = f[at + 1];
    if (!valid_header_name(e.name)) return fail("bad header name");
    if (!valid_header_value(e.value)) return fail("bad header value");
    a.headers.push_back(std::move(e));
    return {};
}

Result<void> set_reply(const std::vector<std::string>& f, AmavisAnswer& a) {
    if (!all_digits(f[0], 3, 3) || f[0][0] < '2' || f[0][0] > '5' || !verdict::is_enhanced_code(f[1]) ||
        f[1][0] != f[0][0])
        return fail("bad setreply codes");
    for (char c : f[2])
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return fail("control character in setreply text");
    a.reply = {f[0], f[1], f[2]};
    return {};
}

size_t field_count(std::string_view name) {
    if (name == "setreply" || name == "insheader" || name == "chgheader") return 3;
    if (name == "addheader" || name == "delheader") return 2;
    if (name == "return_value" || name == "exit_code" || name == "addrcpt" || name == "delrcpt" ||
        name == "quarantine")
        return 1;
    return 0;  // not ours: ignored
}

Result<void> attribute(std::string_view name, std::string_view value, AmavisAnswer& a, bool& have_return) {
    size_t want = field_count(name);
    if (want == 0) return {};
    auto f = decoded_fields(value, want);
    if (!f) return fail(f.error().message);
    if (name == "setreply") return set_reply(*f, a);
    if (name == "return_value") {
        auto r = return_value((*f)[0]);
        if (!r) return fail(r.error().message);
        if (have_return) return fail("return_value given twice");
        a.return_value = *r;
        have_return = true;
    } else if (name == "exit_code") {
        auto n = number((*f)[0], 255);
        if (!n) return fail(n.error().message);
        a.exit_code = *n;
    } else if (name == "addrcpt" || name == "delrcpt") {
        if ((*f)[0].empty()) return fail("empty address");
        (name == "addrcpt" ? a.add_rcpts : a.del_rcpts).push_back((*f)[0]);
    } else if (name == "quarantine") {
        a.quarantine = (*f)[0].empty() ? "amavisd" : (*f)[0];
    } else {
        return header_edit(name, *f, a);
    }
    return {};
}

}  // namespace

Result<AmavisAnswer> ampdp_parse_response(std::string_view text) {
    if (text.size() < 2 || text.substr(text.size() - 2) != "\r\n") return fail("AM.PDP response not terminated");
    AmavisAnswer a;
    bool have_return = false, ended = false;
    size_t at = 0, lineno = 0;
    while (at < text.size()) {
        size_t eol = text.find("\r\n", at);
        std::string_view line = text.substr(at, eol - at);
        at = eol + 2;
        ++lineno;
        if (ended) return fail("AM.PDP response: data after the empty line");
        if (line.empty()) { ended = true; continue; }
        size_t eq = line.find('=');
        std::string_view name = line.substr(0, eq);
        if (eq == std::string_view::npos || !valid_attr_name(name))
            return fail("AM.PDP response line " + std::to_string(lineno) + ": not name=value");
        if (auto r = attribute(name, line.substr(eq + 1), a, have_return); !r)
            return fail("AM.PDP response line " + std::to_string(lineno) + " (" + std::string(name) +
                        "): " + r.error().message);
    }
    if (!ended) return fail("AM.PDP response without its ending empty line");
    if (!have_return) return fail("AM.PDP response without return_value");
    return a;
}

}  // namespace mp::scan
