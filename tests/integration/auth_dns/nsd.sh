# nsd.sh: the test DNS server of the auth_* integration tests. Sourced after
# tests/integration/lib/sandbox.sh, inside a test that called sbx_init:
#   . "$MP_SOURCE_DIR/tests/integration/auth_dns/nsd.sh"
#   dns_start [ZONE_DIR]     # nsd on 127.0.0.1:53 in the namespace, every *.zone file
#   dns_pid                  # its pid (for SIGSTOP/SIGCONT in the tests)
# nsd is authoritative only: it forwards nothing and answers REFUSED for any
# other name, so no query can leave the namespace (which has loopback only).
# Response rate limiting is off: nsd's default (200 answers/s per /24, then
# truncated or dropped answers) would make a benchmark or a busy test measure
# nsd's limiter and the resolver's retransmission timers, not milterpack.
# Needs Debian's nsd.
DNS_ZONES_DEFAULT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/zones

dns_start() {
    local zones=${1:-$DNS_ZONES_DEFAULT} d="$SBX/nsd" z name
    command -v nsd >/dev/null || sbx_die "nsd missing (apt-get install nsd)"
    mkdir -p "$d"
    cat >"$d/nsd.conf" <<CONF
server:
    ip-address: 127.0.0.1
    port: 53
    do-ip6: no
    username: ""
    chroot: ""
    database: ""
    zonelistfile: "$d/zone.list"
    xfrdfile: "$d/xfrd.state"
    xfrdir: "$d"
    pidfile: "$d/nsd.pid"
    logfile: "$SBX/log/nsd.log"
    server-count: 1
    verbosity: 1
    hide-version: yes
    rrl-ratelimit: 0
    rrl-whitelist-ratelimit: 0
remote-control:
    control-enable: no
CONF
    for z in "$zones"/*.zone; do
        name=$(basename "$z" .zone)
        printf 'zone:\n    name: "%s"\n    zonefile: "%s"\n' "$name" "$z" >>"$d/nsd.conf"
    done
    nsd-checkconf "$d/nsd.conf" || sbx_die "nsd.conf rejected"
    sbx_bg nsd nsd -d -c "$d/nsd.conf"
    sbx_wait "grep -q 'nsd started' '$SBX/log/nsd.log' 2>/dev/null" || { cat "$SBX/log/nsd.out"; sbx_die "nsd did not start"; }
    ! grep -E 'error: ' "$SBX/log/nsd.log" || sbx_die "nsd: errors in the zone files"
    sbx_wait "[ -n \"\$(sbx_in ss -Hlun 'sport = :53')\" ]" || { cat "$SBX/log/nsd.out" "$SBX/log/nsd.log"; sbx_die "nsd did not listen"; }
}

dns_pid() { cat "$SBX/nsd.pid"; }
# dns_signal SIG: the signal to nsd and all its descendants (it serves from a grandchild).
dns_tree() { local c; echo "$1"; for c in $(ps -o pid= --ppid "$1"); do dns_tree "$c"; done; }
dns_signal() { kill "-$1" $(dns_tree "$(dns_pid)"); }
