// dkim_cmd.cpp: `milterpack [-f CONFIG] dkim keygen`, a new DKIM key pair:
//   milterpack dkim keygen -d DOMAIN -s SELECTOR [-a rsa|ed25519] [-b BITS]
//                          [-D DIR] [-u USER]
// (long forms --domain --selector --algorithm --bits --dir --user). The
// algorithm defaults to rsa (2048 bits: what every verifier checks; ed25519
// signatures are still ignored by some). Writes DIR/S.private (PKCS#8 PEM,
// mode 0600, never overwriting a file; DIR and its parents created when
// missing, default ".") and DIR/S.txt. The key is given to the milter's user:
// -u, else the configuration's milter { user } (or pmilter's) when -f is
// given; a directory created here goes to that user too. Prints the DNS TXT
// record in zone-file form on stdout, then on stderr the key path and the
// KeyTable and SigningTable lines to add. Exit 0 done, 2 usage or failure.
#include <getopt.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "cli/commands.hpp"
#include "dkim/keygen.hpp"

namespace mp::cli {

namespace {

constexpr const char* kUsage =
    "usage: milterpack [-f CONFIG] dkim keygen -d DOMAIN -s SELECTOR [-a rsa|ed25519] [-b BITS]\n"
    "                                          [-D DIR] [-u USER]\n"
    "  -d, --domain DOMAIN      the signing domain (d=)\n"
    "  -s, --selector SELECTOR  the selector (s=); the key is DIR/SELECTOR.private\n"
    "  -a, --algorithm ALG      rsa (default) or ed25519\n"
    "  -b, --bits BITS          RSA key size, default 2048\n"
    "  -D, --dir DIR            where the files go (created when missing), default .\n"
    "  -u, --user USER          owner of the key (default: the configuration's milter user)\n";

int usage_error(const std::string& why) {
    std::fprintf(stderr, "milterpack dkim: %s\n%s", why.c_str(), kUsage);
    return 2;
}

struct KeygenArgs {
    std::string domain, selector, algorithm = "rsa", bits, dir = ".", user;
};

// getopt_long over the words after "keygen"; the offending word on error.
std::string parse(const std::vector<std::string>& args, KeygenArgs& a) {
    static const option longs[] = {{"domain", required_argument, nullptr, 'd'},
                                   {"selector", required_argument, nullptr, 's'},
                                   {"algorithm", required_argument, nullptr, 'a'},
                                   {"bits", required_argument, nullptr, 'b'},
                                   {"dir", required_argument, nullptr, 'D'},
                                   {"user", required_argument, nullptr, 'u'},
                                   {nullptr, 0, nullptr, 0}};
    std::vector<char*> argv;
    for (const auto& s : args) argv.push_back(const_cast<char*>(s.c_str()));
    argv.push_back(nullptr);
    optind = 0;  // glibc: start over
    opterr = 0;
    for (int c; (c = getopt_long(int(args.size()), argv.data(), ":d:s:a:b:D:u:", longs, nullptr)) != -1;) {
        std::string* to = c == 'd' ? &a.domain : c == 's' ? &a.selector : c == 'a' ? &a.algorithm
                        : c == 'b' ? &a.bits : c == 'D' ? &a.dir : c == 'u' ? &a.user : nullptr;
        if (c == ':') return std::string("missing value for ") + argv[optind - 1];
        if (!to) return std::string("unknown option ") + argv[optind - 1];
        *to = optarg;
    }
    if (optind != int(args.size())) return "unexpected argument '" + args[size_t(optind)] + "'";
    return {};
}

bool parse_bits(const std::string& s, int& bits) {
    char* end = nullptr;
    long v = std::strtol(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || v < 1 || v > 65536) return false;
    bits = static_cast<int>(v);
    return true;
}

// mkdir -p DIR; the directories it made, outermost first.
Result<std::vector<std::string>> make_dirs(const std::string& dir) {
    std::vector<std::string> made;
    for (size_t pos = 0; pos != std::string::npos;) {
        pos = dir.find('/', pos + 1);
        std::string part = dir.substr(0, pos);
        if (::mkdir(part.c_str(), 0750) == 0) made.push_back(part);
        else if (errno != EEXIST) return fail("mkdir " + part + ": " + std::strerror(errno));
    }
    return made;
}

Result<void> give(const std::string& path, const struct passwd* pw) {
    if (::lchown(path.c_str(), pw->pw_uid, pw->pw_gid) != 0)
        return fail("chown " + std::string(pw->pw_name) + " " + path + ": " + std::strerror(errno));
    return {};
}

// The user the key is for: -u, else the configuration's daemon user (the
// default configuration only when it exists), else none.
Result<std::string> key_user(const Context& c, const KeygenArgs& a) {
    if (!a.user.empty() || c.config_path.empty()) return a.user;
    if (!c.config_given && ::access(c.config_path.c_str(), F_OK) != 0) return a.user;
    int status;
    auto engine = load_engine(c.config_path, status);
    if (!engine) return fail(c.config_path + ": cannot read the milter user");
    return engine->milter().user.empty() ? engine->pmilter().user : engine->milter().user;
}

void print_tables(const KeygenArgs& a, const dkim::KeygenResult& r) {
    std::string name = a.selector + "._domainkey." + a.domain;
    std::fprintf(stderr,
                 "private key: %s (mode 0600)\nDNS record:  %s\n"
                 "add to the KeyTable:\n  %s %s:%s:%s\n"
                 "add to the SigningTable (refile:):\n  *@%s %s\n",
                 r.key_path.c_str(), r.txt_path.c_str(), name.c_str(), a.domain.c_str(), a.selector.c_str(),
                 r.key_path.c_str(), a.domain.c_str(), name.c_str());
}

int keygen_cmd(const Context& c) {
    KeygenArgs a;
    if (auto e = parse(c.args, a); !e.empty()) return usage_error(e);
    if (a.domain.empty()) return usage_error("-d DOMAIN is required");
    if (a.selector.empty()) return usage_error("-s SELECTOR is required");
    if (a.algorithm != "rsa" && a.algorithm != "ed25519")
        return usage_error("-a must be rsa or ed25519, not '" + a.algorithm + "'");
    auto alg = a.algorithm == "rsa" ? dkim::Algorithm::RsaSha256 : dkim::Algorithm::Ed25519Sha256;
    int bits = dkim::kDefaultRsaBits;
    if (!a.bits.empty() && alg != dkim::Algorithm::RsaSha256) return usage_error("-b applies to rsa keys only");
    if (!a.bits.empty() && !parse_bits(a.bits, bits)) return usage_error("-b wants a number, not '" + a.bits + "'");
    auto user = key_user(c, a);
    if (!user) return report({"milterpack dkim keygen: " + user.error().message});
    struct passwd* pw = user->empty() ? nullptr : ::getpwnam(user->c_str());
    if (!user->empty() && !pw) return report({"milterpack dkim keygen: user '" + *user + "' does not exist"});
    auto made = make_dirs(a.dir);
    if (!made) return report({"milterpack dkim keygen: " + made.error().message});
    auto r = dkim::keygen(a.domain, a.selector, alg, bits, a.dir);
    if (!r) return report({"milterpack dkim keygen: " + r.error().message});
    if (pw)
        for (const auto& p : *made)
            if (auto g = give(p, pw); !g) return report({"milterpack dkim keygen: " + g.error().message});
    if (pw)
        if (auto g = give(r->key_path, pw); !g) return report({"milterpack dkim keygen: " + g.error().message});
    std::printf("%s\n", r->zone_record.c_str());
    print_tables(a, *r);
    if (!pw && ::geteuid() == 0)
        std::fprintf(stderr, "note: no user given (-u, or -f with a milter user): the key is root's; "
                             "the milter reads it as its user\n");
    return 0;
}

}  // namespace

int dkim(const Context& c) {
    if (c.args.empty() || c.args[0] != "keygen")
        return usage_error(c.args.empty() ? "missing subcommand" : "unknown subcommand '" + c.args[0] + "'");
    return keygen_cmd(c);
}

}  // namespace mp::cli
