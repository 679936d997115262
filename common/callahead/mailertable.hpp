// mailertable.hpp: next hops per domain from a sendmail mailertable, in the
// text form makemap reads ("key value" lines, # comments):
//   example.com        smtp:[10.0.0.5]
//   .example.com       esmtp:[10.0.0.6]          subdomains of example.com
//   example.net        relay:[IPv6:2001:db8::25]
//   example.org        error:5.1.2:550 no such domain    no call-ahead for it
// A domain is looked up as sendmail does: itself, then .parent for each
// parent (sub.example.com, .example.com, .com). Only SMTP mailers (smtp,
// esmtp, smtp8, dsmtp, relay) with a bracketed numeric host give a next hop:
// the milter resolves no names, so a bare host name is a load error
// (file:line:column); other mailers (local, error, ...) mean "do not call ahead".
//   auto mt = Mailertable::load("/etc/mail/mailertable", 25);   // Result<shared_ptr<const Mailertable>>
//   if (auto hop = (*mt)->route("sub.example.com")) ...   // "inet:25@10.0.0.6"
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/result.hpp"

namespace mp::callahead {

class Mailertable {
public:
    static Result<std::shared_ptr<const Mailertable>> load(const std::string& path, int port);
    // The next hop (socket notation) for a recipient domain; nullopt: none.
    std::optional<std::string> route(std::string_view domain) const;
    // The addresses of every next hop (for the loop guard).
    std::vector<std::string> hosts() const;

private:
    std::unordered_map<std::string, std::string> routes_;  // key -> next hop, or "" (no call-ahead)
};

}  // namespace mp::callahead
