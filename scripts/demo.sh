#!/bin/bash
# demo.sh: milterpack in front of real sendmail 8, inside private network
# namespaces (loopback only). Installs packages and builds; part one starts a
# sink, the milter and sendmail MTA-RX, sends a few messages with swaks and
# prints the part of each transcript that shows the access-map decision and
# milterpack's log line; part two runs the dual-instance amavisd topology
# (scripts/demo-topology.sh: greylisting, unknown user, EICAR, DKIM). Every
# process is stopped by pid.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
bash scripts/install-deps.sh
# The same unity build as scripts/test.sh (half the compile time from scratch;
# the two share build/).
bash scripts/build.sh build -DCMAKE_UNITY_BUILD=ON >/dev/null
export MP_BUILD_DIR=$ROOT/build MP_SOURCE_DIR=$ROOT
. tests/integration/lib/sandbox.sh
sbx_init "${TMPDIR:-/tmp}/milterpack-demo"; trap sbx_stop EXIT
chmod 755 "$SBX"; D=$SBX/demo; mkdir -p "$D"; chmod 755 "$D"
sed "s|@DIR@|$D|g" conf/demo/rx.conf.in >"$D/rx.conf"
cp conf/demo/access "$D/access"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
say "check-config and a lookup"
build/cli/milterpack -f "$D/rx.conf" check-config
build/cli/milterpack -f "$D/rx.conf" lookup to:root@example.test

sbx_sink 10026
sbx_milter rx "$D/rx.conf"
sbx_wait "[ -S $D/milter.sock ]"
sbx_mta rx 2525 10026 "INPUT_MAIL_FILTER(\`milterpack', \`S=unix:$D/milter.sock, F=T, T=C:10s;S:30s;R:60s;E:5m')dnl"

show() {  # show TITLE [swaks args]
    local title=$1; shift
    say "$title"
    sbx_swaks 2525 --header "Subject: $title" "$@" | grep -E '^(<\*\*|<-  250 2\.[01]\.[05]|<-  250 2\.0\.0|\*\*\*)' || true
    sleep 0.3
    local lines; lines=$(grep 'milterpack-milter.*: [a-z]*: ' "$SBX/log/maillog" || true)
    printf '%s\n' "$lines" | tail -n +$((${seen:-0} + 1)) | sed '/^$/d; s/^/   log: /'
    seen=$(printf '%s\n' "$lines" | sed '/^$/d' | wc -l)
}
show "clean mail is relayed" --from alice@example.org --to bob@example.test
show "to:root error entry -> its own 551 at RCPT" --from alice@example.org --to root@example.test
show "from:@.spammer.example -> 553 at MAIL" --from x@mx.spammer.example --to bob@example.test
show "client 127.0.0.2 refused by cltaddr: (delay_checks: answered at RCPT)" --from a@example.org --to bob@example.test --local-interface 127.0.0.2
show "client 127.0.0.3 refused, but delay_checks + to:postmaster quick:ok lets it through" \
    --from a@example.org --to postmaster@example.test --local-interface 127.0.0.3
say "messages in the sink"
for f in "$SBX"/sink/*.eml; do grep -m1 '^Subject:' "$f" | tr -d '\r' | sed 's/^/   /'; done
sbx_stop; trap - EXIT

# Part two: the dual-instance amavisd topology from the shipped files.
say "the dual sendmail topology: MTA-RX -> amavisd-new + clamd -> MTA-TX (DKIM) -> sink"
exec bash scripts/demo-topology.sh
