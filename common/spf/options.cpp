// options.cpp: see options.hpp.
#include "spf/options.hpp"

namespace mp::spf {

namespace {

using CT = config::Type;

mp::Result<verdict::Reply> parse(std::string_view text, verdict::ReplyRules::Class cls) {
    auto r = verdict::parse_reply(text, {.accept = cls, .xcode_required = true, .text_required = true});
    if (!r) return fail("reply: " + r.error().message);
    return std::move(*r);
}
mp::Result<verdict::Reply> permanent(std::string_view t) { return parse(t, verdict::ReplyRules::Class::Permanent); }
mp::Result<verdict::Reply> temporary(std::string_view t) { return parse(t, verdict::ReplyRules::Class::Temporary); }

mp::Result<util::Network> network(std::string_view text) {
    auto n = util::Network::parse(text);
    if (!n) return fail("'" + std::string(text) + "' is not an address or network (ADDR or ADDR/PREFIX)");
    return *n;
}

template <Action Options::*M>
config::Row<Options> on(std::string_view name, std::string_view def, std::string_view doc) {
    return {.name = name, .type = CT::Enum, .def = def,
            .to = config::one_of<M>({{"continue", Action::Continue}, {"reject", Action::Reject},
                                     {"tempfail", Action::Tempfail}}),
            .doc = doc};
}

std::string replace_all(std::string s, std::string_view what, std::string_view with) {
    for (size_t p = 0; (p = s.find(what, p)) != std::string::npos; p += with.size()) s.replace(p, what.size(), with);
    return s;
}

}  // namespace

const config::Table<Options>& table() {
    using O = Options;
    static const config::Table<O> t{{
        .name = "spf",
        .doc = "SPF (RFC 7208) of the MAIL FROM and HELO identities at MAIL, with libspf2 over the dns section's resolver",
        .rows = {
            {.name = "mail", .type = CT::Bool, .def = "yes", .to = config::to<&O::mail>(),
             .doc = "check the MAIL FROM identity (the HELO identity for the null sender)"},
            {.name = "helo", .type = CT::Bool, .def = "no", .to = config::to<&O::helo>(),
             .doc = "check the HELO identity first; its fail decides by on_fail"},
            on<&O::on_pass>("on_pass", "continue", "action for pass"),
            on<&O::on_fail>("on_fail", "reject", "action for fail (reply)"),
            on<&O::on_softfail>("on_softfail", "continue", "action for softfail (reply)"),
            on<&O::on_neutral>("on_neutral", "continue", "action for neutral (reply)"),
            on<&O::on_none>("on_none", "continue", "action for none: no SPF record (reply)"),
            on<&O::on_temperror>("on_temperror", "tempfail", "action for temperror: DNS failed or timed out"),
            on<&O::on_permerror>("on_permerror", "continue", "action for permerror: a broken record (permerror_reply)"),
            {.name = "reply", .type = CT::String, .def = "\"550 5.7.23 %e\"", .to = config::parsed<&O::reply>(permanent),
             .doc = "reply of a rejection; %e: the explanation (the record's exp=), %d: the domain"},
            {.name = "permerror_reply", .type = CT::String, .def = "\"550 5.7.24 SPF record of %d is invalid\"",
             .to = config::parsed<&O::permerror_reply>(permanent), .doc = "reply when a permerror is rejected"},
            {.name = "tempfail_reply", .type = CT::String, .def = "\"451 4.7.24 SPF check of %d failed temporarily\"",
             .to = config::parsed<&O::tempfail_reply>(temporary), .doc = "reply of every tempfail action"},
            {.name = "timeout", .type = CT::Time, .def = "5s", .min = 1, .max = 60, .to = config::to<&O::timeout>(),
             .doc = "deadline of one check, all of its DNS queries together"},
            {.name = "skip_authenticated", .type = CT::Bool, .def = "yes", .to = config::to<&O::skip_authenticated>(),
             .doc = "do not check sessions that authenticated (SMTP AUTH)"},
            {.name = "skip_networks", .type = CT::StringList, .def = "{ 127.0.0.0/8, \"::1\" }",
             .to = config::each<&O::skip_networks>(network), .doc = "clients not checked (addresses or networks)"},
            {.name = "received_spf", .type = CT::Bool, .def = "yes", .to = config::to<&O::received_spf>(),
             .doc = "add a Received-SPF header (RFC 7208 9.1) at end of data"},
            {.name = "receiver", .type = CT::String, .to = config::to<&O::receiver>(),
             .doc = "our host name in Received-SPF and the %{r} macro; default: the system's host name"},
            {.name = "cache_size", .type = CT::Int, .def = "10000", .min = 0, .max = 10000000,
             .to = config::to<&O::cache_size>(),
             .doc = "results kept per (client address, domain[, local-part]) (0: no result cache)"},
            {.name = "cache_max_ttl", .type = CT::Time, .def = "1h", .min = 0, .max = 86400,
             .to = config::to<&O::cache_max_ttl>(),
             .doc = "longest time a result is kept; otherwise the smallest TTL of the answers it read"},
        },
    }};
    return t;
}

std::optional<std::string> skip_reason(const Options& o, const std::string& client_ip, bool authenticated) {
    if (authenticated && o.skip_authenticated) return "authenticated session";
    auto ip = util::IpAddr::parse(client_ip);
    if (!ip) return "no client address";
    for (const auto& n : o.skip_networks)
        if (n.contains(*ip)) return "client in skip_networks " + n.str();
    return std::nullopt;
}

Action action_for(const Options& o, Status r) {
    switch (r) {
    case Status::Pass: return o.on_pass;
    case Status::Fail: return o.on_fail;
    case Status::SoftFail: return o.on_softfail;
    case Status::Neutral: return o.on_neutral;
    case Status::None: return o.on_none;
    case Status::TempError: return o.on_temperror;
    case Status::PermError: return o.on_permerror;
    }
    return Action::Continue;
}

verdict::Verdict decide(const Options& o, const Outcome& out) {
    verdict::Verdict v;
    v.reason = std::string("spf ") + result_name(out.result) + " (" +
               (out.identity == Identity::Helo ? "helo=" : "mailfrom=") + out.sender +
               (out.comment.empty() ? "" : ": " + out.comment) + ")" + (out.cached ? " cached" : "");
    Action a = action_for(o, out.result);
    if (a == Action::Continue) return v;
    v.action = a == Action::Reject ? verdict::Action::Reject : verdict::Action::Tempfail;
    v.reply = a == Action::Tempfail ? o.tempfail_reply : out.result == Status::PermError ? o.permerror_reply : o.reply;
    std::string exp = out.explanation.empty() ? "SPF " + std::string(result_name(out.result)) + " for " + out.domain
                                              : out.explanation;
    v.reply.text = replace_all(replace_all(v.reply.text, "%e", exp), "%d", out.domain);
    return v;
}

}  // namespace mp::spf
