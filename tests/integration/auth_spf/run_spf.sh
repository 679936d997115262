#!/bin/bash
# run_spf.sh: SPF checks against tests/integration/auth_dns/zones through
# nsd in the sandbox namespace, one spfq run per row of the table below:
# client IP, HELO, sender, expected result and a regex the output must hold.
# Then nsd SIGSTOPped: temperror within the 3 s check deadline (asserted
# < 15 s, far below what per-query timeouts alone would allow for a record
# with includes: 2 s per query).
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
check 127.0.0.9 $H a@fail.example.test pass 'localhost is always allowed'  # libspf2: loopback clients pass
dns_signal STOP
check 192.0.2.2 $H a@inc.example.test temperror 'comment=DNS: ' -t 3
ms=$(awk '/^elapsed_ms/ {print $2}' "$out"); echo "temperror after $ms ms (deadline 3000 ms)"
[ "$ms" -lt 15000 ] || { echo "FAIL: the check took $ms ms, deadline 3000 ms"; fails=$((fails + 1)); }
dns_signal CONT
[ "$fails" = 0 ] || { echo "FAIL: $fails checks"; exit 1; }
echo PASS
