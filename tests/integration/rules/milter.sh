#!/bin/bash
# milter.sh: rule sections through the real milterpack-milter, driven over the
# milter protocol by mp-miltclient: a HELO pattern rejecting with %t, a sender
# pattern at MAIL, a greylist rule's own delay (the retry time in the reply is
# the rule's 2h, not the section's 1h), skip_greylisting for postmaster, a
# header pattern answered at end of headers, and the pathological (a+)+$ on a
# long HELO: the match limit turns it into on_match_error's tempfail and a log
# line, not a hang (the client's 30 s reply timeout would fail the test).
# TLS from the MTA's macros at HELO ({tls_version}, {verify}): a submission
# sender without STARTTLS is refused, with it goes on, with a verified
# certificate is accepted.
# Timing: nothing is timed; waits are caps that only bound a failing run.
set -uo pipefail
MILTER=$MP_BUILD_DIR/milters/milterpack-milter CLI=$MP_BUILD_DIR/cli/milterpack
CLIENT=$MP_BUILD_DIR/tests/tools/miltclient/mp-miltclient
T=$(mktemp -d "${TMPDIR:-/tmp}/mp-rules.XXXXXX"); chmod 755 "$T"
mpid=
trap '[ -z "$mpid" ] || kill -9 "$mpid" 2>/dev/null; rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; tail -40 "$T/milter.log" 2>/dev/null; exit 1; }
# capped poll (60 s): only a failing run waits that long
poll() { timeout 60 bash -c "until $1; do sleep 0.05; done"; }

mkdir -p "$T/gl"; chown nobody "$T/gl"
cat >"$T/mp.conf" <<'CONF'
milter { socket = "unix:@T@/m.sock"; user = nobody; }
log { level = info; }
greylisting { grey_wait = 1h; lmdb { path = "@T@/gl"; } }
rule odd_helo { stage = helo; helo = "(a+)+$"; action = reject; }
rule bad_helo { stage = helo; helo = "^localhost$"; action = reject; reply = "550 5.7.1 Bad HELO %t"; }
rule spam { stage = mail; from = "@spam\\.example$"; action = reject; reply = "553 5.7.1 Spam %t"; }
rule postmaster { stage = rcpt; rcpt = "^postmaster@"; action = skip_greylisting; }
rule slow { stage = rcpt; client = "192.0.2.0/24"; action = greylist; grey_wait = 2h; }
rule plain_submit { stage = mail; from = "^submit@"; tls = none; action = tempfail; reply = "454 4.7.0 TLS first"; }
rule cert_submit { stage = mail; from = "^submit@"; tls = verified; action = accept; }
rule subject { stage = header; header = { "Subject", "\\[SPAM\\]" }; action = reject; reply = "550 5.7.1 Subject %t"; }
CONF
sed -i "s|@T@|$T|g" "$T/mp.conf"
"$CLI" -f "$T/mp.conf" check-config >/dev/null || fail "check-config: $("$CLI" -f "$T/mp.conf" check-config 2>&1)"

cat >"$T/s.mts" <<'MTS'
connect client.example 192.0.2.7
helo localhost
expect helo reject 550 5.7.1 Bad HELO localhost
quit
connect client.example 192.0.2.8
helo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!
expect-re helo .*451 4\.3\.0 .*
quit
connect client.example 192.0.2.9
helo mx.example.org
expect helo continue
mail <x@spam.example>
expect mail reject 553 5.7.1 Spam @spam.example
mail <alice@example.org>
expect mail continue
rcpt <bob@example.test>
expect-re rcpt .*451 4\.7\.1 Greylisted, please try again in 7200 seconds
rcpt <postmaster@example.test>
expect rcpt continue
data
header Subject: buy [SPAM] now
eoh
expect eoh reject 550 5.7.1 Subject [SPAM]
quit
connect client.example 192.0.2.20
helo mx.example.org
mail <submit@example.org>
expect-re mail .*454 4\.7\.0 TLS first
quit
connect client.example 192.0.2.21
macro helo {tls_version}=TLSv1.3 {verify}=NO
helo mx.example.org
mail <submit@example.org>
expect mail continue
quit
connect client.example 192.0.2.22
macro helo {tls_version}=TLSv1.3 {verify}=OK
helo mx.example.org
mail <submit@example.org>
expect mail accept
quit
MTS

"$MILTER" -f "$T/mp.conf" -d 2>"$T/milter.log" & mpid=$!
poll "grep -q 'listening on' '$T/milter.log'" || fail "milter did not start"
"$CLIENT" -s "unix:$T/m.sock" -t 30 --script "$T/s.mts" >"$T/out" 2>&1 || fail "script: $(cat "$T/out")"
grep -q 'rule odd_helo: match limit exceeded (stage helo, on_match_error tempfail)' "$T/milter.log" ||
    fail "no match-limit log line"
grep -q 'rule=slow' "$T/milter.log" || fail "the greylisting log line does not name the rule"
kill -TERM "$mpid"
poll "! kill -0 $mpid 2>/dev/null" || fail "milter did not stop on SIGTERM"
wait "$mpid"; mpid=
echo "integration.rules.milter: ok"
