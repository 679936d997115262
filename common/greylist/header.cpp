// header.cpp: see header.hpp.
#include "greylist/header.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace mp::greylist {

void HeaderNote::delayed_for(std::chrono::seconds d) { delayed = delayed ? std::max(*delayed, d) : d; }

void HeaderNote::exempt(std::string_view why) {
    if (std::find(not_delayed.begin(), not_delayed.end(), why) == not_delayed.end()) not_delayed.emplace_back(why);
}

std::string delay_text(std::chrono::seconds d) {
    long long s = std::max<long long>(0, d.count());
    char buf[48];
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    return buf;
}

std::string mail_date(int64_t epoch_seconds) {
    std::time_t t = static_cast<std::time_t>(epoch_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    static const char* const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7], tm.tm_mday,
                  months[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

std::string x_greylist(const HeaderNote& n, std::string_view agent, std::string_view host, int64_t now) {
    std::string out;
    if (n.delayed) {
        out = "Delayed for " + delay_text(*n.delayed) + " by ";
    } else {
        for (const auto& why : n.not_delayed) out += why + ", ";
        out += "not delayed by ";
    }
    out.append(agent).append(" (").append(host).append("); ");
    return out + mail_date(now);
}

}  // namespace mp::greylist
