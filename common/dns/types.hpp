// types.hpp: the vocabulary of common/dns, shared by every module that looks
// names up (SPF, DKIM keys, DMARC records): record types, the outcome of one
// query as a value (Answer: ok, no data, no such domain, or a temporary
// error with its reason), and decoders for the rdata of the types the mail
// checks read (TXT, A, AAAA, MX). Decoders never trust their input: a short
// or malformed rdata yields an error, never a read past its end.
#pragma once
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace mp::dns {

enum class Type : uint16_t { A = 1, PTR = 12, MX = 15, TXT = 16, AAAA = 28, SPF = 99 };
const char* type_name(Type t);  // "A", "TXT", ...

// Ok: records in rdata. NoData: the name exists, not with this type.
// NxDomain: the name does not exist. TempError: no answer within the
// deadline, SERVFAIL, REFUSED, or a local failure; `error` says which.
enum class Status { Ok, NoData, NxDomain, TempError };
const char* status_name(Status s);  // "ok", "nodata", "nxdomain", "temperror"

struct Answer {
    Status status = Status::TempError;
    std::vector<std::string> rdata;  // wire-format rdata, names uncompressed
    uint32_t ttl = 0;                // seconds the answer may be kept
    std::string error;               // TempError: why
    bool cached = false;             // served from common/dns's cache
};

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;  // a check's end: no query waits past it

Answer temp_error(std::string why);

// TXT: the character-strings of one record joined (RFC 7208 3.3, RFC 6376 3.6.2.2).
Result<std::string> txt_text(std::string_view rdata);
// A / AAAA: the address in text form.
Result<std::string> address_text(std::string_view rdata);
// A domain name in uncompressed wire form at `pos`, as dotted text without the
// final dot; `pos` moves past it.
Result<std::string> wire_name(std::string_view wire, size_t& pos);

struct Mx {
    uint16_t preference = 0;
    std::string host;
};
Result<Mx> mx_record(std::string_view rdata);

}  // namespace mp::dns
