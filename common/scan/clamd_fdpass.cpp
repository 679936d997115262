// clamd_fdpass.cpp: the FILDES job. See clamd_fdpass.hpp.
#include "scan/clamd_fdpass.hpp"

#include <optional>

#include "scan/clamd_reply.hpp"
#include "scan/msgfile.hpp"
#include "scan/stream_job.hpp"

namespace mp::scan {

namespace {

class FdpassJob final : public StreamJob {
public:
    FdpassJob(std::shared_ptr<const Options> o, const util::Endpoint& ep)
        : StreamJob(o->max_size), o_(std::move(o)), ep_(ep) {}
    Outcome finish() override;

private:
    void before_header() override {
        if (!file_) open_file();
    }
    void consume(std::string_view s) override;
    void release() override { file_.reset(); }
    bool open_file();
    void scan(Deadline d);
    void failed(const std::string& why) { set_failed("clamd " + ep_.text + ": " + why); }

    std::shared_ptr<const Options> o_;
    util::Endpoint ep_;
    std::optional<MessageFile> file_;
};

bool FdpassJob::open_file() {
    auto f = MessageFile::create(o_->spool_dir, o_->chunk_size);
    if (!f) {
        failed("spool_dir: " + f.error().message);
        return false;
    }
    file_ = std::move(*f);
    return true;
}

void FdpassJob::consume(std::string_view s) {
    if (!file_ && !open_file()) return;
    if (auto r = file_->write(s); !r) failed("spool_dir: " + r.error().message);
}

// The whole file is written; clamd gets its descriptor and says what it found.
void FdpassJob::scan(Deadline d) {
    if (auto r = file_->flush(); !r) return failed("spool_dir: " + r.error().message);
    auto sock = connect_to(ep_, d);
    if (!sock) return failed(sock.error().message);
    constexpr std::string_view cmd{"zFILDES\0", 8};
    if (auto r = send_all(sock->get(), cmd, d); !r) return failed("sending FILDES: " + r.error().message);
    if (auto r = send_fd(sock->get(), file_->fd(), d); !r) return failed(r.error().message);
    Outcome o = clamd_verdict(recv_reply(sock->get(), kClamdReplyMax, d), o_->timeout, ReplyTo::Fildes);
    if (auto* f = std::get_if<Failed>(&o)) return failed(f->reason);
    done_ = std::move(o);
}

Outcome FdpassJob::finish() {
    Deadline d = Clock::now() + o_->timeout;
    if (!done_ && (file_ || open_file())) scan(d);
    release();
    return *done_;
}

}  // namespace

std::unique_ptr<Job> make_clamd_fdpass_job(std::shared_ptr<const Options> options, const util::Endpoint& endpoint) {
    return std::make_unique<FdpassJob>(std::move(options), endpoint);
}

}  // namespace mp::scan
