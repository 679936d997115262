// access_format.cpp: the section of milterpack.conf(5) that describes the
// access-map file itself (the file `access_map { file = ...; }` names), which
// the option tables cannot: `milterpack man-config` puts it before SEE ALSO.
// The grammar is the sendmail X README's (3.9.3, 3.10.2, 3.12.1) with the
// extensions docs/access.md lists; common/access/ parses it.
#include <string>

#include "cli/commands.hpp"

namespace mp::cli {

namespace {

constexpr const char* kAccessFormat = R"(.SH "ACCESS MAP FILE"
The file named by
.B access_map { file = ...; }
holds one entry per line:
.PP
.RS
.I tag\fB:\fIkey\fR   \fIrhs\fR
.RE
.PP
separated by blanks;
.B #
starts a comment; blank lines are ignored. Tags and keys are
case-insensitive. Every line is checked when the map loads, and
.B milterpack check-config
names the file, line and column of each error. A map that does not load never
replaces the running one; the file is reloaded when it changes.
.SS Tags
.TP
.B cltaddr:
the client's IP address: IPv4
.IR A.B.C.D ,
.IR A.B.C ,
.IR A.B ,
.IR A ;
IPv6 addresses and CIDR networks of both families (an extension).
.TP
.B cltname:
the client's host name; a leading dot matches subdomains only.
.TP
.B cltresolve:
the result of the client's reverse lookup:
.BR ok ", " no ", " tempptr ", " tempa .
.TP
.BR from: ", " to:
envelope sender and recipient:
.IR user@domain ,
.IR user ,
.IR @domain ,
.IR @.domain ,
.IR user+detail ,
.IR user++ ,
.IR user+* ,
.I user*
(angle brackets optional).
.TP
.B mxbadip:
an address a mail exchanger must not have (sendmail X README 3.9.3), as cltaddr.
.TP
.BR certissuer: ", " certsubject:
a verified client certificate's issuer or subject DN, +XX encoded.
.TP
.B protectedrcpt:
a recipient only some senders may reach; the right-hand side is a list of
.BI from: <sender> ,
.BI cltaddr: net
and
.BI list: <alias>
restrictions (sendmail X README 3.10.2).
.SS Right-hand sides
.TP
.B ok
accept this stage; the session is trusted by later checks (no greylisting).
.TP
.B relay
as ok; allowed for to, cltaddr, cltname, certissuer and certsubject only.
.TP
.B reject
the same as
.BR "error:550 5.7.0 Rejected." .
.TP
.BI error: "XYZ [A.B.C] [text]"
reply XYZ (4yz or 5yz); the enhanced code's class must match.
.TP
.B discard
accept and drop the message (a to: entry drops that recipient only).
.TP
.B cont
no decision here: the lookup goes on.
.PP
Any of them may be preceded by
.BR quick: ,
which ends the search even when
.B delay_checks
would defer it.
.SS "Lookup order"
Domains: the name itself, then each parent with a leading dot (no implicit
subdomain match). IPv4: the address, then its /24, /16 and /8 forms, and the
CIDR networks in the map from the longest prefix. Addresses: for each domain
level,
.IR user+detail@d ,
.IR user++@d ,
.IR user+*@d ,
.IR user*@d ,
.IR user@d ,
.IR @d ;
then the local part alone (sendmail X README 3.12.1).
.B milterpack lookup
.IB tag : key
shows which entry answers.
.SS Example
.nf
cltaddr:192.0.2          error:554 5.7.1 Not from this network
cltaddr:10.0.0.0/8       relay
cltname:.dialup.example  error:450 4.7.1 Dial-up: try your provider's relay
from:spammer@example.com reject
to:postmaster            quick:ok
to:@example.org          relay
protectedrcpt:all@example.org  from:<boss@example.org> cltaddr:10.1
.fi
)";

}  // namespace

std::string with_access_format(std::string page) {
    auto see_also = page.rfind(".SH \"SEE ALSO\"");
    page.insert(see_also == std::string::npos ? page.size() : see_also, kAccessFormat);
    return page;
}

}  // namespace mp::cli
