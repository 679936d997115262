#!/bin/bash
# sendmail.sh: the scanner chain end to end. Real sendmail 8 in the sandbox
# namespace, milterpack-milter with `scanner` sections, a real clamd (custom
# .ndb signature) and a real amavisd-new (AM.PDP, clamd as its scanner), both
# started by tests/tools/peers.sh inside the namespace (amavisd in a further
# private netns of its own). Every outcome is checked on the swaks transcript
# (reply after the dot) and on the sink copy.
#
#   MTA-rx :2525 -> milter "clam" (user nobody)  -> clamd, timeout 30s
#   MTA-av :2526 -> milter "av"   (user amavis)  -> amavisd -> clamd, timeout 40s
#   MTA-fz :2528 -> milter "fz", clamd timeout 3s, used only while clamd is frozen
#   MTA-te :2527 -> milter "te", clamd timeout 15s, above sendmail's T=R:10s
#
# Timeouts a working peer must meet are long (>= 10x a scan on a loaded
# machine); the short ones are used only against a SIGSTOPped clamd, where
# no scheduling can change the outcome. The progress messages (every second)
# have T=R:10s to arrive in.
#
# The amavisd milter runs as amavis: the spool base is amavis-owned 0750 and
# amavisd reads and writes what milterpack creates there (docs/scan.md).
set -euo pipefail
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
PEERS=$MP_SOURCE_DIR/tests/tools/peers.sh
sbx_init "$MP_BUILD_DIR/it/scan-sendmail"
P=$SBX/peers; T=$SBX/t
cleanup() { "$PEERS" stop "$P" >/dev/null 2>&1 || true; sbx_stop; }
trap cleanup EXIT
chmod 755 "$SBX"; mkdir -p "$P" "$T"; chmod 755 "$P" "$T"

# clamd's StreamMaxLength is 1M; the clam milter's max_size is 2MB, so a
# 1.5 MB message hits clamd's limit (on_fail) and a 3 MB one max_size.
CLAMD_STREAM_MAX=1M sbx_in "$PEERS" start-clamd "$P" >/dev/null
sbx_in "$PEERS" start-amavisd "$P" >/dev/null
SPOOL=$P/amavis/tmp/mp
mkdir -p "$SPOOL"; chown amavis:amavis "$SPOOL"; chmod 750 "$SPOOL"

cat >"$T/clam.conf" <<CONF
milter { socket = "unix:$T/clam.sock"; user = nobody; }
log { level = debug; ident = "mp-clam"; }
scanner clam {
    type = clamd; socket = "unix:$P/clamd/clamd.sock";
    timeout = 30s; max_size = 2MB; on_oversize = reject; add_headers = yes;
}
CONF
for m in fz:3s te:15s; do
    cat >"$T/${m%:*}.conf" <<CONF
milter { socket = "unix:$T/${m%:*}.sock"; user = nobody; }
log { level = debug; ident = "mp-${m%:*}"; }
scanner clam { type = clamd; socket = "unix:$P/clamd/clamd.sock"; timeout = ${m#*:}; }
CONF
done
cat >"$T/av.conf" <<CONF
milter { socket = "unix:$T/av.sock"; user = amavis; }
log { level = debug; ident = "mp-av"; }
scanner amavis { type = amavisd; socket = "unix:$P/amavis/home/amavisd.sock"; spool_dir = "$SPOOL"; timeout = 40s; }
CONF
for m in clam av fz te; do "$MP_BUILD_DIR/cli/milterpack" -f "$T/$m.conf" check-config >/dev/null; done

sbx_sink 10026
for m in clam av fz te; do sbx_milter $m "$T/$m.conf"; done
for m in clam av fz te; do sbx_milter_ready $m; done
filter() { echo "INPUT_MAIL_FILTER(\`$1', \`S=unix:$T/$1.sock, F=T, T=C:10s;S:10s;R:${2:-10s};E:1m')dnl"; }
sbx_mta rx 2525 10026 "$(filter clam)"
sbx_mta av 2526 10026 "$(filter av)"
sbx_mta te 2527 10026 "$(filter te 10s)"
sbx_mta fz 2528 10026 "$(filter fz)"

EICAR='X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
printf '%s\r\n' "$EICAR" >"$T/eicar.com"
big() {  # big FILE BYTES: a plain-text body of about BYTES
    /usr/bin/python3 -c 'import sys; n=int(sys.argv[2]); l="x"*76+"\r\n"
open(sys.argv[1],"w",newline="").write(l*(n//len(l)))' "$1" "$2"
}
big "$T/1500k.txt" 1500000; big "$T/3m.txt" 3000000

send() {  # send PORT NAME [swaks args]: transcript in $T/NAME.txt
    local port=$1 name=$2; shift 2
    sbx_swaks "$port" --from alice@example.org --to bob@example.net --header "Subject: $name" "$@" \
        >"$T/$name.txt" || true
}
sink_copy() {  # sink_copy SUBJECT: the path of the one sink message carrying it
    sbx_wait "grep -lq 'Subject: $1' $SBX/sink/*.eml 2>/dev/null" 150 || { echo "FAIL: '$1' not in sink" >&2; return 1; }
    grep -l "Subject: $1" "$SBX"/sink/*.eml
}
not_delivered() { sbx_not_accepted "$T/$1.txt" "$1"; }
after_dot() {  # after_dot NAME REGEX: the reply to the end-of-data dot (or to swaks -n's summary)
    grep -A1 -E '^ -> (\.|[0-9]+ lines sent)$' "$T/$1.txt" | sed -n 2p >"$T/$1.dot"
    sbx_expect "$T/$1.dot" "$2" "reply after the dot" || { sed 's/^/    /' "$T/$1.txt" >&2; return 1; }
}
log_has() { sbx_wait "grep -qE -- '$1' $SBX/log/maillog" || { echo "FAIL: log lacks /$1/" >&2; tail -20 "$SBX/log/maillog" >&2; return 1; }; }
VIRUS='Local\.Test\.EICAR\.NDB\.UNOFFICIAL'

# 1. clamd: clean mail is delivered with the status headers (add_headers)
send 2525 clean
after_dot clean '^<-  250 '
c=$(sink_copy clean)
grep -q $'^X-Virus-Scanned: milterpack (clamd clam)\r$' "$c" || { echo "FAIL: no X-Virus-Scanned in $c"; cat "$c"; exit 1; }
grep -q $'^X-Virus-Status: Clean\r$' "$c" || { echo "FAIL: no X-Virus-Status in $c"; cat "$c"; exit 1; }
# a sender cannot forge the verdict: incoming X-Virus-* copies are replaced
send 2525 forged --add-header "X-Virus-Status: Clean (forged)" --add-header "X-Virus-Scanned: forged" \
    --add-header "X-Virus-Status: forged again"
after_dot forged '^<-  250 '
c=$(sink_copy forged)
[ "$(grep -c '^X-Virus-' "$c")" = 2 ] && ! grep -q '^X-Virus-.*forged' "$c" &&
    grep -q $'^X-Virus-Status: Clean\r$' "$c" || { echo "FAIL: forged status headers survived in $c"; cat "$c"; exit 1; }

# 2. EICAR inline and as a base64 attachment: 550 after the dot, name in the text
send 2525 eicar-inline --body "$EICAR"
after_dot eicar-inline "^<\\*\\* +550 5\\.7\\.1 Virus found: $VIRUS$"
send 2525 eicar-attach --body 'see attachment' --attach-type application/octet-stream --attach "@$T/eicar.com"
grep -q 'Content-Transfer-Encoding: BASE64' "$T/eicar-attach.txt" || grep -qi 'Content-Transfer-Encoding: base64' "$T/eicar-attach.txt" ||
    { echo "FAIL: attachment not base64"; cat "$T/eicar-attach.txt"; exit 1; }
sbx_expect_not "$T/eicar-attach.txt" 'EICAR-STANDARD' "plain EICAR in the attachment transcript"
after_dot eicar-attach "^<\\*\\* +550 5\\.7\\.1 Virus found: $VIRUS$"
not_delivered eicar-inline; not_delivered eicar-attach

# 3. clamd's StreamMaxLength exceeded: on_fail (tempfail); max_size exceeded: on_oversize (reject)
send 2525 streammax --suppress-data --body "@$T/1500k.txt"
after_dot streammax '^<\*\* +451 4\.3\.0 Content scanner unavailable, try again later$'
log_has 'clamd .*error reply "INSTREAM size limit exceeded\. ERROR"'
send 2525 oversize --suppress-data --body "@$T/3m.txt"
after_dot oversize '^<\*\* +552 5\.3\.4 Message too large for content scanning$'
not_delivered streammax; not_delivered oversize

# 4. amavisd over AM.PDP (clamd behind it): its inserted header, its own reject text
send 2526 av-clean
after_dot av-clean '^<-  250 '
c=$(sink_copy av-clean)
grep -q $'^X-Virus-Scanned: amavis sandbox at example.test\r$' "$c" || { echo "FAIL: no amavisd header in $c"; cat "$c"; exit 1; }
send 2526 av-eicar --body "$EICAR"
after_dot av-eicar "^<\\*\\* +5[0-9][0-9] 5\\.7\\.[0-9] .*INFECTED: $VIRUS"
not_delivered av-eicar
grep -qE "$SPOOL/mp-[A-Za-z0-9]{6}/parts INFECTED: $VIRUS" "$P/amavis/home/amavisd.log" ||
    { echo "FAIL: amavisd did not scan milterpack's spool copy"; exit 1; }

# 5. clamd SIGSTOPped: the 3s timeout fires and on_fail applies (bounded by sendmail's T=E:1m)
kill -STOP "$(cat "$P/clamd/clamd.pid")"
t0=$(date +%s.%N)
send 2528 frozen
t1=$(date +%s.%N)
# the same through an MTA whose T=R (10s) is below the scanner timeout (15s): sendmail
# waits for the end-of-data reply only T=R at a time, but milterpack sends a progress
# message every second while it scans, so its own reply still arrives (T=E bounds it)
send 2527 frozen-te
kill -CONT "$(cat "$P/clamd/clamd.pid")"
after_dot frozen-te '^<\*\* +451 4\.3\.0 Content scanner unavailable, try again later$'
log_has 'mp-te\[[0-9]+\]: .*clamd .*no verdict: timeout .*\(timeout 15000 ms\)'
if grep -qE 'sm-te\[[0-9]+\]: [0-9A-Za-z]+: Milter \(te\): timeout before data read' "$SBX/log/maillog"; then
    echo "FAIL: sendmail timed out despite progress messages"; exit 1; fi
after_dot frozen '^<\*\* +451 4\.3\.0 Content scanner unavailable, try again later$'
log_has 'mp-fz\[[0-9]+\]: .*clamd .*no verdict: timeout .*\(timeout 3000 ms\)'
FROZEN_S=$(awk "BEGIN{printf \"%.1f\", $t1 - $t0}")
echo "frozen clamd: session took ${FROZEN_S}s (timeout 3s)"

# 6. peers down: clamd stopped -> 451 on rx; amavisd stopped -> 451 on av
"$PEERS" stop-clamd "$P"
send 2525 clamd-down
after_dot clamd-down '^<\*\* +451 4\.3\.0 Content scanner unavailable, try again later$'
"$PEERS" stop-amavisd "$P"
send 2526 av-down
after_dot av-down '^<\*\* +451 4\.3\.0 Content scanner unavailable, try again later$'
not_delivered clamd-down; not_delivered av-down; not_delivered frozen-te

# 7. no spool directory left behind; both milters ran unprivileged
left=$(find "$SPOOL" -mindepth 1 | head -5)
[ -z "$left" ] || { echo "FAIL: spool left behind: $left"; exit 1; }
[ "$(ps -o user= -p "$(cat "$SBX/milter-clam.pid")")" = nobody ] || { echo "FAIL: clam milter not nobody"; exit 1; }
[ "$(ps -o user= -p "$(cat "$SBX/milter-av.pid")")" = amavis ] || { echo "FAIL: av milter not amavis"; exit 1; }
echo "integration.scan_sendmail.sendmail: all checks passed"
