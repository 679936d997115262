// key.cpp: see key.hpp. Address rewriting schemes undone here:
//   BATV (draft-levine-smtp-batv): prvs=KDDDSSSSSS=user@dom; some MTAs write
//     prvs=user/TAG@dom; Microsoft msprvs1=TAG=user@; Barracuda btv1==TAG==user@.
//   SRS (libsrs2 / Postfix postsrsd): SRS0=HASH=TT=orig.dom=orig-local@fwd and
//     SRS1=HASH=first.fwd==HASH=TT=orig.dom=orig-local@fwd2; the separator
//     after SRS0/SRS1 may also be '+' or '-'. The original local part may
//     itself contain '=', so it is the last field and taken whole.
#include "greylist/key.hpp"

#include <cstdio>

#include "util/strings.hpp"

namespace mp::greylist {

namespace {

bool is_sep(char c) { return c == '=' || c == '+' || c == '-'; }

// Fields of an SRS0 body "HASH=TT=domain=local" -> "local@domain".
std::string srs0_body(std::string_view b) {
    for (int skip = 0; skip < 2; ++skip) {
        auto eq = b.find('=');
        if (eq == std::string_view::npos) return {};
        b.remove_prefix(eq + 1);
    }
    auto eq = b.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 >= b.size()) return {};
    return std::string(b.substr(eq + 1)) + '@' + std::string(b.substr(0, eq));
}

// "" when `local` is not SRS; the original address otherwise.
std::string undo_srs(std::string_view local) {
    if (local.size() < 5 || !is_sep(local[4])) return {};
    if (local.starts_with("srs0")) return srs0_body(local.substr(5));
    if (!local.starts_with("srs1")) return {};
    auto b = local.substr(5);  // HASH=first.fwd==HASH=TT=domain=local
    auto eq = b.find('=');
    if (eq == std::string_view::npos) return {};
    b.remove_prefix(eq + 1);
    eq = b.find('=');  // end of the first forwarder's domain
    if (eq == std::string_view::npos || eq + 1 >= b.size() || !is_sep(b[eq + 1])) return {};
    return srs0_body(b.substr(eq + 2));
}

// The user part of a BATV-tagged local part, or "" when it is not one.
std::string_view undo_batv(std::string_view local) {
    for (std::string_view scheme : {"prvs=", "msprvs1=", "btv1="}) {
        if (!local.starts_with(scheme)) continue;
        auto rest = local.substr(scheme.size());
        auto eq = rest.find_first_not_of('=');
        rest = eq == std::string_view::npos ? std::string_view{} : rest.substr(eq);
        auto tag_end = rest.find('=');
        if (tag_end == std::string_view::npos) {
            auto slash = rest.find('/');  // prvs=user/TAG
            return slash == std::string_view::npos ? std::string_view{} : rest.substr(0, slash);
        }
        auto user = rest.substr(tag_end);
        auto start = user.find_first_not_of('=');
        return start == std::string_view::npos ? std::string_view{} : user.substr(start);
    }
    return {};
}

uint64_t fnv1a(std::string_view s) {
    uint64_t h = 0xcbf29ce484222325ull;
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
    return h;
}

}  // namespace

std::string normalize_sender(std::string_view sender) {
    std::string addr = util::lower(util::strip_angles(util::trim(sender)));
    auto at = addr.rfind('@');
    if (at == std::string::npos) return addr;
    std::string local = addr.substr(0, at), domain = addr.substr(at + 1);
    if (auto orig = undo_srs(local); !orig.empty()) {
        at = orig.rfind('@');
        local = orig.substr(0, at);
        domain = orig.substr(at + 1);
    } else if (auto user = undo_batv(local); !user.empty()) {
        local = std::string(user);
    }
    if (auto plus = local.find('+'); plus != std::string::npos && plus > 0) local.resize(plus);
    return local + '@' + domain;
}

std::string normalize_rcpt(std::string_view rcpt) { return util::lower(util::strip_angles(util::trim(rcpt))); }

util::IpAddr mask_client(const util::IpAddr& client, const KeyOptions& o) {
    if (client.is_v4()) return util::IpAddr::v4(client.v4_value() & o.netmask);
    return client.masked(o.ipv6_prefix);
}

std::string client_key(const util::IpAddr& client, const KeyOptions& o) { return mask_client(client, o).str(); }

std::string make_key(const util::IpAddr& client, std::string_view sender, std::string_view rcpt,
                     const KeyOptions& o) {
    std::string key = client_key(client, o);
    if (o.mode == KeyMode::ClientIp) return key;
    key += " <" + normalize_sender(sender) + "> <" + normalize_rcpt(rcpt) + ">";
    if (key.size() <= kMaxKey) return key;
    char tail[24];
    std::snprintf(tail, sizeof tail, " #%016llx", static_cast<unsigned long long>(fnv1a(key)));
    key.resize(kMaxKey - 18);
    return key + tail;
}

}  // namespace mp::greylist
