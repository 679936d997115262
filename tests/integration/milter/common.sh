# common.sh: sourced by the integration/milter scripts after they set T (a
# temporary directory) and mpid (the milter's pid, empty until started):
# cleanup on exit, a failure with the milter's log, and a bounded poll.
cleanup() {
    [ -z "$mpid" ] || kill -9 "$mpid" 2>/dev/null
    [ -z "${PEERS:-}" ] || "$PEERS" stop "$T/peers" >/dev/null 2>&1
    rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$T/milter.log" ] && tail -40 "$T/milter.log"; exit 1; }
wait_for() {  # wait_for 'condition' [seconds]: bounded poll
    local end=$((EPOCHSECONDS + ${2:-60}))
    until eval "$1"; do [ "$EPOCHSECONDS" -lt "$end" ] || return 1; sleep 0.05; done
}
