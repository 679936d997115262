// steps.hpp: which protocol steps a loaded configuration needs from the MTA,
// and at which of them it can ever decide. The adapters use it to make the
// MTA skip steps nobody reads and not wait for replies that can only be
// "continue" (the milter protocol's SMFIP_NO* and SMFIP_NR_* flags): an
// MTA-TX instance that only signs then costs one round trip per message, at
// end-of-data. A pure function of the Engine's modules, computed for each
// new MTA connection, so a reload takes effect at the next negotiation.
// Guarantee: a step outside `sent` is never read by any stage; a step
// outside `replies` never yields a decided Verdict from the policy.
#pragma once
#include <string>

namespace mp::policy {

class Engine;

// The MTA's steps, in SMTP order.
enum class Step : unsigned { connect, helo, mail, rcpt, data, unknown, header, eoh, body, eom };
inline constexpr unsigned kSteps = 10;

constexpr unsigned bit(Step s) { return 1u << static_cast<unsigned>(s); }

struct StepPlan {
    unsigned sent = 0;     // steps the policy reads
    unsigned replies = 0;  // steps at which the policy may decide (a subset of sent)
    bool sends(Step s) const { return (sent & bit(s)) != 0; }
    bool replies_at(Step s) const { return (replies & bit(s)) != 0; }
    bool operator==(const StepPlan&) const = default;
};

// The modules of a configuration that matter for the plan.
struct Modules {
    bool access = false;            // access_map: connect, helo (TLS), mail, rcpt
    bool protect = false;           // protected_recipients: rcpt
    bool greylist = false;          // greylisting: rcpt
    bool greylist_at_data = false;  // delay_greylisting_error_until_DATA: data
    bool scanners = false;          // scanner sections: the whole envelope, headers, body
    bool signer = false;            // dkim: client, sender and auth at mail, headers, body
    bool spf = false;               // spf: helo identity, decides at mail
    bool verify = false;            // dkim_verify, dmarc, authentication_results: headers, body
    bool callahead = false;         // callahead: decides at rcpt
    unsigned rules = 0;             // bit(Step) of each stage some `rule` names (connect..eom), and
                                    // bit(Step::body) when a rule reads the body (body, size at eom)
    bool operator==(const Modules&) const = default;
};

Modules modules_of(const Engine& e);
StepPlan plan_steps(const Modules& m);
inline StepPlan plan_steps(const Engine& e) { return plan_steps(modules_of(e)); }

// "connect=reply helo=no mail=sent ...": one word per step (no, sent, reply).
std::string describe(const StepPlan& p);

}  // namespace mp::policy
