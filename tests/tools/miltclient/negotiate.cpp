// negotiate.cpp: opening a client (SMFIC_OPTNEG and the filter's symbol
// lists), stage names and SMFIC_CONNECT address forms. Checks follow
// sendmail's milter_negotiate(): version 2..6, and the filter may only take
// actions and protocol steps the MTA offered.
#include <arpa/inet.h>
#include <libmilter/mfapi.h>
#include <libmilter/mfdef.h>

#include "client.hpp"
#include "util/strings.hpp"

namespace mp::miltclient {
namespace {

constexpr const char* kStageNames[] = {"connect", "helo", "mail", "rcpt", "data",
                                       "eom",     "eoh",  "header", "body"};

Result<void> parse_symlists(std::string_view rest, Negotiated& neg) {
    while (!rest.empty()) {
        if (rest.size() < 5) return fail("malformed OPTNEG reply: truncated symbol list");
        std::uint32_t stage = get_u32(rest);
        if (stage >= static_cast<std::uint32_t>(kMacroStages))
            return fail("malformed OPTNEG reply: symbol list for unknown stage " + std::to_string(stage));
        rest.remove_prefix(4);
        auto z = rest.find('\0');
        if (z == std::string_view::npos) return fail("malformed OPTNEG reply: symbol list not NUL-terminated");
        std::string list(rest.substr(0, z));
        for (char& c : list)
            if (c == ',') c = ' ';
        std::vector<std::string> names;
        for (auto w : util::split_blanks(list)) names.emplace_back(w);
        neg.symlist[stage] = std::move(names);
        rest.remove_prefix(z + 1);
    }
    return {};
}

}  // namespace

const char* stage_name(Stage s) { return kStageNames[static_cast<int>(s)]; }

std::optional<Stage> stage_from_name(std::string_view name) {
    for (int i = 0; i < static_cast<int>(std::size(kStageNames)); ++i)
        if (name == kStageNames[i]) return static_cast<Stage>(i);
    return std::nullopt;
}

Result<ConnectInfo> connect_info(std::string_view hostname, std::string_view address, std::uint16_t port) {
    ConnectInfo ci{std::string(hostname), SMFIA_UNKNOWN, port, std::string(address)};
    unsigned char buf[16];
    if (address == "unknown") {
        ci.address.clear();
    } else if (address.substr(0, 5) == "unix:" || address.substr(0, 1) == "/") {
        ci.family = SMFIA_UNIX;
        if (address.substr(0, 5) == "unix:") ci.address = address.substr(5);
    } else if (inet_pton(AF_INET, ci.address.c_str(), buf) == 1) {
        ci.family = SMFIA_INET;
    } else {
        if (util::istarts_with(address, "IPv6:")) ci.address = address.substr(5);
        if (inet_pton(AF_INET6, ci.address.c_str(), buf) != 1)
            return fail("bad client address (want IPv4, IPv6, unix:/path or unknown): " + std::string(address));
        ci.family = SMFIA_INET6;
    }
    if (hostname.empty()) return fail("empty client hostname");
    return ci;
}

Result<Client> Client::open(std::string_view spec, const ClientOptions& opt) {
    auto ch = Channel::open(spec, opt.timeout_ms);
    if (!ch) return Unexpected<Error>{ch.error()};
    Client c(std::move(*ch), opt);
    if (auto n = c.negotiate(); !n) return Unexpected<Error>{n.error()};
    return c;
}

Result<void> Client::negotiate() {
    std::string data;
    put_u32(data, SMFI_PROT_VERSION);
    put_u32(data, opt_.actions);
    put_u32(data, opt_.protocol);
    ch_.queue(SMFIC_OPTNEG, data);
    auto r = ch_.read();
    if (!r) return fail("OPTNEG: " + r.error().message);
    if (r->cmd != SMFIC_OPTNEG) return fail(std::string("OPTNEG: filter answered '") + r->cmd + "', not 'O'");
    if (r->data.size() < MILTER_OPTLEN) return fail("malformed OPTNEG reply: " + std::to_string(r->data.size()) + " bytes");
    std::string_view d = r->data;
    neg_.version = get_u32(d);
    neg_.actions = get_u32(d.substr(4));
    neg_.protocol = get_u32(d.substr(8)) & ~static_cast<std::uint32_t>(SMFI_INTERNAL);
    if (neg_.version < 2 || neg_.version > SMFI_PROT_VERSION)
        return fail("OPTNEG: unsupported filter protocol version " + std::to_string(neg_.version));
    if ((neg_.actions & opt_.actions) != neg_.actions)
        return fail("OPTNEG: filter wants actions not offered: " + action_flag_names(neg_.actions & ~opt_.actions));
    if ((neg_.protocol & opt_.protocol) != neg_.protocol)
        return fail("OPTNEG: filter wants protocol steps not offered: " +
                    protocol_flag_names(neg_.protocol & ~opt_.protocol));
    if (neg_.version <= 2) neg_.protocol |= SMFIP_NOUNKNOWN;
    if (neg_.version <= 3) neg_.protocol |= SMFIP_NODATA;
    return parse_symlists(d.substr(MILTER_OPTLEN), neg_);
}

}  // namespace mp::miltclient
