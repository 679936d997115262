// passlist.hpp: the domains of `greylisting { skip_spf_pass_from = "file:PATH"; }`:
// a client whose SPF check of the MAIL FROM identity passed for one of these
// domains, or a subdomain of one, is not greylisted (its mail comes from a
// host the domain designates, and such hosts retry). Read as a map file
// (maps/source.hpp): loaded when the Engine is built, reloaded with the other
// maps when it changes, a broken file never replaces a good one.
// File format: one domain per line ("example.org" also covers
// "mail.example.org"); blank lines and lines starting with '#' are skipped;
// anything else is an error at file:line:column.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "maps/lines.hpp"
#include "util/result.hpp"

namespace mp::spf {

class PassList {
public:
    // The listed domain that covers `domain` (itself or its nearest listed
    // parent), nullopt when none does. Case-insensitive; a final dot ignored.
    std::optional<std::string> covering(std::string_view domain) const;
    size_t size() const { return domains_.size(); }

    // Parse a file's text; `file` names it in the errors.
    static Result<PassList, maps::Errors> parse(std::string_view text, const std::string& file);
    static Result<std::shared_ptr<const PassList>, maps::Errors> load(const std::string& path);

private:
    std::unordered_set<std::string> domains_;
};

// "file:/etc/milterpack/spf-pass-domains" -> the path; an error for any other form.
Result<std::string> passlist_path(std::string_view spec);

}  // namespace mp::spf
