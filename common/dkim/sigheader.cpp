// sigheader.cpp: see sigheader.hpp.
#include "dkim/sigheader.hpp"

namespace mp::dkim {
namespace {

constexpr size_t kMaxCol = 78;
constexpr size_t kTab = 8;
constexpr std::string_view kFold = "\r\n\t";

class Folder {
public:
    explicit Folder(std::string& out) : out_(out), col_(kSigName.size() + 1 + out.size()) {}
    // Adds a token; `space` asks for one SP before it when it stays on the line.
    void add(std::string_view tok, bool space) {
        if (col_ + (space ? 1 : 0) + tok.size() > kMaxCol) {
            fold();
        } else if (space) {
            out_ += ' ';
            ++col_;
        }
        out_ += tok;
        col_ += tok.size();
    }

private:
    void fold() {
        out_ += kFold;
        col_ = kTab;
    }
    std::string& out_;
    size_t col_;
};

void add_headers(Folder& f, const std::vector<std::string>& names) {
    for (size_t i = 0; i < names.size(); ++i) {
        std::string tok = (i == 0 ? "h=" : "") + names[i] + (i + 1 == names.size() ? ";" : ":");
        f.add(tok, i == 0);
    }
}

}  // namespace

std::string sig_value_without_b(const SigFields& s) {
    std::string out;
    Folder f(out);
    f.add("v=1;", true);
    f.add("a=" + std::string(name(s.alg)) + ";", true);
    f.add("c=" + std::string(name(s.canon.header)) + "/" + std::string(name(s.canon.body)) + ";", true);
    f.add("d=" + s.domain + ";", true);
    f.add("s=" + s.selector + ";", true);
    if (s.timestamp) f.add("t=" + std::to_string(*s.timestamp) + ";", true);
    if (s.expires) f.add("x=" + std::to_string(*s.expires) + ";", true);
    if (s.length) f.add("l=" + std::to_string(*s.length) + ";", true);
    if (!s.identity.empty()) f.add("i=" + s.identity + ";", true);
    add_headers(f, s.headers);
    f.add("bh=" + s.body_hash_b64 + ";", true);
    f.add("b=", true);
    return out;
}

std::string append_b(std::string prefix, std::string_view b64) {
    size_t last = prefix.rfind(kFold);
    size_t col = last == std::string::npos ? kSigName.size() + 1 + prefix.size()
                                           : kTab + prefix.size() - last - kFold.size();
    while (!b64.empty()) {
        if (col >= kMaxCol) {
            prefix += kFold;
            col = kTab;
        }
        size_t n = std::min(b64.size(), kMaxCol - col);
        prefix += b64.substr(0, n);
        col += n;
        b64.remove_prefix(n);
    }
    return prefix;
}

std::string lf_folded(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (size_t i = 0; i < value.size(); ++i)
        if (!(value[i] == '\r' && i + 1 < value.size() && value[i + 1] == '\n')) out += value[i];
    return out;
}

}  // namespace mp::dkim
