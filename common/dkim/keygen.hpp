// keygen.hpp: a new DKIM key pair for `milterpack dkim keygen`. The private
// key is written as PKCS#8 PEM to <out_dir>/<selector>.private, created with
// O_CREAT|O_EXCL and mode 0600 whatever the umask (an existing file is never
// overwritten); the DNS record goes to <selector>.txt (as opendkim-genkey
// names them) and is returned in zone-file form, its TXT data split into
// strings of at most 255 characters (RFC 1035 character-strings).
#pragma once
#include <string>
#include <string_view>

#include "dkim/types.hpp"
#include "util/result.hpp"

namespace mp::dkim {

struct KeygenResult {
    std::string key_path;
    std::string txt_path;
    std::string dns_name;     // "<selector>._domainkey.<domain>."
    std::string txt_value;    // "v=DKIM1; k=rsa; p=..." unsplit
    std::string zone_record;  // "<dns_name> IN TXT ( "..." "..." )"
};

inline constexpr int kDefaultRsaBits = 2048;

// `bits` is used for RSA only (1024..8192). A missing `out_dir` is created
// (mode 0700; not its parents).
Result<KeygenResult> keygen(std::string_view domain, std::string_view selector, Algorithm alg, int bits,
                            const std::string& out_dir);

// The zone-file line for a TXT value, split into <=255-character strings.
std::string zone_record(std::string_view dns_name, std::string_view txt_value);

}  // namespace mp::dkim
