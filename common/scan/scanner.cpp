// scanner.cpp: Scanner, Chain and ChainJob. See scanner.hpp.
#include "scan/scanner.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "scan/amavis.hpp"
#include "scan/clamd.hpp"
#include "scan/clamd_fdpass.hpp"
#include "util/log.hpp"

namespace mp::scan {

namespace {

// fdpass's spool_dir, looked at (lstat) but never opened here: the engine is
// loaded as root, and the milter creates its files there only after dropping
// to its user, so root never opens anything in a directory that user can
// write. Refused: missing, a symbolic link, not a directory, writable by every
// user (another user could fill the disk the scans need).
Result<void> check_fdpass_dir(const std::string& dir) {
    struct stat st{};
    if (::lstat(dir.c_str(), &st) != 0) return fail("spool_dir \"" + dir + "\": " + std::strerror(errno));
    if (S_ISLNK(st.st_mode)) return fail("spool_dir \"" + dir + "\" is a symbolic link");
    if (!S_ISDIR(st.st_mode)) return fail("spool_dir \"" + dir + "\" is not a directory");
    if (st.st_mode & S_IWOTH)
        return fail("spool_dir \"" + dir + "\" is writable by every user; use a directory of the milter user (mode 0700)");
    return {};
}

}  // namespace

Result<std::unique_ptr<Scanner>> Scanner::create(const Options& o) {
    auto ep = util::Endpoint::parse(o.socket);
    if (!ep) return fail(ep.error().message);
    if (o.chunk_size == 0) return fail("chunk_size must be positive");
    if (o.type == Kind::Amavisd) {
        struct stat st{};
        if (o.spool_dir.empty() || ::stat(o.spool_dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
            return fail("spool_dir \"" + o.spool_dir + "\" is not a directory");
    }
    if (o.type == Kind::Clamd && o.transfer == Transfer::Fdpass) {
        if (!o.socket.starts_with("unix:")) return fail("transfer fdpass needs a unix: socket");
        if (auto r = check_fdpass_dir(o.spool_dir); !r) return fail(r.error().message);
    }
    auto shared = std::make_shared<const Options>(o);
    return std::unique_ptr<Scanner>(new Scanner(std::move(shared), std::move(*ep)));
}

Scanner::Scanner(std::shared_ptr<const Options> o, util::Endpoint ep)
    : options_(std::move(o)),
      endpoint_(std::move(ep)),
      series_(metrics::scanner_series(options_->label.empty() ? kind_name(options_->type) : options_->label)) {}

namespace {

Failed paused(const Options& o, std::chrono::milliseconds left) {
    return Failed{std::string(kind_name(o.type)) + " " + o.socket + ": paused for " + std::to_string(left.count()) + " ms more after a scan ran into its timeout " +
                  "(hold_after_timeout " + std::to_string(o.hold_after_timeout.count()) + " ms)"};
}

// A job begun while its scanner is paused: nothing connects, nothing is spooled.
class PausedJob : public Job {
public:
    explicit PausedJob(Failed why) : why_(std::move(why)) {}
    void header(std::string_view, std::string_view) override {}
    void eoh() override {}
    void body(std::string_view) override {}
    Outcome finish() override { return why_; }
    void abort() override {}

private:
    Failed why_;
};

}  // namespace

std::unique_ptr<Job> Scanner::begin(const Envelope& env) const {
    if (auto left = hold_.left(Clock::now()); left.count() > 0) return std::make_unique<PausedJob>(paused(*options_, left));
    if (options_->type == Kind::Clamd && options_->transfer == Transfer::Fdpass)
        return make_clamd_fdpass_job(options_, endpoint_);
    if (options_->type == Kind::Clamd) return make_clamd_job(options_, endpoint_);
    return make_amavis_job(options_, endpoint_, env);
}

Result<Chain> Chain::create(const std::vector<Options>& options) {
    Chain c;
    for (const auto& o : options) {
        auto s = Scanner::create(o);
        if (!s) return fail("scanner " + o.label + ": " + s.error().message);
        c.scanners_.push_back(std::move(*s));
    }
    return c;
}

std::unique_ptr<ChainJob> Chain::begin(const Envelope& env) const {
    return std::make_unique<ChainJob>(scanners_, env);
}

ChainJob::ChainJob(std::vector<std::shared_ptr<const Scanner>> scanners, const Envelope& env)
    : scanners_(std::move(scanners)), queue_id_(env.queue_id), authenticated_(env.authenticated) {
    for (const auto& s : scanners_) jobs_.push_back(s->begin(env));
}

void ChainJob::header(std::string_view name, std::string_view value) {
    for (auto& j : jobs_) j->header(name, value);
}

void ChainJob::eoh() {
    for (auto& j : jobs_) j->eoh();
}

void ChainJob::body(std::string_view chunk) {
    for (auto& j : jobs_) j->body(chunk);
}

namespace {

using verdict::Action;
using verdict::Verdict;

bool final_action(Action a) { return a == Action::Reject || a == Action::Tempfail || a == Action::Discard; }

// One scanner's outcome in its counters (amavisd's answer: blocked unless it lets the mail go on).
void count(const metrics::ScannerSeries& m, const Outcome& o) {
    if (std::holds_alternative<Clean>(o)) m.clean->inc();
    else if (std::holds_alternative<Infected>(o)) m.infected->inc();
    else if (std::holds_alternative<Oversize>(o)) m.oversize->inc();
    else if (std::holds_alternative<Failed>(o)) m.failed->inc();
    else {
        Action a = std::get<AmavisAnswer>(o).return_value;
        (a == Action::Continue || a == Action::Accept ? m.clean : m.blocked)->inc();
    }
}

// One scanner's outcome, unless it was paused (hold.hpp) since its job began.
Outcome ask(const Scanner& s, Job& job) {
    const Options& o = s.options();
    auto start = Clock::now();
    if (auto left = s.hold().left(start); left.count() > 0) {
        job.abort();
        return paused(o, left);
    }
    metrics::Timer timer(*s.series().latency);
    Outcome out = job.finish();
    timer.stop();
    auto now = Clock::now();
    s.hold().after_scan(timed_out(out, now - start, o.timeout), now, o.hold_after_timeout);
    return out;
}

void merge(Verdict& into, Verdict&& d) {
    if (d.action == Action::Quarantine && into.action != Action::Quarantine) {
        into.action = Action::Quarantine;
        into.quarantine_reason = std::move(d.quarantine_reason);
    } else if (d.action == Action::Accept && into.action == Action::Continue) {
        into.action = Action::Accept;
    }
    into.reason += (into.reason.empty() ? "" : "; ") + d.reason;
    for (auto& h : d.headers) into.headers.push_back(std::move(h));
    for (auto& r : d.add_rcpts) into.add_rcpts.push_back(std::move(r));
    for (auto& r : d.del_rcpts) into.del_rcpts.push_back(std::move(r));
}

}  // namespace

Verdict ChainJob::finish() {
    Verdict all;
    for (size_t i = 0; i < jobs_.size(); ++i) {
        Outcome o = ask(*scanners_[i], *jobs_[i]);
        count(scanners_[i]->series(), o);
        if (auto* f = std::get_if<Failed>(&o)) util::log_warning(queue_id_, "scan: " + f->reason);
        Verdict d = decide(scanners_[i]->options(), o, authenticated_);
        if (final_action(d.action)) {
            abort();
            return d;
        }
        merge(all, std::move(d));
    }
    jobs_.clear();
    return all;
}

void ChainJob::abort() {
    for (auto& j : jobs_) j->abort();
    jobs_.clear();
}

}  // namespace mp::scan
