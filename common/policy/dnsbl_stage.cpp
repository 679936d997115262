// dnsbl_stage.cpp: see dnsbl_stage.hpp.
#include "policy/dnsbl_stage.hpp"

#include <algorithm>

#include "dnsbl/checker.hpp"
#include "policy/engine.hpp"
#include "policy/parts.hpp"
#include "policy/state.hpp"
#include "util/log.hpp"

namespace mp::policy {

namespace {

bool shows_text(const rules::Options& r) {
    return (r.reply && r.reply->text.find("%t") != std::string::npos) ||
           r.add_header_value.find("%t") != std::string::npos;
}

// The labels one rule names under `option` must be lists of `kind`.
void check_refs(const config::Section& sec, std::string_view option, const std::vector<std::string>& labels,
                dnsbl::Kind kind, const std::vector<dnsbl::Options>& lists, config::Diagnostics& d) {
    for (const auto& label : labels) {
        auto l = std::find_if(lists.begin(), lists.end(), [&](const dnsbl::Options& o) { return o.label == label; });
        if (l == lists.end() || l->kind != kind)
            d.add({sec.where(option), std::string(option) + " '" + label + "' names no " + std::string(option) +
                                          " section"});
    }
}

}  // namespace

void build_dnsbl(const config::Section& root, EngineParts& p, config::Diagnostics& d) {
    auto lists = dnsbl::lists_from(root);
    if (!lists) return d.errors.insert(d.errors.end(), lists.error().errors.begin(), lists.error().errors.end()), void();
    auto sections = root.sections(rules::table().spec().name);
    const auto& rs = p.rules.rules();
    if (sections.size() != rs.size()) return;  // the rules failed to load: reported there
    std::vector<dnsbl::Options> used;
    for (size_t i = 0; i < rs.size(); ++i) {
        check_refs(*sections[i], "dnsbl", rs[i].dnsbl, dnsbl::Kind::Block, *lists, d);
        check_refs(*sections[i], "dnswl", rs[i].dnswl, dnsbl::Kind::Allow, *lists, d);
    }
    for (const auto& l : *lists) {
        bool named = std::any_of(rs.begin(), rs.end(), [&](const rules::Options& r) {
            const auto& labels = l.kind == dnsbl::Kind::Block ? r.dnsbl : r.dnswl;
            return std::find(labels.begin(), labels.end(), l.label) != labels.end();
        });
        if (named) used.push_back(l);
    }
    if (used.empty() || !d.errors.empty()) return;
    if (!p.auth.resolver) return d.errors.push_back("dnsbl: no DNS resolver (see the dns section)");
    p.dnsbl = std::make_unique<dnsbl::Checker>(p.auth.resolver, used);
    for (const auto& r : rs)
        if (shows_text(r))
            for (const auto* labels : {&r.dnsbl, &r.dnswl})
                for (const auto& label : *labels) p.dnsbl->show_txt(label);
}

void dnsbl_connect(const Engine& e, SessionState& st) {
    st.listings.clear();
    const auto* checker = e.parts().dnsbl.get();
    if (!checker || st.checks.trusted()) return;
    auto client = util::IpAddr::parse(st.client.addr);
    if (!client) return;
    st.listings = checker->check(*client, st.qid);
    for (const auto& l : st.listings)
        util::log_info(st.qid, std::string(l.kind == dnsbl::Kind::Block ? "dnsbl " : "dnswl ") + l.label +
                                   ": client [" + client->str() + "] listed (" + l.a +
                                   (l.text != l.a ? ", \"" + l.text + "\")" : ")"));
}

}  // namespace mp::policy
