// clamd.hpp: one message streamed to clamd with zINSTREAM while it arrives.
// The connection opens at the first header; headers go as "Name:" + value +
// CRLF (value as given, leading space included), then CRLF, then the body.
// Bytes are collected in one buffer of chunk_size and sent as one
// <u32 big-endian length><bytes> chunk once it and the next piece reach
// chunk_size (that piece sent from the caller's memory, not copied), so
// memory is bounded by chunk_size whatever the message size. finish() sends the rest and the
// zero-length terminator, then reads one NUL-terminated reply.
//
// Pitfalls recorded here:
//  - clamd answers early and closes when StreamMaxLength is passed
//    ("INSTREAM size limit exceeded. ERROR"): before each chunk we look for
//    input, and after EPIPE we read what clamd said; either way the job
//    stops sending and the outcome is Failed, never Clean.
//  - clamd drops a stream idle for longer than its ReadTimeout (default
//    120s): a slow SMTP client can then fail the scan (on_fail). Raise
//    clamd's ReadTimeout towards the MTA's data timeout if that matters.
#pragma once
#include <memory>

#include "scan/endpoint.hpp"
#include "scan/scanner.hpp"

namespace mp::scan {

std::unique_ptr<Job> make_clamd_job(std::shared_ptr<const Options> options, const util::Endpoint& endpoint);

}  // namespace mp::scan
