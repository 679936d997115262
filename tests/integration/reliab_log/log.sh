#!/bin/bash
# log.sh: milterpack-milter running as root without a user (allow_root):
#  1. its unix socket gets socket_mode (0660), not the umask's mode, and
#     socket_group;
#  2. a CR in the envelope sender (sent by mp-miltclient) is logged escaped,
#     so no raw control byte reaches the log;
#  3. a map that changes into a broken file is reported without an embedded
#     newline (no empty log line after the error).
# Unix socket only; needs root.
NAME=integration.reliab.log; . "$MP_SOURCE_DIR/tests/integration/reliab_lib/common.sh"
printf 'from:spam@example.org\terror:550 5.7.1 no\nto:b@example.test\terror:550 5.7.1 no\n' >"$T/access"
printf 'milter { socket = "unix:%s/m.sock"; allow_root = yes; socket_mode = 0660; socket_group = nogroup; }\n' \
    "$T" >"$T/m.conf"
printf 'access_map { file = "%s/access"; }\n' "$T" >>"$T/m.conf"
umask 022; rl_milter "$T/m.conf"

mode=$(stat -c '%a %U %G' "$T/m.sock")
[ "$mode" = "660 root nogroup" ] || bad "socket '$mode' without a user, want '660 root nogroup'"

printf 'connect c.example 192.0.2.10\nhelo c.example\nmail <a\rNOQUEUE:forged@example.org>\nrcpt <b@example.test>\nquit\n' >"$T/cr.mts"
"$MC" -s "unix:$T/m.sock" -t 10 --script "$T/cr.mts" >"$T/cr.out" 2>&1 || bad "CR script: $(cat "$T/cr.out")"
rl_wait "grep -q 'forged' '$T/milter.log'"
grep -q 'a\\rNOQUEUE:forged@example.org' "$T/milter.log" || bad "CR not escaped: $(grep -a forged "$T/milter.log")"
! grep -q $'\r' "$T/milter.log" || bad "a raw CR reached the log"

printf 'from:spam@example.org\n' >"$T/access.new"; mv "$T/access.new" "$T/access"
rl_wait "grep -q 'does not load' '$T/milter.log'" || bad "broken map not reported: $(tail -3 "$T/milter.log")"
! grep -qE '^$|\\n$' "$T/milter.log" || bad "an error was logged with an embedded newline: $(cat -A "$T/milter.log" | tail -4)"

rl_done
