// checker.cpp: see checker.hpp. One thread per zone beyond the first (the
// caller's own thread asks the first): resolver queries block their caller,
// and a connect asks a handful of lists at most.
#include "dnsbl/checker.hpp"

#include <algorithm>
#include <system_error>
#include <thread>

#include "dnsbl/query.hpp"
#include "util/log.hpp"

namespace mp::dnsbl {

namespace {

// The first A record of the answer this list counts, "" when none.
std::string matching_a(const Options& list, const dns::Answer& a) {
    for (const auto& rd : a.rdata) {
        auto text = dns::address_text(rd);
        if (!text) continue;
        auto addr = util::IpAddr::parse(*text);
        if (addr && listed_by(list, *addr)) return *text;
    }
    return {};
}

// "dnsbl soft, dnsbl hard (bl.test)": the lists a log line is about.
std::string who(const std::vector<Options>& lists, const std::vector<size_t>& idx, const std::string& zone) {
    std::string out;
    for (size_t i : idx)
        out += (out.empty() ? "" : ", ") + std::string(lists[i].kind == Kind::Block ? "dnsbl " : "dnswl ") + lists[i].label;
    return out + " (" + zone + ")";
}

std::string first_txt(const dns::Answer& a) {
    for (const auto& rd : a.rdata)
        if (auto t = dns::txt_text(rd); t && !t->empty()) return *t;
    return {};
}

}  // namespace

Checker::Checker(std::shared_ptr<dns::Resolver> resolver, std::vector<Options> lists)
    : resolver_(std::move(resolver)), lists_(std::move(lists)), txt_(lists_.size(), false) {
    for (size_t i = 0; i < lists_.size(); ++i) {
        auto z = std::find_if(zones_.begin(), zones_.end(), [&](const Zone& x) { return x.zone == lists_[i].zone; });
        if (z == zones_.end()) z = zones_.insert(zones_.end(), Zone{lists_[i].zone, {}});
        z->lists.push_back(i);
    }
}

void Checker::show_txt(std::string_view label) {
    for (size_t i = 0; i < lists_.size(); ++i)
        if (lists_[i].label == label) txt_[i] = lists_[i].txt;
}

const Options* Checker::find(std::string_view label) const {
    for (const auto& l : lists_)
        if (l.label == label) return &l;
    return nullptr;
}

Listings Checker::ask(const Zone& z, const util::IpAddr& client, std::string_view qid) const {
    std::chrono::seconds wait{0};
    bool any = false;
    for (size_t i : z.lists)
        if (asks(lists_[i], client)) any = true, wait = std::max(wait, lists_[i].timeout);
    if (!any || !resolver_) return {};
    auto deadline = dns::Clock::now() + wait;
    std::string name = query_name(client, z.zone);
    dns::Answer a = resolver_->query(name, dns::Type::A, deadline);
    if (a.status == dns::Status::TempError)
        util::log_warning(qid, who(lists_, z.lists, z.zone) + ": client " + client.str() + ": " + a.error + ": not listed");
    if (a.status != dns::Status::Ok) return {};
    Listings out;
    bool want_txt = false;
    for (size_t i : z.lists) {
        if (!asks(lists_[i], client)) continue;
        std::string hit = matching_a(lists_[i], a);
        if (hit.empty()) continue;
        out.push_back({lists_[i].label, lists_[i].kind, hit, hit});
        want_txt = want_txt || txt_[i];
    }
    if (!want_txt) return out;
    dns::Answer t = resolver_->query(name, dns::Type::TXT, deadline);
    std::string text = t.status == dns::Status::Ok ? first_txt(t) : "";
    if (t.status == dns::Status::TempError)
        util::log_warning(qid, who(lists_, z.lists, z.zone) + ": client " + client.str() + ": TXT: " + t.error);
    for (auto& l : out)
        if (!text.empty() && txt_[size_t(find(l.label) - lists_.data())]) l.text = text;
    return out;
}

Listings Checker::check(const util::IpAddr& client, std::string_view qid) const {
    std::vector<Listings> found(zones_.size());
    std::vector<std::thread> threads;
    for (size_t i = 1; i < zones_.size(); ++i) {
        try {
            threads.emplace_back([&, i] { found[i] = ask(zones_[i], client, qid); });
        } catch (const std::system_error&) {  // no thread to spare: ask from this one
            found[i] = ask(zones_[i], client, qid);
        }
    }
    if (!zones_.empty()) found[0] = ask(zones_[0], client, qid);
    for (auto& t : threads) t.join();
    Listings out;
    for (auto& f : found)
        for (auto& l : f) out.push_back(std::move(l));
    // file order of the lists, whatever the zones' order
    std::stable_sort(out.begin(), out.end(), [this](const Listing& x, const Listing& y) {
        return find(x.label) < find(y.label);
    });
    return out;
}

}  // namespace mp::dnsbl
