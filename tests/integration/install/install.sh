#!/bin/bash
# install.sh: integration.install, docs/install.md followed as written on a
# throw-away Debian server: a private mount, network, pid and UTS namespace
# mounts an overlay of / (writable layer on a tmpfs seen only in there) and
# chroots into it (in-root.sh), so nothing reaches the host.
# The commands are the document's own: every ```sh block preceded by a line
# `<!-- install-test: NAME -->` is cut out here and run as root (steps
# packages, rx, tx, amavisd, sendmail, start with `set -e`; check without,
# its transcripts are checked). A missing or renamed block fails the test.
# The root has no systemd: /usr/local/sbin/systemctl there is systemctl.sh,
# which runs the installed units' Exec lines. What the root adds to the host's
# installation, as a server has it: hostname mail.example.com, /etc/mailname,
# a hosts file for the senders' domains (no DNS server in the namespace).
# Checks (step 7 of the document): the first message is accepted, passes
# amavisd and MTA-TX and reaches root's mailbox with a DKIM signature that
# python3-dkim verifies with the key `milterpack dkim keygen` made (and a
# changed copy does not); the second is greylisted, the third refused by the
# access map, with the replies the document quotes; the milters run as
# milterpack, amavisd as amavis; `lookup` answers relay; `systemctl reload`
# with an error in rx.conf fails at check-config (file:line) without
# signalling the daemon, and with the good file reloads it. Then
# milterpack-pmilter.service: installed, not enabled, not started without
# its configuration; with one, started from the unit's lines (socket, user)
# and stopped (shutdown line, socket removed). All stop by pid.
# Uses MP_DEB, else MP_BUILD_DIR/deb/milterpack_*.deb (scripts/test.sh's
# package phase builds it), else builds it with scripts/package.sh.
set -euo pipefail
NAME=integration.install; . "$(dirname "$0")/../install/deb.sh"
host_had=$(dpkg-query -W -f='${Status}' milterpack 2>/dev/null || true)
here=$(cd "$(dirname "$0")" && pwd)

T=$(mktemp -d /tmp/mp-install.XXXXXX)
trap 'rm -rf "$T"' EXIT
cp "$deb" "$T/deb"; basename "$deb" >"$T/deb.name"
cp "$here/in-root.sh" "$here/systemctl.sh" "$MP_SOURCE_DIR/tests/integration/lib/listeners.py" \
   "$MP_SOURCE_DIR/tests/tools/dkim_offline_verify.py" "$T/"

# The document's marked blocks, one file each.
mkdir "$T/steps"
awk -v d="$T/steps" '
  /^<!-- install-test: [a-z]+ -->$/ { name = $3; want = 1; next }
  want && /^```sh$/ { out = d "/" name ".sh"; want = 0; inblock = 1; next }
  want { print "docs/install.md: the marker of " name " is not followed by a ```sh block" > "/dev/stderr"; exit 1 }
  inblock && /^```$/ { inblock = 0; close(out); next }
  inblock { print > out }
' "$MP_SOURCE_DIR/docs/install.md"
for s in packages rx tx amavisd sendmail start check tools; do
  [ -s "$T/steps/$s.sh" ] || { echo "FAIL: docs/install.md has no marked block '$s'"; exit 1; }
done

t0=$SECONDS
unshare --mount --net --pid --uts --fork --propagation private bash "$T/in-root.sh" "$T" || {
  [ -z "${MP_KEEP:-}" ] || { trap - EXIT; echo "kept: $T"; }
  exit 1
}

# The host is untouched.
[ "$(dpkg-query -W -f='${Status}' milterpack 2>/dev/null || true)" = "$host_had" ] ||
  { echo "FAIL: the host's package database changed"; exit 1; }
echo "PASS integration.install ($((SECONDS - t0)) s)"
