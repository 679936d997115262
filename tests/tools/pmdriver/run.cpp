// run.cpp: see run.hpp. Sessions, links, timeouts and the answer lines.
#include "run.hpp"

#include <chrono>
#include <ostream>
#include <thread>

#include "names.hpp"
#include "runner.hpp"

namespace mp::pmdriver {
namespace {


Answer local(const std::string& code, std::optional<std::string> text) {
    return Answer{Answer::Kind::Reply, code, std::move(text), {}, {}};
}

}  // namespace

std::string chomp(const std::string& t) {
    std::string s = t.size() >= 2 && t.compare(t.size() - 2, 2, "\r\n") == 0 ? t.substr(0, t.size() - 2) : t;
    for (std::size_t i = 0; (i = s.find("\r\n", i)) != std::string::npos; i += 4) s.replace(i, 2, "\\r\\n");
    return s;
}

std::string display_code(const Answer& a) {
    switch (a.kind) {
        case Answer::Kind::Reply: return a.code;
        case Answer::Kind::Ack: return "ACK";
        case Answer::Kind::Refused: return "REFUSED";
        case Answer::Kind::Timeout: return "TIMEOUT";
        case Answer::Kind::Lost: return "ERROR";
    }
    return "?";
}

Runner::Runner(const Options& opt, const Script& script, std::ostream& out, std::ostream& err)
    : opt_(opt), script_(script), out_(out), err_(err) {
    for (int i = 0; i < opt.connections; ++i) links_.push_back(std::make_unique<Link>());
}

int Runner::run() {
    for (const auto& l : script_.lines) {
        auto r = step(l);
        if (!r) {
            err_ << script_.name << ":" << l.lineno << ": " << r.error().message << "\n";
            return 3;
        }
    }
    if (failures_) err_ << failures_ << " expectation(s) failed\n";
    return failures_ ? 1 : 0;
}

std::string Runner::path(const std::string& p) const {
    return p.empty() || p[0] == '/' || script_.base_dir.empty() ? p : script_.base_dir + "/" + p;
}

Result<void> Runner::ensure_link(std::size_t i) {
    Link& l = *links_[i];
    if (l.alive()) return {};
    auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<long>(opt_.io_timeout * 1000));
    for (;;) {
        auto r = l.open(opt_.socket, opt_.io_timeout);
        if (r) return {};
        if (std::chrono::steady_clock::now() >= end) return fail("connection " + std::to_string(i + 1) + ": " + r.error().message);
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}

pmapi::Frame Runner::stage_frame(const Sess& s, char type, unsigned stage, pmapi::Fields fixed) const {
    for (auto id : links_[s.link]->macros(stage)) {
        auto it = s.macros[stage].find(id);
        fixed.push_back(it == s.macros[stage].end() ? pmapi::Field{} : pmapi::Field{it->second});
    }
    return pmapi::make_frame(type, s.sid, fixed);
}

// One command of a session with the policy_milter timeout and flags applied.
Answer Runner::exchange(Sess& s, const pmapi::Frame& f) {
    switch (s.mode) {
        case Sess::Mode::Aborted: return Answer{Answer::Kind::Timeout, "timeout", "421 4.7.0 policy milter timeout\r\n", {}, {}};
        case Sess::Mode::Bypass: return f.type == 'A' || f.type == 'Q' ? Answer{Answer::Kind::Ack, "0", {}, {}, {}} : local("ACCEPT", {});
        case Sess::Mode::Lost:
            if (f.type == 'A' || f.type == 'Q') return Answer{Answer::Kind::Ack, "0", {}, {}, {}};
            return Answer{Answer::Kind::Lost, "lost", "421 4.3.0 policy milter unavailable\r\n", {}, {}};
        case Sess::Mode::Normal: break;
    }
    Link& l = *links_[s.link];
    Answer a = l.call(f, opt_.policy_timeout > 0 ? opt_.policy_timeout : opt_.io_timeout);
    if (a.kind == Answer::Kind::Timeout) {
        if (!opt_.accept_but_reconnect) {
            l.post(pmapi::make_frame('Q', s.sid, {}));
            s.mode = Sess::Mode::Aborted;
            return exchange(s, f);
        }
        s.mode = Sess::Mode::Bypass;
        l.close();  // reconnect for the next session
        return exchange(s, f);
    }
    if (a.kind == Answer::Kind::Lost) {
        err_ << s.name << ": policy milter connection lost: " << a.code << "\n";
        s.mode = Sess::Mode::Lost;
        return exchange(s, f);
    }
    return a;
}

void Runner::print(const Sess& s, const std::string& cmd, const Answer& a) {
    out_ << s.name << " " << cmd << ": " << display_code(a);
    if (a.text) out_ << " " << chomp(*a.text);
    out_ << "\n";
    for (const auto& e : a.edits) {
        if (e.kind == 'h' && e.fields.size() == 3) out_ << s.name << " " << cmd << ": header " << e.fields[0] << " " << e.fields[1] << " " << chomp(e.fields[2]) << "\n";
        if (e.kind == 'a' && !e.fields.empty()) out_ << s.name << " " << cmd << ": rcpt add " << e.fields[0] << "\n";
        if (e.kind == 'd' && !e.fields.empty()) out_ << s.name << " " << cmd << ": rcpt del " << e.fields[0] << "\n";
    }
    if (!a.replaced.empty()) out_ << s.name << " " << cmd << ": replaced " << a.replaced.size() << " bytes\n";
}

void Runner::fail_expect(const ScriptLine& l, const std::string& want, const std::string& got) {
    ++failures_;
    err_ << script_.name << ":" << l.lineno << ": expectation failed\n  want: " << want << "\n  got:  " << got << "\n";
}

int run_script(const Script& script, const Options& opt, std::ostream& out, std::ostream& err) {
    Runner r(opt, script, out, err);
    return r.run();
}

}  // namespace mp::pmdriver
