// options.hpp: configuration of the recipient call-ahead, one option table:
//
//   callahead {
//       domains = { example.com, .example.com };   # or { "file:/etc/milterpack/callahead-domains" }
//       next_hop = "inet:25@10.0.0.5";               # numeric: the milter resolves no names
//       # or next_hop = mailertable; mailertable = "/etc/mail/mailertable"; mailertable_port = 25;
//       timeout = 10s; positive_ttl = 1d; negative_ttl = 1h;
//       on_unavailable = tempfail;                  # or accept
//       pool_size = 4; helo = "callahead.invalid";
//   }
//
// A domain entry "example.com" matches that domain, ".example.com" its
// subdomains; "file:PATH" reads such entries from PATH, one per line, # starts
// a comment. The section being present turns the call-ahead on.
#pragma once
#include <chrono>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/table.hpp"
#include "util/result.hpp"
#include "verdict/reply.hpp"

namespace mp::callahead {

enum class OnUnavailable { Tempfail, Accept };

struct Options {
    std::vector<std::string> domains;
    std::string next_hop;  // socket notation, or "mailertable"
    std::string mailertable = "/etc/mail/mailertable";  // text form (mailertable.hpp)
    int mailertable_port = 25;
    std::chrono::seconds timeout{10};
    std::chrono::seconds positive_ttl{86400};
    std::chrono::seconds negative_ttl{3600};
    OnUnavailable on_unavailable = OnUnavailable::Tempfail;
    int pool_size = 4;
    std::string helo = "callahead.invalid";
    verdict::Reply unavailable_reply{"451", "4.4.3", "Cannot verify the recipient now, please try again later"};
};

const config::Table<Options>& table();  // "callahead"
Result<Options, config::Diagnostic> options_from(const config::Section& callahead);

// The domain entries with file: entries expanded ("file:PATH:LINE: ..." errors).
Result<std::vector<std::string>> load_domains(const std::vector<std::string>& entries);

}  // namespace mp::callahead
