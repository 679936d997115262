// test_authres_golden.cpp: the exact Authentication-Results text for fixed
// inputs. Each tests/golden/authres/NAME.in lists method results, one per
// line, as the modules produce them (spf::Outcome with describe(),
// dkimverify::SigResult, dmarc::Outcome); NAME.out is the header milterpack
// inserts: "Authentication-Results: " and the value with libmilter's "\n\t"
// continuations, then the Received-SPF header when the input has an spf line.
// Input lines (words KEY=VALUE, VALUE in double quotes when it has blanks):
//   authserv-id rx.example.org
//   spf result=pass identity=mailfrom sender=a@example.org ip=192.0.2.1 helo=mx.example.org receiver=rx.example.org [detail=".."]
//   dkim result=pass d=example.org s=sel b=BASE64 [l=N] [t=y] [reason=".."]
//   dmarc result=fail policy=reject disposition=quarantine from=example.org [reason=".."]
// MP_UPDATE_GOLDEN=1 rewrites the .out files.
#include <doctest/doctest.h>

#include <map>
#include <sstream>

#include "authres/authres.hpp"
#include "dkimverify/result.hpp"
#include "dmarc/record.hpp"
#include "spf/result.hpp"
#include "support/golden.hpp"

namespace fs = std::filesystem;
using namespace mp;

namespace {

using Fields = std::map<std::string, std::string>;

// "k=v k2=\"a b\"" -> {k: v, k2: "a b"}
Fields fields(std::string_view s) {
    Fields f;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        size_t eq = s.find('=', i);
        if (eq == std::string_view::npos) break;
        std::string key(s.substr(i, eq - i));
        size_t end = s[eq + 1] == '"' ? s.find('"', eq + 2) : s.find(' ', eq + 1);
        if (s[eq + 1] == '"') f[key] = std::string(s.substr(eq + 2, end - eq - 2)), i = end + 1;
        else f[key] = std::string(s.substr(eq + 1, end == std::string_view::npos ? end : end - eq - 1)), i = end;
    }
    return f;
}

template <class E>
E enum_named(const std::string& name, std::initializer_list<E> all, const char* (*to_name)(E)) {
    for (E e : all)
        if (name == to_name(e)) return e;
    FAIL("unknown result word " << name);
    return *all.begin();
}

spf::Outcome spf_outcome(Fields f) {
    using S = spf::Status;
    spf::Outcome o;
    o.result = enum_named(f["result"], {S::None, S::Neutral, S::Pass, S::Fail, S::SoftFail, S::TempError, S::PermError},
                          spf::result_name);
    o.identity = f["identity"] == "helo" ? spf::Identity::Helo : spf::Identity::MailFrom;
    o.sender = f["sender"];
    o.domain = o.sender.substr(o.sender.rfind('@') + 1);
    o.detail = f["detail"];
    spf::describe(o, f["receiver"], f["ip"], f["helo"]);
    return o;
}

dkimverify::SigResult dkim_result(Fields f) {
    using S = dkimverify::Status;
    dkimverify::SigResult r;
    r.status = enum_named(f["result"], {S::Pass, S::Fail, S::Neutral, S::Policy, S::TempError, S::PermError},
                          dkimverify::status_name);
    r.domain = f["d"], r.selector = f["s"], r.b_text = f["b"], r.reason = f["reason"];
    if (f.count("l")) r.length = std::stoull(f["l"]);
    r.testing = f["t"] == "y";
    return r;
}

dmarc::Outcome dmarc_outcome(Fields f) {
    using S = dmarc::Status;
    using P = dmarc::Policy;
    dmarc::Outcome o;
    o.status = enum_named(f["result"], {S::Pass, S::Fail, S::None, S::TempError, S::PermError}, dmarc::status_name);
    o.policy = enum_named(f["policy"].empty() ? "none" : f["policy"], {P::None, P::Quarantine, P::Reject},
                          dmarc::policy_name);
    o.disposition = enum_named(f["disposition"].empty() ? "none" : f["disposition"],
                               {P::None, P::Quarantine, P::Reject}, dmarc::policy_name);
    o.from_domain = f["from"], o.reason = f["reason"];
    return o;
}

std::string render(const fs::path& in) {
    std::istringstream lines(testsupport::slurp(in));
    std::string line, id, received_spf;
    std::vector<std::string> results;
    while (std::getline(lines, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::string word = line.substr(0, line.find(' '));
        std::string rest = line.size() > word.size() ? line.substr(word.size() + 1) : "";
        if (word == "authserv-id") id = rest;
        else if (word == "spf") {
            spf::Outcome o = spf_outcome(fields(rest));
            results.push_back(o.authres());
            received_spf = "Received-SPF: " + o.received_spf + "\n";
        } else if (word == "dkim") {
            // An unsigned message: policy/auth.cpp writes "dkim=none" itself.
            results.push_back(rest == "result=none" ? "dkim=none" : dkim_result(fields(rest)).authres());
        }
        else if (word == "dmarc") results.push_back(dmarc_outcome(fields(rest)).authres());
        else FAIL("unknown line " << line);
    }
    return "Authentication-Results: " + authres::header_value(id, results) + "\n" + received_spf;
}

}  // namespace

TEST_CASE("Authentication-Results golden files") {
    size_t n = testsupport::check_golden_dir("authres", {".in"}, testsupport::OutName::ReplaceExtension, render);
    CHECK(n >= 4);
}
