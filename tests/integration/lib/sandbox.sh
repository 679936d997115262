# sandbox.sh: a private network namespace (loopback only, hosts-file
# resolution, /dev/log to a file) for real sendmail 8 instances, milterpack
# and its peers. Sourced by the integration tests and the demo:
#   . tests/integration/lib/sandbox.sh
#   sbx_init /tmp/run-dir; trap sbx_stop EXIT
#   sbx_sink 10026; sbx_milter rx conf/rx.conf; sbx_mta rx 2525 10026 "$mc_lines"
#   sbx_swaks 2525 --from a@b --to c@d    # transcript on stdout
# Everything it starts is recorded in $SBX/pids and stopped by pid in sbx_stop.
# Optional env of sbx_init (ns-setup.sh.in): SBX_OVERLAYS="/etc /var" (namespace-only
# writable layers) and SBX_BINDS="src:dst ..." (test dirs over production paths).
# Needs root, util-linux (unshare, nsenter), iproute2, sendmail-bin, sendmail-cf,
# m4, swaks and Debian's python3-aiosmtpd.
set -o pipefail
SBX_PY=/usr/bin/python3
SBX_CF=/usr/share/sendmail/cf
SBX_LIBDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

sbx_die() { echo "sandbox: $*" >&2; exit 1; }
sbx_holder() { cat "$SBX/holder.pid" 2>/dev/null; }
sbx_in() { nsenter -t "$(sbx_holder)" --net --mount --uts -- "$@"; }
# sbx_wait 'shell condition' [seconds]: poll every 50 ms until the condition
# holds, for at most SECONDS (default 60). The cap only bounds a failing test,
# so it is generous (>= 10x what the awaited step takes on a loaded 2-core
# machine); a passing test returns as soon as the condition holds.
sbx_wait() {
    local end=$((EPOCHSECONDS + ${2:-60}))
    until eval "$1"; do
        [ "$EPOCHSECONDS" -lt "$end" ] || { echo "sandbox: ${2:-60}s timeout waiting for: $1" >&2; return 1; }
        sleep 0.05
    done
}
# sbx_clock_past T: return once the clock's second (time(2), as the milter
# reads it) is at least T, e.g. a grey_wait after an attempt. Sleeping longer
# than asked is harmless to every caller: none of them has an upper bound.
sbx_clock_past() {
    [ $(($1 - EPOCHSECONDS)) -le 600 ] || sbx_die "sbx_clock_past: $1 is more than 10 minutes away"
    while [ "$EPOCHSECONDS" -lt "$1" ]; do sleep 0.1; done
}
# sbx_bg NAME CMD...: a daemon inside the namespace; nsenter execs, so $! is the daemon.
sbx_bg() {
    local n=$1; shift
    nsenter -t "$(sbx_holder)" --net --mount --uts -- "$@" >>"$SBX/log/$n.out" 2>&1 &
    echo $! >"$SBX/$n.pid"; echo "$n $!" >>"$SBX/pids"; disown $!
}
sbx_listening() { [ -n "$(sbx_in ss -Hltn "sport = :$1")" ]; }
# sbx_accepts PATH: a connect to the unix socket PATH succeeds. The file alone
# proves less: it exists from bind(), before listen(), and a client connecting
# in between is refused.
sbx_accepts() { $SBX_PY -c 'import socket, sys; socket.socket(socket.AF_UNIX).connect(sys.argv[1])' "$1" 2>/dev/null; }

sbx_init() {
    SBX=$1; export SBX
    [ "$(id -u)" = 0 ] || sbx_die "needs root (unshare/nsenter)"
    rm -rf "$SBX"; mkdir -p "$SBX"/{etc,dev,log,sink}
    printf '127.0.0.1\tlocalhost sandbox.test rx.sandbox.test tx.sandbox.test\n' >"$SBX/etc/hosts"
    printf '127.0.0.2\tclient2.sandbox.test\n127.0.0.3\tclient3.sandbox.test\n' >>"$SBX/etc/hosts"
    printf '::1\tlocalhost\n' >>"$SBX/etc/hosts"
    printf 'hosts: files\npasswd: files\ngroup: files\nshadow: files\n' >"$SBX/etc/nsswitch.conf"
    printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$SBX/etc/resolv.conf"
    sed "s|@SBX@|$SBX|g" "$SBX_LIBDIR/ns-setup.sh.in" >"$SBX/ns-setup.sh"; chmod 755 "$SBX/ns-setup.sh"
    unshare --net --mount --uts --propagation private "$SBX/ns-setup.sh" >"$SBX/log/ns.log" 2>&1 &
    echo $! >"$SBX/holder.pid"
    sbx_wait '[ -e "$SBX/ns.ready" ]' || { cat "$SBX/log/ns.log"; sbx_die "namespace did not come up"; }
    sbx_bg syslog $SBX_PY "$SBX_LIBDIR/listeners.py" syslog "$SBX/log/syslog.sock" "$SBX/log/maillog"
    sbx_wait '[ -S "$SBX/log/syslog.sock" ]'
}

sbx_sink() {  # $1 = port: an SMTP server storing each message as sink/*.eml
    sbx_bg sink $SBX_PY "$SBX_LIBDIR/listeners.py" sink "$1" "$SBX/sink"
    sbx_wait "sbx_listening $1"
}
sbx_nsink() { find "$SBX/sink" -name '*.eml' | wc -l; }

# sbx_milter NAME CONF [extra args]: milterpack-milter inside the namespace, logging to
# syslog (maillog), or with -d to stderr (log/milter-NAME.out).
sbx_milter() {
    local n=$1 conf=$2; shift 2
    sbx_started "milter-$n" >"$SBX/milter-$n.starts"
    sbx_bg "milter-$n" "${MP_BUILD_DIR:?}/milters/milterpack-milter" -f "$conf" "$@"
}
sbx_started() { cat "$SBX/log/$1.out" 2>/dev/null | grep -c 'listening on' || true; }
# sbx_milter_ready NAME: wait (60 s cap) until the milter started as NAME
# (sbx_milter, or sbx_bg milter-NAME) listens: its "listening on" line in the
# maillog under its pid, or one more such line in its stderr (-d; that file
# is appended to across restarts). Not the socket file: it exists from bind(),
# before listen(), and a client connecting in between is refused.
sbx_milter_ready() {
    local p n; p=$(cat "$SBX/milter-$1.pid") n=$(cat "$SBX/milter-$1.starts" 2>/dev/null || echo 0)
    sbx_wait "grep -qsE '\\[$p\\]: (NOQUEUE: )?listening on' '$SBX/log/maillog' || [ \$(sbx_started milter-$1) -gt $n ]" ||
        { tail -5 "$SBX/log/milter-$1.out"; return 1; }
}

# sbx_mta NAME PORT NEXT_HOP_PORT MC_LINES [MODE]: a sendmail 8 daemon (foreground -bD)
# listening on 127.0.0.1:PORT with DAEMON_OPTIONS Name=MTA-NAME, relaying all mail to
# 127.0.0.1:NEXT_HOP_PORT. SBX_DAEMON_EXTRA (e.g. ", Listen=1024") extends DAEMON_OPTIONS.
sbx_mta() {
    local n=$1 port=$2 next=$3 extra=$4 mode=${5:-interactive} d="$SBX/$1"
    mkdir -p "$d/mqueue"; chmod 700 "$d/mqueue"
    touch "$d/local-host-names" "$d/relay-domains" "$d/trusted-users" "$d/statistics"
    printf 'hosts files\naliases files\n' >"$d/service.switch"
    printf 'postmaster: root\nMAILER-DAEMON: postmaster\n' >"$d/aliases"
    printf 'Connect:127\tRELAY\nConnect:localhost\tRELAY\n' >"$d/access"
    MTA_NAME=$n MTA_PORT=$port NEXT_PORT=$next MODE=$mode D=$d SBXDIR=$SBX CF=$SBX_CF \
        DAEMON_EXTRA=${SBX_DAEMON_EXTRA:-} \
        envsubst '$MTA_NAME $MTA_PORT $NEXT_PORT $MODE $D $SBXDIR $CF $DAEMON_EXTRA' \
        <"$SBX_LIBDIR/instance.mc.in" >"$d/sendmail.mc"
    printf '%s\n' "$extra" >>"$d/sendmail.mc"
    printf "MAILER(\`local')dnl\nMAILER(\`smtp')dnl\n" >>"$d/sendmail.mc"
    (cd "$SBX_CF" && m4 -D_CF_DIR_= ${SBX_M4_INCLUDE:+-I "$SBX_M4_INCLUDE"} "$d/sendmail.mc") \
        >"$d/sendmail.cf" 2>"$d/m4.err" || { cat "$d/m4.err"; sbx_die "m4 failed ($n)"; }
    /usr/libexec/sendmail/makemap -s hash "$d/access" <"$d/access" 2>"$d/makemap.err" ||
        { cat "$d/makemap.err"; sbx_die "makemap failed ($n)"; }
    sbx_bg "mta-$n" /usr/sbin/sendmail -C "$d/sendmail.cf" -L "sm-$n" -bD -q1m -X "$SBX/log/$n.trace"
    sbx_wait "sbx_listening $port" || { cat "$SBX/log/mta-$n.out"; sbx_die "sendmail $n did not listen"; }
}

# sbx_swaks PORT [swaks args]: one SMTP session from inside the namespace; transcript on stdout.
sbx_swaks() {
    local port=$1; shift
    sbx_in swaks --server 127.0.0.1 --port "$port" --helo client.sandbox.test --timeout 30 "$@" 2>&1
}

sbx_alive() { [ -e "/proc/$1" ] && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }
# sbx_kill NAME [SIG]: stop one daemon by its pid file; returns once it is gone
# (after SIGKILL too: a daemon still dying may hold its port or socket).
sbx_kill() {
    local p; p=$(cat "$SBX/$1.pid" 2>/dev/null) || return 0
    kill "-${2:-TERM}" "$p" 2>/dev/null || true
    sbx_wait "! sbx_alive $p" 10 || { kill -9 "$p" 2>/dev/null; sbx_wait "! sbx_alive $p"; } || true
    rm -f "$SBX/$1.pid"
}

sbx_stop() {
    [ -n "${SBX:-}" ] && [ -f "$SBX/holder.pid" ] || return 0
    local name p ns h
    while read -r name p; do kill "$p" 2>/dev/null || true; done <"$SBX/pids"
    sleep 0.2
    h=$(sbx_holder); ns=$(readlink "/proc/$h/ns/net")
    for p in /proc/[0-9]*; do p=${p#/proc/}      # queue runners, children, slow milters
        [ "$p" != "$h" ] && [ "$(readlink "/proc/$p/ns/net" 2>/dev/null)" = "$ns" ] && { kill -9 "$p" 2>/dev/null || true; }
    done
    kill "$h" 2>/dev/null || true; rm -f "$SBX/holder.pid" "$SBX/ns.ready"
    return 0
}

# sbx_not_accepted TRANSCRIPT SUBJECT: sendmail never accepted the message (no
# "250 ... Message accepted" in the swaks transcript, so nothing was queued that
# could reach the sink later) and the sink holds no copy. Nothing to wait for.
sbx_not_accepted() {
    sbx_expect_not "$1" '^<-  250 2\.0\.0 .*Message accepted' "message accepted" || return 1
    ! grep -lqE "^Subject: $2"$'\r?$' "$SBX"/sink/*.eml 2>/dev/null || { echo "FAIL: '$2' reached the sink" >&2; return 1; }
}

# sbx_logged FILE ERE: wait (60 s cap, silent) until FILE has a line matching
# ERE; false at the cap. For the maillog: the syslog listener writes a line
# after the daemon sent it, so a session's transcript can be complete while
# its log line is still on its way; a plain grep right after the session
# failed on a loaded machine. The caller reports the failure.
sbx_logged() { sbx_wait "grep -qE -- $(printf %q "$2") $(printf %q "$1")" 2>/dev/null; }

# Assertions: print the transcript on failure.
sbx_expect() {  # sbx_expect FILE REGEX [what]
    grep -qE -- "$2" "$1" && return 0
    echo "FAIL: ${3:-expected} /$2/ in $1:" >&2; sed 's/^/    /' "$1" >&2; return 1
}
sbx_expect_not() {
    grep -qE -- "$2" "$1" || return 0
    echo "FAIL: ${3:-unexpected} /$2/ in $1:" >&2; sed 's/^/    /' "$1" >&2; return 1
}
