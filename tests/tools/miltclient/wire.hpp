// wire.hpp: the milter wire format, MTA side. A Channel owns one stream
// socket to a filter and moves packets <uint32 BE length><cmd><data>.
// Outgoing packets are queued and written in one go when a reply is awaited
// (macro packets ride along with their command), so a transaction costs one
// write per round trip. Every read and write is bounded: poll() with the
// channel's timeout, and no packet above kMaxPacket is accepted.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "util/raii.hpp"
#include "util/result.hpp"

namespace mp::miltclient {

inline constexpr std::size_t kMaxPacket = 64u << 20;  // 64 MiB, incl. cmd byte

struct Packet {
    char cmd = 0;
    std::string data;
};

// Append one encoded packet to out.
void encode(std::string& out, char cmd, std::string_view data);
void put_u32(std::string& out, std::uint32_t v);
std::uint32_t get_u32(std::string_view four);

class Channel {
public:
    // spec: unix:/path | local:/path | /path | inet:PORT@HOST | inet6:PORT@HOST.
    // HOST must be a numeric loopback address (or "localhost").
    static Result<Channel> open(std::string_view spec, int timeout_ms);

    void queue(char cmd, std::string_view data) { encode(out_, cmd, data); }
    Result<void> flush();
    // Flushes queued packets, then waits up to the timeout for one packet.
    Result<Packet> read();
    void set_timeout(int ms) { timeout_ms_ = ms; }
    bool is_open() const { return static_cast<bool>(fd_); }
    void close() { fd_.reset(); }

private:
    explicit Channel(util::Fd fd, int timeout_ms) : fd_(std::move(fd)), timeout_ms_(timeout_ms) {}
    Result<void> wait_for(short events);
    Result<void> fill();

    util::Fd fd_;
    int timeout_ms_;
    std::string out_;
    std::string in_;
    std::size_t in_pos_ = 0;
};

}  // namespace mp::miltclient
