# lib.sh: shared by the tests/integration/faults scripts (sourced after setting
# NAME). Builds on tests/integration/reliab_lib/common.sh ($T, bad, rl_milter,
# $pid, $MILTER, $MC) and adds: fl_pids (killed by pid at exit), fl_mounts
# (unmounted at exit), fl_alive PID,
# fl_wait 'condition' [seconds] (bounded 50 ms poll, default cap 60 s: it only
# bounds a failing run), fl_milter CONF and fl_done.
# Each script runs in a private network and mount namespace (it re-executes
# itself under unshare): loopback only, and mounts (a small tmpfs) its own.
if [ -z "${FL_NS:-}" ]; then
    exec unshare --net --mount --propagation private env FL_NS=1 bash "$0" "$@"
fi
ip link set lo up
. "$MP_SOURCE_DIR/tests/integration/reliab_lib/common.sh"
fl_pids=() fl_mounts=()
fl_cleanup() {
    for p in "${fl_pids[@]}"; do kill -9 "$p" 2>/dev/null; done
    for m in "${fl_mounts[@]}"; do umount -l "$m"; done
    rl_cleanup
}
trap fl_cleanup EXIT
fl_alive() { [ -e "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
fl_wait() { rl_wait "$@"; }
fl_milter() { rl_milter "$@"; }
fl_done() { rl_done; }

# The fault scripts define probe QID: one transaction with queue id QID
# (macro i at MAIL) printing the reply line of the stage under test. Then:
# fl_failed QID REGEX: in a failed state the reply matches REGEX within 10 s
# (10x the 1 s deadlines the scripts configure; a cap, not a measurement),
# and a log line carries the queue id (polled: the line may reach the file
# after the reply; 60 s cap).
fl_failed() {
    local t0=$EPOCHREALTIME out ms
    out=$(probe "$1")
    ms=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN {printf "%d", (b - a) * 1000}')
    grep -Eq "$2" <<<"$out" || bad "$1: reply not /$2/: $out"
    [ "$ms" -lt 10000 ] || bad "$1: the failure took $ms ms (deadline 1 s, allowed 10 s)"
    fl_wait "grep -q '$1' '$T/milter.log'" || bad "$1: no log line with the queue id"
    echo "  $1: $out in $ms ms"
}
# fl_recovered WHAT WANT: the probe's reply is WANT again (bounded poll).
fl_recovered() {
    local want=$2
    fl_wait '[ "$(probe RECOVER)" = "$want" ]' || bad "no recovery after $1: $(probe RECOVER)"
}
# fl_load_start N MC-ARGS...: runs of N transactions (mp-miltclient load mode,
# no expectations: replies are counted, protocol or I/O errors fail) one
# after the other into $T/load.out until fl_load_stop; waits for the first.
fl_load_start() {
    local n=$1; shift
    : >"$T/load.out"
    (while [ ! -e "$T/load.stop" ]; do
        "$MC" -s "unix:$T/m.sock" -t 60 --load "$n" --concurrency 4 --per-connection 5 "$@" >>"$T/load.out" 2>&1
    done) & fl_lpid=$!; fl_pids+=("$fl_lpid")
    fl_wait '[ $(fl_runs) -ge 1 ]' || bad "the load does not run"
}
fl_runs() { grep -c '^transactions=' "$T/load.out" || true; }
# fl_load_stop N: a run that started after the recovery got only continue
# replies, no run saw a protocol or I/O error; prints the replies per run.
fl_load_stop() {
    local n0; n0=$(fl_runs)
    fl_wait "[ \$(fl_runs) -ge $((n0 + 2)) ]" || bad "the load stopped"
    tail -1 "$T/load.out" | grep -q "replies={continue:$1}" || bad "the load did not recover: $(tail -1 "$T/load.out")"
    touch "$T/load.stop"; wait "$fl_lpid"
    [ "$(fl_runs)" = "$(grep -c ' errors=0 ' "$T/load.out")" ] ||
        bad "the load saw protocol or I/O errors: $(grep -v ' errors=0 ' "$T/load.out" | head -3)"
    echo "  load: $(fl_runs) runs of $1, replies: $(grep -o 'replies={[^}]*}' "$T/load.out" | sort | uniq -c | tr '\n' ' ')"
}
