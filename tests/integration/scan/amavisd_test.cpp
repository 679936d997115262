// amavisd_test.cpp: the AM.PDP client against a real amavisd-new (private
// network namespace, clamd as its virus scanner, both from peers.sh). Checks
// amavisd's own answers come back (its inserted header, its reject text, a
// policy bank), failures (SIGSTOPped, stopped), oversize and abort, the
// scanner chain, and after every case that no spool directory is left.
#include <doctest/doctest.h>

#include <dirent.h>
#include <signal.h>

#include <fstream>
#include <sstream>
#include <thread>
#include <utility>

#include "peers.hpp"

using namespace mp::scan;
using namespace mp::verdict;
using namespace scantest;
using namespace std::chrono_literals;

namespace {

PeerDir& amavisd_peers() { return suite_peers(Peers::ClamdAmavisd); }

Options amavis_options() {
    Options o;
    o.label = "amavis";
    o.type = Kind::Amavisd;
    o.socket = amavisd_peers().amavis_socket();
    o.spool_dir = amavisd_peers().amavis_tmp();
    o.timeout = 60s;  // a working amavisd: generous (the SIGSTOP case sets 1s)
    return o;
}

// scan() (peers.hpp), and no spool directory left behind.
Outcome scan_spooled(const Options& o, const Message& m) {
    Outcome out = scan(o, m);
    CHECK(spool_leftovers(amavisd_peers().amavis_tmp()) == 0);
    return out;
}

// State and parent of the process /proc/NAME/stat describes; state 0 when gone.
std::pair<char, pid_t> state_of(const std::string& name) {
    std::ifstream st("/proc/" + name + "/stat");
    std::string line;
    if (!std::getline(st, line)) return {0, 0};
    std::istringstream rest(line.substr(line.rfind(')') + 2));
    char state = 0;
    pid_t ppid = 0;
    rest >> state >> ppid;
    return {state, ppid};
}

// The amavisd master and its children (prefork: children accept on their own).
std::vector<pid_t> amavisd_pids(pid_t master) {
    std::vector<pid_t> out{master};
    DIR* d = ::opendir("/proc");
    for (dirent* e; d && (e = ::readdir(d));)
        if (state_of(e->d_name).second == master) out.push_back(std::atoi(e->d_name));
    if (d) ::closedir(d);
    return out;
}

// SIGSTOP the master, wait (bounded, 60 s) until it is stopped, then list and
// SIGSTOP its children. Listing first raced: amavisd replaces a child after
// its max_requests, and a child forked between the listing and the signals
// kept answering. Returns every pid stopped.
std::vector<pid_t> sigstop_amavisd(pid_t master) {
    ::kill(master, SIGSTOP);
    for (int i = 0; i < 1200 && state_of(std::to_string(master)).first != 'T'; ++i) std::this_thread::sleep_for(50ms);
    auto pids = amavisd_pids(master);
    for (pid_t p : pids) ::kill(p, SIGSTOP);
    return pids;
}

}  // namespace

TEST_SUITE("amavisd") {

TEST_CASE("clean: amavisd's inserted header comes back") {
    Outcome o = scan_spooled(amavis_options(), clean_message());
    REQUIRE_MESSAGE(std::holds_alternative<AmavisAnswer>(o), failure(o));
    const auto& a = std::get<AmavisAnswer>(o);
    CHECK(a.return_value == Action::Continue);
    CHECK(a.exit_code == 0);
    HeaderEdit want{HeaderEdit::Op::Insert, "X-Virus-Scanned", "amavis sandbox at example.test", 0};
    CHECK(a.headers == std::vector<HeaderEdit>{want});
    Verdict d = decide(amavis_options(), o, false);
    CHECK(d.action == Action::Continue);
    CHECK(d.headers == std::vector<HeaderEdit>{want});
}

TEST_CASE("EICAR: amavisd's own reject text") {
    for (const auto& m : {inline_eicar(), attached_eicar()}) {
        Outcome o = scan_spooled(amavis_options(), m);
        REQUIRE_MESSAGE(std::holds_alternative<AmavisAnswer>(o), failure(o));
        const auto& a = std::get<AmavisAnswer>(o);
        CHECK(a.return_value == Action::Reject);
        CHECK(a.reply.code == "554");
        CHECK(a.reply.xcode == "5.7.0");
        CHECK_MESSAGE(a.reply.text.find("INFECTED: Local.Test.EICAR.NDB.UNOFFICIAL") != std::string::npos, a.reply.text);
        Verdict d = decide(amavis_options(), o, false);
        CHECK(d.action == Action::Reject);
        CHECK(d.reply.text == a.reply.text);
    }
}

TEST_CASE("policy_bank is sent: the test bank discards viruses") {
    Options o = amavis_options();
    o.policy_bank = "MP-TEST";
    Outcome out = scan_spooled(o, inline_eicar());
    REQUIRE_MESSAGE(std::holds_alternative<AmavisAnswer>(out), failure(out));
    CHECK(std::get<AmavisAnswer>(out).return_value == Action::Discard);
}

TEST_CASE("oversize: Oversize, spool removed at once") {
    Options o = amavis_options();
    o.max_size = 2048;
    auto s = Scanner::create(o);
    REQUIRE(s);
    auto job = (*s)->begin(envelope());
    CHECK(spool_leftovers(o.spool_dir) == 1);
    Message m = clean_message();
    m.body.assign(4096, 'o');
    feed(*job, m);
    CHECK(spool_leftovers(o.spool_dir) == 0);
    CHECK(std::holds_alternative<Oversize>(job->finish()));
}

TEST_CASE("abort and destruction mid-message remove the spool") {
    auto s = Scanner::create(amavis_options());
    REQUIRE(s);
    {
        auto job = (*s)->begin(envelope());
        feed(*job, clean_message());
        CHECK(spool_leftovers(amavisd_peers().amavis_tmp()) == 1);
        job->abort();
        CHECK(spool_leftovers(amavisd_peers().amavis_tmp()) == 0);
        CHECK(std::holds_alternative<Failed>(job->finish()));
        auto job2 = (*s)->begin(envelope());
        feed(*job2, clean_message());
    }
    CHECK(spool_leftovers(amavisd_peers().amavis_tmp()) == 0);
}

TEST_CASE("chain: clamd then amavisd") {
    Options clam;
    clam.label = "clam";
    clam.socket = "unix:" + amavisd_peers().dir() + "/clamd/clamd.sock";
    clam.add_headers = true;
    auto chain = Chain::create({clam, amavis_options()});
    REQUIRE(chain);
    auto job = chain->begin(envelope());
    feed(*job, clean_message());
    Verdict d = job->finish();
    CHECK(d.action == Action::Continue);
    REQUIRE(d.headers.size() == 3);  // clamd's two, amavisd's one
    CHECK(d.headers[1].value == "Clean");
    CHECK(d.headers[2].name == "X-Virus-Scanned");
    CHECK(d.reason == "scanner clam: clean; scanner amavis: amavisd continue 250 2.5.0 " +
                          d.reason.substr(d.reason.find("Ok,")));

    job = chain->begin(envelope());
    feed(*job, inline_eicar());
    d = job->finish();
    CHECK(d.action == Action::Reject);
    CHECK(d.reply.text == "Virus found: Local.Test.EICAR.NDB.UNOFFICIAL");  // clamd's, first in order
    CHECK(spool_leftovers(amavisd_peers().amavis_tmp()) == 0);
}

TEST_CASE("SIGSTOPped amavisd: Failed within the deadline, spool removed") {
    auto pids = sigstop_amavisd(amavisd_peers().amavisd_pid());
    REQUIRE(pids.size() >= 2);
    Options o = amavis_options();
    o.timeout = 1s;
    Outcome out = scan_spooled(o, clean_message());
    for (pid_t p : pids) ::kill(p, SIGCONT);
    REQUIRE(std::holds_alternative<Failed>(out));
    MESSAGE("reason: ", failure(out));
    Verdict d = decide(o, out, false);
    CHECK(d.action == Action::Tempfail);
    CHECK(d.reply.code == "451");
}

TEST_CASE("amavisd down: Failed, spool removed") {  // last: stops the shared amavisd
    amavisd_peers().stop_amavisd();
    Outcome out = scan_spooled(amavis_options(), clean_message());
    REQUIRE(std::holds_alternative<Failed>(out));
    CHECK(failure(out).find("connect") != std::string::npos);
}

}  // TEST_SUITE
