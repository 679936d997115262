#!/bin/bash
# milter.sh: scanner transfer = fdpass through milterpack-milter (as user
# nobody, spool_dir a nobody-owned 0700 directory) and a real clamd
# (tests/tools/peers.sh, one-line EICAR .ndb), driven by mp-miltclient:
#   - a config with fdpass on an inet: socket is refused at file:line:column,
#   - a clean message continues, EICAR inline is rejected (550 with the name),
#   - clamd killed (SIGKILL): the default on_fail tempfails (451 4.x.x) and a
#     log line carries the queue id; after a SIGUSR1 reload with
#     on_fail = reject, 5xx; clamd started again: the message passes,
#   - spool_dir is empty at the end (the files never had a name).
# Needs root; runs in a private network namespace (loopback only).
if [ -z "${FD_NS:-}" ]; then
    exec unshare --net env FD_NS=1 bash "$0" "$@"
fi
ip link set lo up
NAME=integration.scan_fdpass.milter; . "$MP_SOURCE_DIR/tests/integration/reliab_lib/common.sh"
PEERS=$MP_SOURCE_DIR/tests/tools/peers.sh
trap '"$PEERS" stop "$T/peers" >/dev/null 2>&1; rl_cleanup' EXIT
# wait_for 'condition' [seconds]: bounded 50 ms poll (the cap only bounds a failing run)
wait_for() {
    local end=$((EPOCHSECONDS + ${2:-60}))
    until eval "$1"; do [ "$EPOCHSECONDS" -lt "$end" ] || return 1; sleep 0.05; done
}
alive() { [ -e "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
mkdir -p "$T/peers" "$T/spool"; chown nobody "$T/spool"; chmod 700 "$T/spool"
eicar='X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
printf 'From: <a@example.org>\r\nTo: <b@example.test>\r\nSubject: clean\r\n\r\nhello\r\n' >"$T/clean.eml"
printf 'From: <a@example.org>\r\nTo: <b@example.test>\r\nSubject: eicar\r\n\r\n%s\r\n' "$eicar" >"$T/eicar.eml"
# conf SOCKET [ON_FAIL]
conf() {
    printf 'milter { socket = "unix:%s/m.sock"; user = nobody; }\nlog { level = info; }\n' "$T"
    printf 'scanner clam {\n  type = clamd; socket = "%s";\n  transfer = fdpass; spool_dir = "%s";\n  timeout = 5s; %s\n}\n' \
        "$1" "$T/spool" "${2:+on_fail = $2;}"
}
# probe QID MESSAGE: prints the EOM reply line
probe() {
    printf 'connect client.example.org 192.0.2.10\nhelo client.example.org\nmacro mail i=%s\nmail <a@example.org>\nrcpt <b@example.test>\nmessage-file %s\neom\nquit\n' "$1" "$2" |
        "$MC" -s "unix:$T/m.sock" -t 60 --script - 2>&1 | grep '^eom:' | tail -1
}

# 1. fdpass over TCP: refused where it is written.
conf "inet:3310@127.0.0.1" >"$T/bad.conf"
out=$(timeout 60 "$MILTER" -f "$T/bad.conf" -d 2>&1); rc=$?
[ "$rc" != 0 ] && grep -q "bad.conf:5:3: transfer fdpass needs a unix: socket" <<<"$out" ||
    bad "fdpass on inet: not refused at its place (rc $rc): $out"

# 2. Verdicts through a real clamd.
"$PEERS" start-clamd "$T/peers" >/dev/null || bad "clamd did not start"
SOCK=$T/peers/clamd/clamd.sock
conf "unix:$SOCK" >"$T/m.conf"
rl_milter "$T/m.conf" || { rl_done; exit 1; }
out=$(probe FDCLEAN "$T/clean.eml"); [ "$out" = "eom: continue" ] || bad "clean message: $out"
out=$(probe FDEICAR "$T/eicar.eml")
grep -q '^eom: reject 550 5\.7\.1 Virus found: Local\.Test\.EICAR\.NDB\.UNOFFICIAL' <<<"$out" || bad "EICAR: $out"
# clamd names what it read: the unlinked file in spool_dir ("/.../spool/#INODE (deleted)")
grep -q "^.* -> $T/spool/#[0-9]* (deleted): Local.Test.EICAR.NDB.UNOFFICIAL FOUND" "$T/peers/clamd/clamd.log" ||
    bad "clamd did not scan a passed descriptor: $(tail -3 "$T/peers/clamd/clamd.log")"

# 3. clamd killed: on_fail, with the queue id in the log.
cpid=$(cat "$T/peers/clamd/clamd.pid"); kill -9 "$cpid"
wait_for "! alive $cpid" 10 || bad "clamd survived SIGKILL"
out=$(probe FDKILLED "$T/clean.eml")
grep -q '^eom: tempfail 451 4\.' <<<"$out" || bad "clamd killed, default on_fail: $out"
wait_for "grep 'FDKILLED' '$T/milter.log' | grep -q 'clamd unix:'" 10 || bad "no log line with the queue id: $(tail -3 "$T/milter.log")"
conf "unix:$SOCK" reject >"$T/m.conf"; kill -USR1 "$pid"
wait_for "grep -q 'SIGUSR1: reloaded' '$T/milter.log'" || bad "no reload"
out=$(probe FDREJECT "$T/clean.eml")
grep -q '^eom: reject 5[0-9][0-9] 5\.' <<<"$out" || bad "clamd killed, on_fail = reject: $out"
"$PEERS" start-clamd "$T/peers" >/dev/null || bad "clamd did not start again"
out=$(probe FDBACK "$T/clean.eml"); [ "$out" = "eom: continue" ] || bad "after the clamd restart: $out"

# 4. Nothing left behind.
[ -z "$(ls -A "$T/spool")" ] || bad "spool_dir not empty: $(ls -A "$T/spool")"
grep FDKILLED "$T/milter.log" | head -1
rl_done
