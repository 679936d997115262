// mailertable.cpp: see mailertable.hpp.
#include "callahead/mailertable.hpp"

#include <arpa/inet.h>

#include <fstream>

#include "util/strings.hpp"

namespace mp::callahead {

namespace {

bool smtp_mailer(std::string_view m) {
    return m == "smtp" || m == "esmtp" || m == "smtp8" || m == "dsmtp" || m == "relay";
}

// "smtp:[10.0.0.5]" -> "inet:PORT@10.0.0.5"; "" for a mailer that is not SMTP.
Result<std::string> next_hop(std::string_view value, int port) {
    size_t colon = value.find(':');
    if (colon == std::string_view::npos) return fail("expected mailer:host");
    if (!smtp_mailer(util::lower(value.substr(0, colon)))) return std::string();
    std::string_view host = value.substr(colon + 1);
    if (host.size() < 3 || host.front() != '[' || host.back() != ']')
        return fail("host must be a bracketed numeric address, [10.0.0.5] (milterpack resolves no names)");
    host = host.substr(1, host.size() - 2);
    std::string p = std::to_string(port);
    unsigned char buf[16];
    if (util::istarts_with(host, "IPv6:")) {
        std::string a(host.substr(5));
        if (inet_pton(AF_INET6, a.c_str(), buf) == 1) return "inet6:" + p + "@" + a;
    } else if (std::string a(host); inet_pton(AF_INET, a.c_str(), buf) == 1) {
        return "inet:" + p + "@" + a;
    }
    return fail("not a numeric address: [" + std::string(host) + "]");
}

}  // namespace

Result<std::shared_ptr<const Mailertable>> Mailertable::load(const std::string& path, int port) {
    std::ifstream in(path);
    if (!in) return fail(path + ": cannot open");
    auto mt = std::make_shared<Mailertable>();
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        std::string_view v = util::trim(line);
        if (v.empty() || v.front() == '#') continue;
        size_t sp = v.find_first_of(" \t");
        if (sp == std::string_view::npos) return fail(path + ":" + std::to_string(n) + ":1: expected key and value");
        std::string_view value = util::trim(v.substr(sp));
        auto hop = next_hop(value, port);
        if (!hop) {
            size_t col = line.find(value) + 1;
            return fail(path + ":" + std::to_string(n) + ":" + std::to_string(col) + ": " + hop.error().message);
        }
        mt->routes_[util::lower(v.substr(0, sp))] = *hop;
    }
    return std::shared_ptr<const Mailertable>(std::move(mt));
}

std::optional<std::string> Mailertable::route(std::string_view domain) const {
    std::string d = util::lower(domain);
    auto found = routes_.find(d);  // the domain, then ".parent" for each parent
    for (size_t dot = d.find('.'); found == routes_.end() && dot != std::string::npos; dot = d.find('.', dot + 1))
        found = routes_.find(d.substr(dot));
    if (found == routes_.end() || found->second.empty()) return std::nullopt;
    return found->second;
}

std::vector<std::string> Mailertable::hosts() const {
    std::vector<std::string> out;
    for (const auto& [k, hop] : routes_)
        if (size_t at = hop.find('@'); at != std::string::npos) out.push_back(hop.substr(at + 1));
    return out;
}

}  // namespace mp::callahead
