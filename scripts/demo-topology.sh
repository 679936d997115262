#!/bin/bash
# demo-topology.sh: the dual-instance amavisd setup, end to end, from the
# shipped files (conf/thishost-rx.mc, conf/thishost-tx.mc, conf/rx.conf,
# conf/tx.conf, contrib/amavisd/60-dual-sendmail) inside a private network and
# mount namespace (tests/integration/topology/lib.sh builds it):
#
#   swaks -> MTA-RX :2525 + milterpack (greylisting, access map, protected
#   recipients) -> amavisd-new :10024 + clamd -> MTA-TX :10025 + milterpack
#   (DKIM signing) -> sink for remote.test
#
# Prints, for each outcome, the part of the SMTP transcript that shows it and
# the log lines behind it: greylisted then accepted, unknown user refused,
# protected recipient refused, EICAR blocked by amavisd, a signed message
# verified with python3-dkim (with the key from DNS too: nsd serves both
# domains in the namespace, so DMARC and SPF get real answers). Stops everything by pid; exit 1 if an outcome
# is not the expected one. Needs root and the packages of the README; builds
# into build/ unless MP_BUILD_DIR names a build with milterpack-milter.
#   bash scripts/demo-topology.sh            (scripts/demo.sh calls it)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export MP_SOURCE_DIR=$ROOT MP_BUILD_DIR=${MP_BUILD_DIR:-$ROOT/build}
[ -x "$MP_BUILD_DIR/milters/milterpack-milter" ] || bash scripts/build.sh "$MP_BUILD_DIR" >/dev/null || exit 1
. tests/integration/topology/lib.sh
trap topo_down EXIT
BAD=0

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
# outcome FILE REGEX WHAT: report whether the expected outcome happened.
outcome() {
    if grep -qE -- "$2" "$1"; then echo "   => $3: yes"; else echo "   => $3: NO (see $1)"; BAD=1; fi
}
# smtp NAME: the commands and the replies that decide, from the transcript.
smtp() { grep -E '^( -> (MAIL|RCPT)|<\*\*|<-  (250 2\.[01]\.[05]|250 2\.0\.0|451|5))' "$TOPO/$1.txt" | sed 's/^/   /'; }
logs() { grep -E "$1" "$2" | sed 's/^/   log: /'; }

# demo_zones DIR: the two domains' DNS, as their owners would publish it:
# SPF for the loopback senders, example.test's DMARC policy (p=none) and the
# DKIM key MTA-TX signs with (its public half, as openssl derives it).
demo_zones() {
    mkdir -p "$1"
    local p; p=$(sed 's/.*p=//' "$TOPO/dkim-keys.txt" | fold -w 200 | sed 's/.*/ "&"/' | tr -d '\n')
    local d
    for d in "$TOPO_DOMAIN" remote.test; do
        {
            printf '$ORIGIN %s.\n$TTL 300\n' "$d"
            printf '@ IN SOA ns hostmaster 1 3600 600 86400 60\n@ IN NS ns\nns IN A 127.0.0.1\n'
            printf '@ IN A 127.0.0.1\n@ IN MX 10 @\n@ IN TXT "v=spf1 ip4:127.0.0.0/8 -all"\n'
        } >"$1/$d.zone"
    done
    printf '_dmarc IN TXT "v=DMARC1; p=none"\n%s._domainkey IN TXT ( "v=DKIM1; k=rsa; p="%s )\n' \
        "$TOPO_SELECTOR" "$p" >>"$1/$TOPO_DOMAIN.zone"
}

say "starting the topology (shipped files; what the test changes:)"
topo_up "${TMPDIR:-/tmp}/milterpack-demo-topology" || exit 1
# A name server in the namespace (nsd, as tests/integration/auth_dns runs it),
# so SPF, DKIM and DMARC get answers: without one, every DMARC result is
# temperror. sendmail keeps resolving from the hosts file (service.switch).
. tests/integration/auth_dns/nsd.sh
demo_zones "$TOPO/zones"
dns_start "$TOPO/zones"
echo "   DNS: nsd on 127.0.0.1:53 in the namespace, zones $TOPO_DOMAIN and remote.test"
diff "$ROOT/conf/thishost-rx.mc" "$TOPO/root/etc-mail/thishost-rx.mc" | sed -n 's/^[<>]/   &/p'
diff "$ROOT/conf/rx.conf" "$TOPO/root/etc-milterpack/rx.conf" | sed -n 's/^[<>]/   &/p'
echo "   up in ${TOPO_UP_SECONDS}s; DKIM key made by $TOPO_KEYGEN; sink = remote.test (127.0.0.1:25)"

say "1. a new client is greylisted at RCPT ..."
topo_swaks greylisted --local-interface 127.0.0.2 --from sender@remote.test --to bob@example.test
smtp greylisted
outcome "$TOPO/greylisted.txt" '^<\*\* +451 4\.7\.1 .*Greylisted' "greylisted"
echo "   (waiting out grey_wait = 2s)"; sleep 2.2
say "   ... and gets through when it retries"
topo_swaks greylisted --local-interface 127.0.0.2 --from sender@remote.test --to bob@example.test
smtp greylisted
outcome "$TOPO/greylisted.txt" '^<-  250 2\.0\.0 .* Message accepted' "accepted on retry"
logs 'milterpack-milter.*to=<bob@example.test>.*greylisting' "$SBX/log/maillog"

say "2. an unknown local user is refused at RCPT (mp_reject_unknown)"
topo_swaks unknown --local-interface 127.0.0.2 --from sender@remote.test --to nosuchuser@example.test
smtp unknown
outcome "$TOPO/unknown.txt" '^<\*\* +550 5\.1\.1 ' "refused"

say "3. a protected recipient refuses an outside sender"
topo_swaks protected --local-interface 127.0.0.2 --from mallory@remote.test --to staff@example.test
smtp protected
outcome "$TOPO/protected.txt" '^<\*\* +550 5\.7\.1 ' "refused"

say "4. EICAR: MTA-RX queues it, amavisd-new (clamd) discards it"
topo_swaks eicar --from alice@example.test --to carol@remote.test --body "$TOPO_EICAR"
smtp eicar
say "5. a clean message from example.test"
topo_swaks clean --from alice@example.test --to carol@remote.test
smtp clean

AMLOG=$TOPO/amavis/home/amavisd.log
sbx_wait '[ -n "$(topo_sunk clean)" ] && [ -n "$(topo_sunk greylisted)" ]' 150 || BAD=1
sbx_wait "grep -q 'Blocked INFECTED' $AMLOG" 150 || BAD=1
say "4. EICAR, after the queue run"
logs 'Blocked INFECTED \(.*\) \{' "$AMLOG"
logs 'sm-mta-rx.*discarded' "$SBX/log/maillog"
if [ -z "$(topo_sunk eicar)" ]; then echo "   => EICAR in the sink: no"; else echo "   => EICAR in the sink: YES"; BAD=1; fi

say "5. the clean message in the sink: through amavisd, signed by MTA-TX"
C=$(topo_sunk clean)
if [ -n "$C" ]; then
    tr -d '\r' <"$C" | awk '/^[^ \t]/ {on = /^(DKIM-Signature|X-Virus-Scanned):/} on' | sed 's/^/   /'
    logs 'milterpack-milter.*eom: from=<alice@example.test>' "$SBX/log/maillog"
    /usr/bin/python3 tests/tools/dkim_offline_verify.py "$TOPO/dkim-keys.txt" "$C" >"$TOPO/verify.txt" 2>&1
    sed 's/^/   python3-dkim: /' "$TOPO/verify.txt"
    outcome "$TOPO/verify.txt" 'd=example.test s=mta2026: PASS' "signature verifies"
    # The same with the key from DNS (python3-dkim's own lookup, inside the namespace).
    sbx_in /usr/bin/python3 -c 'import dkim, logging, sys
logging.basicConfig(format="%(message)s")
ok = dkim.verify(open(sys.argv[1], "rb").read(), logger=logging.getLogger())
print("dkim.verify with the DNS key:", ok)' "$C" >"$TOPO/verify-dns.txt" 2>&1
    sed 's/^/   python3-dkim: /' "$TOPO/verify-dns.txt"
    outcome "$TOPO/verify-dns.txt" 'DNS key: True$' "signature verifies with the published key"
    outcome "$SBX/log/maillog" 'eom: from=<alice@example.test> .*dmarc=(pass|fail|none)' "DMARC answered from DNS"
    echo "   (MTA-RX's dmarc=fail above: it skips SPF for loopback clients and the message arrives"
    echo "    unsigned, so nothing aligns; example.test publishes p=none, which never acts)"
    outcome "$C" '^X-Virus-Scanned: amavisd-new' "scanned by amavisd"
else
    echo "   => clean message in the sink: NO"; BAD=1
fi

say "messages in the sink"
for f in "$SBX"/sink/*.eml; do
    printf '   %s  %s\n' "$(grep -m1 '^Subject:' "$f" | tr -d '\r')" "$(grep -m1 '^X-Sink-Rcpt-To:' "$f" | tr -d '\r')"
done
[ "$BAD" = 0 ] && say "all outcomes as expected" || say "SOME OUTCOMES WERE NOT AS EXPECTED"
exit "$BAD"
