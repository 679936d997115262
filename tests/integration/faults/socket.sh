#!/bin/bash
# socket.sh: the milter's unix socket is claimed under an exclusive lock.
# 1. Two instances started at once on a path holding a stale socket file:
#    exactly one serves, the other exits 1 naming the lock file
#    "<socket>.lock"; 5 rounds. Both run under strace, which delays the
#    first one's bind() by 2 s and the second one's unlink() by 4 s: without a
#    lock both probes find the socket stale, the second then removes the
#    first one's fresh socket and binds its own, and both serve (the delays
#    are a reproduction aid only: with the lock the outcome never depends on
#    them).
# 2. An instance that refuses to start (root without milter { user }) leaves
#    no socket file behind, and a refused second instance leaves the first's
#    socket in place.
# Needs root (the milter drops to nobody); unix sockets in a private temporary
# directory, no network. Waits are bounded polls (60 s caps that only bound a
# failing run); nothing is timed.
NAME=integration.faults.socket; . "$MP_SOURCE_DIR/tests/integration/faults/lib.sh"
ROUNDS=${MP_SOCKET_ROUNDS:-5}

printf 'cltaddr:10.1.2.3\terror:554 5.7.1 blocked\n' >"$T/access"
printf 'milter { socket = "unix:%s/m.sock"; user = nobody; }\naccess_map { file = "%s/access"; }\n' \
    "$T" "$T" >"$T/m.conf"
# stale: a socket file nobody listens on (bound, then its process is gone).
stale() { rm -f "$T/m.sock"; python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$T/m.sock"; }
# delayed SYSCALLS SECONDS LOG: an instance under strace, which delays those
# system calls (a reproduction aid, see above).
delayed() {
    exec strace -f -qq -o /dev/null -e trace="$1" -e inject="$1":delay_enter=$(($2 * 1000000)) \
        "$MILTER" -f "$T/m.conf" -d >"$3" 2>&1
}
# traced PID: the instance strace PID runs (its child running the milter;
# strace also forks short-lived children of its own at start).
traced() {
    local c
    for c in $(cat "/proc/$1/task/$1/children" 2>/dev/null); do
        [ "$(readlink "/proc/$c/exe")" = "$(readlink -f "$MILTER")" ] && echo "$c"
    done
}
# settled PID LOG: the instance has exited or logged that it listens.
settled() { ! fl_alive "$1" || grep -q 'listening on' "$2"; }

for round in $(seq "$ROUNDS"); do
    stale
    delayed bind 2 "$T/a.log" & a=$!
    delayed unlink,unlinkat 4 "$T/b.log" & b=$!
    fl_pids+=("$a" "$b")
    # strace lives as long as its instance; ca and cb are the instances' own pids.
    ca= cb=
    fl_wait 'ca=${ca:-$(traced $a)}; cb=${cb:-$(traced $b)}; { [ -n "$ca" ] || ! fl_alive $a; } && { [ -n "$cb" ] || ! fl_alive $b; }' ||
        bad "round $round: strace did not start the instances"
    fl_pids+=($ca $cb)
    fl_wait "settled $a '$T/a.log' && settled $b '$T/b.log'" || bad "round $round: an instance neither served nor exited"
    serving=0 loser=
    for p in a b; do
        pid=${!p}
        if fl_alive "$pid" && grep -q 'listening on' "$T/$p.log"; then serving=$((serving + 1))
        else loser=$p; fi
    done
    if [ "$serving" != 1 ]; then
        bad "round $round: $serving instances serve: $(cat "$T/a.log" "$T/b.log")"
    else
        wait "${!loser}"; st=$?
        [ "$st" = 1 ] && grep -q "$T/m.sock.lock" "$T/$loser.log" ||
            bad "round $round: the second instance exited $st without naming the lock: $(cat "$T/$loser.log")"
        probe=$("$MC" -s "unix:$T/m.sock" -t 10 --script - 2>&1 <<'MTS'
connect blocked.example 10.1.2.3
helo blocked.example
quit
MTS
)
        grep -q '554 5.7.1 blocked' <<<"$probe" || bad "round $round: the serving instance does not answer: $probe"
    fi
    for c in $ca $cb; do kill -9 "$c" 2>/dev/null; done
    wait "$a" "$b" 2>/dev/null
done

# A refused start leaves no socket file: root without a user.
rm -f "$T/m.sock"
printf 'milter { socket = "unix:%s/m.sock"; }\naccess_map { file = "%s/access"; }\n' "$T" "$T" >"$T/root.conf"
out=$(timeout 60 "$MILTER" -f "$T/root.conf" -d 2>&1); st=$?
[ "$st" = 1 ] && grep -q 'refusing to run as root' <<<"$out" || bad "root without user: exit $st: $out"
[ ! -e "$T/m.sock" ] || bad "the refused instance left its socket: $(ls -l "$T/m.sock")"
# ... and a bad socket_group (refused after the socket exists) too.
printf 'milter { socket = "unix:%s/m.sock"; user = nobody; socket_group = "no-such-group-mp"; }\naccess_map { file = "%s/access"; }\n' \
    "$T" "$T" >"$T/group.conf"
out=$(timeout 60 "$MILTER" -f "$T/group.conf" -d 2>&1); st=$?
[ "$st" = 1 ] && grep -q 'no-such-group-mp' <<<"$out" || bad "bad socket_group: exit $st: $out"
[ ! -e "$T/m.sock" ] || bad "the refused instance left its socket: $(ls -l "$T/m.sock")"
# A refused second instance does not remove the first one's socket.
fl_milter "$T/m.conf"
out=$(timeout 60 "$MILTER" -f "$T/m.conf" -d 2>&1); st=$?
[ "$st" = 1 ] && grep -q "$T/m.sock.lock" <<<"$out" || bad "second instance: exit $st: $out"
[ -S "$T/m.sock" ] && fl_alive "$pid" || bad "the first instance lost its socket or died"

fl_done
