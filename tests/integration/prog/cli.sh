#!/bin/bash
# cli.sh: --help/--version of the three programs; check-config's truths as
# the daemon's user (nobody): missing or unknown user, a key and a map the
# user cannot read, state directories it cannot write, a cross-option error at
# the later option, every error in one run, errno text, unreachable peers as
# warnings, nothing created; `greylist` key validation and missing keys;
# `dkim keygen` short options, defaults, owner and printed table lines.
# Needs root (it checks as another user). Nothing here is timed.
set -uo pipefail
MP=$MP_BUILD_DIR/cli/milterpack MILTER=$MP_BUILD_DIR/milters/milterpack-milter
PMILTER=$MP_BUILD_DIR/pmilter/milterpack-pmilter
[ "$(id -u)" = 0 ] || { echo "integration.prog.cli: needs root"; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/mp-prog.XXXXXX"); chmod 755 "$T"
trap 'rm -rf "$T"' EXIT
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
version=$(sed -n 's/^project(milterpack VERSION \([0-9.]*\).*/\1/p' "$MP_SOURCE_DIR/CMakeLists.txt")

# 1. --help on stdout with exit 0, --version, long and short forms.
for prog in "$MP" "$MILTER" "$PMILTER"; do
    name=$(basename "$prog")
    for h in -h --help; do
        out=$("$prog" $h 2>/dev/null); st=$?
        [ "$st" = 0 ] && grep -q "^usage: $name" <<<"$out" && grep -q -- '--version' <<<"$out" && ok ||
            bad "$name $h: exit $st, stdout: $out"
    done
    for v in -V --version; do expect_run 0 "^$name $version\$" "$prog" $v; done
    expect_run 2 "usage: $name" "$prog" --no-such-option
done
expect_run 0 '' "$MILTER" --help
for page in milterpack.8 milterpack-milter.8 milterpack-pmilter.8; do
    for opt in -f --config -h --help -V --version; do
        grep -q -- "${opt//-/\\\\-}" "$MP_SOURCE_DIR/docs/$page" && ok || bad "docs/$page does not document $opt"
    done
done
expect_run 0 '^\.SH "ACCESS MAP FILE"' "$MP" man-config

# 2. check-config as root tells the truth about the user's view.
printf 'to:abuse@example.test quick:ok\n' >"$T/access"
printf 'access_map { file = "%s/access"; }\n' "$T" >"$T/nouser.conf"
expect_run 2 "nouser.conf:1:1: milter has no user" "$MP" -f "$T/nouser.conf" check-config
printf 'milter { allow_root = yes; }\naccess_map { file = "%s/access"; }\n' "$T" >"$T/allow.conf"
expect_run 0 ': ok$' "$MP" -f "$T/allow.conf" check-config
printf 'milter {\n  user = no-such-user-mp;\n}\naccess_map { file = "%s/access"; }\n' "$T" >"$T/unknown.conf"
expect_run 2 "unknown.conf:2:3: user 'no-such-user-mp' does not exist" "$MP" -f "$T/unknown.conf" check-config
# a map and a key root can read but nobody cannot (0600 root)
cp "$T/access" "$T/secret-access"; chmod 600 "$T/secret-access"
"$MP" dkim keygen -d example.org -s sel -D "$T/keys" >/dev/null 2>&1 || bad "keygen for the key test"
chmod 755 "$T/keys"
cat >"$T/unread.conf" <<CONF
milter { user = nobody; }
access_map { file = "$T/secret-access"; }
dkim { domain = example.org; selector = sel; key_file = "$T/keys/sel.private"; }
CONF
out=$("$MP" -f "$T/unread.conf" check-config 2>&1); st=$?
[ "$st" = 2 ] && ok || bad "unreadable files: exit $st: $out"
grep -q "secret-access.*Permission denied.*(read as user 'nobody')" <<<"$out" && ok || bad "no unreadable map error: $out"
grep -qE "unread.conf:3:[0-9]+: .*sel.private: cannot open key file: Permission denied \(read as user 'nobody'\)" <<<"$out" && ok ||
    bad "no unreadable key error: $out"
chown nobody "$T/secret-access" "$T/keys/sel.private"
expect_run 0 ': ok$' "$MP" -f "$T/unread.conf" check-config
# every error at once: an unknown group, an unreadable map, a store directory
# whose parent is missing, a bad milter socket, and a cross-option error at
# the later option
chown root "$T/secret-access"
cat >"$T/all.conf" <<CONF
milter { user = nobody; socket_group = no-such-group-mp;
  socket = "inet:99999@127.0.0.1"; }
access_map { file = "$T/secret-access"; }
greylisting {
  lmdb { path = "$T/missing/parent/grey";
    max_map_size = 1MB;
    map_size = 2MB; }
}
CONF
out=$("$MP" -f "$T/all.conf" check-config 2>&1); st=$?
[ "$st" = 2 ] && ok || bad "all errors: exit $st: $out"
for re in "all.conf:1:[0-9]+: group 'no-such-group-mp' does not exist" \
          "all.conf:2:3: .*99999" \
          "secret-access: .*Permission denied" \
          "all.conf:5:[0-9]+: .*missing/parent/grey: No such file or directory, and the daemon cannot create it" \
          "all.conf:7:5: .*max_map_size"; do
    grep -qE -- "$re" <<<"$out" && ok || bad "all errors: no /$re/ in: $out"
done
# state directories: LMDB files and the amavisd spool the user cannot write
mkdir -p "$T/grey" "$T/spool"; chown nobody "$T/grey"; touch "$T/grey/data.mdb"; chmod 600 "$T/grey/data.mdb"
chmod 755 "$T/spool"
cat >"$T/state.conf" <<CONF
milter { user = nobody; }
greylisting { lmdb { path = "$T/grey"; } }
scanner av { type = amavisd; socket = "inet:1@127.0.0.1";
  spool_dir = "$T/spool"; }
CONF
out=$("$MP" -f "$T/state.conf" check-config 2>&1); st=$?
[ "$st" = 2 ] && ok || bad "state dirs: exit $st: $out"
grep -qE "state.conf:2:[0-9]+: .*grey/data.mdb: Permission denied" <<<"$out" && ok || bad "no LMDB file error: $out"
grep -qE "state.conf:4:3: .*spool: Permission denied" <<<"$out" && ok || bad "no spool error: $out"
grep -qE "^WARNING: .*state.conf:3:[0-9]+: scanner inet:1@127.0.0.1 cannot be reached: Connection refused" <<<"$out" && ok ||
    bad "no unreachable-scanner warning: $out"
# unreachable peers alone are warnings: exit 0
chown nobody "$T/grey/data.mdb" "$T/spool"
cat >"$T/peers.conf" <<CONF
milter { user = nobody; }
greylisting { store = redis; redis { path = "$T/no-redis.sock"; } }
scanner clam { type = clamd; socket = "unix:$T/no-clamd.sock"; }
CONF
out=$("$MP" -f "$T/peers.conf" check-config 2>&1); st=$?
[ "$st" = 0 ] && grep -q ': ok$' <<<"$out" && ok || bad "unreachable peers: exit $st: $out"
grep -qE "^WARNING: .*peers.conf:2:[0-9]+: redis at unix:$T/no-redis.sock cannot be reached: No such file or directory" <<<"$out" && ok ||
    bad "no redis warning: $out"
grep -qE "^WARNING: .*peers.conf:3:[0-9]+: scanner unix:$T/no-clamd.sock cannot be reached: No such file" <<<"$out" && ok ||
    bad "no clamd warning: $out"
# check-config created nothing
[ ! -e "$T/missing" ] && [ ! -e "$T/no-redis.sock" ] && [ "$(ls "$T/grey")" = data.mdb ] && ok ||
    bad "check-config created files: $(ls -R "$T")"

# 3. greylist keys
rm -rf "$T/grey"; mkdir "$T/grey"; chown nobody "$T/grey"
printf 'milter { user = nobody; }\ngreylisting { netmask = 0xFFFFFF00; lmdb { path = "%s/grey"; } }\n' "$T" >"$T/g.conf"
expect_run 2 "not an IP address" "$MP" -f "$T/g.conf" greylist whitelist foo
expect_run 2 "192.0.2.0/24' is a network" "$MP" -f "$T/g.conf" greylist whitelist 192.0.2.0/24
expect_run 2 "empty key" "$MP" -f "$T/g.conf" greylist whitelist ''
expect_run 2 "key = client_ip" "$MP" -f "$T/g.conf" greylist whitelist 192.0.2.1 '<a@b>' '<c@d>'
expect_run 1 "no entry for '192.0.2.0'" "$MP" -f "$T/g.conf" greylist show 192.0.2.0
expect_run 1 "no entry for '192.0.2.0'" "$MP" -f "$T/g.conf" greylist delete 192.0.2.0
expect_run 0 "key '192.0.2.0'" "$MP" -f "$T/g.conf" greylist whitelist 192.0.2.77
expect_run 0 $'^192.0.2.0\twhitelisted' "$MP" -f "$T/g.conf" greylist show 192.0.2.0
expect_run 0 '' "$MP" -f "$T/g.conf" greylist delete 192.0.2.5
out=$("$MP" -f "$T/g.conf" greylist list 2>&1)
[ -z "$out" ] && ok || bad "junk left in the store: $out"

# 4. dkim keygen: short options, rsa by default, nested --dir created, owner from the configuration
printf 'milter { user = nobody; }\n' >"$T/k.conf"
out=$("$MP" -f "$T/k.conf" dkim keygen -d example.net -s s1 -D "$T/k/a/b" 2>"$T/keygen.err"); st=$?
[ "$st" = 0 ] && grep -q '^s1._domainkey.example.net. IN TXT ( "v=DKIM1; k=rsa; ' <<<"$out" && ok ||
    bad "keygen: exit $st: $out $(cat "$T/keygen.err")"
[ "$(stat -c '%U %a' "$T/k/a/b/s1.private")" = "nobody 600" ] && ok || bad "key owner: $(stat -c '%U %a' "$T/k/a/b/s1.private")"
[ "$(stat -c %U "$T/k" "$T/k/a" "$T/k/a/b" | sort -u)" = nobody ] && ok || bad "dir owner: $(ls -ld "$T/k" "$T/k/a" "$T/k/a/b")"
grep -qx "  s1._domainkey.example.net example.net:s1:$T/k/a/b/s1.private" "$T/keygen.err" && ok ||
    bad "no KeyTable line: $(cat "$T/keygen.err")"
grep -qx "  \*@example.net s1._domainkey.example.net" "$T/keygen.err" && ok || bad "no SigningTable line: $(cat "$T/keygen.err")"
expect_run 0 'k=ed25519' "$MP" dkim keygen --domain example.net --selector s2 --algorithm ed25519 --dir "$T/k2" -u nobody
[ "$(stat -c %U "$T/k2/s2.private")" = nobody ] && ok || bad "-u owner"
expect_run 2 'missing value for -d' "$MP" dkim keygen -s x -d
expect_run 2 "-d DOMAIN is required" "$MP" dkim keygen -s x
expect_run 2 "user 'no-such-user-mp' does not exist" "$MP" dkim keygen -d a.b -s x -D "$T/k3" -u no-such-user-mp
[ ! -e "$T/k3" ] && ok || bad "keygen made $T/k3 for an unknown user"

echo "integration.prog.cli: $pass passed, $fail failed"
[ "$fail" = 0 ]
