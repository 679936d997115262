// dkim_cmd.cpp: `milterpack dkim keygen`, a new DKIM key pair:
//   milterpack dkim keygen --domain D --selector S --algorithm rsa|ed25519 [--bits N] [--dir DIR]
// Writes DIR/S.private (PKCS#8 PEM, mode 0600, never overwriting a file) and
// DIR/S.txt, and prints the DNS TXT record in zone-file form on stdout (the
// key path goes to stderr, so `> zone-snippet` captures only the record).
// Needs no configuration file. Exit 0 done, 2 usage or failure.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "cli/commands.hpp"
#include "dkim/keygen.hpp"

namespace mp::cli {

namespace {

constexpr const char* kUsage =
    "usage: milterpack dkim keygen --domain DOMAIN --selector SELECTOR --algorithm rsa|ed25519\n"
    "                              [--bits N] [--dir DIR]\n";

int usage_error(const std::string& why) {
    std::fprintf(stderr, "milterpack dkim: %s\n%s", why.c_str(), kUsage);
    return 2;
}

// "--name value" pairs into a map; returns the offending word on error.
std::string parse_pairs(const std::vector<std::string>& args, std::map<std::string, std::string>& out) {
    static const char* known[] = {"--domain", "--selector", "--algorithm", "--bits", "--dir"};
    for (size_t i = 1; i < args.size(); i += 2) {
        bool ok = false;
        for (const char* k : known) ok = ok || args[i] == k;
        if (!ok) return "unknown option " + args[i];
        if (i + 1 >= args.size()) return "missing value for " + args[i];
        if (out.count(args[i])) return args[i] + " given twice";
        out[args[i]] = args[i + 1];
    }
    return {};
}

bool parse_bits(const std::string& s, int& bits) {
    char* end = nullptr;
    long v = std::strtol(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || v < 1 || v > 65536) return false;
    bits = static_cast<int>(v);
    return true;
}

int keygen_cmd(const std::vector<std::string>& args) {
    std::map<std::string, std::string> o;
    if (auto e = parse_pairs(args, o); !e.empty()) return usage_error(e);
    for (const char* k : {"--domain", "--selector", "--algorithm"})
        if (!o.count(k)) return usage_error(std::string(k) + " is required");
    const std::string& alg_name = o["--algorithm"];
    if (alg_name != "rsa" && alg_name != "ed25519")
        return usage_error("--algorithm must be rsa or ed25519, not '" + alg_name + "'");
    auto alg = alg_name == "rsa" ? dkim::Algorithm::RsaSha256 : dkim::Algorithm::Ed25519Sha256;
    int bits = dkim::kDefaultRsaBits;
    if (o.count("--bits")) {
        if (alg != dkim::Algorithm::RsaSha256) return usage_error("--bits applies to rsa keys only");
        if (!parse_bits(o["--bits"], bits)) return usage_error("--bits wants a number, not '" + o["--bits"] + "'");
    }
    std::string dir = o.count("--dir") ? o["--dir"] : ".";
    auto r = dkim::keygen(o["--domain"], o["--selector"], alg, bits, dir);
    if (!r) return report({"milterpack dkim keygen: " + r.error().message});
    std::fprintf(stderr, "private key: %s (mode 0600)\nDNS record:  %s\n", r->key_path.c_str(), r->txt_path.c_str());
    std::printf("%s\n", r->zone_record.c_str());
    return 0;
}

}  // namespace

int dkim(const Context& c) {
    if (c.args.empty() || c.args[0] != "keygen")
        return usage_error(c.args.empty() ? "missing subcommand" : "unknown subcommand '" + c.args[0] + "'");
    return keygen_cmd(c.args);
}

}  // namespace mp::cli
