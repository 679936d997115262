// server.hpp: the serving side of sm_pmfi_start. One I/O thread (the caller
// of run()) accepts driver connections (at most fdmax), reads frames and
// queues each on its session; a bounded pool of worker threads (soft..hard)
// runs the callbacks. A session is on the ready queue at most once and runs
// on one worker at a time, so its callbacks never overlap and keep frame
// order; different sessions run concurrently. A connection that ends gets
// abort/close for each open session once its running callback returned.
#pragma once
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>

#include "ctx.hpp"
#include "util/result.hpp"

namespace mp::pmapi {

class Server {
public:
    Server(pmg_ctx_S& g, const pmilter_T& pm);
    // Binds the spec, then serves until a fatal error (never returns otherwise).
    Result<void> run();
    const pmilter_T& pmilter() const { return pm_; }

private:
    using ConnP = std::shared_ptr<pmss_ctx_S>;
    using SessP = std::shared_ptr<pmse_ctx_S>;
    void accept_one(int lfd);
    void read_conn(ConnP c);
    void dispatch(const ConnP& c, Frame f);
    void dispatch_session(const ConnP& c, Frame f);
    void teardown(ConnP c);  // by value: it erases the map entry
    void enqueue(const SessP& s, Frame f);  // mu held
    void make_ready(const SessP& s);        // mu held
    void worker();
    void run_one(const SessP& s, std::unique_lock<std::mutex>& lk);
    Result<std::vector<Frame>> guarded(bool is_ctl, pmss_ctx_S& c, pmse_ctx_S& s, const Frame& f);

    pmg_ctx_S& g_;
    pmilter_T pm_;
    unsigned soft_, hard_, fdmax_;
    std::map<int, ConnP> conns_;  // I/O thread only
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<SessP> ready_;
    unsigned threads_ = 0, idle_ = 0;
};

// Sets the callback state of a session for the duration of one callback.
class InCallback {
public:
    InCallback(pmse_ctx_S& se, int stage, const std::vector<Field>* macros) : se_(se) {
        se.cb_thread = std::this_thread::get_id();
        se.cb_stage = stage;
        se.cb_macros = macros;
        se.reply.reset();
    }
    ~InCallback() {
        se_.cb_thread = {};
        se_.cb_stage = -1;
        se_.cb_macros = nullptr;
        se_.in_eom = false;
    }
    InCallback(const InCallback&) = delete;
    InCallback& operator=(const InCallback&) = delete;

private:
    pmse_ctx_S& se_;
};

// The `r` frame for a code and text; answer(): for a callback's code with
// the text it set (or the default); a code that is no SMTP_R_* becomes TEMP.
Frame reply_frame(pmse_ctx_S& se, int code, const std::optional<std::string>& text);
Frame answer(pmse_ctx_S& se, int code);
Result<std::vector<Field>> take_macros(const pmse_ctx_S& se, unsigned stage, Fields& fields, std::size_t fixed);

// session.cpp: the answer frames for one frame of a session (callbacks run
// here), or an Error for a malformed frame. `gone` runs abort/close for a
// session whose connection ended.
Result<std::vector<Frame>> process_frame(const pmilter_T& pm, pmse_ctx_S& se, const Frame& f);
void process_gone(const pmilter_T& pm, pmse_ctx_S& se);
// negotiate.cpp: the answer to N (n), or an Error (sent as X).
// data.cpp: D, B and E frames.
Result<std::vector<Frame>> process_data(const pmilter_T& pm, pmse_ctx_S& se, const Frame& f);
Result<std::vector<Frame>> process_negotiate(const pmilter_T& pm, pmss_ctx_S& ss, const Frame& f);

}  // namespace mp::pmapi
