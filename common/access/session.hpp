// session.hpp: the access-map checks of one SMTP session, stage by stage
// (sendmail X README 3.12.2), with delay_checks, quick:, soft_bounce and discard.
// One object per session, fed in SMTP order; it holds the map snapshot taken
// when the session started, so a reload never changes a session midway.
// It needs no DNS of its own: the client name and the resolve status come
// from the MTA (sendmail macros {client_name}, {client_resolve}).
//
//   connect  cltaddr, then cltresolve, then cltname, until a result is not cont.
//            cltresolve key from {client_resolve}: OK->ok, FAIL->no, FORGED->no,
//            TEMP->tempptr (sendmail 8 does not tell PTR from A failures; the
//            README's keys ok/no/tempptr/tempa are accepted as they are). cltname
//            is looked up only for a verified name: resolve OK (or not given)
//            and not an address literal "[...]".
//   tls      (verified certificate only) certissuer: relay -> relaying client;
//            cont -> certsubject: relay -> relaying client; other values ignored.
//   MAIL     from:, then mxbadip: for the sender domain's MX/A addresses when the
//            caller has them; skipped for <> and after session quick:ok/quick:relay.
//   RCPT     to:, skipped after session quick:ok or quick:relay (in a milter the
//            MTA has already authorized relaying when the milter sees RCPT).
//
// delay_checks: a non-quick rejection at connect or MAIL is remembered and
// returned for every RCPT instead, unless that RCPT's to: entry is quick:ok or
// quick:relay. A quick: rejection is returned at once. A rejection returned at
// connect is returned again by on_mail and on_rcpt (sendmail 8 shows its own
// 554 text for a connect rejection; the adapter may prefer to answer at MAIL).
// discard at connect discards every transaction, at MAIL the transaction, at
// RCPT the recipient (quick:discard at RCPT: the transaction). When every
// recipient was discarded the transaction is discarded: the adapter knows which
// recipients it finally kept (discarded_rcpts() lists ours).
// ok/relay at connect or tls marks the session trusted (Decision::trusted).
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/accessmap.hpp"
#include "access/decision.hpp"
#include "util/net.hpp"

namespace mp::access {

struct ConnectFacts {
    std::string client_addr;     // {client_addr}, e.g. "192.0.2.1" or "IPv6:2001:db8::1"
    std::string client_name;     // {client_name}
    std::string client_resolve;  // {client_resolve}: OK FAIL FORGED TEMP (or ok no tempptr tempa)
};

struct TlsFacts {
    bool verified = false;     // {verify} == "OK"
    std::string cert_issuer;   // {cert_issuer}, as sendmail encodes it
    std::string cert_subject;  // {cert_subject}
};

class SessionChecks {
public:
    // `map` may be null (no access map): every check then decides nothing.
    SessionChecks(std::shared_ptr<const AccessMap> map, Flags flags) : map_(std::move(map)), flags_(flags) {}

    Decision on_connect(const ConnectFacts& facts);
    Decision on_tls(const TlsFacts& facts);
    Decision on_mail(std::string_view sender, const std::vector<util::IpAddr>& sender_mx_ips = {});
    Decision on_rcpt(std::string_view rcpt);
    // End of a transaction (after end-of-data or on abort/RSET); on_mail calls it too.
    void reset_transaction();

    bool trusted() const { return trusted_; }
    bool transaction_discarded() const { return txn_discard_.has_value() || session_discard_.has_value(); }
    const std::vector<std::string>& discarded_rcpts() const { return discarded_rcpts_; }
    const std::shared_ptr<const AccessMap>& map() const { return map_; }

    // {client_resolve} value -> cltresolve: key ("" when there is none).
    static std::string resolve_key(std::string_view client_resolve);

private:
    std::optional<Match> find(Tag tag, std::string_view key) const;  // nullopt also for cont
    Decision session_result(const Match& m, const char* stage);
    Decision from_match(const Match& m, const char* stage) const;
    Decision finish(Decision d) const;

    std::shared_ptr<const AccessMap> map_;
    Flags flags_;
    bool trusted_ = false;
    bool session_quick_ = false;              // quick:ok or quick:relay at connect
    std::optional<Decision> session_reject_;  // returned at connect, repeated later
    std::optional<Decision> session_discard_;
    std::optional<Decision> pending_session_;  // delay_checks
    std::optional<Decision> pending_mail_;     // delay_checks
    std::optional<Decision> txn_discard_;
    std::vector<std::string> discarded_rcpts_;
};

}  // namespace mp::access
