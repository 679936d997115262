// dkim_sign.cpp: signs one message file with mp::dkim's Job API the way the
// milter will (header by header, body in chunks) and writes the signed
// message to stdout, for the verifier tests (run_verify.sh).
//
//   dkim_sign [--key-table T --signing-table S [--multiple]] | [--domain D --selector S --key K]
//             [--canon relaxed/simple] [--chunk N] [--lf-folds] [--length] [--expire SECS] FILE
//
// The input may use LF or CRLF line ends; the output uses CRLF (the wire form).
// --lf-folds hands folded header values over with bare-LF folds, as sendmail does.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "dkim/signer.hpp"

using namespace mp::dkim;

namespace {

struct Args {
    Options opts;
    size_t chunk = 65536;
    bool lf_folds = false;
    std::string file;
};

bool parse_args(int argc, char** argv, Args& a) {
    for (int i = 1; i < argc; ++i) {
        std::string k = argv[i];
        auto val = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (k == "--key-table") a.opts.key_table = val();
        else if (k == "--signing-table") a.opts.signing_table = val();
        else if (k == "--multiple") a.opts.multiple_signatures = true;
        else if (k == "--domain") a.opts.domain = val();
        else if (k == "--selector") a.opts.selector = val();
        else if (k == "--key") a.opts.key_file = val();
        else if (k == "--canon") { auto c = parse_canon(val()); if (!c) return false; a.opts.canon = *c; }
        else if (k == "--chunk") a.chunk = std::stoul(val());
        else if (k == "--lf-folds") a.lf_folds = true;
        else if (k == "--length") a.opts.body_length_tag = true;
        else if (k == "--expire") a.opts.expire = std::chrono::seconds(std::stol(val()));
        else if (k.starts_with("--")) return false;
        else a.file = k;
    }
    return !a.file.empty() && a.chunk > 0;
}

std::string to_crlf(const std::string& in) {
    std::string out;
    for (size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '\n' && (i == 0 || in[i - 1] != '\r')) out += '\r';
        out += in[i];
    }
    return out;
}

// Header fields as (name, value-after-colon with CRLF folds), and the body offset.
size_t split_headers(const std::string& msg, std::vector<std::pair<std::string, std::string>>& hs) {
    size_t pos = 0;
    while (pos < msg.size()) {
        size_t eol = msg.find("\r\n", pos);
        if (eol == std::string::npos) return msg.size();
        if (eol == pos) return pos + 2;
        std::string line = msg.substr(pos, eol - pos);
        if ((line[0] == ' ' || line[0] == '\t') && !hs.empty()) hs.back().second += "\r\n" + line;
        else hs.emplace_back(line.substr(0, line.find(':')), line.substr(line.find(':') + 1));
        pos = eol + 2;
    }
    return pos;
}

}  // namespace

int main(int argc, char** argv) {
    Args a;
    if (!parse_args(argc, argv, a)) {
        std::cerr << "usage: dkim_sign [options] FILE (see the source)\n";
        return 2;
    }
    std::ifstream in(a.file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string msg = to_crlf(ss.str());
    auto signer = Signer::create(a.opts);
    if (!signer) { std::cerr << signer.error().message << "\n"; return 1; }
    auto job = (*signer)->begin("<sender@example.com>");
    std::vector<std::pair<std::string, std::string>> hs;
    size_t body = split_headers(msg, hs);
    for (const auto& [n, v] : hs) job->header(n, a.lf_folds ? lf_folded(v) : v);
    if (!job->end_of_headers().sign) { std::cerr << job->end_of_headers().reason << "\n"; return 1; }
    for (size_t p = body; p < msg.size(); p += a.chunk) job->body(std::string_view(msg).substr(p, a.chunk));
    auto sigs = job->finish();
    if (!sigs) { std::cerr << sigs.error().message << "\n"; return 1; }
    for (const auto& v : *sigs) std::cout << std::string(kSigName) << ":" << v << "\r\n";
    std::cout << msg;
    return 0;
}
