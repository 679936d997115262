// link.hpp: one driver (smtps) connection to a pmilter, multiplexing many
// SMTP sessions (PROTOCOL.md). open() connects and negotiates; a reader
// thread then routes answer frames to the session waiting for them; call()
// sends one command and waits (bounded) for its final answer. Thread-safe:
// load mode calls it from several threads at once. Answers for a session
// nobody waits for (one that timed out) are dropped.
#pragma once
#include <array>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sm/pmfdef.h"
#include "util/raii.hpp"
#include "util/result.hpp"
#include "wire.hpp"

namespace mp::pmdriver {

struct Edit {
    char kind = 0;  // h a d
    std::vector<std::string> fields;
};

struct Answer {
    enum class Kind { Reply, Ack, Refused, Timeout, Lost } kind = Kind::Reply;
    std::string code;                 // r: code name; k: sm_ret_T; x/X/lost: reason
    std::optional<std::string> text;  // r: reply text
    std::vector<Edit> edits;          // h a d before the final r of an eom
    std::string replaced;             // b chunks joined
};

class Link {
public:
    ~Link();
    // Connects to SPEC (unix:/path, local:/path, /path, inet:PORT@ADDR) and
    // negotiates; `timeout` bounds the whole.
    Result<void> open(const std::string& spec, double timeout);
    bool alive();
    void close();  // drop the connection (the pmilter sees it go away)
    std::uint32_t new_session();
    const std::vector<std::uint32_t>& macros(unsigned stage) const { return macs_[stage]; }
    // Sends f and waits up to `timeout` for its final answer. A timeout
    // leaves the session waiting-free: later answers are dropped.
    Answer call(const pmapi::Frame& f, double timeout);
    // Sends without waiting (Q after a timeout).
    void post(const pmapi::Frame& f);

private:
    struct Waiter {
        bool done = false;
        Answer answer;
    };
    Result<pmapi::Frame> read_frame(double timeout);
    void reader();
    void deliver(const pmapi::Frame& f);
    void lose_all(const std::string& why);

    util::Fd fd_;
    std::array<std::vector<std::uint32_t>, PM_SMST_MAX> macs_;
    pmapi::FrameReader in_;
    std::mutex mu_, write_mu_;
    std::condition_variable cv_;
    std::map<std::uint32_t, Waiter*> waiting_;
    bool dead_ = true;
    std::string dead_why_;
    std::uint32_t next_sid_ = 0;
    std::thread reader_;
};

}  // namespace mp::pmdriver
