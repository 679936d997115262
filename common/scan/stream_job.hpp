// stream_job.hpp: what every scanner job shares: the message turned into the
// bytes it will be delivered as ("Name:" value CRLF per header, with the value
// exactly as the MTA gave it, then CRLF, then the body), counted against
// max_size. A subclass only says where the bytes go (consume) and how to let
// go of its resources (release); the outcome so far lives in done_.
//   Over max_size the message is not scanned at all, so on_oversize applies
//   even when the partial stream had already failed (e.g. clamd's own
//   StreamMaxLength below max_size).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "scan/outcome.hpp"
#include "scan/scanner.hpp"

namespace mp::scan {

class StreamJob : public Job {
public:
    void header(std::string_view name, std::string_view value) final;
    void eoh() final { add("\r\n"); }
    void body(std::string_view chunk) final { add(chunk); }
    void abort() final;

protected:
    explicit StreamJob(uint64_t max_size) : max_size_(max_size) {}
    // Before each header while nothing is decided (clamd connects at the first).
    virtual void before_header() {}
    // Message bytes, only while nothing is decided.
    virtual void consume(std::string_view bytes) = 0;
    virtual void release() = 0;
    void set_failed(std::string why);

    std::optional<Outcome> done_;

private:
    void add(std::string_view s);

    uint64_t max_size_;
    uint64_t seen_ = 0;
};

}  // namespace mp::scan
