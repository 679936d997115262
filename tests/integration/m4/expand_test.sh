#!/bin/bash
# expand_test.sh: conf/thishost-rx.mc and conf/thishost-tx.mc expand with the
# system sendmail-cf into .cf files that carry the dual setup (names, ports,
# queue, delivery mode, milterpack filter line, macro lists with sendmail's
# defaults AND every macro milters/macros.cpp asks for, each once), and
# sendmail 8 loads both without a complaint (inside a private network
# namespace: sendmail looks up its own name when it starts).
. "$(dirname "$0")/lib.sh"
. "$MT_SRC/tests/integration/lib/sandbox.sh"

rx=$MT_TMP/rx.cf tx=$MT_TMP/tx.cf plain=$MT_TMP/plain.cf
mt_expand "$MT_SRC/conf/thishost-rx.mc" "$rx" && mt_ok || mt_fail "m4 thishost-rx.mc: $(cat "$rx.err")"
mt_expand "$MT_SRC/conf/thishost-tx.mc" "$tx" && mt_ok || mt_fail "m4 thishost-tx.mc: $(cat "$tx.err")"
mt_eq "$(cat "$rx.err" "$tx.err")" "" "m4 stderr"
# sendmail's defaults: a .cf with some other filter (no filter, no lists).
mt_mc "$MT_TMP/plain.mc" 'INPUT_MAIL_FILTER(`other'"'"', `S=local:/run/other.sock'"'"')dnl' \
    'MAILER(`local'"'"')dnl' 'MAILER(`smtp'"'"')dnl'
mt_expand "$MT_TMP/plain.mc" "$plain" || mt_fail "m4 plain.mc"
[ -n "$(mt_option "$plain" Milter.macros.connect)" ] && mt_ok || mt_fail "no default macro list in $plain"

# mailer CF NAME: the mailer definition (M line and its continuation lines).
mailer() { awk -v m="M$2," '$1 == m {on = 1; print; next} on && /^[[:space:]]/ {print; next} {on = 0}' "$1"; }
# in_list LIST NAME: NAME is an entry of a sendmail macro list.
in_list() { printf '%s\n' "$1" | tr ', ' '\n\n' | grep -qxF -- "$2"; }

# The macro lists: sendmail's defaults (from a .cf without the feature) and
# milterpack's (from milters/macros.cpp) must all be there, each once.
check_macros() {
    local cf=$1 stage upper list want name
    for stage in connect helo envfrom envrcpt eom; do
        upper=$(echo "$stage" | tr a-z A-Z)
        list=$(mt_option "$cf" "Milter.macros.$stage")
        want="$(mt_option "$plain" "Milter.macros.$stage") $(sed -n "s/.*SMFIM_$upper, \"\([^\"]*\)\".*/\1/p" "$MT_SRC/milters/macros.cpp")"
        [ -n "$(sed -n "s/.*SMFIM_$upper, \"\([^\"]*\)\".*/\1/p" "$MT_SRC/milters/macros.cpp")" ] ||
            mt_fail "no $upper list found in milters/macros.cpp"
        for name in $(echo "$want" | tr ',' ' '); do
            in_list "$list" "$name" && mt_ok || mt_fail "$(basename "$cf"): $name missing in Milter.macros.$stage=$list"
        done
        mt_eq "$(mt_dups "$list")" "" "$(basename "$cf"): duplicates in Milter.macros.$stage"
    done
}
check_macros "$rx"
check_macros "$tx"
mt_has "$rx" '^O Milter.macros.connect=.*\{client_addr\}' "client_addr (not a sendmail default) requested"

# MTA-RX
mt_has "$rx" '^Xmilterpack, S=local:/run/milterpack/rx/milter.sock, F=T, T=C:10s;S:30s;R:60s;E:5m$' "rx filter line"
mt_has "$rx" '^O InputMailFilters=milterpack$' "rx filter listed"
mt_has "$rx" '^O DaemonPortOptions=Name=MTA-RX$' "rx daemon name"
mt_has "$rx" '^DSesmtp:\[127\.0\.0\.1\]$' "rx smart host"
mt_has "$rx" '^DHesmtp:\[127\.0\.0\.1\]$' "rx mail hub"
mailer "$rx" esmtp >"$MT_TMP/rx-esmtp"
mt_has "$MT_TMP/rx-esmtp" 'A=TCP \$h 10024$' "rx esmtp mailer to port 10024"
mt_has "$MT_TMP/rx-esmtp" '[[:space:]]m=10,' "rx SMTP_MAILER_MAXMSGS 10"
mt_eq "$(mt_option "$rx" DeliveryMode)" q "rx delivery mode"
mt_eq "$(mt_option "$rx" QueueDirectory)" /var/spool/mqueue-rx "rx queue directory"
mt_has "$rx" '^Qmqueue, P=/var/spool/mqueue-rx, R=2, F=f$' "rx queue group with 2 runners"
mt_eq "$(mt_option "$rx" QueueSortOrder)" Modification "rx queue sort order"
mt_eq "$(mt_option "$rx" PidFile)" /var/run/sendmail-rx.pid "rx pid file"
mt_eq "$(mt_option "$rx" StatusFile)" /etc/mail/stat-rx "rx status file"
mt_eq "$(mt_option "$rx" Timeout.datafinal)" 20m "rx datafinal timeout"
mt_has "$rx" '^O ForwardPath$' "rx empty .forward path"
mt_hasnt "$rx" '^O ControlSocketName' "rx leaves the control socket to tx"
mt_eq "$(mt_option "$rx" AliasFile)" /etc/mail/aliases "rx keeps aliases (keep_aliases)"
mt_has "$rx" '^Kaliasp hash -m /etc/mail/aliases$' "rx unknown-user aliases map"
mt_has "$rx" '^R<@> \$\+[[:space:]]+\$#error \$@ 5\.1\.1 \$: "550 User unknown"' "rx unknown-user rule"
mt_eq "$(mt_option "$rx" RunAsUser)" smmsp:smmsp "rx runs as smmsp"

# MTA-TX
mt_has "$tx" '^Xmilterpack, S=local:/run/milterpack/tx/milter.sock, F=T, T=C:10s;S:30s;R:60s;E:5m$' "tx filter line"
mt_has "$tx" '^O DaemonPortOptions=Family=inet, Addr=127\.0\.0\.1, Port=10025, Name=MTA-TX$' "tx listens on 127.0.0.1:10025"
mt_eq "$(grep -c '^O DaemonPortOptions' "$tx")" 1 "tx has one daemon (no MSA)"
mt_eq "$(mt_option "$tx" RefuseLA)" 999 "tx no load limit"
mt_eq "$(mt_option "$tx" MaxDaemonChildren)" 0 "tx no children limit"
mt_eq "$(mt_option "$tx" QueueDirectory)" /var/spool/mqueue "tx default queue"
mt_hasnt "$tx" '10024' "tx never routes to the content filter"
mt_hasnt "$tx" '^DS.|^DH.' "tx has no smart host or hub"
mt_has "$tx" 'nocanonify\.m4' "tx nocanonify"

# sendmail loads both files without a complaint.
sbx_init "$MT_TMP/sbx"
for cf in "$rx" "$tx"; do
    sbx_in /usr/sbin/sendmail -C "$cf" -bt -d0.1 </dev/null >"$cf.out" 2>"$cf.stderr"
    mt_eq "$?" 0 "sendmail -bt $(basename "$cf") status"
    mt_has "$cf.out" '^Version 8\.' "sendmail -bt $(basename "$cf") ran"
    mt_eq "$(cat "$cf.stderr")" "" "sendmail -bt $(basename "$cf") stderr"
    mt_hasnt "$cf.out" 'line [0-9]+:|[Uu]nknown|[Ww]arning|[Ee]rror' "sendmail -bt $(basename "$cf") complaints"
done
mt_done
