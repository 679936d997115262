// session.cpp: fuzz target for the policy Session (common/policy) driven the
// way an MTA adapter drives it, but in any order: the input is a sequence of
// stage calls (connect, helo, mail, rcpt, data, header, eoh, body, eom,
// abort, set_qid, a new session) with arguments libmilter could hand us:
// odd macro values, NUL bytes, CR/LF, huge values, RCPT without MAIL, EOM
// without DATA, repeated HELO. Two Engines are built once from the fixed
// configurations in tests/fuzz/session/ (access map, protected recipients,
// aliases, LMDB greylisting in a temporary directory, DKIM signing with an
// Ed25519 key made at start-up); no network peer is involved.
// Checked properties: a reply code is empty or 4yz/5yz, and no reply text,
// header name or header value handed to the MTA holds NUL (libmilter would
// refuse it); header names are non-empty and hold no ':' or blank.
#include <fuzzer/FuzzedDataProvider.h>
#include <stdlib.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "config/config.hpp"
#include "dkim/keygen.hpp"
#include "policy/engine.hpp"
#include "policy/session.hpp"
#include "util/log.hpp"

namespace {

using mp::verdict::Verdict;

std::string g_dir;  // the temporary directory, removed at exit
std::shared_ptr<const mp::policy::Engine> g_engines[2];

[[noreturn]] void die(const std::string& why) {
    std::fprintf(stderr, "fuzz_session: %s\n", why.c_str());
    std::abort();
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) die("cannot read " + path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

std::shared_ptr<const mp::policy::Engine> engine(const std::string& file) {
    std::string text = read_file(std::string(MP_FUZZ_DIR) + "/session/" + file);
    replace_all(text, "@DIR@", g_dir);
    replace_all(text, "@SRC@", MP_FUZZ_DIR);
    auto cfg = mp::config::parse(text, file, mp::policy::root_schema());
    if (!cfg) die(cfg.error().str());
    auto e = mp::policy::Engine::create(std::move(*cfg));
    if (!e) die(e.error().str());
    return *e;
}

const std::array<const char*, 32> kWords = {
    "192.0.2.66", "198.51.100.7", "203.0.113.9", "IPv6:2001:db8::1", "10.1.2.3", "IPv6:::1",
    "root@example.test", "postmaster@example.test", "nobody@example.test", "user+x@example.test",
    "list@example.test", "x@private.example.test", "boss@example.org", "alice@example.org",
    "a@spammer.example", "<>", "<root@example.test>", "MTA-RX", "MTA-TX", "OK", "FORGED", "From",
    "Subject", "DKIM-Signature", " a@example.test", "host.bad.example", "trusted.example",
    "/C=US/O=Fuzz CA", "/CN=client", "\r\n\t", "user++@example.test", "example.test"};

// An argument: a known word, fuzzer bytes, or (once per input) a huge value
// of 256 bytes to 1 MiB, the largest packet libmilter negotiates.
std::string arg(FuzzedDataProvider& in, int& huge) {
    switch (in.ConsumeIntegralInRange<int>(0, 7)) {
        case 0: case 1: case 2: return kWords[in.ConsumeIntegralInRange<size_t>(0, kWords.size() - 1)];
        case 3:
            if (huge++ < 1) return std::string(size_t(1) << in.ConsumeIntegralInRange<int>(8, 20), 'a') + "@example.test";
            [[fallthrough]];
        default: return in.ConsumeRandomLengthString(128);
    }
}

bool has_nul(const std::string& s) { return s.find('\0') != std::string::npos; }

void check(const Verdict& v) {
    const auto& code = v.reply.code;
    if (!code.empty() && (code.size() != 3 || (code[0] != '4' && code[0] != '5'))) __builtin_trap();
    if (has_nul(v.reply.text) || has_nul(v.reply.xcode)) __builtin_trap();
    for (const auto& h : v.headers)
        if (h.name.empty() || h.name.find_first_of(": \t\r\n") != std::string::npos || has_nul(h.name) ||
            has_nul(h.value))
            __builtin_trap();
}

void step(FuzzedDataProvider& in, std::unique_ptr<mp::policy::Session>& s, int& huge) {
    switch (in.ConsumeIntegralInRange<int>(0, 11)) {
        case 0: check(s->connect({arg(in, huge), arg(in, huge), arg(in, huge), arg(in, huge), arg(in, huge)})); break;
        case 1: check(s->helo(arg(in, huge), {arg(in, huge), arg(in, huge), arg(in, huge)})); break;
        case 2: check(s->mail({arg(in, huge), arg(in, huge), arg(in, huge)})); break;
        case 3: check(s->rcpt(arg(in, huge))); break;
        case 4: check(s->data()); break;
        case 5: { std::string n = arg(in, huge); s->header(n, arg(in, huge)); break; }
        case 6: check(s->eoh()); break;
        case 7: check(s->body(arg(in, huge))); break;
        case 8: check(s->eom()); break;
        case 9: s->abort(); break;
        case 10: s->set_qid(arg(in, huge)); break;
        default: s = std::make_unique<mp::policy::Session>(g_engines[in.ConsumeBool()]); break;
    }
}

void cleanup() {
    g_engines[0].reset();
    g_engines[1].reset();
    std::error_code ec;
    std::filesystem::remove_all(g_dir, ec);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    mp::util::log_setup({.to_stderr = true, .level = mp::util::LogLevel::Warning});
    char tmpl[] = "/tmp/mp-fuzz-session.XXXXXX";
    if (mkdtemp(tmpl) == nullptr) die("mkdtemp failed");
    g_dir = tmpl;
    std::atexit(cleanup);
    auto key = mp::dkim::keygen("example.test", "fuzz", mp::dkim::Algorithm::Ed25519Sha256, 0, g_dir);
    if (!key) die("keygen: " + key.error().message);
    g_engines[0] = engine("strict.conf");
    g_engines[1] = engine("plain.conf");
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    auto s = std::make_unique<mp::policy::Session>(g_engines[in.ConsumeBool()]);
    int huge = 0;
    for (int n = 0; n < 256 && in.remaining_bytes() > 0; ++n) step(in, s, huge);
    return 0;
}
