// steps.cpp: one script command of mp-pmdriver's script mode (script.hpp):
// the frame it sends, the answer it prints, the expectations it checks.
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <ostream>
#include <thread>

#include "names.hpp"
#include "runner.hpp"

namespace mp::pmdriver {
namespace {


std::string describe(const Answer& a) {
    std::string d = display_code(a) + (a.text ? " " + chomp(*a.text) : "");
    for (const auto& e : a.edits) {
        d += " [" + std::string(1, e.kind);
        for (const auto& f : e.fields) d += " " + chomp(f);
        d += "]";
    }
    return a.replaced.empty() ? d : d + " [replaced " + std::to_string(a.replaced.size()) + "]";
}

bool same(const Answer& a, const Answer& b) { return describe(a) == describe(b) && a.replaced == b.replaced; }

}  // namespace

Result<void> Runner::step(const ScriptLine& l) {
    if (l.cmd == "session") return step_session(l);
    if (l.cmd == "wait-file") {
        auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<long>(opt_.io_timeout * 1000));
        struct stat st;
        while (stat(path(l.args[0]).c_str(), &st) != 0) {
            if (std::chrono::steady_clock::now() >= end) return fail("wait-file " + l.args[0] + ": timeout");
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return {};
    }
    if (l.cmd == "touch") {
        std::ofstream f(path(l.args[0]));
        return f ? Result<void>{} : fail("touch " + l.args[0] + ": cannot create");
    }
    if (!cur_) return fail(l.cmd + " before any session line");
    Sess& s = *cur_;
    if (l.cmd == "macro") {
        unsigned st = *pmapi::stage_from_name(l.args[0]);
        for (std::size_t i = 1; i < l.args.size(); ++i) {
            auto eq = l.args[i].find('=');
            s.macros[st][*pmapi::macro_from_name(l.args[i].substr(0, eq))] = l.args[i].substr(eq + 1);
        }
        return {};
    }
    if (l.cmd == "message-file") {
        auto m = read_file(path(l.args[0]));
        if (!m) return fail(m.error().message);
        s.message = wire_message(*m);
        return {};
    }
    if (l.cmd == "body") { s.message += wire_message(l.rest); return {}; }
    if (l.cmd == "split") { s.split = *parse_split(l.args[0]); return {}; }
    if (l.cmd == "final-dot") { s.final_dot = l.args[0] == "include"; return {}; }
    if (l.cmd == "expect" || l.cmd.rfind("expect-", 0) == 0) { step_expect(l); return {}; }
    if (l.cmd == "connect") {
        if (s.open) return fail("session " + s.name + " is already connected");
        // A connection whose end the reader has not seen yet fails the first
        // command: then reconnect once, as smtps would for a new session.
        for (int attempt = 0; attempt < 2; ++attempt) {
            if (auto r = ensure_link(s.link); !r) return r;
            s.sid = links_[s.link]->new_session();
            s.mode = Sess::Mode::Normal;
            s.last = exchange(s, stage_frame(s, 'C', PM_SMST_CONNECT, {l.args[0], l.args[1], l.args.size() > 2 ? l.args[2] : "0"}));
            if (s.last.kind != Answer::Kind::Lost) break;
            links_[s.link]->close();
        }
        s.open = true;
        print(s, l.cmd, s.last);
        return {};
    }
    if (!s.open) return fail(l.cmd + ": session " + s.name + " is not connected");
    return step_envelope(l);
}

Result<void> Runner::step_session(const ScriptLine& l) {
    auto [it, fresh] = sessions_.try_emplace(l.args[0]);
    Sess& s = it->second;
    if (fresh) {
        s.name = l.args[0];
        s.link = l.args.size() == 3 ? static_cast<std::size_t>(std::atoi(l.args[2].c_str()) - 1) : next_link_++ % links_.size();
        if (s.link >= links_.size()) return fail("conn " + l.args[2] + " beyond --connections");
    }
    cur_ = &s;
    return {};
}

// helo ehlo mail rcpt data eom unknown rset quit disconnect
Result<void> Runner::step_envelope(const ScriptLine& l) {
    Sess& s = *cur_;
    pmapi::Fields argv;
    if (l.cmd == "mail" || l.cmd == "rcpt") {
        argv = {l.args[0], std::to_string(l.args.size() == 1 ? -1 : static_cast<long>(l.args.size()) - 1)};
        for (std::size_t i = 1; i < l.args.size(); ++i)
            if (l.args[i] != "-") argv.push_back(l.args[i]);
        if (l.args.size() == 2 && l.args[1] == "-") argv[1] = "0";
    }
    pmapi::Frame f;
    if (l.cmd == "helo" || l.cmd == "ehlo") f = stage_frame(s, 'H', PM_SMST_EHLO, {l.args[0], l.cmd == "ehlo" ? "E" : "H"});
    else if (l.cmd == "mail") f = stage_frame(s, 'M', PM_SMST_MAIL, argv);
    else if (l.cmd == "rcpt") f = stage_frame(s, 'R', PM_SMST_RCPT, argv);
    else if (l.cmd == "data") f = stage_frame(s, 'D', PM_SMST_DATA, {});
    else if (l.cmd == "unknown") f = pmapi::make_frame('U', s.sid, {l.rest});
    else if (l.cmd == "rset") f = pmapi::make_frame('A', s.sid, {});
    else if (l.cmd == "quit" || l.cmd == "disconnect") f = pmapi::make_frame('Q', s.sid, {});
    else if (l.cmd == "eom") return step_eom(s);
    if (l.cmd == "mail") { s.tx.clear(); s.tx_answers.clear(); }
    s.last = exchange(s, f);
    if (l.cmd == "mail" || l.cmd == "rcpt" || l.cmd == "data") { s.tx.push_back(f); s.tx_answers.push_back(s.last); }
    if (l.cmd == "rset") s.tx.clear();
    if (l.cmd == "quit" || l.cmd == "disconnect") s.open = false;
    print(s, l.cmd, s.last);
    return {};
}

// The message as msg chunks, then eom unless the data phase ended early.
Answer Runner::send_message(Sess& s, const std::vector<std::string>& chunks) {
    for (const auto& c : chunks) {
        Answer a = exchange(s, pmapi::Frame{'B', s.sid, c});
        if (a.kind != Answer::Kind::Reply || a.code != "OK") return a;
    }
    return exchange(s, stage_frame(s, 'E', PM_SMST_DOT, {}));
}

Result<void> Runner::step_eom(Sess& s) {
    std::string data = s.message + (s.final_dot ? ".\r\n" : "");
    s.last = send_message(s, cut(data, s.split));
    print(s, "eom", s.last);
    if (opt_.split_every_byte && s.mode == Sess::Mode::Normal) replay_every_byte(s, data, s.last);
    s.message.clear();
    return {};
}

// The transaction again once per split position; every result must equal `want`.
void Runner::replay_every_byte(Sess& s, const std::string& data, const Answer& want) {
    std::vector<pmapi::Frame> tx = s.tx;
    std::vector<Answer> tx_want = s.tx_answers;
    for (std::size_t p = 1; p < data.size(); ++p) {
        for (std::size_t i = 0; i < tx.size(); ++i) {
            Answer a = exchange(s, tx[i]);
            if (!same(a, tx_want[i])) {
                ++failures_;
                err_ << s.name << ": split-every-byte at " << p << ": " << tx[i].type << " answered " << describe(a)
                     << ", first run " << describe(tx_want[i]) << "\n";
                return;
            }
        }
        Answer a = send_message(s, {data.substr(0, p), data.substr(p)});
        if (!same(a, want)) {
            ++failures_;
            err_ << s.name << ": split-every-byte at " << p << ": " << describe(a) << ", unsplit " << describe(want) << "\n";
            return;
        }
    }
    out_ << s.name << " eom: split-every-byte " << (data.size() > 0 ? data.size() - 1 : 0) << " positions identical\n";
}

void Runner::step_expect(const ScriptLine& l) {
    const Answer& a = cur_->last;
    if (l.cmd == "expect") {
        std::string code = display_code(a), text = a.text ? chomp(*a.text) : "";
        bool ok = l.args[0] == code || (l.args[0].size() == 3 && isdigit(l.args[0][0]) && text.compare(0, 3, l.args[0]) == 0);
        if (ok && l.args.size() > 1) ok = text == l.rest2;
        if (!ok) fail_expect(l, l.rest, describe(a));
        return;
    }
    if (l.cmd == "expect-edits") {
        if (a.edits.size() != std::stoul(l.args[0])) fail_expect(l, l.args[0] + " edits", describe(a));
        return;
    }
    if (l.cmd == "expect-replaced") {
        auto f = read_file(path(l.args[0]));
        if (!f || *f != a.replaced) fail_expect(l, "replacement = " + l.args[0], "replaced \"" + a.replaced + "\"");
        return;
    }
    for (const auto& e : a.edits) {
        if (l.cmd == "expect-header" && e.kind == 'h' && e.fields.size() == 3 && e.fields[0] == l.args[0] &&
            e.fields[1] == l.args[1] && chomp(e.fields[2]) == l.rest3)
            return;
        if (l.cmd == "expect-rcpt" && e.kind == (l.args[0] == "add" ? 'a' : 'd') && !e.fields.empty() && e.fields[0] == l.args[1])
            return;
    }
    fail_expect(l, l.rest, describe(a));
}

}  // namespace mp::pmdriver
