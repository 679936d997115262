// rules_bench.cpp: the in-process cost of the rules per message. Reads a
// rule file (bench/rules/gen_rules.sh) and a message, then for each of N
// messages does what the policy session does: evaluates the rules at every
// stage (connect, helo, mail, rcpt, data, each header, eoh, eom) with the
// facts of the bench message, and feeds the MIME walker the header fields
// and the body when some rule reads it. Prints ns per message with the rules
// and with an empty rule set (the same loop), alternating rounds, medians.
//   rules_bench RULES.conf MESSAGE.eml [N 20000] [ROUNDS 5]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "rules/mime.hpp"
#include "rules/ruleset.hpp"

using namespace mp;

namespace {

struct Message {
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;  // CRLF line ends, as the MTA sends it
};

Message parse(const std::string& text) {
    Message m;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line) && !line.empty()) {
        if ((line[0] == ' ' || line[0] == '\t') && !m.headers.empty()) m.headers.back().second += "\n" + line;
        else if (auto c = line.find(':'); c != std::string::npos)
            m.headers.push_back({line.substr(0, c), line.substr(c + 1 + (c + 1 < line.size() && line[c + 1] == ' '))});
    }
    while (std::getline(in, line)) m.body += line + "\r\n";
    return m;
}

std::string slurp(const char* path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

const config::SectionSpec& root_spec() {
    static const config::SectionSpec s{.name = "",
                                       .doc = "bench root",
                                       .options = {},
                                       .sections = {&rules::table().spec(), &rules::settings_table().spec()}};
    return s;
}

// One message through every stage; the number of decided verdicts (0 expected).
int one_message(const rules::RuleSet& rs, const Message& m) {
    rules::Facts f;
    f.client = util::IpAddr::parse("127.0.0.1");
    f.client_name = "client.example.org";
    f.helo = "client.example.org";
    f.from = "alice@example.org";
    f.rcpt = "bob@example.test";
    f.qid = "bench";
    f.rcpt_count = 1;
    f.spf = "none";
    int decided = 0;
    auto at = [&](rules::Stage s) {
        f.stage = s;
        decided += rs.evaluate(f).verdict.decided();
    };
    for (auto s : {rules::Stage::Connect, rules::Stage::Helo, rules::Stage::Mail, rules::Stage::Rcpt, rules::Stage::Data})
        at(s);
    std::unique_ptr<rules::MimeWalker> walker;
    if (rs.matches_body()) walker = std::make_unique<rules::MimeWalker>(rs.settings().body_max);
    std::vector<std::pair<std::string, std::string>> one(1);
    f.headers = &one;
    uint64_t size = 0;
    for (const auto& h : m.headers) {
        one[0] = h;
        size += h.first.size() + h.second.size() + 4;
        if (walker) walker->header(h.first, h.second);
        at(rules::Stage::Header);
    }
    at(rules::Stage::Eoh);
    size += m.body.size();
    if (walker) {
        walker->body(m.body);
        walker->finish();
        f.body = walker->text();
    }
    f.size = size;
    at(rules::Stage::Eom);
    return decided;
}

double ns_per_message(const rules::RuleSet& rs, const Message& m, int n) {
    auto t0 = std::chrono::steady_clock::now();
    int decided = 0;
    for (int i = 0; i < n; ++i) decided += one_message(rs, m);
    auto t1 = std::chrono::steady_clock::now();
    if (decided) std::fprintf(stderr, "warning: %d verdicts decided (a rule matched the bench message)\n", decided);
    return std::chrono::duration<double, std::nano>(t1 - t0).count() / n;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: rules_bench RULES.conf MESSAGE.eml [N] [ROUNDS]\n");
        return 2;
    }
    int n = argc > 3 ? std::atoi(argv[3]) : 20000, rounds = argc > 4 ? std::atoi(argv[4]) : 5;
    auto cfg = config::parse(slurp(argv[1]), argv[1], root_spec());
    if (!cfg) return std::fprintf(stderr, "%s\n", cfg.error().str().c_str()), 1;
    auto rs = rules::ruleset_from(cfg->root());
    if (!rs) return std::fprintf(stderr, "%s\n", rs.error().str().c_str()), 1;
    Message m = parse(slurp(argv[2]));
    rules::RuleSet none;
    std::vector<double> with, without;
    for (int r = 0; r < rounds; ++r) {
        with.push_back(ns_per_message(*rs, m, n));
        without.push_back(ns_per_message(none, m, n));
    }
    double w = median(with), wo = median(without);
    std::printf("rules=%zu messages=%d rounds=%d: %.0f ns/message with rules, %.0f ns without, +%.1f us per message\n",
                rs->rules().size(), n, rounds, w, wo, (w - wo) / 1000);
    return 0;
}
