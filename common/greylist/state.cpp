// state.cpp: see state.hpp. Keep in step with the Lua copy in redis_script.cpp:
// the shared case table (test_greylist_stores.cpp) checks that they agree.
#include "greylist/state.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

namespace mp::greylist {

std::string_view before_name(Before b) {
    switch (b) {
    case Before::New: return "new";
    case Before::Greylisted: return "greylisted";
    case Before::Whitelisted: return "whitelisted";
    case Before::GreyExpired: return "grey-expired";
    case Before::WhiteExpired: return "white-expired";
    case Before::WhiteTimeout: return "white-timeout";
    case Before::ClientWhitelisted: return "client-whitelisted";
    }
    return "?";
}

std::optional<Before> before_from_name(std::string_view name) {
    for (int b = 0; b <= int(Before::ClientWhitelisted); ++b)
        if (before_name(Before(b)) == name) return Before(b);
    return std::nullopt;
}

std::string_view state_name(State s) {
    switch (s) {
    case State::Greylisted: return "greylisted";
    case State::Whitelisted: return "whitelisted";
    case State::Counting: return "counting";
    }
    return "?";
}

int64_t deadline(const Entry& e, const Timing& t) {
    switch (e.state) {
    case State::Greylisted: return e.first_seen + t.grey_expire;
    case State::Counting: return e.last_seen + t.white_expire;
    case State::Whitelisted: break;
    }
    int64_t d = e.last_seen + t.white_expire;
    if (t.white_timeout > 0) d = std::min(d, e.whitelisted_at + t.white_timeout);
    return d;
}

bool expired(const Entry& e, int64_t now, const Timing& t) { return now > deadline(e, t); }

namespace {

Before classify(const std::optional<Entry>& e, int64_t now, const Timing& t) {
    if (!e || e->state == State::Counting) return Before::New;
    if (!expired(*e, now, t)) return e->state == State::Greylisted ? Before::Greylisted : Before::Whitelisted;
    if (e->state == State::Greylisted) return Before::GreyExpired;
    if (t.white_timeout > 0 && now - e->whitelisted_at > t.white_timeout) return Before::WhiteTimeout;
    return Before::WhiteExpired;
}

void touch(Entry& e, int64_t now) {
    e.last_seen = std::max(e.last_seen, now);
    if (e.count < std::numeric_limits<uint32_t>::max()) ++e.count;
}

}  // namespace

Step step(const std::optional<Entry>& e, int64_t now, const Timing& t) {
    Step s;
    s.before = classify(e, now, t);
    if (s.before == Before::Whitelisted) {
        s.entry = *e;
        touch(s.entry, now);
        s.pass = true;
        return s;
    }
    if (s.before == Before::Greylisted) {
        int64_t age = std::max<int64_t>(0, now - e->first_seen);
        if (age >= t.grey_wait) {
            s.entry = Entry{State::Whitelisted, e->first_seen, now, now, 1};
            s.pass = s.confirmed = true;
            return s;
        }
        s.entry = *e;  // first_seen stays: early retries do not restart the wait
        touch(s.entry, now);
        s.retry_after = t.grey_wait - age;
        return s;
    }
    s.entry = Entry{State::Greylisted, now, now, 0, 1};
    s.retry_after = t.grey_wait;
    return s;
}

namespace {

Entry count_confirmation(const std::optional<Entry>& client, int64_t now, const Policy& p) {
    Entry c{State::Counting, now, now, 0, 0};
    if (client && client->state == State::Counting && !expired(*client, now, p.timing)) c = *client;
    touch(c, now);
    if (c.count >= p.awl_count) {
        c.state = State::Whitelisted;
        c.whitelisted_at = now;
    }
    return c;
}

}  // namespace

Outcome decide(const std::optional<Entry>& key, const std::optional<Entry>& client, bool use_client,
               int64_t now, const Policy& p) {
    Outcome out;
    if (use_client && client && client->state == State::Whitelisted && !expired(*client, now, p.timing)) {
        Entry c = *client;
        touch(c, now);
        out.pass = true;
        out.before = Before::ClientWhitelisted;
        out.client_after = c;
        return out;
    }
    Step s = step(key, now, p.timing);
    out.pass = s.pass;
    out.retry_after = s.retry_after;
    out.before = s.before;
    out.key_after = s.entry;
    if (use_client && s.confirmed) out.client_after = count_confirmation(client, now, p);
    return out;
}

size_t encode_to(const Entry& e, char (&buf)[kEncodedMax]) {
    char* p = buf;
    char* end = buf + kEncodedMax;
    *p++ = e.state == State::Greylisted ? 'g' : e.state == State::Whitelisted ? 'w' : 'c';
    for (int64_t v : {e.first_seen, e.last_seen, e.whitelisted_at, int64_t(e.count)}) {
        *p++ = ' ';
        p = std::to_chars(p, end, v).ptr;  // 4 x (1 + 20) + 1 < kEncodedMax: always fits
    }
    return size_t(p - buf);
}

std::string encode(const Entry& e) {
    char buf[kEncodedMax];
    return std::string(buf, encode_to(e, buf));
}

namespace {

template <class T>
bool take(std::string_view& s, T& out) {
    auto sp = s.find(' ');
    auto field = s.substr(0, sp);
    auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), out);
    if (ec != std::errc() || end != field.data() + field.size() || field.empty()) return false;
    s = sp == std::string_view::npos ? std::string_view{} : s.substr(sp + 1);
    return true;
}

}  // namespace

std::optional<Entry> decode(std::string_view text) {
    if (text.size() < 3 || text[1] != ' ') return std::nullopt;
    Entry e;
    switch (text[0]) {
    case 'g': e.state = State::Greylisted; break;
    case 'w': e.state = State::Whitelisted; break;
    case 'c': e.state = State::Counting; break;
    default: return std::nullopt;
    }
    text.remove_prefix(2);
    if (!take(text, e.first_seen) || !take(text, e.last_seen) || !take(text, e.whitelisted_at) ||
        !take(text, e.count) || !text.empty())
        return std::nullopt;
    return e;
}

}  // namespace mp::greylist
