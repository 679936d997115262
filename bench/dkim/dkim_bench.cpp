// dkim_bench.cpp: in-process signing throughput of mp::dkim's Job API (one
// thread): a ~4 KB message signed with RSA-2048, Ed25519, and both at once,
// relaxed/relaxed, keys made by keygen into a temp dir. Prints messages/s and
// the ratio to `openssl speed` on the same machine in the same run (the raw
// signature rate is the ceiling; the rest is canonicalization and hashing).
//
//   dkim_bench [seconds-per-case, default 2]
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "dkim/keygen.hpp"
#include "dkim/signer.hpp"

using namespace mp::dkim;

// Thread CPU time, as `openssl speed` counts (user time unless -elapsed): the
// machine is shared, so wall time would measure the neighbours.
double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

namespace {

std::vector<std::pair<std::string, std::string>> headers() {
    return {{"Received", " from mta-rx.example.com (localhost [127.0.0.1])\n\tby mta-tx.example.com with ESMTP id q1"},
            {"From", " Alice Example <alice@example.com>"},
            {"To", " Bob <bob@example.net>, Carol <carol@example.net>"},
            {"Subject", " Quarterly report, with a subject long enough\n\tto be folded"},
            {"Date", " Fri, 21 Nov 2025 10:00:00 +0000"},
            {"Message-ID", " <20251121100000.12345@example.com>"},
            {"MIME-Version", " 1.0"},
            {"Content-Type", " text/plain; charset=utf-8"},
            {"Content-Transfer-Encoding", " 8bit"}};
}

std::string body_4k() {
    std::string b;
    for (int i = 0; b.size() < 3600; ++i)
        b += "Line " + std::to_string(i) + " of the report:  some words, \tsome   blanks, numbers 12345.\r\n";
    return b;
}

void sign_one(const Signer& s, const std::vector<std::pair<std::string, std::string>>& hs, const std::string& body,
              size_t& sigs) {
    auto job = s.begin("<alice@example.com>");
    for (const auto& [name, v] : hs) job->header(name, v);
    for (size_t p = 0; p < body.size(); p += 1024) job->body(std::string_view(body).substr(p, 1024));
    auto r = job->finish();
    if (!r || r->empty()) { std::fprintf(stderr, "signing failed\n"); std::exit(1); }
    sigs = r->size();
}

struct Rates {
    double job = 0, raw = 0;  // messages/s through Job; sign_digest calls/s per key set
};

// Alternating 50 ms (CPU) slices of whole-message signing and bare signatures.
Rates run(const Signer& s, const std::vector<const PrivateKey*>& keys, double seconds, size_t& sigs) {
    auto hs = headers();
    std::string body = body_4k(), digest(32, 'x');
    size_t n_job = 0, n_raw = 0;
    double t_job = 0, t_raw = 0;
    auto slice = [](auto&& fn, size_t& n, double& t) {
        double t0 = cpu_seconds(), el = 0;
        do { fn(); ++n; } while ((el = cpu_seconds() - t0) < 0.05);
        t += el;
    };
    while (t_job + t_raw < 2 * seconds) {
        slice([&] { sign_one(s, hs, body, sigs); }, n_job, t_job);
        slice([&] { for (auto* k : keys) if (!k->sign_digest(digest)) std::exit(1); }, n_raw, t_raw);
    }
    return {n_job / t_job, n_raw / t_raw};
}

// "sign/s" figures from `openssl speed` (0 when it cannot be run).
void openssl_speed(double& rsa, double& ed) {
    rsa = ed = 0;
    FILE* p = popen("openssl speed -seconds 2 rsa2048 ed25519 2>/dev/null", "r");
    if (!p) return;
    char line[512];
    while (std::fgets(line, sizeof line, p)) {
        double a = 0, b = 0, c = 0, d = 0;
        if (std::sscanf(line, "rsa 2048 bits %lfs %lfs %lf %lf", &a, &b, &c, &d) == 4) rsa = c;
        if (std::sscanf(line, " 253 bits EdDSA (Ed25519) %lfs %lfs %lf %lf", &a, &b, &c, &d) == 4) ed = c;
    }
    pclose(p);
}

}  // namespace

int main(int argc, char** argv) {
    double secs = argc > 1 ? std::atof(argv[1]) : 2.0;
    char tmpl[] = "/tmp/mp-dkim-bench.XXXXXX";
    if (!mkdtemp(tmpl)) return 1;
    std::string dir = tmpl;
    auto rsa = keygen("example.com", "rsa", Algorithm::RsaSha256, 2048, dir);
    auto ed = keygen("example.com", "ed", Algorithm::Ed25519Sha256, 0, dir);
    if (!rsa || !ed) return 1;
    std::string kt = dir + "/KeyTable", st = dir + "/SigningTable";
    std::FILE* f = std::fopen(kt.c_str(), "w");
    std::fprintf(f, "r example.com:rsa:%s\ne example.com:ed:%s\n", rsa->key_path.c_str(), ed->key_path.c_str());
    std::fclose(f);
    f = std::fopen(st.c_str(), "w");
    std::fprintf(f, "*@example.com r\n*@example.com e\n");
    std::fclose(f);

    Options one_rsa;
    one_rsa.domain = "example.com", one_rsa.selector = "rsa", one_rsa.key_file = rsa->key_path;
    Options one_ed = one_rsa;
    one_ed.selector = "ed", one_ed.key_file = ed->key_path;
    Options dual;
    dual.key_table = kt, dual.signing_table = "refile:" + st, dual.multiple_signatures = true;

    double o_rsa, o_ed;
    openssl_speed(o_rsa, o_ed);
    std::printf("message: %zu header fields, %zu body bytes, relaxed/relaxed, 1 thread, per CPU second\n", headers().size(), body_4k().size());
    auto kr = PrivateKey::load(rsa->key_path, false);
    auto ke = PrivateKey::load(ed->key_path, false);
    if (!kr || !ke) return 1;
    struct Case { const char* name; Options o; std::vector<const PrivateKey*> keys; double ref; } cases[] = {
        {"rsa-sha256 2048", one_rsa, {kr->get()}, o_rsa},
        {"ed25519-sha256", one_ed, {ke->get()}, o_ed},
        {"rsa+ed25519", dual, {kr->get(), ke->get()}, 0}};
    std::printf("%-16s %10s %16s %6s %16s\n", "case", "msg/s", "bare sign/s", "ratio", "openssl speed");
    for (auto& c : cases) {
        auto s = Signer::create(c.o);
        if (!s) { std::fprintf(stderr, "%s\n", s.error().message.c_str()); return 1; }
        size_t sigs = 0;
        Rates r = run(**s, c.keys, secs, sigs);
        std::printf("%-16s %10.0f %16.0f %6.2f", c.name, r.job, r.raw, r.job / r.raw);
        if (c.ref > 0) std::printf(" %16.0f", c.ref);
        std::printf("   (%zu sig/msg)\n", sigs);
    }
    std::filesystem::remove_all(dir);
    return 0;
}
