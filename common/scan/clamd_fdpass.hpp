// clamd_fdpass.hpp: one message to clamd by descriptor passing (zFILDES),
// for a clamd on the same host (unix: socket; `transfer = fdpass`).
// While the message arrives (header and body callbacks) its bytes, formed as
// for INSTREAM (stream_job.hpp), go to an unlinked temporary file in
// spool_dir (msgfile.hpp), through one chunk_size buffer. At end of data the
// job connects, sends "zFILDES\0", then one byte with the file's descriptor as
// SCM_RIGHTS, and reads one NUL-terminated reply ("fd[N]: OK", "fd[N]: NAME
// FOUND", "... ERROR"; clamd_reply.hpp). clamd reads the file itself: the
// message crosses no socket and clamd writes no copy of its own, which is
// what makes large messages cheaper than INSTREAM when several arrive at once.
//
// Guarantees: the same Outcome, timeouts (`timeout` bounds connect, command,
// descriptor and verdict at end of data; writes to the local file have no
// deadline) and failure texts ("clamd unix:/...: why") as INSTREAM; the file
// disappears with the job (closing the last descriptor frees it; clamd closes
// its copy after the scan). Memory: chunk_size per message. Disk: the message
// size per message being received or scanned, in spool_dir.
// clamd's StreamMaxLength does not apply to FILDES; its MaxScanSize and
// MaxFileSize do (max_size still stops the message first).
#pragma once
#include <memory>

#include "scan/endpoint.hpp"
#include "scan/scanner.hpp"

namespace mp::scan {

std::unique_ptr<Job> make_clamd_fdpass_job(std::shared_ptr<const Options> options, const util::Endpoint& endpoint);

}  // namespace mp::scan
