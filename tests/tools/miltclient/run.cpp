// run.cpp: see run.hpp. The runner keeps the macros across reconnections and
// remembers, per stage, the lines of the latest step that printed that stage.
#include "run.hpp"

#include <map>
#include <ostream>
#include <regex>

#include "message.hpp"

namespace mp::miltclient {
namespace {

using Lines = std::vector<std::pair<std::string, std::string>>;  // stage, text

class Runner {
public:
    Runner(const Script& s, const std::string& sock, const ClientOptions& opt, std::ostream& out, std::ostream& err)
        : script_(s), sock_(sock), opt_(opt), out_(out), err_(err) {}
    int run();

private:
    Result<void> exec(const ScriptLine& l, Lines& lines);
    Result<void> protocol(const ScriptLine& l, Lines& lines);
    Result<void> ensure_open(Lines& lines);
    Result<void> send_message(const std::string& path, Lines& lines);
    void add(Lines& lines, Stage s, const Result<Step>& step);
    void expect(const ScriptLine& l);
    std::string path_of(const std::string& p) const {
        return p.empty() || p[0] == '/' ? p : script_.base_dir + "/" + p;
    }

    const Script& script_;
    std::string sock_;
    ClientOptions opt_;
    std::ostream& out_;
    std::ostream& err_;
    std::optional<Client> client_;
    std::array<Macros, kMacroStages> macros_;
    std::map<std::string, std::vector<std::string>> latest_;
    int failed_ = 0;
};

int Runner::run() {
    for (const auto& l : script_.lines) {
        Lines lines;
        auto r = exec(l, lines);
        std::map<std::string, std::vector<std::string>> fresh;
        for (auto& [stage, text] : lines) {
            out_ << stage << ": " << text << '\n';
            fresh[stage].push_back(text);
        }
        out_.flush();
        for (auto& [stage, texts] : fresh) latest_[stage] = std::move(texts);
        if (!r) {
            err_ << script_.name << ":" << l.lineno << ": error: " << r.error().message << '\n';
            return 3;
        }
    }
    if (client_) (void)client_->quit();
    return failed_ ? 1 : 0;
}

Result<void> Runner::exec(const ScriptLine& l, Lines& lines) {
    if (l.cmd == "expect" || l.cmd == "expect-re") {
        expect(l);
        return {};
    }
    if (l.cmd == "macro") {
        auto st = static_cast<int>(*stage_from_name(l.args[0]));
        macros_[st].clear();
        for (std::size_t i = 1; i < l.args.size(); ++i) {
            auto eq = l.args[i].find('=');
            macros_[st].emplace_back(l.args[i].substr(0, eq), l.args[i].substr(eq + 1));
        }
        if (client_) client_->set_macros(static_cast<Stage>(st), macros_[st]);
        return {};
    }
    if (l.cmd == "quit") {
        if (!client_) return {};
        auto q = client_->quit();
        client_.reset();
        return q;
    }
    if (auto o = ensure_open(lines); !o) return o;
    return protocol(l, lines);
}

Result<void> Runner::ensure_open(Lines& lines) {
    if (client_) return {};
    auto c = Client::open(sock_, opt_);
    if (!c) return Unexpected<Error>{c.error()};
    client_.emplace(std::move(*c));
    for (int i = 0; i < kMacroStages; ++i) client_->set_macros(static_cast<Stage>(i), macros_[i]);
    const auto& n = client_->negotiated();
    lines.emplace_back("optneg", "version=" + std::to_string(n.version) + " actions=" +
                                     action_flag_names(n.actions) + " protocol=" + protocol_flag_names(n.protocol));
    for (int i = 0; i < kMacroStages; ++i) {
        if (!n.symlist[i]) continue;
        std::string t = std::string("symlist ") + stage_name(static_cast<Stage>(i));
        for (const auto& name : *n.symlist[i]) t += " " + name;
        lines.emplace_back("optneg", t);
    }
    return {};
}

void Runner::add(Lines& lines, Stage s, const Result<Step>& step) {
    if (!step) return;
    const char* name = stage_name(s);
    switch (step->status) {
    case Step::Status::not_sent: lines.emplace_back(name, "not-sent (" + step->note + ")"); break;
    case Step::Status::no_reply: lines.emplace_back(name, "no-reply"); break;
    case Step::Status::replied:
        for (const auto& r : step->replies) lines.emplace_back(name, describe(r, client_->leadspc()));
    }
}

Result<void> Runner::protocol(const ScriptLine& l, Lines& lines) {
    Client& c = *client_;
    auto run = [&](Stage s, Result<Step> step) -> Result<void> {
        add(lines, s, step);
        if (!step) return Unexpected<Error>{step.error()};
        return {};
    };
    const auto& a = l.args;
    if (l.cmd == "connect") {
        std::uint16_t port = a.size() == 4 ? static_cast<std::uint16_t>(std::stoi(a[3])) : 0;
        return run(Stage::connect, c.connect(*connect_info(a[0], a[1], port)));
    }
    if (l.cmd == "helo") return run(Stage::helo, c.helo(a[0]));
    if (l.cmd == "mail") return run(Stage::mail, c.mail(a));
    if (l.cmd == "rcpt") return run(Stage::rcpt, c.rcpt(a));
    if (l.cmd == "data") return run(Stage::data, c.data());
    if (l.cmd == "eoh") return run(Stage::eoh, c.eoh());
    if (l.cmd == "eom") return run(Stage::eom, c.eom());
    if (l.cmd == "abort") return c.abort();
    if (l.cmd == "quit-nc") return c.quit_nc();
    if (l.cmd == "header") {
        auto colon = l.rest.find(':');
        return run(Stage::header, c.header(l.rest.substr(0, colon), l.rest.substr(colon + 1)));
    }
    if (l.cmd == "body") return run(Stage::body, c.body(l.rest + "\r\n"));
    if (l.cmd == "body-file") {
        auto data = read_file(path_of(a[0]));
        if (!data) return Unexpected<Error>{data.error()};
        return run(Stage::body, c.body(crlf_normalize(*data)));
    }
    return send_message(path_of(a[0]), lines);
}

Result<void> Runner::send_message(const std::string& path, Lines& lines) {
    auto data = read_file(path);
    if (!data) return Unexpected<Error>{data.error()};
    auto msg = parse_message(*data, path);
    if (!msg) return Unexpected<Error>{msg.error()};
    for (const auto& h : msg->headers) {
        auto s = client_->header(h.name, h.raw_value);
        add(lines, Stage::header, s);
        if (!s) return Unexpected<Error>{s.error()};
    }
    auto e = client_->eoh();
    add(lines, Stage::eoh, e);
    if (!e) return Unexpected<Error>{e.error()};
    auto b = client_->body(msg->body);
    add(lines, Stage::body, b);
    if (!b) return Unexpected<Error>{b.error()};
    return {};
}

void Runner::expect(const ScriptLine& l) {
    const std::string& stage = l.args[0];
    const std::string& want = l.rest2;
    auto it = latest_.find(stage);
    bool ok = false;
    if (it != latest_.end()) {
        std::regex re;
        if (l.cmd == "expect-re") re = std::regex(want);
        for (const auto& got : it->second)
            ok = ok || (l.cmd == "expect" ? got == want : std::regex_match(got, re));
    }
    if (ok) return;
    ++failed_;
    err_ << script_.name << ":" << l.lineno << ": " << l.cmd << " failed\n";
    err_ << "  want: " << stage << ": " << want << (l.cmd == "expect-re" ? "   (regex)" : "") << '\n';
    if (it == latest_.end()) err_ << "  got:  (no " << stage << " line yet)\n";
    else
        for (const auto& got : it->second) err_ << "  got:  " << stage << ": " << got << '\n';
}

}  // namespace

int run_script(const Script& script, const std::string& socket, const ClientOptions& opt, std::ostream& out,
               std::ostream& err) {
    return Runner(script, socket, opt, out, err).run();
}

}  // namespace mp::miltclient
