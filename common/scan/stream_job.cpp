// stream_job.cpp: see stream_job.hpp.
#include "scan/stream_job.hpp"

namespace mp::scan {

void StreamJob::header(std::string_view name, std::string_view value) {
    if (!done_) before_header();
    add(name);
    add(":");
    add(value);
    add("\r\n");
}

void StreamJob::abort() {
    if (!done_) done_ = Failed{"aborted"};
    release();
}

void StreamJob::set_failed(std::string why) {
    done_ = Failed{std::move(why)};
    release();
}

void StreamJob::add(std::string_view s) {
    if (done_ && std::holds_alternative<Oversize>(*done_)) return;
    seen_ += s.size();
    if (seen_ > max_size_) {
        done_ = Oversize{seen_};
        return release();
    }
    if (!done_) consume(s);
}

}  // namespace mp::scan
