#!/bin/bash
# log.sh: milterpack-milter running as root without a user (allow_root):
#  1. its unix socket gets socket_mode (0660), not the umask's mode;
#  2. a CR in the envelope sender (sent by mp-miltclient) is logged escaped,
#     so no raw control byte reaches the log;
#  3. a map that changes into a broken file is reported without an embedded
#     newline (no empty log line after the error).
# Unix socket only; needs root.
set -uo pipefail
MILTER=$MP_BUILD_DIR/milters/milterpack-milter MC=$MP_BUILD_DIR/tests/tools/miltclient/mp-miltclient
[ "$(id -u)" = 0 ] || { echo "integration.reliab.log: needs root" >&2; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/mp-log.XXXXXX"); chmod 755 "$T"
pid=; trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$T"' EXIT
fail=0
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
printf 'from:spam@example.org\terror:550 5.7.1 no\nto:b@example.test\terror:550 5.7.1 no\n' >"$T/access"
printf 'milter { socket = "unix:%s/m.sock"; allow_root = yes; socket_mode = 0660; }\n' "$T" >"$T/m.conf"
printf 'access_map { file = "%s/access"; }\n' "$T" >>"$T/m.conf"
(umask 022; exec "$MILTER" -f "$T/m.conf" -d >"$T/milter.log" 2>&1) & pid=$!
for _ in $(seq 200); do grep -q 'listening on' "$T/milter.log" && break; sleep 0.05; done

mode=$(stat -c %a "$T/m.sock")
[ "$mode" = 660 ] || bad "socket mode $mode without a user, want 660"

printf 'connect c.example 192.0.2.10\nhelo c.example\nmail <a\rNOQUEUE:forged@example.org>\nrcpt <b@example.test>\nquit\n' >"$T/cr.mts"
"$MC" -s "unix:$T/m.sock" -t 10 --script "$T/cr.mts" >"$T/cr.out" 2>&1 || bad "CR script: $(cat "$T/cr.out")"
for _ in $(seq 100); do grep -q 'forged' "$T/milter.log" && break; sleep 0.05; done
grep -q 'a\\rNOQUEUE:forged@example.org' "$T/milter.log" || bad "CR not escaped: $(grep -a forged "$T/milter.log")"
! grep -q $'\r' "$T/milter.log" || bad "a raw CR reached the log"

printf 'from:spam@example.org\n' >"$T/access.new"; mv "$T/access.new" "$T/access"
for _ in $(seq 200); do grep -q 'does not load' "$T/milter.log" && break; sleep 0.05; done
grep -q 'does not load' "$T/milter.log" || bad "broken map not reported: $(tail -3 "$T/milter.log")"
! grep -qE '^$|\\n$' "$T/milter.log" || bad "an error was logged with an embedded newline: $(cat -A "$T/milter.log" | tail -4)"

echo "integration.reliab.log: $fail failed"
[ "$fail" = 0 ]
