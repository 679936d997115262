// client.hpp: the MTA side of the milter protocol (version 6, as sendmail
// 8.17 speaks it), as a library: bench programs link mp_miltclient and drive
// a filter without spawning anything per transaction.
//   auto c = Client::open("unix:/run/f.sock", {});         // connect + OPTNEG
//   c->set_macros(Stage::connect, {{"j", "mx.test"}});
//   auto s = c->connect(*connect_info("mx.example.org", "192.0.2.1", 4711));
//   ... helo, mail, rcpt, data, header, eoh, body, eom, quit
// Each step returns what the filter answered (Step) or an error value for
// I/O failures, timeouts and malformed or out-of-place replies. The client
// honours the negotiated flags like sendmail does: SMFIP_NO* steps are not
// sent (their macros are), SMFIP_NR_* steps are sent without waiting, header
// values keep their leading space only with SMFIP_HDR_LEADSPC, body chunks stop
// after SMFIR_SKIP, macros are cut to the filter's symbol lists. After a
// filter decided a message (accept, reject, ...) its remaining steps are not
// sent; a decision in the middle of a message is followed by SMFIC_ABORT.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reply.hpp"
#include "util/result.hpp"
#include "wire.hpp"

namespace mp::miltclient {

// The first seven are the macro stages, in SMFIM_* order.
enum class Stage { connect, helo, mail, rcpt, data, eom, eoh, header, body };
inline constexpr int kMacroStages = 7;
const char* stage_name(Stage s);
std::optional<Stage> stage_from_name(std::string_view name);

using Macros = std::vector<std::pair<std::string, std::string>>;

struct Negotiated {
    std::uint32_t version = 0, actions = 0, protocol = 0;
    std::array<std::optional<std::vector<std::string>>, kMacroStages> symlist;
};

struct ClientOptions {
    int timeout_ms = 10000;
    std::uint32_t actions = 0x1FF;     // SMFI_CURR_ACTS
    std::uint32_t protocol = 0x1FFFFF;  // SMFI_CURR_PROT, as sendmail offers
};

struct ConnectInfo {
    std::string hostname;
    char family = 'U';  // '4' '6' 'L' 'U'
    std::uint16_t port = 0;
    std::string address;
};
// address: IPv4, IPv6 (optionally "IPv6:"-prefixed), unix:/path or "unknown".
Result<ConnectInfo> connect_info(std::string_view hostname, std::string_view address, std::uint16_t port);

struct Step {
    enum class Status { replied, no_reply, not_sent };
    Status status = Status::replied;
    std::string note;            // not_sent: the reason
    std::vector<Reply> replies;  // EOM actions, then the final reply (one per body chunk)
};

class Client {
public:
    static Result<Client> open(std::string_view spec, const ClientOptions& opt);
    const Negotiated& negotiated() const { return neg_; }
    bool leadspc() const;
    void set_macros(Stage s, Macros m) { macros_[static_cast<int>(s)] = std::move(m); }
    void set_timeout_ms(int ms) {
        opt_.timeout_ms = ms;
        ch_.set_timeout(ms);
    }

    Result<Step> connect(const ConnectInfo& ci);
    Result<Step> helo(std::string_view name);
    Result<Step> mail(const std::vector<std::string>& args);
    Result<Step> rcpt(const std::vector<std::string>& args);
    Result<Step> data();
    // raw_value: everything after the colon, leading blanks included.
    Result<Step> header(std::string_view name, std::string_view raw_value);
    Result<Step> eoh();
    Result<Step> body(std::string_view bytes);
    Result<Step> eom();
    Result<void> abort();
    Result<void> quit();
    // SMFIC_QUIT_NC: the SMTP session ends, another one follows on this socket.
    Result<void> quit_nc();

private:
    Client(Channel ch, ClientOptions opt) : ch_(std::move(ch)), opt_(opt) {}
    Result<void> negotiate();
    Result<Step> command(Stage s, char cmd, std::string_view data);
    Result<Step> body_chunk(std::string_view chunk);
    std::optional<std::string> blocked(Stage s) const;
    void send_macros(Stage s, char cmd);
    Result<void> read_replies(Stage s, Step& step);
    void after_final(Stage s, const Reply& r);
    void reset_session();

    Channel ch_;
    ClientOptions opt_;
    Negotiated neg_;
    std::array<Macros, kMacroStages> macros_;
    std::string conn_done_;  // why the filter takes no more commands this session
    std::string msg_done_;   // why the filter takes no more commands this message
    bool in_msg_ = false;
    bool skip_body_ = false;
};

}  // namespace mp::miltclient
