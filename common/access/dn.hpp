// dn.hpp: certificate distinguished names as access-map keys (certissuer:,
// certsubject:). The sendmail X README (3.10, smtps tls flags) encodes a DN for map lookups by
// replacing each non-printable character and < > ( ) " + and space by '+' and
// two hex digits: "CN=Darth Mail (Cert)" -> "CN=Darth+20Mail+20+28Cert+29".
//
// sendmail 8 hands the DN to milters already encoded ({cert_issuer},
// {cert_subject}: X509_NAME_oneline then xtextify with the extra characters
// <>")), and its set differs from the README's by also encoding '\'. So keys
// are compared in one canonical form: decode every +XX, re-encode with the
// README's set plus '\', lowercase (DN attribute values compare
// case-insensitively for the common attribute types). Map entries written in
// the README's encoding or in sendmail's meet the macro value. A '+' in the DN
// must be written +2B in the map ("darth+cert" would read "+ce" as a byte).
// A raw DN (as sendmail X may hand over) goes through encode_dn first.
#pragma once
#include <string>
#include <string_view>

namespace mp::access {

// The README's encoding of a raw DN (uppercase hex).
std::string encode_dn(std::string_view raw);
// The canonical lookup key of an encoded (or partly encoded) DN.
std::string dn_key(std::string_view encoded);

}  // namespace mp::access
