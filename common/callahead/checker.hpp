// checker.hpp: the recipient call-ahead. For a recipient in one of the
// configured domains, ask the next hop (MAIL FROM:<>, RCPT TO:<rcpt>, RSET on
// a pooled connection) or the cache, and say what the client gets:
//   accepted     the next hop took the recipient (cached positive_ttl)
//   refused      5yz: the next hop's code, enhanced code and text (cached negative_ttl)
//   unavailable  4yz, an error or no answer within timeout: on_unavailable decides
//   skipped      not one of the domains, or a session the call-ahead must not
//                answer from the next hop (see skip_session)
// The next hop is next_hop, or the mailertable's route for the recipient's
// domain (one pool per next hop, made on first use; a domain without a route
// is skipped). Never a loop: a null-sender session from a next hop's own
// address (its call-ahead asking us back) is not called ahead.
//   auto c = Checker::create(opts);            // Result<std::unique_ptr<Checker>>
//   Outcome o = (*c)->check("u@example.com", now);
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <string>
#include <string_view>
#include <vector>

#include "callahead/cache.hpp"
#include "callahead/mailertable.hpp"
#include "callahead/options.hpp"
#include "callahead/pool.hpp"
#include "util/result.hpp"

namespace mp::callahead {

struct Outcome {
    enum class Kind { Skipped, Accepted, Refused, Unavailable } kind = Kind::Skipped;
    verdict::Reply reply;  // Refused: the next hop's; Unavailable: what happened, as text
    bool cached = false;
};

class Checker {
public:
    static Result<std::unique_ptr<Checker>> create(const Options& o);
    const Options& options() const { return opts_; }
    bool covers(std::string_view rcpt) const;
    // A session the call-ahead must not answer: a null sender from the next hop.
    bool skip_session(std::string_view client_addr, std::string_view sender) const;
    Outcome check(std::string_view rcpt, int64_t now);

private:
    Checker(Options o, std::vector<std::string> domains, std::shared_ptr<const Mailertable> mt);
    Result<Pool*> pool_for(std::string_view rcpt);  // null: no route, skip
    Result<Answer> ask(Pool& pool, std::string_view rcpt);
    Result<Answer> dialogue(Conn& c, std::string_view rcpt, Deadline deadline);
    Options opts_;
    std::vector<std::string> domains_;
    std::shared_ptr<const Mailertable> mailertable_;  // null: next_hop is one socket
    std::vector<std::string> hop_addrs_;
    std::mutex mu_;
    std::unordered_map<std::string, std::unique_ptr<Pool>> pools_;  // by next hop
    Cache cache_{100000};
};

}  // namespace mp::callahead
