#!/bin/bash
# package.sh: integration.package. The .deb is installed with dpkg -i as on a
# server, but into a throw-away root: a private mount, network and pid namespace
# mounts an overlay of / (writable layer on a tmpfs seen only in there) and
# chroots into it, so maintainer scripts, users and files never reach the host.
# Checks:
#   install  the milterpack user and group exist; /run/milterpack and
#            /var/lib/milterpack are theirs; units installed, none enabled;
#            conffiles registered; nothing started (no milterpack process)
#   run      the ExecStartPre and ExecStart lines of milterpack-milter@.service
#            (instance rx, the shipped /etc/milterpack/rx.conf) as systemd
#            would run them: the socket answers mp-miltclient, and greylisting
#            answers from its LMDB store, which the milterpack user created
#   upgrade  dpkg -i again over the installed package: an edited conffile is kept
#   purge    nothing of the package is left (files, /etc/milterpack,
#            /var/lib/milterpack, /run/milterpack); the user stays (docs/install.md)
set -euo pipefail
NAME=integration.package; . "$(dirname "$0")/../install/deb.sh"
client=$MP_BUILD_DIR/tests/tools/miltclient/mp-miltclient
[ -x "$client" ] || { echo "FAIL: $client not built"; exit 1; }
host_had=$(dpkg-query -W -f='${Status}' milterpack 2>/dev/null || true)

T=$(mktemp -d /tmp/mp-package.XXXXXX)
trap 'rm -rf "$T"' EXIT
cp "$deb" "$T/milterpack.deb"; cp "$client" "$T/mp-miltclient"
cp "$(dirname "$0")/in-root.sh" "$T/in-root.sh"
unshare --mount --net --pid --fork --propagation private bash "$T/in-root.sh" "$T" || exit 1

# The host is untouched.
[ "$(dpkg-query -W -f='${Status}' milterpack 2>/dev/null || true)" = "$host_had" ] ||
  { echo "FAIL: the host's package database changed"; exit 1; }
echo "PASS integration.package"
