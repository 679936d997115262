#!/bin/bash
# cli.sh: `milterpack` check-config / dump-config / lookup / man-config exit
# codes and output, and milterpack-milter's refusals at start-up (bad file,
# root without a user, a bad socket, a live instance on the socket).
set -uo pipefail
MP=$MP_BUILD_DIR/cli/milterpack MILTER=$MP_BUILD_DIR/milters/milterpack-milter
T=$(mktemp -d "${TMPDIR:-/tmp}/mp-cli.XXXXXX"); chmod 755 "$T"
pids=(); trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
# expect_run WANT_STATUS REGEX CMD...: status and a line of stdout+stderr
expect_run() {
    local want=$1 re=$2; shift 2
    local out st; out=$("$@" 2>&1); st=$?
    [ "$st" = "$want" ] || { bad "$* exited $st, want $want: $out"; return; }
    [ -z "$re" ] || grep -qE -- "$re" <<<"$out" || { bad "$*: no /$re/ in: $out"; return; }
    ok
}
# wait_for 'condition': poll every 50 ms for at most 60 s (a generous cap that
# only bounds a failing run); gone PID: the process has exited (not a zombie)
wait_for() {
    local end=$((EPOCHSECONDS + 60))
    until eval "$1"; do [ "$EPOCHSECONDS" -lt "$end" ] || return 1; sleep 0.05; done
}
gone() { [ ! -e "/proc/$1" ] || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]; }

cat >"$T/access" <<'MAP'
to:abuse@example.test       quick:ok
to:@example.test            error:550 5.1.1 No such domain user
cltaddr:10.0.0.0/8          relay
cltaddr:2001:db8::/32       error:554 5.7.1 Documentation net
from:user+*@example.org     discard
MAP
printf 'access_map { file = "%s/access"; }\nmilter { user = nobody; }\n' "$T" >"$T/good.conf"
printf 'access_map { file = "%s/access";\n  colour = blue; }\ngreylisting { grey_wait = soon; }\n' "$T" >"$T/bad.conf"
printf 'to:x@y.z\nto:a@b.c  error:999 9.9.9 no\n' >"$T/badmap"
printf 'access_map { file = "%s/badmap"; }\n' "$T" >"$T/badmap.conf"

expect_run 0 ': ok$' "$MP" -f "$T/good.conf" check-config
expect_run 2 'bad.conf:2:3: .*colour' "$MP" -f "$T/bad.conf" check-config
expect_run 2 'bad.conf:3:27: .*grey_wait' "$MP" -f "$T/bad.conf" check-config
expect_run 2 'badmap:1:[0-9]+: ' "$MP" -f "$T/badmap.conf" check-config
expect_run 2 'badmap:2:[0-9]+: ' "$MP" -f "$T/badmap.conf" check-config
expect_run 2 'No such file|cannot' "$MP" -f "$T/none.conf" check-config
expect_run 0 $'^to:abuse@example.test\tquick:ok$' "$MP" -f "$T/good.conf" lookup to:abuse@example.test
expect_run 0 $'^to:@example.test\terror:550 5.1.1 No such domain user$' "$MP" -f "$T/good.conf" lookup to:bob@example.test
expect_run 1 '' "$MP" -f "$T/good.conf" lookup to:bob@sub.example.test
expect_run 0 $'^cltaddr:10.0.0.0/8\trelay$' "$MP" -f "$T/good.conf" lookup cltaddr:10.9.8.7
expect_run 0 $'^cltaddr:2001:db8::/32\t' "$MP" -f "$T/good.conf" lookup cltaddr:IPv6:2001:db8::25
expect_run 0 $'^from:user\\+\\*@example.org\tdiscard$' "$MP" -f "$T/good.conf" lookup from:user+x@example.org
expect_run 2 '' "$MP" -f "$T/good.conf" lookup nosuchtag:x
# An option error carries its location once, from check-config and lookup alike.
printf 'access_map { file = "%s/access";\n  address_delimiter = "@@"; }\nmilter { user = nobody; }\n' "$T" >"$T/delim.conf"
for cmd in check-config "lookup to:x@y.z"; do
    expect_run 2 "^$T/delim.conf:2:3: address_delimiter must be one character" "$MP" -f "$T/delim.conf" $cmd
    out=$("$MP" -f "$T/delim.conf" $cmd 2>&1)
    [ "$(grep -o 'delim.conf:[0-9]*:[0-9]*' <<<"$out" | wc -l)" = 1 ] && ok || bad "$cmd: location not once: $out"
done
# The greylist commands build what the daemon builds: a configuration it refuses is refused.
printf 'greylisting { lmdb { path = "%s/g2"; } }\naccess_map { file = "%s/none"; }\n' "$T" "$T" >"$T/g2.conf"
expect_run 2 'none' "$MP" -f "$T/g2.conf" greylist stats
expect_run 2 'no greylisting section' "$MP" -f "$T/good.conf" greylist stats
expect_run 0 'address_delimiter = "\+";' "$MP" -f "$T/good.conf" dump-config
expect_run 0 '^\.TH MILTERPACK\.CONF 5' "$MP" man-config
expect_run 2 'usage' "$MP" -f "$T/good.conf"

# check-config as root opens and creates no store file (the directory is the
# milter user's; tests/integration/reliab_store covers links planted there).
printf 'milter { user = nobody; }\ngreylisting { lmdb { path = "%s/grey"; } }\n' "$T" >"$T/grey.conf"
expect_run 0 ': ok$' "$MP" -f "$T/grey.conf" check-config
[ ! -e "$T/grey" ] && ok || bad "check-config created the greylist store: $(ls -la "$T/grey")"

# The daemon: a bad file is refused with every error, exit 2.
expect_run 2 'bad.conf:2:3: ' "$MILTER" -f "$T/bad.conf" -d
# Root without milter { user } is refused.
printf 'milter { socket = "unix:%s/m.sock"; }\naccess_map { file = "%s/access"; }\n' "$T" "$T" >"$T/root.conf"
expect_run 1 'refusing to run as root' timeout 60 "$MILTER" -f "$T/root.conf" -d
# A milter socket libmilter would misread is refused (it reads port 99999 as 34463).
printf 'milter { socket = "inet:99999@127.0.0.1"; user = nobody; }\naccess_map { file = "%s/access"; }\n' "$T" >"$T/port.conf"
expect_run 1 'milter socket: bad port in inet:99999@127.0.0.1' timeout 60 "$MILTER" -f "$T/port.conf" -d
# A live instance's socket is not stolen: the second one exits, the first keeps serving.
printf 'milter { socket = "unix:%s/m.sock"; user = nobody; }\naccess_map { file = "%s/access"; }\n' "$T" "$T" >"$T/m.conf"
"$MILTER" -f "$T/m.conf" -d 2>"$T/first.log" & pids+=($!); disown
# Wait for "listening", not for the socket file: the file exists from bind(),
# before listen(); a probe in between is refused and takes the socket as stale.
wait_for 'grep -q "listening on" "$T/first.log"' || bad "first instance did not start: $(cat "$T/first.log")"
expect_run 1 'm.sock.lock: held by another milterpack daemon' timeout 60 "$MILTER" -f "$T/m.conf" -d
kill -0 "${pids[0]}" 2>/dev/null && [ -S "$T/m.sock" ] && ok || bad "first instance died or lost its socket"
# A stale socket (no listener) is replaced.
kill -9 "${pids[0]}"; wait_for 'gone "${pids[0]}"' || bad "first instance survived kill -9"
[ -S "$T/m.sock" ] || bad "test setup: stale socket vanished"
"$MILTER" -f "$T/m.conf" -d 2>"$T/third.log" & pids+=($!); disown
wait_for 'grep -q listening "$T/third.log"'
grep -q 'listening on' "$T/third.log" && ok || bad "stale socket not replaced: $(cat "$T/third.log")"

echo "integration.cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
