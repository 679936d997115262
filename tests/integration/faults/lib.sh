# lib.sh: shared by the tests/integration/faults scripts (sourced after setting
# NAME). Builds on tests/integration/reliab_lib/common.sh ($T, bad, rl_milter,
# $pid, $MILTER, $MC) and adds: fl_pids (killed by pid at exit), fl_alive PID,
# fl_wait 'condition' [seconds] (bounded 50 ms poll, default cap 60 s: it only
# bounds a failing run), fl_milter CONF and fl_done.
# Each script runs in a private network and mount namespace (it re-executes
# itself under unshare): loopback only, and mounts (a small tmpfs) its own.
if [ -z "${FL_NS:-}" ]; then
    exec unshare --net --mount --propagation private env FL_NS=1 bash "$0" "$@"
fi
ip link set lo up
. "$MP_SOURCE_DIR/tests/integration/reliab_lib/common.sh"
fl_pids=()
fl_cleanup() {
    for p in "${fl_pids[@]}"; do kill -9 "$p" 2>/dev/null; done
    rl_cleanup
}
trap fl_cleanup EXIT
fl_alive() { [ -e "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
fl_wait() {
    local end=$((EPOCHSECONDS + ${2:-60}))
    until eval "$1"; do [ "$EPOCHSECONDS" -lt "$end" ] || return 1; sleep 0.05; done
}
fl_milter() { rl_milter "$@"; }
fl_done() { rl_done; }
