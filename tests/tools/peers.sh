#!/bin/sh
# peers.sh: start and stop the real content scanners the tests talk to.
#
#   peers.sh start-clamd   DIR   clamd in the foreground with one custom signature
#                                (DIR/clamd/clamd.sock); no freshclam, no TCP socket unless CLAMD_TCP_PORT
#   peers.sh start-amavisd DIR   amavisd-new, AM.PDP on DIR/amavis/home/amavisd.sock,
#                                using DIR's clamd when it runs (start clamd first);
#                                in a private network namespace (it resolves names)
#   peers.sh stop-clamd|stop-amavisd|stop DIR   stop one or all, by pid
#
# Environment: CLAMD_STREAM_MAX (clamd StreamMaxLength, default 1M),
# CLAMD_TCP_PORT (also listen on 127.0.0.1:PORT; run inside a private netns),
# PEERS_WAIT (seconds to wait for a peer to answer, default 120: generous, it
# only bounds a failing start; amavisd alone takes seconds on a loaded machine).
# Every wait is bounded; a peer that does not come up is killed and the script
# exits non-zero with the tail of its log. DIR must be an absolute path; it
# is made world-traversable (amavisd runs as user amavis and must reach it).
# Prints "clamd <socket>" / "amavisd <socket> <tempbase>" on success.
set -eu

PY=/usr/bin/python3
WAIT=${PEERS_WAIT:-120}

die() { echo "peers.sh: $*" >&2; exit 1; }

# Wait until the unix socket $1 answers the probe $2 (python expression on s).
wait_answer() {
    sock=$1; probe=$2; pidfile=$3; log=$4
    $PY - "$sock" "$WAIT" "$pidfile" "$probe" <<'EOF' || { tail -n 20 "$log" >&2 2>/dev/null; return 1; }
import os, socket, sys, time
sock, wait, pidfile, probe = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4]
end = time.monotonic() + wait
while time.monotonic() < end:
    try:
        s = socket.socket(socket.AF_UNIX); s.settimeout(2); s.connect(sock)
        if eval(probe):
            sys.exit(0)
    except OSError:
        pass
    time.sleep(0.05)
print(f"no answer on {sock} within {wait}s", file=sys.stderr)
sys.exit(1)
EOF
}

CLAM_PROBE='s.sendall(b"zPING\0") or s.recv(64) == b"PONG\0"'
# amavisd answers a request without request= with a tempfail; any reply proves it is up
AMAVIS_PROBE='s.sendall(b"x=1\r\n\r\n") or s.recv(4096).endswith(b"\r\n\r\n")'

start_clamd() {
    d=$1/clamd
    mkdir -p "$d/db" "$d/tmp"
    chmod 755 "$1" "$d"
    printf '%s\n' \
        'Local.Test.EICAR.NDB:0:*:45494341522d5354414e444152442d414e544956495255532d544553542d46494c45' \
        > "$d/db/local.ndb"
    cat > "$d/clamd.conf" <<EOF
Foreground yes
DatabaseDirectory $d/db
LocalSocket $d/clamd.sock
LocalSocketMode 666
FixStaleSocket yes
TemporaryDirectory $d/tmp
LogFile $d/clamd.log
LogTime yes
LogClean yes
PidFile $d/clamd.pid
StreamMaxLength ${CLAMD_STREAM_MAX:-1M}
MaxThreads 4
ReadTimeout 30
CommandReadTimeout 5
SelfCheck 0
Bytecode no
EOF
    [ -z "${CLAMD_TCP_PORT:-}" ] || printf 'TCPSocket %s\nTCPAddr 127.0.0.1\n' "$CLAMD_TCP_PORT" >> "$d/clamd.conf"
    rm -f "$d/clamd.pid"
    clamd -c "$d/clamd.conf" > "$d/clamd.out" 2>&1 &
    echo $! > "$d/clamd.pid"
    if ! wait_answer "$d/clamd.sock" "$CLAM_PROBE" "$d/clamd.pid" "$d/clamd.out"; then
        stop_pid "$d/clamd.pid"; die "clamd did not start (see $d/clamd.log)"
    fi
    echo "clamd $d/clamd.sock"
}

start_amavisd() {
    a=$1/amavis
    mkdir -p "$a/home" "$a/tmp" "$a/db"
    chmod 755 "$1" "$a"
    chown amavis:amavis "$a/home" "$a/tmp" "$a/db"
    chmod 750 "$a/home"
    # AM.PDP clients create their spool directories here: owner amavis, so a
    # client running as root hands each one over (chown) to amavis.
    chmod 755 "$a/tmp"
    with_clamd=0; [ -S "$1/clamd/clamd.sock" ] && with_clamd=1
    # amavisd refuses a config file its own user can write: root-owned, 0644.
    cat > "$a/amavisd.conf" <<EOF
use strict;
\$daemon_user = 'amavis'; \$daemon_group = 'amavis';
\$MYHOME = '$a/home'; \$TEMPBASE = '$a/tmp'; \$db_home = '$a/db';
\$QUARANTINEDIR = undef;
\$pid_file = "\$MYHOME/amavisd.pid"; \$lock_file = "\$MYHOME/amavisd.lock";
\$mydomain = 'example.test'; \$myhostname = 'amavis.example.test';
\$DO_SYSLOG = 0; \$LOGFILE = "\$MYHOME/amavisd.log"; \$log_level = 2;
\$max_servers = 2; \$child_timeout = 60;
\$enable_db = 0; \$enable_zmq = 0; \$nanny_details_level = 0;
\$enable_dkim_verification = 0; \$enable_dkim_signing = 0;
@local_domains_maps = ( ['.example.net'] );
@mynetworks = qw(127.0.0.0/8);
@bypass_spam_checks_maps = (1); @bypass_banned_checks_maps = (1);
@bypass_header_checks_maps = (1); @spam_scanners = ();
\$inet_socket_bind = '127.0.0.1'; \$inet_socket_port = [10024];
\$unix_socketname = "\$MYHOME/amavisd.sock";
\$interface_policy{'SOCK'} = 'AM.PDP-SOCK';
\$policy_bank{'AM.PDP-SOCK'} = { protocol => 'AM.PDP', auth_required_release => 0 };
\$policy_bank{'MP-TEST'} = { final_virus_destiny => D_DISCARD };
\$forward_method = 'smtp:[127.0.0.1]:10025'; \$notify_method = \$forward_method;
\$final_virus_destiny = D_REJECT;
\$final_banned_destiny = D_PASS; \$final_spam_destiny = D_PASS; \$final_bad_header_destiny = D_PASS;
\$virus_admin = undef; \$warnvirussender = 0; \$warnvirusrecip = 0;
\$X_HEADER_LINE = "amavis sandbox at \$mydomain";
@av_scanners_backup = ();
if ($with_clamd) {
  @bypass_virus_checks_maps = (0);
  @av_scanners = (['ClamAV-clamd', \\&ask_daemon, ["CONTSCAN {}\\n", "$1/clamd/clamd.sock"],
    qr/\\bOK\$/m, qr/\\bFOUND\$/m, qr/^.*?: (?!Infected Archive)(.*) FOUND\$/m ]);
} else {
  @bypass_virus_checks_maps = (1); @av_scanners = ();
}
1;
EOF
    chown root:root "$a/amavisd.conf"; chmod 644 "$a/amavisd.conf"
    rm -f "$a/home/amavisd.pid" "$a/home/amavisd.sock"
    # Private network namespace with only lo: amavisd may resolve names.
    unshare --net sh -c 'ip link set lo up && exec amavisd -c "$1" foreground' sh "$a/amavisd.conf" \
        > "$a/amavisd.out" 2>&1 &
    echo $! > "$a/launcher.pid"
    if ! wait_answer "$a/home/amavisd.sock" "$AMAVIS_PROBE" "$a/home/amavisd.pid" "$a/amavisd.out"; then
        stop_amavisd "$1"; die "amavisd did not start (see $a/amavisd.out, $a/home/amavisd.log)"
    fi
    echo "amavisd $a/home/amavisd.sock $a/tmp"
}

# gone PID: the process has exited (no such process, or a zombie).
gone() { [ ! -e "/proc/$1" ] || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]; }
# wait_gone PID TICKS: poll every 50 ms, at most TICKS times, until PID is gone.
wait_gone() {
    i=0
    while ! gone "$1" && [ $i -lt "$2" ]; do sleep 0.05; i=$((i + 1)); done
}
# Stop the process whose pid is in file $1: TERM, bounded wait (10 s), then
# KILL, and return once it is gone (bounded, 60 s): a peer still dying holds
# its socket, and a restart (clamd's FixStaleSocket) or the next probe would
# still find it answering.
stop_pid() {
    [ -f "$1" ] || return 0
    pid=$(cat "$1" 2>/dev/null || true)
    rm -f "$1"
    case $pid in ''|*[!0-9]*) return 0 ;; esac
    kill -CONT "$pid" 2>/dev/null || true   # a SIGSTOPped peer cannot exit
    kill -TERM "$pid" 2>/dev/null || return 0
    wait_gone "$pid" 200
    gone "$pid" && return 0
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 1200
}

stop_clamd() { stop_pid "$1/clamd/clamd.pid"; }

stop_amavisd() {
    # amavisd writes its own pid (same pid namespace) after it daemonizes its
    # children; the launcher pid is the process that became amavisd (exec).
    stop_pid "$1/amavis/home/amavisd.pid"
    stop_pid "$1/amavis/launcher.pid"
}

[ $# -eq 2 ] || die "usage: peers.sh start-clamd|start-amavisd|stop-clamd|stop-amavisd|stop DIR"
case $2 in /*) ;; *) die "DIR must be absolute: $2" ;; esac
case $1 in
    start-clamd) start_clamd "$2" ;;
    start-amavisd) start_amavisd "$2" ;;
    stop-clamd) stop_clamd "$2" ;;
    stop-amavisd) stop_amavisd "$2" ;;
    stop) stop_amavisd "$2"; stop_clamd "$2" ;;
    *) die "unknown command $1" ;;
esac
