// peers.hpp: test fixture around tests/tools/peers.sh. A PeerDir is one
// private directory with its own clamd (and amavisd when asked), started on
// construction and stopped by pid (peers.sh stop) on destruction;
// suite_peers() gives each test file its own. Also the
// messages the cases send, a helper that feeds one through a Job the way
// the milter will (headers with their leading space, then body chunks),
// scan() for one whole message and failure() for its reason.
#pragma once
#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "scan/scanner.hpp"

namespace scantest {

namespace fs = std::filesystem;

inline int run(const std::string& cmd) {
    int rc = std::system(cmd.c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

class PeerDir {
public:
    PeerDir(bool amavisd, const std::string& stream_max) {
        std::string t = "/tmp/mp-scanpeers-XXXXXX";
        dir_ = ::mkdtemp(t.data());
        ok_ = run("CLAMD_STREAM_MAX=" + stream_max + " " MP_PEERS_SH " start-clamd " + dir_ + " >/dev/null") == 0;
        if (ok_ && amavisd) ok_ = run(MP_PEERS_SH " start-amavisd " + dir_ + " >/dev/null") == 0;
    }
    ~PeerDir() {
        run(MP_PEERS_SH " stop " + dir_);
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    bool ok() const { return ok_; }
    void stop_clamd() { run(MP_PEERS_SH " stop-clamd " + dir_); }
    void stop_amavisd() { run(MP_PEERS_SH " stop-amavisd " + dir_); }
    std::string clamd_socket() const { return "unix:" + dir_ + "/clamd/clamd.sock"; }
    std::string amavis_socket() const { return "unix:" + dir_ + "/amavis/home/amavisd.sock"; }
    std::string amavis_tmp() const { return dir_ + "/amavis/tmp"; }
    pid_t clamd_pid() const { return read_pid(dir_ + "/clamd/clamd.pid"); }
    pid_t amavisd_pid() const { return read_pid(dir_ + "/amavis/home/amavisd.pid"); }
    const std::string& dir() const { return dir_; }

private:
    static pid_t read_pid(const std::string& f) {
        std::ifstream in(f);
        pid_t p = 0;
        in >> p;
        return p;
    }
    std::string dir_;
    bool ok_ = false;
};

enum class Peers { Clamd, ClamdAmavisd };

// The fixture: this test file's peers, started at first use (a failed start
// fails the case that asked), stopped when the process exits. Internal linkage
// on purpose: each test file has its own PeerDir even when all suites run in
// one process, so a suite that stops its amavisd leaves the others theirs.
namespace {
[[maybe_unused]] PeerDir& suite_peers(Peers which) {
    if (which == Peers::Clamd) {
        static PeerDir clamd(false, "30M");
        REQUIRE_MESSAGE(clamd.ok(), "clamd did not start");
        return clamd;
    }
    static PeerDir both(true, "30M");
    REQUIRE_MESSAGE(both.ok(), "clamd/amavisd did not start");
    return both;
}
}  // namespace

// Our spool directories ("mp-*") left in amavisd's TEMPBASE.
inline int spool_leftovers(const std::string& tempbase) {
    int n = 0;
    for (const auto& e : fs::directory_iterator(tempbase))
        if (e.path().filename().string().rfind("mp-", 0) == 0) ++n;
    return n;
}

// The EICAR test string, assembled at run time so this source file is not itself a test virus.
inline std::string eicar() {
    return std::string("X5O!P%@AP[4\\PZX54(P^)7CC)7}$") + "EICAR-STANDARD-ANTIVIRUS-" + "TEST-FILE!$H+H*";
}

inline std::string base64(const std::string& in) {
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (size_t i = 0; i < in.size(); i += 3) {
        uint32_t v = uint32_t(uint8_t(in[i])) << 16;
        if (i + 1 < in.size()) v |= uint32_t(uint8_t(in[i + 1])) << 8;
        if (i + 2 < in.size()) v |= uint8_t(in[i + 2]);
        out += t[v >> 18];
        out += t[(v >> 12) & 63];
        out += i + 1 < in.size() ? t[(v >> 6) & 63] : '=';
        out += i + 2 < in.size() ? t[v & 63] : '=';
    }
    return out;
}

struct Message {
    std::vector<std::pair<std::string, std::string>> headers;  // values with their leading space
    std::string body;                                          // CRLF lines
};

inline Message clean_message() {
    return {{{"From", " <a@example.org>"}, {"To", " <b@example.net>"}, {"Subject", " clean"}},
            "Hello,\r\nnothing to see here.\r\n"};
}

inline Message inline_eicar() {
    return {{{"From", " <a@example.org>"}, {"To", " <b@example.net>"}, {"Subject", " inline"}},
            "Hello,\r\n" + eicar() + "\r\n"};
}

inline Message attached_eicar() {
    std::string b = "--BND\r\nContent-Type: text/plain\r\n\r\nsee attachment\r\n"
                    "--BND\r\nContent-Type: application/octet-stream; name=\"t.com\"\r\n"
                    "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"t.com\"\r\n\r\n" +
                    base64(eicar()) + "\r\n--BND--\r\n";
    return {{{"From", " <a@example.org>"},
             {"To", " <b@example.net>"},
             {"Subject", " attachment"},
             {"MIME-Version", " 1.0"},
             {"Content-Type", " multipart/mixed;\r\n\tboundary=\"BND\""}},
            b};
}

inline mp::scan::Envelope envelope() {
    mp::scan::Envelope e;
    e.queue_id = "4AB12TEST";
    e.sender = "<a@example.org>";
    e.recipients = {"<b@example.net>", "<c@example.net>"};
    e.client_addr = "192.0.2.7";
    e.client_name = "mx.example.org";
    e.helo = "mx.example.org";
    return e;
}

template <class J>
void feed(J& job, const Message& m, size_t chunk = 700) {
    for (const auto& [n, v] : m.headers) job.header(n, v);
    job.eoh();
    for (size_t i = 0; i < m.body.size(); i += chunk) job.body(std::string_view(m.body).substr(i, chunk));
}

inline mp::scan::Outcome scan(const mp::scan::Options& o, const Message& m, size_t chunk = 700) {
    auto s = mp::scan::Scanner::create(o);
    REQUIRE_MESSAGE(s, (s ? "" : s.error().message));
    auto job = (*s)->begin(envelope());
    feed(*job, m, chunk);
    return job->finish();
}

// The failure reason, "" when the outcome is not Failed.
inline std::string failure(const mp::scan::Outcome& o) {
    const auto* f = std::get_if<mp::scan::Failed>(&o);
    return f ? f->reason : "";
}

}  // namespace scantest
