// accessmap.hpp: the access map of sendmail X README 3.9.3, loaded from a text map
// file, every LHS and RHS validated at load time (a typo is a check-config
// error with file:line:column, not a surprise on a live RCPT). Immutable once
// built; share it as shared_ptr<const AccessMap> through maps::Source to reload.
//
// lookup(tag, key) applies the tag's lookup order (sendmail X README 3.12.1):
//   from, to, protectedrcpt   address order incl. the local part alone
//   cltname                   domain order (no "." default)
//   cltaddr, mxbadip          IP order, with the CIDR extension (maps/lookup_order.hpp)
//   cltresolve, certissuer, certsubject   exact
// and, when nothing matched and a regex: map is configured, its patterns on
// "tag:key" (not for protectedrcpt; docs/access.md).
//   AccessMap::Options opts{.file = "/etc/mail/access"};
//   auto map = AccessMap::load(opts);           // Result<AccessMap, maps::Errors>
//   if (auto m = map->lookup(Tag::To, "abuse@example.com")) ... m->lhs, m->rhs_text
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "access/restriction.hpp"
#include "access/rhs.hpp"
#include "access/tags.hpp"
#include "maps/regexmap.hpp"
#include "maps/source.hpp"
#include "maps/textmap.hpp"

namespace mp::access {

struct Options {
    std::string file;
    char delimiter = '+';          // address_delimiter
    bool implicit_detail = false;  // implicitly_match_detail (README 3.12.1 case 1e)
    std::string regex;             // a regex: map asked when `file` has no entry (regexmap.cpp)
};

struct Match {
    Tag tag = Tag::To;
    std::string lhs;       // as written, with its tag ("to:abuse")
    std::string rhs_text;  // as written
    Rhs rhs;               // not meaningful for protectedrcpt
    std::vector<Restriction> restrictions;  // protectedrcpt only
    int line = 0;
    std::string log() const { return lhs + "\t" + rhs_text; }
};

class AccessMap {
public:
    static Result<AccessMap, maps::Errors> parse(std::string_view text, const std::string& name, const Options& opts,
                                                 const maps::Limits& limits = {});
    static Result<AccessMap, maps::Errors> load(const Options& opts, const maps::Limits& limits = {});

    std::optional<Match> lookup(Tag tag, std::string_view key) const;
    // "TAG:KEY" as typed on the command line (`milterpack lookup to:a@b`).
    Result<std::optional<Match>> lookup_text(std::string_view tagged) const;

    // Every entry with this tag, in file order (lint, dumps).
    std::vector<Match> entries(Tag tag) const;
    // Every entry as stored, one per line: "LINE<tab>KEY<tab>RHS" with the key
    // normalized and the RHS in canonical form (check-config -v, golden tests).
    std::string dump() const;

    const Options& options() const { return opts_; }
    size_t size() const { return map_.size(); }

private:
    AccessMap(maps::TextMap map, Options opts) : map_(std::move(map)), opts_(std::move(opts)) {}
    void validate(maps::Errors& errors);
    // regexmap.cpp: the regex: map of opts_.regex, its results parsed as RHS.
    Result<void, maps::Errors> load_regex(const maps::Limits& limits);
    std::optional<Match> lookup_regex(Tag tag, std::string_view key) const;
    std::vector<std::string> keys_for(Tag tag, std::string_view key) const;

    maps::TextMap map_;
    Options opts_;
    std::vector<Rhs> rhs_;                            // per entry
    std::vector<std::vector<Restriction>> restr_;     // per entry (protectedrcpt)
    std::shared_ptr<const maps::RegexMap> regex_;     // opts_.regex, when set
    std::vector<Rhs> regex_rhs_;                      // per regex entry
};

// For maps::Source<AccessMap>: loads opts.file (the Source's path wins).
maps::Source<AccessMap>::Loader loader(Options opts);

}  // namespace mp::access
