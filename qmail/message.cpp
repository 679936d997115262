// message.cpp: see message.hpp.
#include "qmail/message.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace mp::qmail {

namespace {

using verdict::HeaderEdit;

bool field_name_ok(std::string_view name) {
    if (name.empty()) return false;
    return std::all_of(name.begin(), name.end(), [](char c) { return c > 32 && c < 127 && c != ':'; });
}

std::string raw_field(std::string_view name, std::string_view value) {
    std::string v(value);
    for (size_t p; (p = v.find("\r\n")) != std::string::npos;) v.erase(p, 1);
    bool blank = !v.empty() && (v[0] == ' ' || v[0] == '\t');
    return std::string(name) + ":" + (blank ? "" : " ") + v + "\n";
}

// The position in `fields` of the index-th (1-based) field called name, or -1.
long nth(const std::vector<Field>& fields, std::string_view name, int index) {
    for (size_t i = 0; i < fields.size(); ++i)
        if (util::iequals(fields[i].name, name) && --index == 0) return long(i);
    return -1;
}

}  // namespace

Split split(std::string_view msg) {
    Split s;
    size_t pos = 0;
    while (pos < msg.size()) {
        size_t nl = msg.find('\n', pos);
        size_t end = nl == std::string_view::npos ? msg.size() : nl + 1;
        std::string_view line = msg.substr(pos, end - pos);
        if (line == "\n" || line == "\r\n") return {std::move(s.fields), end, true};
        bool folded = (line[0] == ' ' || line[0] == '\t') && !s.fields.empty();
        size_t colon = line.find(':');
        if (folded) s.fields.back().raw += std::string(line);
        else if (colon != std::string_view::npos && field_name_ok(line.substr(0, colon)))
            s.fields.push_back({std::string(line.substr(0, colon)), std::string(line)});
        else break;
        if (s.fields.back().raw.back() != '\n') s.fields.back().raw += '\n';
        pos = end;
    }
    s.body = pos;
    return s;
}

std::string value_of(const Field& f) {
    std::string v = f.raw.substr(f.name.size() + 1);
    if (!v.empty() && v.back() == '\n') v.pop_back();
    if (!v.empty() && v.back() == '\r') v.pop_back();
    return crlf(v);
}

std::string crlf(std::string_view t) {
    std::string out;
    out.reserve(t.size() + t.size() / 32);
    for (size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '\n' && (i == 0 || t[i - 1] != '\r')) out += '\r';
        out += t[i];
    }
    return out;
}

std::string edited_head(const Split& s, const std::vector<HeaderEdit>& edits) {
    std::vector<Field> fields = s.fields;
    for (const auto& e : edits) {
        Field f{e.name, raw_field(e.name, e.value)};
        if (e.op == HeaderEdit::Op::Add) {
            fields.push_back(std::move(f));
        } else if (e.op == HeaderEdit::Op::Insert) {
            size_t at = std::min<size_t>(size_t(std::max(e.index, 0)), fields.size());
            fields.insert(fields.begin() + long(at), std::move(f));
        } else if (long i = nth(fields, e.name, e.index); i < 0) {
            if (e.op == HeaderEdit::Op::Change) fields.push_back(std::move(f));  // libmilter: change of a missing field adds it
        } else if (e.op == HeaderEdit::Op::Change) {
            fields[size_t(i)] = std::move(f);
        } else {
            fields.erase(fields.begin() + i);
        }
    }
    std::string out;
    for (const auto& f : fields) out += f.raw;
    if (s.blank) out += "\n";
    return out;
}

}  // namespace mp::qmail
