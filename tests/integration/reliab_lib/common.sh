# common.sh: shared by the tests/integration/reliab_* scripts (no test here:
# no CMakeLists.txt). Sourced after setting NAME:
#   NAME=integration.reliab.map; . "$MP_SOURCE_DIR/tests/integration/reliab_lib/common.sh"
# Gives $T (a world-traversable temporary directory, removed at exit), bad()
# (count and print a failure), rl_milter CONF (milterpack-milter -d logging to
# $T/milter.log, waited for until it listens, bounded; its pid in $pid, killed
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
rl_milter() {
    "$MILTER" -f "$1" -d >"$T/milter.log" 2>&1 & pid=$!
    for _ in $(seq 200); do grep -q 'listening on' "$T/milter.log" && return 0; sleep 0.05; done
    bad "milter did not start: $(cat "$T/milter.log")"
}
rl_done() { echo "$NAME: $fail failed"; [ "$fail" = 0 ]; }
