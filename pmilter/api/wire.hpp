// wire.hpp: the frames of milterpack's pmilter test protocol (PROTOCOL.md),
// shared by the in-tree libpmilter implementation and mp-pmdriver. Pure code:
// encoding, an incremental frame reader, field lists. Never throws; a
// malformed input is an Error with the reason.
//   FrameReader r; r.feed(buf, n); while (auto f = r.next()) ... (Result)
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace mp::pmapi {

constexpr std::size_t kMaxPayload = 65536;
constexpr std::size_t kHeaderSize = 9;  // length(4) type(1) session(4)
constexpr std::uint32_t kNullField = 0xffffffffu;

struct Frame {
    char type = 0;
    std::uint32_t session = 0;
    std::string payload;
};

// A field list: each entry a string or NULL.
using Field = std::optional<std::string>;
using Fields = std::vector<Field>;

std::string encode(const Frame& f);
std::string encode_fields(const Fields& fields);
Result<Fields> decode_fields(std::string_view payload);
Frame make_frame(char type, std::uint32_t session, const Fields& fields);

// Is `type` a frame type of the protocol (either direction)?
bool known_type(char type);

// Incremental reader: feed() bytes as they arrive, next() yields complete
// frames. After an error the reader stays failed.
class FrameReader {
public:
    void feed(const char* data, std::size_t n);
    // A frame, std::nullopt when more bytes are needed, or an Error.
    Result<std::optional<Frame>> next();
    std::size_t buffered() const { return buf_.size() - pos_; }

private:
    std::string buf_;
    std::size_t pos_ = 0;
    std::string error_;
};

}  // namespace mp::pmapi
