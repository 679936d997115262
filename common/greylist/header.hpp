// header.hpp: the X-Greylist: header field (greylisting { add_header = yes; }),
// worded as milter-greylist writes it so that filters and people reading
// headers recognise it:
//
//   X-Greylist: Delayed for 00:05:12 by milterpack-0.1.0 (mx.example.org); Tue, 01 Dec 2026 02:10:00 +0000
//   X-Greylist: Sender IP whitelisted, not delayed by milterpack-0.1.0 (mx.example.org); Tue, ...
//
// The session collects one HeaderNote per message from its recipients'
// greylisting outcomes; x_greylist() formats it. Pure: `now` is an argument.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mp::greylist {

// Why a recipient was not delayed (milter-greylist's wording where it has one).
inline constexpr std::string_view kNotDelayedIp = "Sender IP whitelisted";  // access map ok/relay
inline constexpr std::string_view kNotDelayedAuth = "Sender succeeded SMTP AUTH";
inline constexpr std::string_view kNotDelayedRcpt = "Recipient e-mail whitelisted";  // to: ok/relay
inline constexpr std::string_view kNotDelayedTriplet = "IP, sender and recipient auto-whitelisted";
inline constexpr std::string_view kNotDelayedClient = "Sender IP auto-whitelisted";  // key = client_ip, or the AWL

struct HeaderNote {
    std::optional<std::chrono::seconds> delayed;  // the longest delay of a recipient that passed
    std::vector<std::string> not_delayed;         // reasons, in order, each once

    void delayed_for(std::chrono::seconds d);
    void exempt(std::string_view why);
    bool empty() const { return !delayed && not_delayed.empty(); }
};

// "HH:MM:SS"; hours go past 99 when they must ("111:19:22").
std::string delay_text(std::chrono::seconds d);
// RFC 5322 date in UTC: "Tue, 01 Dec 2026 02:10:00 +0000".
std::string mail_date(int64_t epoch_seconds);
// The field's value; `agent` is "milterpack-VERSION", `host` the MTA's name.
std::string x_greylist(const HeaderNote& n, std::string_view agent, std::string_view host, int64_t now);

}  // namespace mp::greylist
