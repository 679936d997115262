#!/bin/bash
# store.sh: the LMDB greylisting directory belongs to the milter user, so
# root must never open, create or chown anything inside it. The milter user
# replaces lock.mdb / data.mdb by links to a root-owned file, or by dangling
# links into a root-only directory; then root runs `milterpack check-config`
# and starts milterpack-milter. The target keeps its content and owner, the
# dangling link creates nothing, check-config creates nothing at all, and a
# clean (missing) directory is created by the milter and owned by its user.
# Needs root; uses no network (unix socket in a private temporary directory).
set -uo pipefail
MP=$MP_BUILD_DIR/cli/milterpack MILTER=$MP_BUILD_DIR/milters/milterpack-milter
[ "$(id -u)" = 0 ] || { echo "integration.reliab.store: needs root" >&2; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/mp-store.XXXXXX"); chmod 755 "$T"
pids=(); trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }
USER_=nobody
printf 'to:abuse@example.test quick:ok\n' >"$T/access"

# conf NAME STOREDIR: a receiving configuration greylisting in STOREDIR.
conf() {
    printf 'milter { socket = "unix:%s/%s.sock"; user = %s; }\naccess_map { file = "%s/access"; }\n' \
        "$T" "$1" "$USER_" "$T" >"$T/$1.conf"
    printf 'greylisting { lmdb { path = "%s"; } }\n' "$2" >>"$T/$1.conf"
}
# start NAME: run the milter until it listens or exits (bounded at 60 s: the
# cap only ends a failing run, a start takes seconds on a loaded machine),
# then stop it.
start() {
    : >"$T/$1.log"
    "$MILTER" -f "$T/$1.conf" -d >>"$T/$1.log" 2>&1 & local p=$! end=$((EPOCHSECONDS + 60)); pids+=($p)
    until grep -q 'listening on' "$T/$1.log" || ! kill -0 "$p" 2>/dev/null || [ "$EPOCHSECONDS" -ge "$end" ]; do
        sleep 0.05
    done
    kill -9 "$p" 2>/dev/null; wait "$p" 2>/dev/null
}
# intact FILE: still root's, mode 0600, with its original content.
intact() {
    [ "$(stat -c '%U %a' "$1")" = "root 600" ] && printf "root's secret" | cmp -s - "$1" && ok ||
        bad "$2: $1 was touched: $(stat -c '%U %a %s bytes' "$1")"
}

# 1. Links to a root-owned file.
printf "root's secret" >"$T/victim-lock"; printf "root's secret" >"$T/victim-data"
chmod 600 "$T/victim-lock" "$T/victim-data"
mkdir "$T/grey"; chown "$USER_" "$T/grey"
ln -s "$T/victim-lock" "$T/grey/lock.mdb"; ln -s "$T/victim-data" "$T/grey/data.mdb"
chown -h "$USER_" "$T/grey/lock.mdb" "$T/grey/data.mdb"
conf link "$T/grey"
"$MP" -f "$T/link.conf" check-config >"$T/cc1.out" 2>&1
intact "$T/victim-lock" "check-config"; intact "$T/victim-data" "check-config"
start link
intact "$T/victim-lock" "milter start"; intact "$T/victim-data" "milter start"

# 2. Dangling links into a root-only directory.
mkdir -m 700 "$T/rootonly"; mkdir "$T/grey2"; chown "$USER_" "$T/grey2"
ln -s "$T/rootonly/lock" "$T/grey2/lock.mdb"; ln -s "$T/rootonly/data" "$T/grey2/data.mdb"
chown -h "$USER_" "$T/grey2/lock.mdb" "$T/grey2/data.mdb"
conf dangle "$T/grey2"
"$MP" -f "$T/dangle.conf" check-config >"$T/cc2.out" 2>&1
[ -z "$(ls -A "$T/rootonly")" ] && ok || bad "check-config created $(ls "$T/rootonly") through a link"
start dangle
[ -z "$(ls -A "$T/rootonly")" ] && ok || bad "milter start created $(ls "$T/rootonly") through a link"

# 3. check-config creates nothing: a missing store directory stays missing (warning, exit 0).
conf fresh "$T/grey3"
out=$("$MP" -f "$T/fresh.conf" check-config 2>&1); st=$?
[ "$st" = 0 ] && grep -q ': ok$' <<<"$out" && ok || bad "check-config on a missing store dir: exit $st: $out"
grep -q 'WARNING.*grey3' <<<"$out" && ok || bad "check-config gave no warning for the missing store dir: $out"
[ ! -e "$T/grey3" ] && ok || bad "check-config created $T/grey3"
# ... and the milter creates it for its user and opens the store as that user.
start fresh
grep -q 'listening on' "$T/fresh.log" && ok || bad "milter did not start on a fresh store: $(cat "$T/fresh.log")"
[ "$(stat -c %U "$T/grey3" "$T/grey3/data.mdb" "$T/grey3/lock.mdb" 2>&1 | sort -u)" = "$USER_" ] && ok ||
    bad "fresh store not owned by $USER_: $(ls -la "$T/grey3" 2>&1)"

# 4. A store directory root owns (not the user's): check-config warns, still exit 0.
mkdir "$T/grey4"
conf rootdir "$T/grey4"
out=$("$MP" -f "$T/rootdir.conf" check-config 2>&1); st=$?
[ "$st" = 0 ] && grep -q 'WARNING.*grey4.*owned by' <<<"$out" && ok || bad "root-owned store dir: exit $st: $out"

echo "integration.reliab.store: $pass passed, $fail failed"
[ "$fail" = 0 ]
