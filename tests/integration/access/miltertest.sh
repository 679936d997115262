#!/bin/bash
# miltertest.sh: run access.lua against milterpack-milter inside the sandbox namespace.
set -euo pipefail
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
sbx_init "$MP_BUILD_DIR/it/access-miltertest"; trap sbx_stop EXIT
T=$SBX/t; mkdir -p "$T"; chmod 755 "$SBX" "$T"
cat >"$T/access" <<'MAP'
cltaddr:192.0.2          error:550 5.7.1 Documentation net refused
from:@spammer.example    error:553 5.7.1 No spammers
to:root@example.test     error:551 5.7.1 No mail to root
to:temp@example.test     error:451 4.2.1 Mailbox busy
to:nobody+*@example.test discard
MAP
cat >"$T/mp.conf" <<CONF
milter { socket = "unix:$T/milter.sock"; user = nobody; }
access_map { file = "$T/access"; }
CONF
sbx_milter mt "$T/mp.conf"
sbx_milter_ready mt
out=$(MP_SOCK="unix:$T/milter.sock" sbx_in miltertest -s "$MP_SOURCE_DIR/tests/integration/access/access.lua" 2>&1) || true
echo "$out"
echo "$out" | grep -qx PASS
