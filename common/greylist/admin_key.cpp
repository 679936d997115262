// admin_key.cpp: see admin_key.hpp.
#include "greylist/admin_key.hpp"

#include "util/strings.hpp"

namespace mp::greylist {

namespace {

const char* kWhat =
    "a key is a client address (192.0.2.0) or, with key = triplet, "
    "\"<client> <sender> <rcpt>\" (192.0.2.0 <a@b.example> <c@d.example>)";

Result<AdminKey> client(std::string_view word, const KeyOptions& o) {
    if (word.find('/') != std::string_view::npos && util::Network::parse(word))
        return fail("'" + std::string(word) +
                    "' is a network: the greylisting store keeps one entry per client address, not ranges "
                    "(exempt a network in the access map: cltaddr:" + std::string(word) + " OK)");
    auto ip = util::IpAddr::parse(word);
    if (!ip) return fail("'" + std::string(word) + "' is not an IP address: " + kWhat);
    std::string key = client_key(*ip, o);
    return AdminKey{key, key != word};
}

bool angled(std::string_view s) { return s.size() >= 2 && s.front() == '<' && s.back() == '>'; }

}  // namespace

Result<AdminKey> admin_key(std::string_view text, const KeyOptions& o, bool exact_ok) {
    std::string_view t = util::trim(text);
    if (t.empty()) return fail(std::string("empty key: ") + kWhat);
    auto words = util::split_blanks(t);
    if (words.size() == 1) return client(words[0], o);
    if (exact_ok && o.mode == KeyMode::Triplet && words.size() == 4 && words[3].starts_with("#"))
        return AdminKey{std::string(t), false};
    if (words.size() != 3) return fail("'" + std::string(t) + "' is not a greylisting key: " + kWhat);
    if (o.mode != KeyMode::Triplet)
        return fail("'" + std::string(t) + "' is a triplet, but this store keys by client address "
                    "(key = client_ip): give the client address alone");
    if (!angled(words[1]) || !angled(words[2]))
        return fail("'" + std::string(t) + "': sender and recipient are written in angle brackets: " + kWhat);
    auto c = client(words[0], o);
    if (!c) return c;
    auto ip = util::IpAddr::parse(words[0]);
    std::string key = make_key(*ip, util::strip_angles(words[1]), util::strip_angles(words[2]), o);
    return AdminKey{key, key != t};
}

}  // namespace mp::greylist
