#!/bin/bash
# cli.sh: `milterpack check-config` and a redis password: in a configuration
# file others may read it exits 0 with a WARNING line naming the file and the
# option's position; once the file is 0640, no such warning. (The redis socket
# does not exist: check-config says so in a WARNING line of its own, exit 0.)
NAME=integration.reliab.cli; . "$MP_SOURCE_DIR/tests/integration/reliab_lib/common.sh"
MP=$MP_BUILD_DIR/cli/milterpack
cat >"$T/r.conf" <<'CONF'
greylisting {
    store = redis;
    redis { path = "/nonexistent/redis.sock"; password = "s3cret"; }
}
milter { allow_root = yes; }
CONF
chmod 644 "$T/r.conf"
out=$("$MP" -f "$T/r.conf" check-config 2>&1); st=$?
[ "$st" = 0 ] || bad "check-config exit $st: $out"
grep -q "^WARNING: $T/r.conf:3:[0-9]*: .*redis password.*others may read" <<<"$out" || bad "no warning for a world-readable password: $out"
chmod 640 "$T/r.conf"
out=$("$MP" -f "$T/r.conf" check-config 2>&1); st=$?
[ "$st" = 0 ] && ! grep -q 'redis password' <<<"$out" || bad "mode 0640: exit $st: $out"
grep -q "^WARNING: $T/r.conf:3:[0-9]*: redis at unix:/nonexistent/redis.sock cannot be reached" <<<"$out" ||
    bad "no warning for the unreachable redis: $out"
rl_done
