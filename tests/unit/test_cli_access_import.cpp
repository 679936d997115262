// test_cli_access_import.cpp: `milterpack access import`. Golden files: each
// tests/golden/access_import/<case>.access (a sendmail 8 access source file)
// is converted and compared with <case>.out: the converted map, then the
// line "ERRORS" and one error per line when some entries were not converted.
// Every converted map must load as a milterpack access map (the daemon's own
// parser), so a conversion can never produce a map check-config refuses.
#include <doctest/doctest.h>

#include "access/accessmap.hpp"
#include "cli/access_import.hpp"
#include "support/golden.hpp"

namespace fs = std::filesystem;

namespace {

std::string run_case(const fs::path& in) {
    std::string name = in.filename().string();
    auto r = mp::cli::import_access(testsupport::slurp(in), name);
    auto loaded = mp::access::AccessMap::parse(r.map, name + " (converted)", {});
    CHECK_MESSAGE(loaded.has_value(), "converted map does not load:\n" << (loaded ? "" : loaded.error().joined()));
    return r.errors.empty() ? r.map : r.map + "ERRORS\n" + r.errors.joined();
}

}  // namespace

TEST_CASE("golden access imports") {
    size_t n = testsupport::check_golden_dir("access_import", {".access"}, testsupport::OutName::ReplaceExtension,
                                             run_case);
    CHECK(n >= 3);
}

TEST_CASE("right-hand sides, one entry each") {
    struct Case {
        const char* line;
        const char* want;  // the converted entry, or the error after "t:1:"
    };
    const Case cases[] = {
        {"Connect:10.2.3.4 OK", "cltaddr:10.2.3.4\tok"},
        {"Connect:10.2 RELAY", "cltaddr:10.2\trelay"},
        {"To:abuse@ OK", "to:abuse\tok"},
        {"From:a@b.example REJECT", "from:a@b.example\treject"},
        {"From:a@b.example RELAY", "from:a@b.example\tok"},
        {"To:a@b.example DISCARD", "to:a@b.example\tdiscard"},
        {"Connect:10 SKIP", "cltaddr:10\tcont"},
        {"To:a@b.example ERROR:\"550 5.7.1 No thanks\"", "to:a@b.example\terror:550 5.7.1 No thanks"},
        {"To:a@b.example ERROR:5.7.1:550 No thanks", "to:a@b.example\terror:550 5.7.1 No thanks"},
        {"To:a@b.example ERROR:\"4.2.2:452 Full\"", "to:a@b.example\terror:452 4.2.2 Full"},
        {"To:a@b.example ERROR:550", "to:a@b.example\terror:550"},
        {"Connect:IPv6:2001:db8::1 REJECT", "cltaddr:2001:db8::1\treject"},
        {"CERTISSUER:/C=US/O=CA SUBJECT", "certissuer:/C=US/O=CA\tcont"},
        {"To:a@b.example QUARANTINE:why", "16: right-hand side 'QUARANTINE:why' has no sendmail X equivalent"},
        {"To:a@b.example ERROR:\"550 open", "22: unterminated quoted ERROR: text"},
        {"To:a@b.example ERROR:5.7.1:450 x", "16: error:450 5.7.1 x: enhanced status code"},
        {"Spam:a@b.example FRIEND", "1: sendmail 8 tag 'Spam:' has no sendmail X equivalent"},
        {"From:<> REJECT", "6: the null sender <> has no sendmail X from: key"},
        {"Connect:IPv6:2001:db8 OK", "14: IPv6 prefix '2001:db8' cannot be converted"},
        {"Connect:bad!name OK", "9: 'bad!name' is not an IP address, host or domain name"},
        {"From:@.example OK", "7: '.example' is not an IP address, host or domain name"},
        {"Connect:10.2.3.4", "17: missing right-hand side after 'Connect:10.2.3.4'"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.line);
        auto r = mp::cli::import_access(std::string(c.line) + "\n", "t");
        std::string got = r.errors.empty() ? r.map.substr(r.map.rfind('\n', r.map.size() - 2) + 1) : r.errors.joined();
        std::string want = r.errors.empty() ? std::string(c.want) + "\n" : "t:1:" + std::string(c.want);
        CHECK(got.substr(0, want.size()) == want);
    }
}
