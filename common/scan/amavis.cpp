// amavis.cpp: the AM.PDP job. See amavis.hpp.
#include "scan/amavis.hpp"

#include <optional>

#include "scan/ampdp.hpp"
#include "scan/spool.hpp"
#include "scan/stream_job.hpp"
#include "util/log.hpp"

namespace mp::scan {

namespace {

class AmavisJob final : public StreamJob {
public:
    AmavisJob(std::shared_ptr<const Options> o, const util::Endpoint& ep, const Envelope& env)
        : StreamJob(o->max_size), o_(std::move(o)), ep_(ep), env_(env) {
        auto dir = SpoolDir::create(o_->spool_dir);
        if (!dir) {
            failed(dir.error().message);
            return;
        }
        dir_ = std::move(*dir);
        auto file = SpoolFile::create(dir_->path(), o_->chunk_size);
        if (!file) {
            failed(file.error().message);
            return;
        }
        file_ = std::move(*file);
    }

    Outcome finish() override;

private:
    void consume(std::string_view s) override {
        if (auto r = file_->write(s); !r) failed(r.error().message);
    }
    void release() override { drop(); }
    Result<std::string> exchange(const std::string& request, Deadline d);
    void failed(const std::string& why) { set_failed("amavisd " + ep_.text + ": " + why); }
    void drop() {
        file_.reset();
        if (dir_)
            if (auto r = dir_->remove(); !r) util::log_error(env_.queue_id, "scan: " + r.error().message);
        dir_.reset();
    }

    std::shared_ptr<const Options> o_;
    util::Endpoint ep_;
    Envelope env_;
    std::optional<SpoolDir> dir_;
    std::optional<SpoolFile> file_;
};

Result<std::string> AmavisJob::exchange(const std::string& request, Deadline d) {
    auto fd = connect_to(ep_, d);
    if (!fd) return fail(fd.error().message);
    if (auto r = send_all(fd->get(), request, d); !r) return fail("sending request: " + r.error().message);
    std::string resp;
    char tmp[4096];
    while (!(resp.size() >= 4 && resp.compare(resp.size() - 4, 4, "\r\n\r\n") == 0)) {
        if (resp.size() > kAmpdpResponseMax) return fail("response over " + std::to_string(kAmpdpResponseMax) + " bytes");
        auto n = recv_some(fd->get(), tmp, sizeof tmp, d);
        if (!n) return fail("no answer: " + n.error().message + " (timeout " + std::to_string(o_->timeout.count()) + " ms)");
        if (*n == 0) return fail("connection closed before the end of the response");
        resp.append(tmp, *n);
    }
    return resp;
}

Outcome AmavisJob::finish() {
    Deadline d = Clock::now() + o_->timeout;
    if (!done_)
        if (auto r = file_->close(); !r) failed(r.error().message);
    if (!done_) {
        AmpdpRequest rq{env_.sender, env_.recipients, dir_->path(), file_->path(), env_.queue_id,
                        env_.client_addr, env_.client_name, env_.helo, env_.protocol, o_->policy_bank};
        auto resp = exchange(ampdp_request(rq), d);
        auto answer = resp ? ampdp_parse_response(*resp) : Result<AmavisAnswer>(fail(resp.error().message));
        if (answer) done_ = std::move(*answer);
        else failed(answer.error().message);
    }
    drop();
    return *done_;
}

}  // namespace

std::unique_ptr<Job> make_amavis_job(std::shared_ptr<const Options> options, const util::Endpoint& endpoint,
                                     const Envelope& envelope) {
    return std::make_unique<AmavisJob>(std::move(options), endpoint, envelope);
}

}  // namespace mp::scan
