// ctx.hpp: the three contexts of the libpmilter API as this implementation
// holds them. pmg_ctx_S: the library (one per process). pmss_ctx_S: one
// driver (smtps) connection, seen by negotiate. pmse_ctx_S: one SMTP session.
// Scheduling state (queues, flags, session maps) is guarded by Server::mu;
// callback state (cb_*, transaction) belongs to the one thread that runs the
// session's current frame (sessions are serialized, see server.hpp).
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sm/hdrmoddef.h"
#include "sm/pmfapi.h"
#include "sm/smreplycodes.h"
#include "util/raii.hpp"
#include "wire.hpp"

namespace mp::pmapi {
class Server;
constexpr std::size_t kMaxSessionsPerConn = 4096;
constexpr std::size_t kMaxEdits = 1024;
}  // namespace mp::pmapi

struct pmg_ctx_S {
    unsigned int dbg = 0;
    std::string spec;
    void* user = nullptr;
    std::unique_ptr<mp::pmapi::Server> server;
    void log(unsigned int level, const std::string& msg) const;
};

struct pmss_ctx_S {
    enum class State { Fresh, Negotiating, Ready };
    pmg_ctx_S* g = nullptr;
    mp::util::Fd fd;
    std::string peer;  // for log lines
    // Guarded by Server::mu.
    State state = State::Fresh;
    bool dead = false;
    std::map<std::uint32_t, std::shared_ptr<pmse_ctx_S>> sessions;
    std::shared_ptr<pmse_ctx_S> ctl;  // session 0: runs negotiate
    // Requested macro ids per stage: written by negotiate before `n` is sent.
    std::array<std::vector<std::uint32_t>, PM_SMST_MAX> macs;
    // Set while negotiate runs on negotiate_thread.
    std::thread::id negotiate_thread;
    mp::pmapi::FrameReader reader;  // I/O thread only
    std::mutex write_mu;
    bool write_closed = false;  // guarded by write_mu: after X nothing more

    // Writes frames (whole, in order); a failure marks nothing: the I/O
    // thread sees the connection end.
    void send(const std::vector<mp::pmapi::Frame>& frames);
    // Malformed input: X with the reason as the last frame, then shut the
    // socket down.
    void fail(const std::string& reason);

private:
    void write_out(const std::string& bytes);  // write_mu held
};

struct pmse_ctx_S {
    std::shared_ptr<pmss_ctx_S> conn;
    std::uint32_t sid = 0;
    void* user = nullptr;
    // Guarded by Server::mu.
    std::deque<mp::pmapi::Frame> queue;
    bool running = false, scheduled = false, gone = false, closed = false;
    // Callback state: owned by the thread running this session.
    std::thread::id cb_thread;
    int cb_stage = -1;  // stage whose macros getmac may read; -1 none
    const std::vector<mp::pmapi::Field>* cb_macros = nullptr;
    bool in_eom = false;
    std::optional<std::string> reply;
    std::vector<mp::pmapi::Frame> edits;
    // Transaction state.
    bool connected = false;  // connect ran (close is due)
    int last_code = 0;       // the code of the latest answer
    bool in_tx = false, data_done = false;
    int data_code = 0;
    std::optional<std::string> data_text;
    std::vector<mp::pmapi::Field> data_macros;  // DATA stage values, for msg

    bool in_callback() const { return cb_thread == std::this_thread::get_id(); }
};
