// result.cpp: see result.hpp.
#include "spf/result.hpp"

namespace mp::spf {

const char* result_name(Status r) {
    switch (r) {
    case Status::None: return "none";
    case Status::Neutral: return "neutral";
    case Status::Pass: return "pass";
    case Status::Fail: return "fail";
    case Status::SoftFail: return "softfail";
    case Status::TempError: return "temperror";
    case Status::PermError: return "permerror";
    }
    return "?";
}

std::string Outcome::authres() const {
    std::string s = std::string("spf=") + result_name(result);
    if (!comment.empty()) s += " (" + comment + ")";
    if (identity == Identity::Helo) return s + " smtp.helo=" + domain;
    return s + " smtp.mailfrom=" + (sender.empty() ? domain : sender);
}

namespace {

std::string comment_words(const Outcome& o, std::string_view ip) {
    const std::string& s = o.sender;
    std::string i(ip);
    switch (o.result) {
    case Status::Pass: return "domain of " + s + " designates " + i + " as permitted sender";
    case Status::Fail: return "domain of " + s + " does not designate " + i + " as permitted sender";
    case Status::SoftFail: return "domain of transitioning " + s + " does not designate " + i + " as permitted sender";
    case Status::Neutral: return i + " is neither permitted nor denied by domain of " + s;
    case Status::None: return "domain of " + s + " does not designate permitted sender hosts";
    case Status::TempError:
    case Status::PermError: return "error in processing during lookup of " + s;
    }
    return {};
}

}  // namespace

void describe(Outcome& o, std::string_view receiver, std::string_view ip, std::string_view helo) {
    bool error = o.result == Status::TempError || o.result == Status::PermError;
    std::string words = !error && !o.detail.empty() ? o.detail : comment_words(o, ip);
    if (error && !o.detail.empty()) words += ": " + o.detail;
    o.comment = std::string(receiver) + ": " + words;
    o.received_spf = std::string(result_name(o.result)) + " (" + o.comment + ") client-ip=" + std::string(ip) +
                     "; envelope-from=" + o.sender + "; helo=" + std::string(helo) + "; receiver=" +
                     std::string(receiver) + "; identity=" + (o.identity == Identity::Helo ? "helo" : "mailfrom") + ";";
}

}  // namespace mp::spf
