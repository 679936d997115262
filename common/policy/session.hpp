// session.hpp: one SMTP session's policy state and the stage pipeline. The
// adapter calls the stages in SMTP order; each returns a Verdict. A session
// keeps the Engine it started with, so a reload never changes the rules in
// the middle of a conversation.
//
// Stage contract:
//   connect -> helo* -> { mail -> rcpt+ -> data -> header* -> eoh -> body* -> eom | abort }*
// Session-level rejections (access map at connect) are returned from helo()
// and again from mail(): sendmail 8 ignores a milter's text at connect, but
// shows the HELO text at MAIL.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "policy/facts.hpp"
#include "verdict/verdict.hpp"

namespace mp::policy {

class Engine;
struct SessionState;  // policy/state.hpp

class Session {
public:
    explicit Session(std::shared_ptr<const Engine> engine);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    verdict::Verdict connect(const ClientFacts& client);
    verdict::Verdict helo(std::string_view name, const TlsFacts& tls);
    verdict::Verdict mail(const MailFacts& mail);
    verdict::Verdict rcpt(std::string_view rcpt);
    verdict::Verdict data();
    void header(std::string_view name, std::string_view value);
    verdict::Verdict eoh();
    verdict::Verdict body(std::string_view chunk);
    // False once no scanner or signature of this message needs more body.
    bool reads_body() const;
    verdict::Verdict eom();
    // eom() may wait long: on a backend (scanners, each bounded by its
    // timeout) or on DNS (DKIM keys and DMARC records, bounded together by
    // dkim_verify's plus dmarc's timeout, AuthParts::eom_dns_bound()) when
    // that bound exceeds 60 s. The milter adapter then runs eom() off the
    // callback thread and sends progress to the MTA every second; a shorter
    // DNS wait runs inline (MTAs' end-of-data timeouts default to 5 minutes).
    bool eom_may_block() const;
    void abort();  // the transaction ended without end-of-data (RSET, QUIT, error)

    void set_qid(std::string_view qid);
    // The MTA's own host name ({j}), named in X-Greylist: (greylisting add_header).
    void set_mta_host(std::string_view host);
    const std::string& qid() const;
    const Engine& engine() const { return *engine_; }

private:
    verdict::Verdict greylisted(verdict::Verdict g, const verdict::Verdict& before);

    std::shared_ptr<const Engine> engine_;
    std::unique_ptr<SessionState> st_;
};

}  // namespace mp::policy
