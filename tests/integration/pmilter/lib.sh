# lib.sh: shared by the pmilter integration tests (sourced). milterpack-pmilter
# instances started and stopped by pid, sockets and stores in a private temp
# dir, the smtps side played by mp-pmdriver. Unix sockets only: no network.
#   pm_init NAME; pm_start ID CONF; pm_drive ID SCRIPT [driver args]; pm_stop ID
# Needs MP_SOURCE_DIR and MP_BUILD_DIR. Prints "ok - ..." / "not ok - ...".
set -u
PM=$MP_BUILD_DIR/pmilter/milterpack-pmilter
DRV=$MP_BUILD_DIR/tests/tools/pmdriver/mp-pmdriver
SRC=$MP_SOURCE_DIR/tests/integration/pmilter
pass=0 fails=0
ok() { echo "ok - $*"; pass=$((pass + 1)); }
not_ok() { echo "not ok - $*"; fails=$((fails + 1)); }
check() { local what=$1; shift; if "$@"; then ok "$what"; else not_ok "$what"; fi; }
# pm_poll 'condition': poll every 50 ms for at most 60 s (a cap that only ends
# a failing run: a daemon takes seconds to start on a loaded 2-core machine).
pm_poll() {
    local end=$((EPOCHSECONDS + 60))
    until eval "$1"; do [ "$EPOCHSECONDS" -lt "$end" ] || return 1; sleep 0.05; done
}

pm_init() {  # pm_init NAME: $T = a fresh directory the pmilter's user can use
    T=$MP_BUILD_DIR/it/pmilter-$1
    rm -rf "$T"; mkdir -p "$T"; chmod 755 "$T"
    cp "$SRC"/t/* "$T/"
    trap pm_stop_all EXIT
    # As root the pmilter must drop privileges (as in production); else it runs as us.
    if [ "$(id -u)" = 0 ]; then PM_USER='user = nobody;'; else PM_USER=''; fi
}
pm_started() { cat "$T/$1.log" 2>/dev/null | grep -c 'listening on'; }
# pm_start ID CONF: milterpack-pmilter -d, stderr in $T/ID.log; bounded wait for the socket.
pm_start() {
    rm -f "$T/$1.sock"
    # the log is appended to across restarts: wait for one more start-up line
    local n; n=$(pm_started "$1")
    "$PM" -f "$2" -d 2>>"$T/$1.log" &
    echo $! >"$T/$1.pid"
    local id=$1; pm_poll '[ "$(pm_started "$id")" -gt "$n" ] && [ -S "$T/$id.sock" ]' && return 0
    echo "milterpack-pmilter $1 did not start:"; cat "$T/$1.log"; exit 1
}
pm_stop() { local p; p=$(cat "$T/$1.pid" 2>/dev/null) || return 0; kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; rm -f "$T/$1.pid"; }
pm_stop_all() { local f; for f in "$T"/*.pid; do [ -e "$f" ] && pm_stop "$(basename "$f" .pid)"; done; true; }
# pm_drive ID SCRIPT [args]: run t/SCRIPT.pms; ok when the driver exits 0.
pm_drive() {
    local id=$1 name=$2; shift 2
    "$DRV" -s "unix:$T/$id.sock" -t 60 "$@" --script "$T/$name.pms" >"$T/$name.out" 2>"$T/$name.err"
    local rc=$?
    if [ $rc -eq 0 ]; then ok "$name.pms $*"; else not_ok "$name.pms $*: exit $rc"; cat "$T/$name.out" "$T/$name.err"; fi
}
# pm_wait_log ID PATTERN [COUNT]: bounded wait (60 s) for COUNT log lines matching PATTERN.
pm_wait_log() {
    local id=$1 pat=$2 want=${3:-1}
    pm_poll '[ "$(grep -c -- "$pat" "$T/$id.log")" -ge "$want" ]'
}
pm_done() { echo "$pass passed, $fails failed"; [ "$fails" -eq 0 ]; }
