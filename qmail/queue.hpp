// queue.hpp: the hand-over to the real qmail-queue, and qmail-queue's exit
// codes (qmail-queue(8)) as milterpack-qmail-queue uses them. run_queue()
// starts PROGRAM with the message on its fd 0 and the envelope on its fd 1
// (QMAILQUEUE removed from its environment, so a qmail-queue that honours it
// cannot start us again), writes both, and returns its exit code; a program
// that cannot be started or dies on a signal gives kInternal (81).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace mp::qmail {

inline constexpr int kQueued = 0;
inline constexpr int kPermanent = 31;     // mail server permanently refuses to send the message
inline constexpr int kNoMemory = 51;
inline constexpr int kReadError = 54;     // unable to read the message or envelope
inline constexpr int kConfigError = 55;   // unable to read a configuration file
inline constexpr int kTemporary = 71;     // mail server temporarily refuses to send the message
inline constexpr int kInternal = 81;      // internal bug
inline constexpr int kEnvelope = 91;      // envelope format error

class Spool;
// The message is `head`, then the spool's bytes from `body`.
int run_queue(const std::string& program, std::string_view head, const Spool& spool, size_t body,
              std::string_view envelope);

}  // namespace mp::qmail
