// clamd.cpp: the INSTREAM job. See clamd.hpp.
#include "scan/clamd.hpp"

#include <sys/socket.h>

#include <optional>

#include "scan/clamd_reply.hpp"
#include "scan/stream_job.hpp"

namespace mp::scan {

namespace {

constexpr size_t kFrame = 4;  // the u32 length in front of every chunk

class ClamdJob final : public StreamJob {
public:
    ClamdJob(std::shared_ptr<const Options> o, const util::Endpoint& ep)
        : StreamJob(o->max_size), o_(std::move(o)), ep_(ep) {
        buf_.reserve(kFrame + o_->chunk_size);
        buf_.assign(kFrame, '\0');
    }
    Outcome finish() override;

private:
    void before_header() override {
        if (!fd_) connect(Clock::now() + o_->stream_timeout);
    }
    void consume(std::string_view s) override;
    void release() override { drop(); }
    bool connect(Deadline d);
    void flush(Deadline d, std::string_view more = {});
    void early_reply(Deadline d, std::string_view context);
    Result<std::string> read_reply(Deadline d) { return recv_reply(fd_.get(), kClamdReplyMax, d); }
    void failed(const std::string& why) { set_failed("clamd " + ep_.text + ": " + why); }
    void drop() {
        fd_.reset();
        buf_.resize(kFrame);
    }

    std::shared_ptr<const Options> o_;
    util::Endpoint ep_;
    util::Fd fd_;
    std::string buf_;  // kFrame bytes of length, then up to chunk_size bytes of data
};

// Small pieces (header fields) collect in buf_; once the collected bytes
// and the new ones reach chunk_size, both go out as one chunk, the new bytes
// straight from the caller (one sendmsg, no copy). The MTA's body chunks
// (64 KB in sendmail) thus reach clamd as they arrive, while clamd reads
// the previous ones: buf_ never holds more than chunk_size.
void ClamdJob::consume(std::string_view s) {
    if (done_) return;
    if (buf_.size() - kFrame + s.size() < o_->chunk_size) return void(buf_.append(s));
    flush(Clock::now() + o_->stream_timeout, s);
}

bool ClamdJob::connect(Deadline d) {
    auto fd = connect_to(ep_, d);
    if (!fd) {
        failed(fd.error().message);
        return false;
    }
    fd_ = std::move(*fd);
    // Room for a few MTA body chunks in the kernel (not in this process):
    // sending then rarely waits for clamd's reader, which works in parallel.
    int sndbuf = 1 << 20;
    (void)::setsockopt(fd_.get(), SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    // "z" prefix: the reply ends with NUL, not newline.
    constexpr std::string_view cmd{"zINSTREAM\0", 10};
    if (auto r = send_all(fd_.get(), cmd, d); !r) {
        failed("sending INSTREAM: " + r.error().message);
        return false;
    }
    return true;
}

// Send the buffered bytes and `more` as one chunk; stop at the first sign of trouble.
void ClamdJob::flush(Deadline d, std::string_view more) {
    if (!fd_ && !connect(d)) return;
    if (has_input(fd_.get())) return early_reply(d, "answered before the end of the message");
    uint32_t n = static_cast<uint32_t>(buf_.size() - kFrame + more.size());
    for (int i = 0; i < 4; ++i) buf_[i] = static_cast<char>(n >> (24 - 8 * i));
    if (auto r = send_all(fd_.get(), buf_, more, d); !r) return early_reply(d, r.error().message);
    buf_.resize(kFrame);
}

// clamd spoke (or vanished) while we were still sending: always a failure,
// with its own words when it left any.
void ClamdJob::early_reply(Deadline d, std::string_view context) {
    auto raw = read_reply(d);
    std::string why(context);
    if (raw && !raw->empty()) {
        Outcome o = parse_clamd_reply(*raw);
        auto* f = std::get_if<Failed>(&o);
        why += f ? ", " + f->reason : ", unexpected reply before the end of the message";
    }
    failed(why);
}


Outcome ClamdJob::finish() {
    Deadline d = Clock::now() + o_->timeout;
    if (!done_ && !fd_) connect(d);
    if (!done_ && buf_.size() > kFrame) flush(d);
    if (!done_) {
        constexpr std::string_view end{"\0\0\0\0", 4};
        if (auto r = send_all(fd_.get(), end, d); !r) early_reply(d, "sending the end of the stream: " + r.error().message);
    }
    if (!done_) {
        Outcome o = clamd_verdict(read_reply(d), o_->timeout, ReplyTo::Instream);
        if (auto* f = std::get_if<Failed>(&o)) failed(f->reason);
        else done_ = std::move(o);
    }
    drop();
    return *done_;
}

}  // namespace

std::unique_ptr<Job> make_clamd_job(std::shared_ptr<const Options> options, const util::Endpoint& endpoint) {
    return std::make_unique<ClamdJob>(std::move(options), endpoint);
}

}  // namespace mp::scan
