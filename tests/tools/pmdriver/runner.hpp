// runner.hpp: the state behind script mode (run.hpp), shared by run.cpp
// (sessions, links, timeouts) and steps.cpp (one script command each).
#pragma once
#include <array>
#include <iosfwd>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "link.hpp"
#include "message.hpp"
#include "run.hpp"

namespace mp::pmdriver {

struct Sess {
    enum class Mode { Normal, Aborted, Bypass, Lost };
    std::string name;
    std::size_t link = 0;
    std::uint32_t sid = 0;
    bool open = false;
    Mode mode = Mode::Normal;
    std::array<std::map<std::uint32_t, std::string>, PM_SMST_MAX> macros;
    std::string message;
    Split split;
    bool final_dot = false;
    std::vector<pmapi::Frame> tx;  // M R D of the current transaction
    std::vector<Answer> tx_answers;
    Answer last;
};

// A reply text or header line as scripts write it: the final CRLF dropped,
// inner CRLFs as the four characters \r\n.
std::string chomp(const std::string& t);
// CODE as scripts name it: the r code, ACK, REFUSED, TIMEOUT, ERROR.
std::string display_code(const Answer& a);

class Runner {
public:
    Runner(const Options& opt, const Script& script, std::ostream& out, std::ostream& err);
    int run();

    // run.cpp
    Answer exchange(Sess& s, const pmapi::Frame& f);
    pmapi::Frame stage_frame(const Sess& s, char type, unsigned stage, pmapi::Fields fixed) const;
    Result<void> ensure_link(std::size_t i);
    void print(const Sess& s, const std::string& cmd, const Answer& a);
    void fail_expect(const ScriptLine& l, const std::string& want, const std::string& got);
    std::string path(const std::string& p) const;

    // steps.cpp
    Result<void> step(const ScriptLine& l);
    Result<void> step_session(const ScriptLine& l);
    Result<void> step_envelope(const ScriptLine& l);
    Result<void> step_eom(Sess& s);
    void replay_every_byte(Sess& s, const std::string& data, const Answer& want);
    Answer send_message(Sess& s, const std::vector<std::string>& chunks);
    void step_expect(const ScriptLine& l);

    const Options& opt_;
    const Script& script_;
    std::ostream& out_;
    std::ostream& err_;
    std::vector<std::unique_ptr<Link>> links_;
    std::map<std::string, Sess> sessions_;
    Sess* cur_ = nullptr;
    std::size_t next_link_ = 0;
    int failures_ = 0;
};

}  // namespace mp::pmdriver
