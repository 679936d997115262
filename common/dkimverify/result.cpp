// result.cpp: see result.hpp.
#include "dkimverify/result.hpp"

namespace mp::dkimverify {

const char* status_name(Status s) {
    switch (s) {
    case Status::Pass: return "pass";
    case Status::Fail: return "fail";
    case Status::Neutral: return "neutral";
    case Status::Policy: return "policy";
    case Status::TempError: return "temperror";
    case Status::PermError: return "permerror";
    }
    return "?";
}

std::string SigResult::authres() const {
    std::string comment = reason;
    if (length) comment += std::string(comment.empty() ? "" : "; ") + "l=" + std::to_string(*length) + " signed body bytes";
    if (testing) comment += std::string(comment.empty() ? "" : "; ") + "key in testing mode t=y";
    std::string s = std::string("dkim=") + status_name(status);
    if (!comment.empty()) s += " (" + comment + ")";
    if (!domain.empty()) s += " header.d=" + domain;
    if (!selector.empty()) s += " header.s=" + selector;
    if (!b_text.empty()) s += " header.b=" + b_text.substr(0, 8);
    return s;
}

}  // namespace mp::dkimverify
