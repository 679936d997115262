# common.sh: shared by the tests/integration/reliab_* scripts (no test here:
# no CMakeLists.txt). Sourced after setting NAME:
#   NAME=integration.reliab.map; . "$MP_SOURCE_DIR/tests/integration/reliab_lib/common.sh"
# Gives $T (a world-traversable temporary directory, removed at exit), bad()
# (count and print a failure), rl_wait 'condition' [seconds] (50 ms poll, default cap
# 60 s: it only bounds a failing run), rl_milter CONF (milterpack-milter -d logging to
# $T/milter.log, waited for until it listens, bounded at 60 s; its pid in $pid, killed
# at exit) and rl_done (summary line and exit status).
set -uo pipefail
MILTER=$MP_BUILD_DIR/milters/milterpack-milter MC=$MP_BUILD_DIR/tests/tools/miltclient/mp-miltclient
[ "$(id -u)" = 0 ] || { echo "$NAME: needs root" >&2; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/mp-reliab.XXXXXX"); chmod 755 "$T"
pid=
rl_cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$T"; }
trap rl_cleanup EXIT
fail=0
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
rl_wait() {
    local end=$((EPOCHSECONDS + ${2:-60}))
    until eval "$1"; do [ "$EPOCHSECONDS" -lt "$end" ] || return 1; sleep 0.05; done
}
# The log is emptied here, before the milter starts: the redirection alone
# truncates it in the child, which may run after the first grep below, so a
# restart saw the previous milter's "listening on" and probed a socket nobody
# listened on yet (CI saw 'Connection refused' that way).
rl_milter() {
    : >"$T/milter.log"
    "$MILTER" -f "$1" -d >>"$T/milter.log" 2>&1 & pid=$!
    local end=$((EPOCHSECONDS + 60))
    until grep -q 'listening on' "$T/milter.log"; do
        kill -0 "$pid" 2>/dev/null && [ "$EPOCHSECONDS" -lt "$end" ] || { bad "milter did not start: $(cat "$T/milter.log")"; return 1; }
        sleep 0.05
    done
}
# On a failure the milter's last log lines go to the output: $T is removed at
# exit, and a CI run keeps nothing else.
rl_done() {
    echo "$NAME: $fail failed"
    [ "$fail" = 0 ] && return 0
    [ -s "$T/milter.log" ] && { echo "--- the milter's log, last 80 lines:"; tail -n 80 "$T/milter.log"; }
    return 1
}
