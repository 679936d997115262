#!/bin/bash
# in-root.sh T: the body of integration.package (package.sh), run inside its
# own mount, network and pid namespace. Mounts the overlay root at T/root, installs
# T/milterpack.deb there, runs, upgrades and purges it.
set -euo pipefail
T=$1 R=$1/root
ip link set lo up
mkdir -p "$T/ovl"; mount -t tmpfs mp-package "$T/ovl"
mkdir -p "$T/ovl/up" "$T/ovl/work" "$R"
mount -t overlay overlay -o "lowerdir=/,upperdir=$T/ovl/up,workdir=$T/ovl/work" "$R"
mount --rbind /dev "$R/dev"; mount -t proc proc "$R/proc"
mount -t tmpfs tmp "$R/tmp"; mount -t tmpfs run "$R/run"   # no systemd running in here
cp "$T/milterpack.deb" "$R/tmp/"
printf '#!/bin/sh\nexit 101\n' >"$R/usr/sbin/policy-rc.d"; chmod 755 "$R/usr/sbin/policy-rc.d"

fail() { echo "FAIL: $*"; exit 1; }
in_root() { chroot "$R" "$@"; }
wait_for() {  # wait_for 'condition' what: 60 s cap (a loaded machine takes < 2 s)
  local end=$((EPOCHSECONDS + 60))
  until eval "$1"; do [ "$EPOCHSECONDS" -lt "$end" ] || fail "timeout: $2"; sleep 0.05; done
}
[ -z "$(in_root dpkg-query -W -f='${Status}' milterpack 2>/dev/null || true)" ] ||
  in_root dpkg --purge milterpack >/dev/null   # a host with it installed: start clean

### install ###
in_root dpkg -i /tmp/milterpack.deb >"$T/install.log" 2>&1 || { cat "$T/install.log"; fail "dpkg -i"; }
in_root getent passwd milterpack >/dev/null || fail "no milterpack user"
in_root getent group milterpack >/dev/null || fail "no milterpack group"
owner() { in_root stat -c "$1" "$2"; }  # names from the root's own passwd and group
[ "$(owner '%U:%G %a' /var/lib/milterpack)" = "milterpack:milterpack 750" ] ||
  fail "/var/lib/milterpack: $(owner '%U:%G %a' /var/lib/milterpack)"
[ "$(owner '%U:%G' /run/milterpack)" = "milterpack:milterpack" ] || fail "/run/milterpack not the user's"
for u in milterpack-milter.service milterpack-milter@.service milterpack-pmilter.service sendmail-rx.service sendmail-tx.service; do
  [ -f "$R/lib/systemd/system/$u" ] || fail "unit $u not installed"
done
enabled=$(find "$R/etc/systemd/system" \( -name 'milterpack*' -o -name 'sendmail-[rt]x*' \) 2>/dev/null || true)
[ -z "$enabled" ] || fail "enabled at install: $enabled"
! in_root pgrep -f 'milterpack-milter|sendmail' >/dev/null || fail "something was started"  # our pid namespace only
conffiles=$(in_root dpkg-query -W -f='${Conffiles}' milterpack)
for f in rx.conf tx.conf access lists; do grep -q "/etc/milterpack/$f " <<<"$conffiles" || fail "$f is not a conffile"; done
echo "ok install"

### run: the unit's command lines, instance rx ###
unit=$R/lib/systemd/system/milterpack-milter@.service
line() { sed -n "s/^$1=//p" "$unit" | head -1 | sed 's/%i/rx/g'; }
grep -qx 'ConditionPathExists=/etc/milterpack/%i.conf' "$unit" || fail "no ConditionPathExists on the configuration"
mkdir -p "$R/run/milterpack/rx"        # RuntimeDirectory=milterpack/%i
in_root $(line ExecStartPre) >"$T/check.log" 2>&1 || { cat "$T/check.log"; fail "ExecStartPre: $(line ExecStartPre)"; }
# chroot itself, not the in_root function: a function run with & is a subshell,
# so $! was that shell and the SIGTERM below never reached the milter.
chroot "$R" $(line ExecStart) >"$T/milter.log" 2>&1 &
pid=$!
sock=$R/run/milterpack/rx/milter.sock
# until a connect succeeds: the socket file exists from bind(), before listen()
accepts() { python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])' "$1" 2>/dev/null; }
wait_for 'accepts "$sock" || ! kill -0 $pid 2>/dev/null' "the socket $sock"
kill -0 $pid 2>/dev/null || { cat "$T/milter.log"; fail "milterpack-milter exited: $(line ExecStart)"; }
# The namespace has no DNS server: the shipped rx.conf's SPF check tempfails at
# MAIL (on_temperror = tempfail), as on an MX whose resolver is down.
cat >"$T/grey.mts" <<'MTS'
connect client.example.org 192.0.2.10
helo client.example.org
macro mail i=PKGTEST00001
mail <alice@example.org>
expect mail tempfail 451 4.7.24 SPF check of example.org failed temporarily
quit
MTS
"$T/mp-miltclient" -s "unix:$sock" -t 30 --script "$T/grey.mts" >"$T/client.log" 2>&1 ||
  { cat "$T/client.log" "$T/milter.log"; fail "the milter's answer"; }
[ "$(owner %U /var/lib/milterpack/greylist/data.mdb)" = milterpack ] || fail "greylist store not the user's"
[ "$(owner %G /run/milterpack/rx/milter.sock)" = smmsp ] || fail "socket group is not smmsp (rx.conf socket_group)"
kill -TERM $pid; wait $pid || true
echo "ok run"

### upgrade: the same version again over the installed one, an edited conffile kept ###
echo 'cltaddr:192.0.2.0/24 relay' >>"$R/etc/milterpack/access"
in_root dpkg -i --force-confold /tmp/milterpack.deb >"$T/upgrade.log" 2>&1 || { cat "$T/upgrade.log"; fail "upgrade"; }
grep -qx 'cltaddr:192.0.2.0/24 relay' "$R/etc/milterpack/access" || fail "upgrade lost the edited access map"
[ -f "$R/var/lib/milterpack/greylist/data.mdb" ] || fail "upgrade removed the greylisting store"
echo "ok upgrade"

### purge ###
files=$(in_root dpkg-query -L milterpack)
in_root dpkg --purge milterpack >"$T/purge.log" 2>&1 || { cat "$T/purge.log"; fail "purge"; }
left=$(while read -r f; do [ -f "$R$f" ] && echo "$f"; done <<<"$files" || true)
[ -z "$left" ] || fail "left after purge: $left"
for d in /etc/milterpack /var/lib/milterpack /run/milterpack /usr/share/milterpack /usr/share/doc/milterpack; do
  [ ! -e "$R$d" ] || fail "left after purge: $d"
done
[ -z "$(in_root dpkg-query -W -f='${Status}' milterpack 2>/dev/null || true)" ] || fail "still known to dpkg"
in_root getent passwd milterpack >/dev/null || fail "the user is documented to stay after purge"
echo "ok purge"
