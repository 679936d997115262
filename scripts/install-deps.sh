#!/bin/bash
# install-deps.sh: every Debian 12 package milterpack builds with and tests
# against. Idempotent; as root. Package maintainer scripts must not start
# system-wide daemons (sendmail would listen on :25 and resolve names outside
# any sandbox), so a policy-rc.d denies starts for the duration of the install.
# --no-install-recommends matters: postgrey recommends postfix, which would
# replace sendmail-bin.
set -euo pipefail
PKGS=(
  build-essential cmake ninja-build pkg-config ccache
  libmilter-dev libssl-dev libhiredis-dev libspf2-dev libpcre2-dev liblmdb-dev doctest-dev
  sendmail-bin sendmail-cf m4 swaks miltertest sasl2-bin libsasl2-modules libsasl2-modules-db
  redis-server clamav-daemon amavisd-new opendkim opendkim-tools
  clamav-milter postgrey
  python3 python3-dkim python3-aiosmtpd python3-milter
  iproute2 util-linux gettext-base lmdb-utils openssl procps
  # developer tool, not needed to build or test (see .clang-format): clang-format
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
[ "$(id -u)" = 0 ] || { echo "install-deps: needs root to install: ${missing[*]}" >&2; exit 1; }
added_policy=
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; added_policy=1
fi
trap '[ -z "$added_policy" ] || rm -f /usr/sbin/policy-rc.d' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Belt and braces: whatever a postinst started anyway is stopped again.
for svc in sendmail clamav-daemon clamav-freshclam clamav-milter amavis redis-server opendkim postgrey; do
  service "$svc" stop >/dev/null 2>&1 || true
done
