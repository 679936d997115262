// amavis.hpp: one message handed to amavisd-new over AM.PDP. While the
// message arrives it is written to email.txt in a fresh spool directory
// (spool.hpp: who must own what); line ends become LF on the way, the form
// amavisd expects of a mail file. At end-of-data one request names the file
// (tempdir_removed_by=client, delivery_care_of=client) and amavisd's answer
// is parsed strictly (ampdp.hpp). The spool directory is removed when the
// job finishes, aborts or is destroyed, whatever happened.
#pragma once
#include <memory>

#include "scan/endpoint.hpp"
#include "scan/scanner.hpp"

namespace mp::scan {

std::unique_ptr<Job> make_amavis_job(std::shared_ptr<const Options> options, const util::Endpoint& endpoint,
                                     const Envelope& envelope);

}  // namespace mp::scan
