// greylist_header.cpp: X-Greylist: at end of data (greylisting { add_header
// = yes; }), from what greylisting noted at each RCPT of the message (see
// rcpt_stage.cpp and greylist/header.hpp). The host is the greylisting
// section's hostname, else the MTA's {j}, else this system's name.
#include <chrono>

#include "greylist/header.hpp"
#include "policy/engine.hpp"
#include "policy/parts.hpp"
#include "policy/state.hpp"

#ifndef MP_VERSION
#define MP_VERSION "unknown"
#endif

namespace mp::policy {

void greylist_header(const Engine& e, SessionState& st, verdict::Verdict& v) {
    const auto* g = e.parts().greylister.get();
    if (!g || !g->options().add_header || st.grey_note.empty()) return;
    std::string host = g->options().hostname;
    if (host.empty()) host = st.mta_host;
    if (host.empty()) host = host_name();
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
    v.headers.push_back({.name = "X-Greylist",
                         .value = greylist::x_greylist(st.grey_note, "milterpack-" MP_VERSION, host, now.count())});
}

}  // namespace mp::policy
