// options.cpp: see options.hpp.
#include "callahead/options.hpp"

#include <fstream>

#include "util/endpoint.hpp"
#include "util/strings.hpp"

namespace mp::callahead {

namespace {

using config::Type;
constexpr int64_t kDay = 86400;

inline constexpr verdict::ReplyRules kTempReply{
    .accept = verdict::ReplyRules::Class::Temporary, .xcode_required = true, .text_required = true};

Result<void> read_domain_file(const std::string& path, std::vector<std::string>& out) {
    std::ifstream in(path);
    if (!in) return fail(path + ": cannot open");
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        std::string_view v = util::trim(std::string_view(line).substr(0, line.find('#')));
        if (v.empty()) continue;
        if (v.find_first_of(" \t@") != std::string_view::npos)
            return fail(path + ":" + std::to_string(n) + ":1: expected one domain per line");
        out.push_back(util::lower(v));
    }
    return {};
}

}  // namespace

const config::Table<Options>& table() {
    using O = Options;
    static const config::Table<O> t{{
        .name = "callahead",
        .doc = "ask the next hop at RCPT whether a recipient exists (SMTP MAIL FROM:<>, RCPT TO, RSET)",
        .rows = {
            {.name = "domains", .type = Type::StringList, .to = config::to<&O::domains>(),
             .doc = "recipient domains to verify: example.com, .example.com (subdomains), \"file:PATH\"",
             .required = true},
            {.name = "next_hop", .type = Type::String, .to = config::to<&O::next_hop>(),
             .doc = "the server that knows the recipients: inet:PORT@ADDR or inet6:PORT@ADDR (numeric), "
                    "or mailertable: per domain from the mailertable file",
             .required = true},
            {.name = "mailertable", .type = Type::String, .def = "\"/etc/mail/mailertable\"",
             .to = config::to<&O::mailertable>(),
             .doc = "with next_hop = mailertable: sendmail's mailertable in text form (smtp:[ADDR] values)"},
            {.name = "mailertable_port", .type = Type::Int, .def = "25", .min = 1, .max = 65535,
             .to = config::to<&O::mailertable_port>(), .doc = "with next_hop = mailertable: the next hops' SMTP port"},
            {.name = "timeout", .type = Type::Time, .def = "10s", .min = 1, .max = 300, .to = config::to<&O::timeout>(),
             .doc = "bound of one call-ahead: connection, dialogue and waiting for a pooled connection"},
            {.name = "positive_ttl", .type = Type::Time, .def = "1d", .min = 0, .max = 60 * kDay,
             .to = config::to<&O::positive_ttl>(), .doc = "how long an accepted recipient is remembered"},
            {.name = "negative_ttl", .type = Type::Time, .def = "1h", .min = 0, .max = 60 * kDay,
             .to = config::to<&O::negative_ttl>(), .doc = "how long a refused (5yz) recipient is remembered"},
            {.name = "on_unavailable", .type = Type::Enum, .def = "tempfail",
             .to = config::one_of<&O::on_unavailable>(
                 {{"tempfail", OnUnavailable::Tempfail}, {"accept", OnUnavailable::Accept}}),
             .doc = "what a RCPT gets when the next hop answers 4yz, fails or does not answer in time"},
            {.name = "pool_size", .type = Type::Int, .def = "4", .min = 1, .max = 256, .to = config::to<&O::pool_size>(),
             .doc = "connections to the next hop at most, kept open between call-aheads"},
            {.name = "helo", .type = Type::String, .def = "\"callahead.invalid\"", .to = config::to<&O::helo>(),
             .doc = "the name given in EHLO to the next hop"},
            {.name = "reply", .type = Type::String,
             .def = "\"451 4.4.3 Cannot verify the recipient now, please try again later\"",
             .to = config::parsed<&O::unavailable_reply>(
                 [](std::string_view text) { return verdict::parse_reply(text, kTempReply); }),
             .doc = "reply under on_unavailable = tempfail: 4xx code, 4.x.y enhanced code, text"},
        },
        .rules = {
            {.options = {"next_hop"},
             .message = "next_hop must be inet:PORT@ADDR or inet6:PORT@ADDR with a numeric address, or mailertable",
             .holds = [](const O& o) {
                 return o.next_hop == "mailertable" ||
                        (util::Endpoint::parse(o.next_hop).has_value() && o.next_hop.starts_with("inet"));
             }},
        },
    }};
    return t;
}

Result<Options, config::Diagnostic> options_from(const config::Section& sec) { return config::read(sec, table()); }

Result<std::vector<std::string>> load_domains(const std::vector<std::string>& entries) {
    std::vector<std::string> out;
    for (const auto& e : entries) {
        if (!e.starts_with("file:")) {
            out.push_back(util::lower(e));
            continue;
        }
        if (auto r = read_domain_file(e.substr(5), out); !r) return fail(r.error().message);
    }
    return out;
}

}  // namespace mp::callahead
