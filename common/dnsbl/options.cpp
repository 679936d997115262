// options.cpp: the dnsbl and dnswl tables (one set of rows, two section
// names) and the reading of every list of a configuration. See options.hpp.
#include "dnsbl/options.hpp"

#include <set>

#include "util/strings.hpp"

namespace mp::dnsbl {

namespace {

using config::Type;

// A DNS zone: dot-separated labels of letters, digits, '-' and '_' (1..63
// bytes each), 253 bytes at most; a final dot is dropped.
Result<std::string> zone(std::string_view text) {
    std::string z(text);
    if (!z.empty() && z.back() == '.') z.pop_back();
    std::string why = "'" + std::string(text) + "' is not a DNS zone (bl.example.org)";
    if (z.empty() || z.size() > 253) return fail(why);
    size_t start = 0;
    while (start <= z.size()) {
        size_t end = z.find('.', start);
        if (end == std::string::npos) end = z.size();
        if (end == start || end - start > 63) return fail(why);
        for (size_t i = start; i < end; ++i) {
            unsigned char c = static_cast<unsigned char>(z[i]);
            if (!std::isalnum(c) && c != '-' && c != '_') return fail(why);
        }
        start = end + 1;
    }
    return util::lower(z);
}

Result<util::Network> v4_network(std::string_view text) {
    auto n = util::Network::parse(text);
    if (!n || !n->addr.is_v4())
        return fail("'" + std::string(text) + "' is not an IPv4 address or network (127.0.0.2, 127.0.0.8/29)");
    return *n;
}

std::vector<config::Row<Options>> rows() {
    using O = Options;
    return {
        {.name = "zone", .type = Type::String, .to = config::parsed<&O::zone>(zone),
         .doc = "the list's DNS zone; the client 192.0.2.1 is looked up as 1.2.0.192.ZONE", .required = true},
        {.name = "ipv6", .type = Type::Bool, .def = "no", .to = config::to<&O::ipv6>(),
         .doc = "also look up IPv6 clients (32 reversed nibbles under the zone)"},
        {.name = "returns", .type = Type::StringList, .to = config::each<&O::returns>(v4_network),
         .doc = "A records (addresses or networks) that mean listed; default: any in 127.0.0.0/8"},
        {.name = "mask", .type = Type::Int, .def = "0", .min = 0, .max = 0xFFFFFFFFll, .to = config::to<&O::mask>(),
         .doc = "listed when the A record and this mask share a bit (0: not used)"},
        {.name = "txt", .type = Type::Bool, .def = "yes", .to = config::to<&O::txt>(),
         .doc = "fetch the TXT record of a listed client when a rule's reply or header shows it (%t)"},
        {.name = "timeout", .type = Type::Time, .def = "2s", .min = 1, .max = 30, .to = config::to<&O::timeout>(),
         .doc = "longest wait for this list at connect (all lists are asked at once)"},
    };
}

config::TableDef<Options> def(std::string_view name, std::string_view doc) {
    return {.name = name, .doc = doc, .rows = rows(), .label = &Options::label, .repeatable = true};
}

}  // namespace

const config::Table<Options>& block_table() {
    static const config::Table<Options> t{
        def("dnsbl", "a DNS block list asked at connect; rules match its listings with dnsbl = LABEL")};
    return t;
}

const config::Table<Options>& allow_table() {
    static const config::Table<Options> t{
        def("dnswl", "a DNS allow list asked at connect; rules match its listings with dnswl = LABEL")};
    return t;
}

Result<std::vector<Options>, config::Diagnostics> lists_from(const config::Section& root) {
    std::vector<Options> out;
    config::Diagnostics d;
    std::set<std::string> labels;
    for (auto [table, kind] : {std::pair{&block_table(), Kind::Block}, std::pair{&allow_table(), Kind::Allow}}) {
        for (const auto* sec : root.sections(table->spec().name)) {
            auto o = config::read(*sec, *table);
            if (!o) {
                d.add(o.error());
                continue;
            }
            o->kind = kind;
            if (!labels.insert(o->label).second) {
                d.add({sec->where(), "a DNS list named '" + o->label + "' exists already (dnsbl and dnswl labels are one set)"});
                continue;
            }
            out.push_back(std::move(*o));
        }
    }
    if (!d.errors.empty()) return Unexpected<config::Diagnostics>{std::move(d)};
    return out;
}

}  // namespace mp::dnsbl
