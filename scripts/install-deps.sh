#!/bin/bash
# install-deps.sh: every Debian 12 package milterpack builds with, tests
# against and benchmarks against. Idempotent and quiet; as root when anything
# is missing. Safe on a live mail host: it never stops or restarts a daemon it
# did not start.
#  - Package maintainer scripts must not start system-wide daemons (sendmail
#    would listen on :25 and resolve names outside any sandbox), so a
#    policy-rc.d denies starts for the duration of the install, unless the
#    host already has one (then that one decides, and it is left alone).
#  - Whatever a postinst started anyway is stopped again, by pid: only the
#    daemons below that were not running before the install and are running
#    after it. A daemon that was already running keeps running.
# --no-install-recommends matters: postgrey recommends postfix, which would
# replace sendmail-bin.
set -euo pipefail

# Build dependencies: compiler, build tools and the libraries milterpack links.
BUILD_PKGS=(
  build-essential cmake ninja-build pkg-config ccache
  libmilter-dev libssl-dev libhiredis-dev libspf2-dev libpcre2-dev liblmdb-dev doctest-dev
  # the Debian package (scripts/package.sh)
  debhelper dpkg-dev fakeroot lintian
  libmicrohttpd-dev  # runtime: libmicrohttpd12 (the metrics endpoint)
  libldns-dev libpsl-dev  # common/dns, common/dmarc
)
# Test peers: what the unit, protocol and integration tests start in their
# sandboxes (real MTA, stores, scanners, verifiers) and the tools they use.
TEST_PKGS=(
  sendmail-bin sendmail-cf m4 swaks miltertest
  sasl2-bin libsasl2-modules libsasl2-modules-db  # SMTP AUTH (integration.auth.sendmail)
  sendmail sensible-mda  # local delivery (procmail) as docs/install.md installs it (integration.install)
  redis-server clamav-daemon amavisd-new opendkim opendkim-tools
  python3 python3-dkim python3-aiosmtpd
  nsd  # the test DNS server (tests/integration/auth_dns)
  iproute2 util-linux gettext-base lmdb-utils openssl procps strace
  clang libclang-rt-14-dev  # scripts/fuzz.sh: libFuzzer, ASan, UBSan
  # developer tool, not needed to build or test (see .clang-format): clang-format
)
# Bench and demo peers: the alternatives bench/ compares milterpack with.
BENCH_PKGS=(
  clamav-milter postgrey python3-milter
)
# The daemons those packages may start, as their command lines show them.
DAEMON_RE='(^|[/ ])(sendmail|clamd|freshclam|clamav-milter|amavisd|redis-server|opendkim|postgrey|nsd)([-: ]|$)'

# Postfix for tests/integration/postfix: the .deb downloaded and unpacked
# under $PF_CACHE/root, never installed (it conflicts with sendmail-bin).
PF_CACHE=/var/cache/milterpack/postfix
if [ ! -x "$PF_CACHE/root/usr/lib/postfix/sbin/master" ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PF_CACHE"
  (cd "$PF_CACHE" && rm -f postfix_*.deb && apt-get download -qq -o APT::Sandbox::User=root postfix &&
    rm -rf root && dpkg -x postfix_*.deb root) ||
    echo "install-deps: could not fetch the postfix .deb; integration.postfix will fail" >&2
fi

missing=()
for p in "${BUILD_PKGS[@]}" "${TEST_PKGS[@]}" "${BENCH_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
[ "$(id -u)" = 0 ] || { echo "install-deps: needs root to install: ${missing[*]}" >&2; exit 1; }

# daemons: "pid name" of each running system daemon of DAEMON_RE: parent pid 1
# and this script's network namespace, so a test's sandboxed peer never counts.
daemons() {
  local net0 pid ppid args
  net0=$(readlink /proc/$$/ns/net)
  ps -e -o pid=,ppid=,args= | while read -r pid ppid args; do
    [ "$ppid" = 1 ] && [[ $args =~ $DAEMON_RE ]] || continue
    [ "$(readlink "/proc/$pid/ns/net" 2>/dev/null)" = "$net0" ] && echo "$pid ${BASH_REMATCH[2]}"
  done
  return 0
}

added_policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; added_policy=1
fi
trap '[ -z "$added_policy" ] || rm -f /usr/sbin/policy-rc.d' EXIT
before=$(daemons)
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

# Stop, by pid, only daemons that were not running before and appeared during
# our install. A daemon that ran before (under any pid: a maintainer script
# may have restarted it) is never touched.
while read -r pid name; do
  [ -n "$pid" ] || continue
  grep -q " $name\$" <<<"$before" && continue
  echo "install-deps: stopping $name (pid $pid), started by a maintainer script during this install" >&2
  kill -TERM "$pid" 2>/dev/null || true
done <<<"$(daemons)"
