#!/bin/bash
# macros_test.sh: FEATURE(`milterpack') appends milterpack's macros to the
# five Milter.macros lists without dropping what is there and without naming a
# macro twice, whether the .mc left a list alone, set it before the feature
# (any separators, with or without inner quotes), dropped it (as with a
# sendmail-cf that sets the defaults only at the end) or set it after the
# feature; other filters keep their place before milterpack. m4 only.
. "$(dirname "$0")/lib.sh"
q="'"
M="MAILER(\`local$q)dnl
MAILER(\`smtp$q)dnl"
F="FEATURE(\`milterpack$q)dnl"

# expand NAME MC-LINES...: the .cf of a minimal .mc
expand() {
    local n=$1; shift
    mt_mc "$MT_TMP/$n.mc" "$@"
    mt_expand "$MT_TMP/$n.mc" "$MT_TMP/$n.cf" || mt_fail "m4 $n: $(cat "$MT_TMP/$n.cf.err")"
}
macros() { mt_option "$MT_TMP/$1.cf" "Milter.macros.$2"; }

expand plain "INPUT_MAIL_FILTER(\`other$q, \`S=local:/run/other.sock$q)dnl" "$M"
expand dflt "$F" "$M"
for s in connect helo envfrom envrcpt eom; do
    mt_eq "$(mt_dups "$(macros dflt $s)")" "" "defaults: no duplicate in $s"
done
mt_eq "$(macros dflt connect)" "$(macros plain connect), {client_addr}, {client_name}, {client_resolve}, {client_ptr}" "defaults: connect"
mt_eq "$(macros dflt helo)" "$(macros plain helo), {verify}" "defaults: helo"
mt_eq "$(macros dflt envfrom)" "$(macros plain envfrom)" "defaults: envfrom (all already there)"
mt_eq "$(macros dflt envrcpt)" "$(macros plain envrcpt), i" "defaults: envrcpt"
mt_eq "$(macros dflt eom)" "$(macros plain eom), i" "defaults: eom"
mt_eq "$(macros dflt eoh)" "" "defaults: eoh untouched"

expand before "define(\`confMILTER_MACROS_HELO$q, \`{verify},{cipher}  {cert_subject}$q)dnl" \
    "define(\`confMILTER_MACROS_EOM$q, \`\`{msg_id}, {x}$q$q)dnl" "$F" "$M"
mt_eq "$(macros before helo)" "{verify},{cipher}  {cert_subject}, {cert_issuer}, {tls_version}" "set before: separators kept, no repeats"
mt_eq "$(macros before eom)" "{msg_id}, {x}, i" "set before with inner quotes"

expand dropped "undefine(\`confMILTER_MACROS_ENVRCPT$q)dnl" "undefine(\`confMILTER_MACROS_CONNECT$q)dnl" "$F" "$M"
mt_eq "$(macros dropped envrcpt)" "{rcpt_mailer}, {rcpt_host}, {rcpt_addr}, i" "unset list starts from sendmail's default"
mt_eq "$(macros dropped connect)" "$(macros dflt connect)" "unset connect list"

expand after "$F" "define(\`confMILTER_MACROS_EOM$q, \`{msg_size}$q)dnl" \
    "define(\`confMILTER_MACROS_CONNECT$q, \`j {client_addr}$q)dnl" "$M"
mt_eq "$(macros after eom)" "{msg_size}, i, {msg_id}" "set after the feature: appended at the end of input"
mt_eq "$(macros after connect)" "j {client_addr}, {daemon_name}, {client_name}, {client_resolve}, {client_ptr}" "set after: connect"

expand others "INPUT_MAIL_FILTER(\`first$q, \`S=local:/run/first.sock$q)dnl" "$F" \
    "INPUT_MAIL_FILTER(\`last$q, \`S=local:/run/last.sock, F=R$q)dnl" "$M"
mt_eq "$(mt_option "$MT_TMP/others.cf" InputMailFilters)" "first, milterpack, last" "filter order"
mt_eq "$(grep -c '^X' "$MT_TMP/others.cf")" 3 "three filter lines"
mt_done
