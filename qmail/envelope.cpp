// envelope.cpp: see envelope.hpp.
#include "qmail/envelope.hpp"

namespace mp::qmail {

Result<Envelope> parse_envelope(std::string_view b) {
    Envelope e;
    size_t pos = 0;
    bool have_sender = false;
    while (pos < b.size()) {
        if (b[pos] == '\0') {
            if (!have_sender || e.rcpts.empty()) break;
            if (pos + 1 != b.size()) return fail("bytes after the envelope's final NUL");
            return e;
        }
        size_t nul = b.find('\0', pos);
        if (nul == std::string_view::npos) return fail("envelope field without its NUL");
        char kind = b[pos];
        std::string addr(b.substr(pos + 1, nul - pos - 1));
        if (kind == 'F' && !have_sender) {
            e.sender = std::move(addr);
            have_sender = true;
        } else if (kind == 'T' && have_sender) {
            if (addr.empty()) return fail("empty recipient");
            e.rcpts.push_back(std::move(addr));
        } else {
            return fail(std::string("unexpected envelope field '") + kind + "'");
        }
        pos = nul + 1;
    }
    return fail(have_sender ? "no recipient or no final NUL" : "no sender");
}

}  // namespace mp::qmail
