#!/bin/bash
# fds.sh: milterpack-milter and its file descriptors (one per MTA connection).
#  1. started with a soft RLIMIT_NOFILE of 64 under a hard one of 4096, it
#     raises the soft limit to 4096;
#  2. with a hard limit of 64 and 100 idle connections it logs "out of file
#     descriptors" exactly once, and "available again" after they close;
#  3. `milterpack dump-config` shows the idle timeout default of 600 s.
# Needs root (prlimit, the milter drops to nobody); unix socket, no network.
set -uo pipefail
MP=$MP_BUILD_DIR/cli/milterpack MILTER=$MP_BUILD_DIR/milters/milterpack-milter
[ "$(id -u)" = 0 ] || { echo "integration.reliab.fds: needs root" >&2; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/mp-fds.XXXXXX"); chmod 755 "$T"
pids=(); trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
fail=0
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
printf 'to:abuse@example.test quick:ok\n' >"$T/access"
printf 'milter { socket = "unix:%s/m.sock"; user = nobody; }\naccess_map { file = "%s/access"; }\n' \
    "$T" "$T" >"$T/m.conf"
# wait_for 'condition': poll every 50 ms for at most 60 s (a cap that only
# bounds a failing run: a daemon may take seconds on a loaded 2-core machine).
wait_for() {
    local end=$((EPOCHSECONDS + 60))
    until eval "$1"; do [ "$EPOCHSECONDS" -lt "$end" ] || return 1; sleep 0.05; done
}
# start NOFILE: the milter under that limit (prlimit execs it), until it
# listens or exits (bounded); its pid in $pid. The log is emptied before the
# milter starts, so the wait never sees the previous instance's line.
start() {
    : >"$T/m.log"
    prlimit --nofile="$1" "$MILTER" -f "$T/m.conf" -d >>"$T/m.log" 2>&1 & pid=$!; pids+=($pid)
    wait_for "grep -q 'listening on' '$T/m.log' || ! kill -0 $pid 2>/dev/null"
    grep -q 'listening on' "$T/m.log" || bad "milter did not start: $(cat "$T/m.log")"
}
stop() { kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; }

start 64:4096
soft=$(awk '/Max open files/ {print $4}' "/proc/$pid/limits")
[ "$soft" = 4096 ] || bad "soft RLIMIT_NOFILE is $soft, want 4096 (the hard limit)"
stop

start 64:64
# 100 idle MTA connections, held until $T/release exists.
python3 - "$T/m.sock" "$T/release" >"$T/clients.log" 2>&1 <<'PY' & cl=$!; pids+=($cl)
import os, socket, sys, time
held = []
for _ in range(100):
    s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); held.append(s)
print("connected", len(held), flush=True)
while not os.path.exists(sys.argv[2]): time.sleep(0.05)
PY
wait_for "grep -q 'out of file descriptors' '$T/m.log'" || bad "exhaustion not logged: $(tail -5 "$T/m.log")"
sleep 3  # three more checks: still one line
n=$(grep -c 'out of file descriptors' "$T/m.log")
[ "$n" = 1 ] || bad "exhaustion logged $n times, want once"
touch "$T/release"; wait "$cl" 2>/dev/null
wait_for "grep -q 'available again' '$T/m.log'" || bad "recovery not logged: $(tail -5 "$T/m.log")"
stop

"$MP" -f "$T/m.conf" dump-config | grep -q 'timeout = 10m;' || bad "milter timeout default is not 600s"

echo "integration.reliab.fds: $fail failed"
[ "$fail" = 0 ]
