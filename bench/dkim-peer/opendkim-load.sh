#!/bin/sh
# opendkim-load.sh: the peer half of the DKIM benchmark. Starts the real
# OpenDKIM (signing, RSA key made on the spot) in a private network namespace,
# checks that one signed message verifies (python3-dkim, key from a file, no
# DNS), then drives N transactions through it with mp-miltclient's load mode
# and prints mp-miltclient's one summary line on stdout:
#   transactions=N seconds=S rate=R/s p50_ms=.. p99_ms=.. errors=E replies={accept:N} actions={insheader:N}
# usage: opendkim-load.sh [-n N] [-c CONCURRENCY] [-p PER_CONNECTION] [-b RSA_BITS] [-m MESSAGE]
# env:   MILTCLIENT  path of mp-miltclient (default: $MP_BUILD_DIR/tests/tools/miltclient/
#                    mp-miltclient, else build/ next to this repo)
#        MP_WORK_BASE  parent of the work dir (default ~/.cache/milterpack): OpenDKIM
#                    refuses keys and sockets below world-writable dirs such as /tmp.
# Exit status: 0 all transactions signed as expected, 1 otherwise.
set -eu
N=2000 C=1 P=1 BITS=2048 MSG=""
while getopts n:c:p:b:m: o; do
    case $o in
    n) N=$OPTARG ;; c) C=$OPTARG ;; p) P=$OPTARG ;; b) BITS=$OPTARG ;; m) MSG=$OPTARG ;;
    *) sed -n 's/^# usage: /usage: /p' "$0" >&2; exit 2 ;;
    esac
done
here=$(cd "$(dirname "$0")" && pwd)
CLIENT=${MILTCLIENT:-${MP_BUILD_DIR:-$here/../../build}/tests/tools/miltclient/mp-miltclient}
[ -x "$CLIENT" ] || { echo "opendkim-load: no mp-miltclient at $CLIENT (set MILTCLIENT)" >&2; exit 2; }

base=${MP_WORK_BASE:-$HOME/.cache/milterpack}
mkdir -p -m 700 "$base"
W=$(mktemp -d "$base/opendkim-load.XXXXXX")
PID=""
cleanup() {
    if [ -n "$PID" ]; then
        kill -TERM "$PID" 2>/dev/null || true
        i=0
        while kill -0 "$PID" 2>/dev/null && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
        kill -KILL "$PID" 2>/dev/null || true
    fi
    rm -rf "$W"
}
trap cleanup EXIT INT TERM

openssl genrsa -out "$W/key.pem" "$BITS" 2>/dev/null
chmod 600 "$W/key.pem"
printf 'bench._domainkey.example.com v=DKIM1; k=rsa; p=%s\n' \
    "$(openssl rsa -in "$W/key.pem" -pubout -outform DER 2>/dev/null | base64 -w0)" > "$W/keys.txt"
if [ -z "$MSG" ]; then
    MSG=$W/msg.eml
    printf '%s\r\n' 'From: Alice <alice@example.com>' 'To: Bob <bob@example.net>' \
        'Subject: DKIM benchmark' 'Date: Fri, 21 Nov 2025 10:00:00 +0000' \
        'Message-ID: <bench@example.com>' 'MIME-Version: 1.0' \
        'Content-Type: text/plain; charset=us-ascii' '' 'Hello Bob,' 'this is a test body.' > "$MSG"
fi
cat > "$W/opendkim.conf" <<CONF
Mode            s
Domain          example.com
Selector        bench
KeyFile         $W/key.pem
Socket          local:$W/opendkim.sock
MTA             MTA-TX
Canonicalization relaxed/simple
Syslog          no
CONF

# OpenDKIM may resolve names: give it a network namespace with only lo.
unshare --net sh -c "ip link set lo up && exec opendkim -f -x '$W/opendkim.conf'" 2>"$W/opendkim.log" &
PID=$!
i=0
until [ -S "$W/opendkim.sock" ] || [ $i -ge 50 ]; do sleep 0.1; i=$((i + 1)); done
[ -S "$W/opendkim.sock" ] || { echo "opendkim did not start:" >&2; cat "$W/opendkim.log" >&2; exit 1; }

SOCK=unix:$W/opendkim.sock
set -- --mail '<alice@example.com>' --rcpt '<bob@example.net>' --macro 'connect:{daemon_name}=MTA-TX' \
    --macro 'connect:j=mta-tx.example.com' --macro 'mail:i=bench0001'

# One signed message first: the signature must verify, or the numbers mean nothing.
cat > "$W/one.mts" <<SCRIPT
macro connect {daemon_name}=MTA-TX j=mta-tx.example.com
connect mta-rx.example.com 192.0.2.10 port 4711
helo mta-rx.example.com
mail <alice@example.com>
rcpt <bob@example.net>
data
message-file $MSG
eom
expect-re eom insheader 0 DKIM-Signature: v=1; a=rsa-sha256; .*
quit
SCRIPT
"$CLIENT" -s "$SOCK" -t 10 --script "$W/one.mts" > "$W/one.out"
/usr/bin/python3 - "$W/one.out" "$MSG" "$W/keys.txt" >&2 <<'PY'
import codecs, sys, dkim
line = next(l for l in open(sys.argv[1]) if l.startswith('eom: insheader 0 DKIM-Signature:'))
value = codecs.decode(line.rstrip('\n').split(':', 2)[2], 'unicode_escape')  # undo mp-miltclient's escapes
msg = b'DKIM-Signature:' + value.replace('\n', '\r\n').encode() + b'\r\n' + open(sys.argv[2], 'rb').read()
keys = dict(l.split(None, 1) for l in open(sys.argv[3], 'rb').read().splitlines() if l.strip())
dns = lambda name, timeout=5: keys.get(name.rstrip(b'.'))
ok = dkim.verify(msg, dnsfunc=dns, minkey=1024)
tampered = msg[:-3] + bytes([msg[-3] ^ 1]) + msg[-2:]  # one body byte changed
bad_ok = dkim.verify(tampered, dnsfunc=dns, minkey=1024)
print('opendkim-load: first signature verifies: %s, one-byte change fails: %s'
      % ('yes' if ok else 'NO', 'yes' if not bad_ok else 'NO'))
sys.exit(0 if ok and not bad_ok else 1)
PY

"$CLIENT" -s "$SOCK" -t 10 --load "$N" --concurrency "$C" --per-connection "$P" --message-file "$MSG" "$@" \
    --expect accept --expect-action 'insheader 0 DKIM-Signature: v=1; a=rsa-sha256;'
