#!/bin/bash
# kill9.sh: LMDB sync = periodic commits with MDB_NOSYNC and leaves the fsync
# to a background thread every sync_interval; a decision is answered once its
# commit is in the kernel's page cache, which outlives the process. Proof:
# milterpack-milter with sync = periodic and sync_interval = 300s (so no
# periodic sync runs during the test), driven by 4 concurrent mp-miltclient
# sessions (group commit batches form), each answer checked to be the
# greylisting 451 for a new triplet; then SIGKILL, and every answered triplet
# must be in the store (`milterpack greylist list`), and a retry after
# grey_wait passes through a restarted milter.
#   Round 1: N answered decisions, then kill -9 (the clients have finished).
#   Round 2: kill -9 while the 4 sessions are still sending: every decision a
#            client saw answered before the kill must be stored (a decision
#            committed but not yet answered may be stored too).
# MP_DURABLE_STORE=journal runs the same rounds on the journal store
# (journal { sync = periodic; sync_interval = 300s; }: appends without
# fdatasync, so again only the page cache holds them).
# Needs root (private network namespace, as the other integration tests); the
# milter listens on a unix socket in a private temporary directory.
set -uo pipefail
if [ -z "${MP_DURABLE_NS:-}" ]; then
    exec unshare --net env MP_DURABLE_NS=1 bash "$0" "$@"
fi
MP=$MP_BUILD_DIR/cli/milterpack MILTER=$MP_BUILD_DIR/milters/milterpack-milter
MC=$MP_BUILD_DIR/tests/tools/miltclient/mp-miltclient
N=${MP_DURABLE_N:-800} C=4
T=$(mktemp -d "${TMPDIR:-/tmp}/mp-durable.XXXXXX"); chmod 755 "$T"
pids=(); trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
pass=0 fail=0
case ${MP_DURABLE_STORE:-lmdb} in
    lmdb) STORE=lmdb ;;
    journal) STORE="store = journal; journal" ;;
    *) echo "MP_DURABLE_STORE: lmdb or journal" >&2; exit 2 ;;
esac
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
cat >"$T/mp.conf" <<CONF
milter { socket = "unix:$T/m.sock"; allow_root = yes; }
log { level = info; }
greylisting { grey_wait = 1s; key = triplet;
              $STORE { path = "$T/db"; sync = periodic; sync_interval = 300s; } }
CONF

# start: the milter, until it listens (bounded: 60 s, a cap that only ends a
# failing run); its pid in $MPID. The log is emptied before the milter starts.
start() {
    rm -f "$T/m.sock"; : >"$T/milter.log"
    "$MILTER" -d -f "$T/mp.conf" >>"$T/milter.log" 2>&1 & MPID=$!; pids+=($MPID)
    local end=$((EPOCHSECONDS + 60))
    while [ "$EPOCHSECONDS" -lt "$end" ]; do
        grep -q 'listening on' "$T/milter.log" && return 0
        kill -0 "$MPID" 2>/dev/null || break
        sleep 0.05
    done
    echo "milter did not start: $(cat "$T/milter.log")" >&2; exit 1
}
kill9() { kill -9 "$MPID"; wait "$MPID" 2>/dev/null; }
# scripts TAG K: C session scripts of K new triplets each (client 127.0.1.t+1).
scripts() {
    local t i
    for ((t = 0; t < C; t++)); do
        { echo "connect client.example.org 127.0.1.$((t + 1))"; echo "helo client.example.org"
          for ((i = 0; i < $2; i++)); do
              echo "mail <sender@example.org>"; echo "rcpt <u$t-$i-$1@example.test>"
              echo "expect-re rcpt tempfail 451 4\\.7\\.1 Greylisted.*"
          done; echo quit; } >"$T/$1-$t.mts"
    done
}
# answered TAG: the triplet keys whose 451 a client printed, sorted.
answered() {
    local t
    for ((t = 0; t < C; t++)); do
        grep '^rcpt: tempfail 451 4.7.1 Greylisted' "$T/$1-$t.out" | awk -v t=$t -v tag="$1" \
            '{ printf "127.0.1.%d <sender@example.org> <u%d-%d-%s@example.test>\n", t + 1, t, NR - 1, tag }'
    done | sort
}
stored() { "$MP" -f "$T/mp.conf" greylist list | cut -f1 | sort; }

# Round 1: every session finishes, then kill -9.
start
scripts r1 $((N / C))
clients=()
for ((t = 0; t < C; t++)); do "$MC" -s "unix:$T/m.sock" -t 60 --script "$T/r1-$t.mts" >"$T/r1-$t.out" 2>&1 & clients+=($!); done
st=0; for p in "${clients[@]}"; do wait "$p" || st=1; done
[ $st = 0 ] && ok || bad "round 1: a session failed: $(grep -hv '^\(mail\|rcpt\|optneg\|connect\|helo\)' "$T"/r1-*.out | head -3)"
kill9
answered r1 >"$T/r1.answered"; stored >"$T/r1.stored"
[ "$(wc -l <"$T/r1.answered")" = "$N" ] && ok || bad "round 1: $(wc -l <"$T/r1.answered") answers, expected $N"
missing=$(comm -23 "$T/r1.answered" "$T/r1.stored" | wc -l)
[ "$missing" = 0 ] && ok || bad "round 1: $missing of $N answered decisions lost by kill -9: $(comm -23 "$T/r1.answered" "$T/r1.stored" | head -3)"

# Round 2: kill -9 while the sessions send (M = 25 N decisions queued, the
# kill after the first N/4 answers): whatever was answered must be stored.
M=$((25 * N))
start
scripts r2 $((M / C))
clients=()
for ((t = 0; t < C; t++)); do "$MC" -s "unix:$T/m.sock" -t 60 --script "$T/r2-$t.mts" >"$T/r2-$t.out" 2>&1 & clients+=($!); done
for _ in $(seq 6000); do
    [ "$(cat "$T"/r2-*.out 2>/dev/null | grep -c '^rcpt: tempfail')" -ge $((N / 4)) ] && break
    sleep 0.01
done
kill9
for p in "${clients[@]}"; do wait "$p"; done
answered r2 >"$T/r2.answered"; stored | grep -- '-r2@' >"$T/r2.stored"
got=$(wc -l <"$T/r2.answered")
[ "$got" -ge $((N / 4)) ] && ok || bad "round 2: only $got answers before the kill"
missing=$(comm -23 "$T/r2.answered" "$T/r2.stored" | wc -l)
[ "$missing" = 0 ] && ok || bad "round 2: $missing of $got answered decisions lost by kill -9"
echo "round 2: killed after $got answered decisions (of $M sent), $(wc -l <"$T/r2.stored") stored"

# The stored entries still work: after grey_wait (1 s) a retry of a round-1 triplet passes.
start
sleep 1.1
printf 'connect client.example.org 127.0.1.1\nhelo client.example.org\nmail <sender@example.org>\nrcpt <u0-0-r1@example.test>\nexpect rcpt continue\nquit\n' >"$T/retry.mts"
"$MC" -s "unix:$T/m.sock" -t 60 --script "$T/retry.mts" >"$T/retry.out" 2>&1 && ok ||
    bad "retry of a stored triplet after restart: $(cat "$T/retry.out")"
kill9

echo "integration.greylist_durable.kill9 (${MP_DURABLE_STORE:-lmdb}): $pass passed, $fail failed"
[ $fail = 0 ]
