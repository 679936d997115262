#!/bin/bash
# run_spf.sh: SPF checks against tests/integration/auth_dns/zones through
# nsd in the sandbox namespace, one spfq run per row of the table below:
# client IP, HELO, sender, expected result and a regex the output must hold.
# Then nsd SIGSTOPped: temperror within the 3 s check deadline (asserted
# < 15 s, far below what per-query timeouts alone would allow for a record
# with includes: 2 s per query). Then the result cache, several checks in
# one spfq process: a repeated check is answered from the cache (also with
# nsd stopped), a %{l} record's result does not answer another local part,
# a temperror is not kept.
set -euo pipefail
SPFQ=$1
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
. "$MP_SOURCE_DIR/tests/integration/auth_dns/nsd.sh"
sbx_init "$MP_BUILD_DIR/it/auth_spf"; trap sbx_stop EXIT
dns_start
out=$SBX/out; fails=0
check() {  # IP HELO SENDER RESULT [REGEX]
    sbx_in "$SPFQ" -s 127.0.0.1 "${@:6}" "$1" "$2" "$3" >"$out" 2>&1 || true
    local got; got=$(head -1 "$out" | cut -d' ' -f1)
    if [ "$got" != "$4" ] || { [ -n "${5:-}" ] && ! grep -qE -- "$5" "$out"; }; then
        echo "FAIL: $1 $2 <$3>: expected $4${5:+ and /$5/}, got:"; sed 's/^/    /' "$out"; fails=$((fails + 1))
    else
        echo "ok: $1 <$3> $4"
    fi
}
H=client.sandbox.test
check 192.0.2.2 $H a@example.test pass 'authres=spf=pass .*smtp.mailfrom=a@example.test'
check 192.0.2.9 $H a@example.test fail 'exp=example.test does not designate 192.0.2.9 as permitted sender'
check 2001:db8::7 $H a@example.test pass
check IPv6:2001:db9::7 $H a@example.test fail
check 192.0.2.3 $H a@a.example.test pass
check 192.0.2.4 $H a@a.example.test fail
check 192.0.2.4 $H a@mx.example.test pass
check 192.0.2.2 $H a@inc.example.test pass
check 192.0.2.9 $H a@inc.example.test softfail
check 192.0.2.3 $H a@redir.example.test pass
check 192.0.2.9 $H a@redir.example.test fail
check 192.0.2.2 $H a@exists.example.test pass
check 192.0.2.3 $H a@exists.example.test fail
check 192.0.2.1 $H alice@macro.example.test pass
check 192.0.2.1 $H bob@macro.example.test fail
check 192.0.2.9 $H a@soft.example.test softfail
check 192.0.2.9 $H a@neutral.example.test neutral
check 192.0.2.10 $H a@split.example.test pass
check 192.0.2.9 $H a@notxt.example.test none
check 192.0.2.9 $H a@nothere.example.test none
check 192.0.2.2 $H a@bad.example.test permerror
check 192.0.2.2 $H a@two.example.test permerror
check 192.0.2.9 $H a@exp.example.test fail 'exp=192.0.2.9 is not a mail server of exp.example.test'
check 192.0.2.2 $H a@many.example.test permerror
check 192.0.2.1 $H a@void.example.test permerror 'too many void lookups'
check 192.0.2.1 helo.example.test '' pass 'identity=postmaster@helo.example.test'
check 192.0.2.9 helo.example.test a@example.test fail 'authres=spf=fail .*smtp.helo=helo.example.test' -H
check 192.0.2.2 $H a@example.test pass 'Received-SPF|received-spf=pass' 
check 127.0.0.9 $H a@fail.example.test pass 'comment=rx.sandbox.test: localhost is always allowed'  # libspf2: loopback clients pass
dns_signal STOP
# query_timeout 40 s: without the check's own 3 s deadline the first query
# alone would take 40 s, so the 30 s cap (10x the deadline) tells them apart
check 192.0.2.2 $H a@inc.example.test temperror 'comment=.*: DNS: ' -t 3 -q 40
ms=$(awk '/^elapsed_ms/ {print $2}' "$out"); echo "temperror after $ms ms (deadline 3000 ms)"
[ "$ms" -lt 30000 ] || { echo "FAIL: the check took $ms ms, deadline 3000 ms"; fails=$((fails + 1)); }
dns_signal CONT

# The result cache. One spfq process; -w: it waits for a line on its stdin
# before each check after the first, so nsd is stopped exactly in between.
cached() {  # N RESULT CACHED: the Nth check's result and cached= word
    local line; line=$(grep -E '^[a-z]+ identity=' "$out" | sed -n "${1}p")
    if [ "${line%% *}" = "$2" ] && [[ "$line" == *" cached=$3" ]]; then echo "ok: cache check $1: $2 cached=$3"
    else echo "FAIL: cache check $1: expected $2 cached=$3, got: $line"; fails=$((fails + 1)); fi
}
sbx_in "$SPFQ" -s 127.0.0.1 192.0.2.2 $H a@example.test 192.0.2.2 $H b@example.test \
    192.0.2.1 $H alice@macro.example.test 192.0.2.1 $H bob@macro.example.test 192.0.2.1 $H alice@macro.example.test \
    192.0.2.3 $H a@example.test >"$out" 2>&1
cached 1 pass no; cached 2 pass yes            # no macro: one result per (address, domain)
cached 3 pass no; cached 4 fail no; cached 5 pass yes  # %{l}: per local part
cached 6 fail no                               # another address
mkfifo "$SBX/go"
sbx_in "$SPFQ" -s 127.0.0.1 -t 3 -w 192.0.2.2 $H a@example.test 192.0.2.2 $H c@example.test \
    192.0.2.2 $H a@inc.example.test 192.0.2.2 $H a@inc.example.test <"$SBX/go" >"$out" 2>&1 &
spfq_pid=$!
exec 3>"$SBX/go"
step() { sbx_wait "[ \$(grep -c '^waiting' '$out') -ge $1 ]" || { cat "$out"; exit 1; }; }
step 1; dns_signal STOP; echo >&3     # 2: from the cache, no DNS
step 2; echo >&3                      # 3: not cached: temperror at the deadline
step 3; dns_signal CONT; echo >&3     # 4: the temperror was not kept: evaluated again
wait "$spfq_pid"; exec 3>&-
cached 1 pass no; cached 2 pass yes; cached 3 temperror no; cached 4 pass no
[ "$fails" = 0 ] || { echo "FAIL: $fails checks"; exit 1; }
echo PASS
