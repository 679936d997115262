// format.cpp: the text of `milterpack greylist list|show|stats` (see greylister.hpp).
#include <ctime>

#include "greylist/greylister.hpp"

namespace mp::greylist {

std::string format_time(int64_t t) {
    if (t == 0) return "-";
    time_t tt = static_cast<time_t>(t);
    struct tm tm {};
    char buf[32];
    if (!gmtime_r(&tt, &tm) || !strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm)) return std::to_string(t);
    return buf;
}

std::string format_entry(const std::string& key, const Entry& e, int64_t now, const Timing& t) {
    std::string out = key + '\t' + std::string(state_name(e.state)) + "\tfirst=" + format_time(e.first_seen) +
                      " last=" + format_time(e.last_seen) + " whitelisted=" + format_time(e.whitelisted_at) +
                      " count=" + std::to_string(e.count) + " expires=" + format_time(deadline(e, t) + 1);
    if (expired(e, now, t)) out += " (expired)";
    return out + '\n';
}

std::string format_list(const std::vector<Record>& records, int64_t now, const Timing& t) {
    std::string out;
    for (auto& r : records) out += format_entry(r.key, r.entry, now, t);
    return out;
}

std::string format_stats(const Stats& s) {
    return "entries " + std::to_string(s.entries) + "\ngreylisted " + std::to_string(s.greylisted) +
           "\nwhitelisted " + std::to_string(s.whitelisted) + "\ncounting " + std::to_string(s.counting) +
           "\nexpired " + std::to_string(s.expired) + "\nstore " + s.store + '\n';
}

}  // namespace mp::greylist
