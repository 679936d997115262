#!/bin/bash
# prereq_test.sh: every feature stops m4 (non-zero status, one clear
# "*** ERROR: FEATURE(`name'): ..." line) when a prerequisite is missing or an
# argument is malformed, and accepts its documented non-default arguments.
# Table-driven: each case is a small Debian .mc; m4 only, no sendmail.
. "$(dirname "$0")/lib.sh"
q="'"   # a closing m4 quote inside the double-quoted .mc lines below
n=0

# fails FEATURE MESSAGE-FRAGMENT MC-LINES...: m4 must exit non-zero and print
# the feature's error line containing the fragment (fixed string).
fails() {
    local feat=$1 msg=$2 mc cf; shift 2; n=$((n + 1))
    mc=$MT_TMP/case$n.mc cf=$MT_TMP/case$n.cf
    mt_mc "$mc" "$@"
    if mt_expand "$mc" "$cf"; then mt_fail "case $n ($feat: $msg): m4 succeeded"; return; fi
    if grep -qF -- "*** ERROR: FEATURE(\`$feat'): $msg" "$cf.err"; then mt_ok
    else mt_fail "case $n: want [$feat: $msg], stderr: $(cat "$cf.err")"; fi
}
# passes CHECK-REGEX... -- MC-LINES...: m4 succeeds and the .cf matches each regex.
passes() {
    local mc cf re=(); n=$((n + 1)); mc=$MT_TMP/case$n.mc cf=$MT_TMP/case$n.cf
    while [ "$1" != -- ]; do re+=("$1"); shift; done; shift
    mt_mc "$mc" "$@"
    mt_expand "$mc" "$cf" || { mt_fail "case $n: m4 failed: $(cat "$cf.err")"; return; }
    mt_eq "$(cat "$cf.err")" "" "case $n: m4 stderr"
    for r in "${re[@]}"; do mt_has "$cf" "$r" "case $n"; done
}
M="MAILER(\`local$q)dnl
MAILER(\`smtp$q)dnl"

# milterpack
fails milterpack "is used twice" "FEATURE(\`milterpack$q)" "FEATURE(\`milterpack$q)" "$M"
fails milterpack "socket must be local:/path" "FEATURE(\`milterpack$q, \`tcp:1@host$q)" "$M"
fails milterpack "socket must be local:/path" "FEATURE(\`milterpack$q, \`local:relative.sock$q)" "$M"
fails milterpack "flags must be T, R or none" "FEATURE(\`milterpack$q, \`$q, \`Q$q)" "$M"
fails milterpack "timeouts must look like" "FEATURE(\`milterpack$q, \`$q, \`$q, \`C=10s$q)" "$M"
fails milterpack "end-of-message timeout E:60s is too short" "FEATURE(\`milterpack$q, \`$q, \`$q, \`C:10s;E:60s$q)" "$M"
fails milterpack "end-of-message timeout E:1m is too short" "FEATURE(\`milterpack$q, \`$q, \`$q, \`E:1m$q)" "$M"
passes '^Xmilterpack, S=inet:8891@127\.0\.0\.1, T=C:5s;E:2m$' -- \
    "FEATURE(\`milterpack$q, \`inet:8891@127.0.0.1$q, \`none$q, \`C:5s;E:2m$q)" "$M"
passes '^Xmilterpack, S=unix:/srv/mp.sock, F=R, T=C:10s;S:30s;R:60s;E:5m$' -- \
    "FEATURE(\`milterpack$q, \`unix:/srv/mp.sock$q, \`R$q)" "$M"

# mp_dual_rx
fails mp_dual_rx "must come before the first mailer line" "$M" "FEATURE(\`mp_dual_rx$q)"
fails mp_dual_rx "cannot share an .mc with mp_dual_tx" "FEATURE(\`mp_dual_tx$q)" "FEATURE(\`mp_dual_rx$q)" "$M"
fails mp_dual_rx "the mail hub is already set (relay:[10.0.0.1])" \
    "define(\`MAIL_HUB$q, \`relay:[10.0.0.1]$q)" "FEATURE(\`mp_dual_rx$q)" "$M"
fails mp_dual_rx "the smart host is already set" "define(\`SMART_HOST$q, \`mx.example$q)" "FEATURE(\`mp_dual_rx$q)" "$M"
fails mp_dual_rx 'the content filter port must be a number from 1 to 65535, not "amavis"' "FEATURE(\`mp_dual_rx$q, \`amavis$q)" "$M"
fails mp_dual_rx 'the content filter port must be a number from 1 to 65535, not "70000"' "FEATURE(\`mp_dual_rx$q, \`70000$q)" "$M"
fails mp_dual_rx "the queue directory must not be /var/spool/mqueue" "FEATURE(\`mp_dual_rx$q, \`$q, \`/var/spool/mqueue/$q)" "$M"
fails mp_dual_rx 'the queue directory must be an absolute path, not "mqueue-rx"' "FEATURE(\`mp_dual_rx$q, \`$q, \`mqueue-rx$q)" "$M"
fails mp_dual_rx "the number of queue runners (match amavisd max_servers) must be a number from 1 to 19" \
    "FEATURE(\`mp_dual_rx$q, \`$q, \`$q, \`20$q)" "$M"
fails mp_dual_rx 'the number of queue runners (match amavisd max_servers) must be a number from 1 to 19, not "0"' "FEATURE(\`mp_dual_rx$q, \`$q, \`$q, \`0$q)" "$M"
fails mp_dual_rx 'unknown word in the options: "lmtp bogus"' "FEATURE(\`mp_dual_rx$q, \`$q, \`$q, \`$q, \`lmtp bogus$q)" "$M"
fails mp_dual_rx "the pid file must be an absolute path" "FEATURE(\`mp_dual_rx$q, \`$q, \`$q, \`$q, \`$q, \`rx.pid$q)" "$M"
fails mp_dual_rx "the listen fields must not set Name=" \
    "FEATURE(\`mp_dual_rx$q, \`$q, \`$q, \`$q, \`$q, \`$q, \`$q, \`Port=2525, Name=X$q)" "$M"
fails mp_dual_rx "needs the smtp mailer: add the line MAILER(\`smtp') at the end" "FEATURE(\`mp_dual_rx$q)" "MAILER(\`local$q)dnl"
fails mp_dual_rx "the delivery mode must stay q (queue only), not background" \
    "FEATURE(\`mp_dual_rx$q)" "define(\`confDELIVERY_MODE$q, \`background$q)" "$M"
passes '^O DaemonPortOptions=Name=MTA-RX, Port=2525, Addr=127\.0\.0\.1$' 'A=TCP \$h 10030$' \
    '^Qmqueue, P=/srv/q-rx, R=5, F=f$' '^O PidFile=/srv/rx.pid$' '^O StatusFile=/srv/rx.st$' \
    '^O QueueDirectory=/srv/q-rx$' '^#O AliasFile' -- \
    "FEATURE(\`mp_dual_rx$q, \`10030$q, \`/srv/q-rx$q, \`5$q, \`lmtp$q, \`/srv/rx.pid$q, \`/srv/rx.st$q, \`Port=2525, Addr=127.0.0.1$q)" "$M"
passes 'F=mDFMuXaz, S=EnvFromSMTP' '^O Timeout.datafinal=30m$' -- \
    "define(\`confTO_DATAFINAL$q, \`30m$q)" "FEATURE(\`mp_dual_rx$q, \`$q, \`$q, \`$q, \`lmtp$q)" "$M"

# mp_dual_tx
fails mp_dual_tx "must come before the first mailer line" "$M" "FEATURE(\`mp_dual_tx$q)"
fails mp_dual_tx "cannot share an .mc with mp_dual_rx" "FEATURE(\`mp_dual_rx$q)" "FEATURE(\`mp_dual_tx$q)" "$M"
fails mp_dual_tx 'the listen address must be a loopback address (127.0.0.1 or ::1), not "192.0.2.1"' \
    "FEATURE(\`mp_dual_tx$q, \`10025$q, \`192.0.2.1$q)" "$M"
fails mp_dual_tx 'the listen port must be a number from 1 to 65535, not "smtp"' "FEATURE(\`mp_dual_tx$q, \`smtp$q)" "$M"
fails mp_dual_tx "needs the local mailer: add the line MAILER(\`local')" "FEATURE(\`mp_dual_tx$q)" "MAILER(\`smtp$q)dnl"
fails mp_dual_tx "needs the smtp mailer" "FEATURE(\`mp_dual_tx$q)" "MAILER(\`local$q)dnl"
passes '^O DaemonPortOptions=Family=inet6, Addr=::1, Port=10125, Name=MTA-TX$' -- \
    "FEATURE(\`mp_dual_tx$q, \`10125$q, \`::1$q)" "$M"

# mp_reject_unknown
fails mp_reject_unknown "needs the aliases file on this instance: give mp_dual_rx the option keep_aliases" \
    "FEATURE(\`mp_dual_rx$q)" "FEATURE(\`mp_reject_unknown$q)" "$M"
fails mp_reject_unknown "needs the aliases file" "FEATURE(\`mp_reject_unknown$q)" "FEATURE(\`mp_dual_rx$q)" "$M"
fails mp_reject_unknown 'the reply must be a quoted 5xx text' \
    "FEATURE(\`mp_reject_unknown$q, \`$q, \`\"450 try later\"$q)" "$M"
fails mp_reject_unknown "must come before the first mailer line" "$M" "FEATURE(\`mp_reject_unknown$q)"
passes '^Kaliasp hash -m /srv/aliases$' '\$#error \$@ 5\.1\.1 \$: "550 No such user here"' -- \
    "FEATURE(\`mp_dual_rx$q, \`$q, \`$q, \`$q, \`keep_aliases$q)" \
    "FEATURE(\`mp_reject_unknown$q, \`hash -m /srv/aliases$q, \`\"550 No such user here\"$q)" "$M"

# mp_partial_scan
fails mp_partial_scan "needs FEATURE(\`mp_dual_rx') before it" "FEATURE(\`mailertable$q)" "FEATURE(\`mp_partial_scan$q)" "$M"
fails mp_partial_scan "needs FEATURE(\`mailertable') before it" "FEATURE(\`mp_dual_rx$q)" "FEATURE(\`mp_partial_scan$q)" "$M"
fails mp_partial_scan 'the default must be scan or direct, not "maybe"' \
    "FEATURE(\`mp_dual_rx$q)" "FEATURE(\`mailertable$q)" "FEATURE(\`mp_partial_scan$q, \`maybe$q)" "$M"
fails mp_partial_scan "the MTA-TX port must differ from the content filter port 10024" \
    "FEATURE(\`mp_dual_rx$q)" "FEATURE(\`mailertable$q)" "FEATURE(\`mp_partial_scan$q, \`scan$q, \`10024$q)" "$M"
passes '^DSesmtp:\[127\.0\.0\.1\]$' 'A=TCP \$h 10026$' 'A=TCP \$h 10030$' -- \
    "FEATURE(\`mp_dual_rx$q, \`10030$q)" "FEATURE(\`mailertable$q)" "FEATURE(\`mp_partial_scan$q, \`direct$q, \`10026$q)" "$M"
mt_done
