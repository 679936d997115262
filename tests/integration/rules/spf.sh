#!/bin/bash
# spf.sh: spf rules on the SPF result of the MAIL check, with nsd serving the
# auth_dns test zones in the sandbox namespace (example.test: ip4:192.0.2.2
# -all; inc.example.test: ~all) and milterpack-milter driven over the milter
# protocol by mp-miltclient (clients 192.0.2.x: loopback is never checked).
# The spf section decides nothing (on_fail = continue); the rules do:
#  - softfail: refused at RCPT by a rule;
#  - fail: quarantined by a rule at end of data, with its reason;
#  - pass: a continue rule at MAIL adds its header at end of data.
# Timing: nothing is timed; waits are caps that only bound a failing run.
set -euo pipefail
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
. "$MP_SOURCE_DIR/tests/integration/auth_dns/nsd.sh"
sbx_init "$MP_BUILD_DIR/it/rules_spf"; trap sbx_stop EXIT
chmod 755 "$SBX"
dns_start
cat >"$SBX/mp.conf" <<CONF
milter { socket = "unix:$SBX/mp.sock"; user = nobody; }
log { level = info; }
dns { servers = { 127.0.0.1 }; }
spf { on_fail = continue; received_spf = no; }
rule spf_pass { stage = mail; spf = pass; action = continue; add_header = "X-SPF-Rule: pass"; }
rule spf_soft { stage = rcpt; spf = softfail; action = reject; reply = "550 5.7.23 SPF softfail"; }
rule spf_fail { stage = eom; spf = { fail, permerror }; action = quarantine; reply = "SPF fail"; }
CONF
"$MP_BUILD_DIR/cli/milterpack" -f "$SBX/mp.conf" check-config >/dev/null
sbx_milter rx "$SBX/mp.conf"
sbx_milter_ready rx
cat >"$SBX/s.mts" <<'MTS'
connect client.example 192.0.2.9
helo client.example
mail <a@inc.example.test>
expect mail continue
rcpt <bob@rx.sandbox.test>
expect rcpt reject 550 5.7.23 SPF softfail
quit
connect client.example 192.0.2.9
helo client.example
mail <a@example.test>
expect mail continue
rcpt <bob@rx.sandbox.test>
expect rcpt continue
header Subject: spf-fail
eoh
body hello
eom
expect eom quarantine SPF fail
quit
connect client.example 192.0.2.2
helo client.example
mail <a@example.test>
expect mail continue
rcpt <bob@rx.sandbox.test>
expect rcpt continue
header Subject: spf-pass
eoh
body hello
eom
expect-re eom addheader X-SPF-Rule: ?pass
quit
MTS
"$MP_BUILD_DIR/tests/tools/miltclient/mp-miltclient" -s "unix:$SBX/mp.sock" -t 30 --script "$SBX/s.mts" \
    >"$SBX/out" 2>&1 || { echo "FAIL: $(cat "$SBX/out")"; grep milterpack "$SBX/log/maillog" | tail -20; exit 1; }
echo PASS
