// canon.cpp: see canon.hpp. RFC 6376 3.4.1-3.4.4.
#include "dkim/canon.hpp"

#include <algorithm>

#include "util/strings.hpp"

namespace mp::dkim {
namespace {

bool wsp(char c) { return c == ' ' || c == '\t'; }
constexpr size_t kFlushAt = 8192;

}  // namespace

std::string wire_value(std::string_view value) {
    std::string out;
    out.reserve(value.size() + 8);
    for (size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\n' && (i == 0 || value[i - 1] != '\r')) out += '\r';
        out += value[i];
    }
    return out;
}

std::string canon_header(Canon c, std::string_view name, std::string_view value) {
    if (c == Canon::Simple) {
        std::string out(name);
        out += ':';
        out += wire_value(value);
        out += "\r\n";
        return out;
    }
    // relaxed: lowercase name, unfold, WSP runs -> one SP, no WSP around the colon or at the end
    std::string out = util::lower(util::trim(name));
    out += ':';
    bool space = false;
    size_t start = out.size();
    for (char ch : value) {
        if (ch == '\r' || ch == '\n') continue;
        if (wsp(ch)) { space = true; continue; }
        if (space && out.size() > start) out += ' ';
        space = false;
        out += ch;
    }
    out += "\r\n";
    return out;
}

void BodyCanon::feed(std::string_view chunk) {
    for (char c : chunk) {
        if (pending_cr_) {
            pending_cr_ = false;
            if (c == '\n') { end_line(); continue; }
            content('\r');  // a lone CR is line content
        }
        if (c == '\r') pending_cr_ = true;
        else if (c == '\n') end_line();  // bare LF: the wire carries CRLF
        else content(c);
    }
    if (buf_.size() >= kFlushAt) flush();
}

void BodyCanon::content(char c) {
    if (relaxed_ && wsp(c)) { pending_wsp_ = true; return; }
    start_line();
    if (pending_wsp_) { buf_ += ' '; pending_wsp_ = false; }
    buf_ += c;
}

// Empty lines are held back until content follows: trailing ones are dropped.
void BodyCanon::start_line() {
    if (line_started_) return;
    for (; empty_lines_ > 0; --empty_lines_) {
        buf_ += "\r\n";
        if (buf_.size() >= kFlushAt) flush();
    }
    line_started_ = true;
}

void BodyCanon::end_line() {
    pending_wsp_ = false;
    if (line_started_) buf_ += "\r\n";
    else ++empty_lines_;
    line_started_ = false;
}

void BodyCanon::finish() {
    if (pending_cr_) { pending_cr_ = false; content('\r'); }
    if (line_started_) end_line();  // last line without CRLF gets one
    bool nothing = length_ == 0 && buf_.empty();
    if (!relaxed_ && nothing) buf_ += "\r\n";  // simple: empty body is one CRLF
    flush();
}

void BodyCanon::flush() {
    if (buf_.empty()) return;
    length_ += buf_.size();
    sink_.write(buf_);
    buf_.clear();
}

std::string signed_header_block(const std::vector<std::pair<std::string, std::string>>& headers,
                                const std::vector<std::string>& names, Canon c) {
    std::string block;
    std::vector<std::pair<std::string, size_t>> used;  // lowercased name -> instances taken
    for (const auto& n : names) {
        std::string lc = util::lower(n);
        auto it = std::find_if(used.begin(), used.end(), [&](const auto& u) { return u.first == lc; });
        if (it == used.end()) it = used.insert(used.end(), {lc, 0});
        size_t skip = it->second++;
        for (auto h = headers.rbegin(); h != headers.rend(); ++h) {
            if (!util::iequals(h->first, lc) || skip-- > 0) continue;
            block += canon_header(c, h->first, h->second);
            break;
        }
    }
    return block;
}

}  // namespace mp::dkim
