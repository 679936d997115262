// options.hpp: one `scanner [label] { ... }` section as a plain value, its
// option table (each row bound to its member) and the reader from a parsed
// config section.
// The scanners themselves take only Options, so tests build them directly.
//
// Timeouts and sendmail's milter timeouts (INPUT_MAIL_FILTER T=...):
//  - `timeout` bounds the whole end-of-data work of one scanner (last chunk,
//    verdict; for amavisd: connect, request, response). sendmail waits for
//    the end-of-message reply only T=R (default 10s); T=E (default 5m) bounds
//    the wait only across progress messages (milter.c reads each reply with
//    the T=R timeout and checks T=E between replies). milterpack-milter
//    sends a progress message every second while scanners work, so the SUM
//    of the timeouts of all scanners must stay below T=E; without progress
//    sendmail gives up after T=R with its own "451 4.3.2 Please try again
//    later" (F=T) and on_fail never applies (tests/integration/scan_sendmail).
//  - `stream_timeout` bounds each connect/write to clamd while the message
//    arrives (header and body callbacks); sendmail waits T=R for each of
//    those replies, so it must stay below T=R too.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "config/table.hpp"
#include "util/result.hpp"
#include "verdict/reply.hpp"

namespace mp::scan {

enum class Kind { Clamd, Amavisd };
enum class OnInfected { Reject, Tempfail, Discard, Quarantine, Accept };
enum class OnFail { Tempfail, Accept, Reject };
enum class OnOversize { Accept, Tempfail, Reject };
// clamd: how the message reaches clamd (see clamd.hpp and clamd_fdpass.hpp).
enum class Transfer { Instream, Fdpass };

struct Options {
    std::string label;  // the section label ("" when unlabelled), for logs
    Kind type = Kind::Clamd;
    std::string socket;  // "unix:/path" | "inet:PORT@HOST" | "inet6:PORT@HOST"
    Transfer transfer = Transfer::Instream;  // clamd: fdpass needs a unix: socket and spool_dir
    OnInfected on_infected = OnInfected::Reject;
    verdict::Reply infected_reply{"550", "5.7.1", "Virus found: %v"};  // %v = virus name, %% = %
    OnFail on_fail = OnFail::Tempfail;
    std::optional<OnFail> on_fail_authenticated;  // unset: on_fail applies
    uint64_t max_size = 25u << 20;
    OnOversize on_oversize = OnOversize::Accept;
    std::chrono::milliseconds timeout{60'000};
    std::chrono::milliseconds stream_timeout{5'000};
    std::chrono::milliseconds hold_after_timeout{10'000};  // hold.hpp; 0: never paused
    size_t chunk_size = 64u << 10;
    bool add_headers = false;
    std::string spool_dir;  // amavisd: base of the per-message AM.PDP tempdirs; clamd fdpass: the temporary files
    std::string policy_bank;  // amavisd: sent as policy_bank= when not empty
};

const config::Table<Options>& table();

Result<Options, config::Diagnostic> options_from(const config::Section& section);

const char* kind_name(Kind k);

// True when the scanner writes the message to files under spool_dir.
inline bool uses_spool(const Options& o) { return o.type == Kind::Amavisd || o.transfer == Transfer::Fdpass; }

}  // namespace mp::scan
