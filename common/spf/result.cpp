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

}  // namespace mp::spf
