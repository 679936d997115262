# lib.sh: the topology of the dual-instance amavisd setup, built from the
# shipped files and run in a private network+mount namespace (sandbox.sh):
#
#   swaks -> MTA-RX :2525 (conf/thishost-rx.mc, milterpack-milter with
#            conf/rx.conf: access map, protected recipients, greylisting)
#         -> amavisd-new 127.0.0.1:10024 (contrib/amavisd/60-dual-sendmail,
#            clamd with a custom EICAR signature)
#         -> MTA-TX 127.0.0.1:10025 (conf/thishost-tx.mc, milterpack-milter
#            with conf/tx.conf: DKIM signing, key made by milterpack dkim keygen)
#         -> remote.test's host (127.0.0.1:25 through the namespace's
#            /etc/hosts): the sink
#
# Sourced by topology_test.sh and scripts/demo-topology.sh:
#   . tests/integration/topology/lib.sh
#   topo_up /abs/run-dir; trap topo_down EXIT
#   topo_swaks NAME [swaks args]     # transcript in $TOPO/NAME.txt
#
# The .cf and .conf files keep their production paths: test directories
# under $TOPO are bind-mounted over /etc/mail, /etc/milterpack, /run,
# /var/lib/milterpack, /var/lib/sendmail, /var/spool/mqueue-rx and
# /var/spool/mqueue inside the namespace (SBX_BINDS); /etc and /var get a
# namespace-only writable layer (SBX_OVERLAYS) for the missing mount points
# and the milterpack system user. Nothing on the host changes.
#
# What differs from the shipped files, and why (each a sed on a copy):
#   thishost-rx.mc  mp_dual_rx gets LISTEN `Port=2525': port 25 is taken by the
#                   sink standing for remote.test's mail exchanger
#   rx.conf         grey_wait 5m -> 2s, so the retry test is fast
# and both MTAs start with -ODelayLA=0 -OQueueLA=1000 -ORefuseLA=1000 (the
# shipped DelayLA 8 / RefuseLA 12 are right for a mail host, but the tests run
# on loaded machines, where sendmail would sleep, queue or refuse connections).
# Everything else (thishost-tx.mc, tx.conf, 60-dual-sendmail) is used as
# shipped; the site data (aliases, access maps, keys, amavisd's base
# settings) is written here.
# Needs: root, the sandbox's tools, amavisd-new, clamav-daemon, openssl.
MP_SOURCE_DIR=${MP_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
. "$MP_SOURCE_DIR/tests/integration/lib/sandbox.sh"
TOPO_PEERS=$MP_SOURCE_DIR/tests/tools/peers.sh
TOPO_DOMAIN=example.test TOPO_SELECTOR=mta2026 TOPO_RX_PORT=2525
TOPO_EICAR='X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'

topo_down() {
    sbx_stop
    [ -n "${TOPO:-}" ] && "$TOPO_PEERS" stop-clamd "$TOPO/peers" >/dev/null 2>&1
    return 0
}

# Inside the namespace: $1 = command string for sh.
topo_sh() { sbx_in sh -c "$1"; }

topo_binds() {
    local r=$TOPO/root
    SBX_OVERLAYS="/etc /var"
    SBX_BINDS="$r/etc-mail:/etc/mail $r/etc-milterpack:/etc/milterpack $r/run:/run"
    SBX_BINDS+=" $r/var-lib-milterpack:/var/lib/milterpack $r/var-lib-sendmail:/var/lib/sendmail"
    SBX_BINDS+=" $r/mqueue-rx:/var/spool/mqueue-rx $r/mqueue:/var/spool/mqueue"
    export SBX_OVERLAYS SBX_BINDS
    mkdir -p "$r"/{etc-mail,etc-milterpack,run,var-lib-milterpack,var-lib-sendmail,mqueue-rx,mqueue}
}

# The milter's user exists only in the namespace's /etc (overlay).
topo_user() {
    topo_sh 'getent passwd milterpack >/dev/null && exit 0
        for id in $(seq 990 -1 900); do
            getent passwd $id >/dev/null || getent group $id >/dev/null || break; done
        echo "milterpack:x:$id:" >>/etc/group
        echo "milterpack:x:$id:$id:milterpack:/nonexistent:/usr/sbin/nologin" >>/etc/passwd'
}

# /etc/mail: both .cf files (m4 with the project's features, as docs/m4.md
# says), aliases (mp_reject_unknown), sendmail's access map, local names.
topo_etc_mail() {
    local m=$TOPO/root/etc-mail cf=/usr/share/sendmail/cf
    sed "s/\`keep_aliases')dnl/\`keep_aliases', \`', \`', \`Port=$TOPO_RX_PORT')dnl/" \
        "$MP_SOURCE_DIR/conf/thishost-rx.mc" >"$m/thishost-rx.mc"
    grep -q "Port=$TOPO_RX_PORT" "$m/thishost-rx.mc" || sbx_die "could not set the test port in thishost-rx.mc"
    cp "$MP_SOURCE_DIR/conf/thishost-tx.mc" "$m/thishost-tx.mc"
    local n
    for n in rx tx; do
        (cd "$cf" && m4 -D_CF_DIR_= -I "$MP_SOURCE_DIR/m4" "$m/thishost-$n.mc") >"$m/thishost-$n.cf" 2>"$TOPO/m4-$n.err" ||
            { cat "$TOPO/m4-$n.err"; sbx_die "m4 thishost-$n.mc failed"; }
    done
    echo "$TOPO_DOMAIN" >"$m/local-host-names"
    : >"$m/relay-domains"; : >"$m/trusted-users"
    printf 'hosts\tfiles\naliases\tfiles\n' >"$m/service.switch"
    [ -f /etc/mail/helpfile ] && cp /etc/mail/helpfile "$m/helpfile"
    # Debian's default access file: the local host may relay.
    printf 'Connect:localhost\tRELAY\nConnect:127.0.0.1\tRELAY\n' >"$m/access"
    topo_sh '/usr/libexec/sendmail/makemap -C /etc/mail/thishost-rx.cf hash /etc/mail/access </etc/mail/access' || sbx_die "makemap failed"
    cat >"$m/aliases" <<EOF
postmaster: root
MAILER-DAEMON: postmaster
abuse: postmaster
bob: bob@remote.test
staff: bob@remote.test
EOF
    install -o smmsp -g smmsp -m 640 /dev/null "$m/stat-rx"
    chmod -R go-w "$m"; chmod 755 "$m"
    topo_sh '/usr/sbin/sendmail -C /etc/mail/thishost-tx.cf -bi' >"$TOPO/newaliases.out" 2>&1 ||
        { cat "$TOPO/newaliases.out"; sbx_die "newaliases failed"; }
    # MTA-RX runs as smmsp: Debian's owner and modes for the maps.
    chgrp smmsp "$m/access.db" "$m/aliases.db"
}

# /etc/milterpack: rx.conf (short grey_wait), tx.conf as shipped, the
# milterpack access map and lists, KeyTable/SigningTable and a fresh key.
topo_etc_milterpack() {
    local e=$TOPO/root/etc-milterpack
    sed 's/^\( *grey_wait = \)5m;/\12s;/' "$MP_SOURCE_DIR/conf/rx.conf" >"$e/rx.conf"
    grep -q 'grey_wait = 2s;' "$e/rx.conf" || sbx_die "could not shorten grey_wait in rx.conf"
    cp "$MP_SOURCE_DIR/conf/tx.conf" "$e/tx.conf"
    cat >"$e/access" <<EOF
to:postmaster@$TOPO_DOMAIN quick:ok
to:abuse@$TOPO_DOMAIN quick:ok
protectedrcpt:staff@$TOPO_DOMAIN list:<staff@$TOPO_DOMAIN>
EOF
    echo "staff@$TOPO_DOMAIN: <alice@$TOPO_DOMAIN> <bob@$TOPO_DOMAIN>" >"$e/lists"
    echo "mta $TOPO_DOMAIN:$TOPO_SELECTOR:/etc/milterpack/keys/$TOPO_SELECTOR.private" >"$e/KeyTable"
    echo "*@$TOPO_DOMAIN mta" >"$e/SigningTable"
    mkdir -p "$e/keys"
    topo_keygen "$e/keys"
    # The public key for the verifier, derived with openssl (not by the code under test).
    printf '%s._domainkey.%s v=DKIM1; k=rsa; p=%s\n' "$TOPO_SELECTOR" "$TOPO_DOMAIN" \
        "$(openssl pkey -in "$e/keys/$TOPO_SELECTOR.private" -pubout -outform DER | base64 -w0)" >"$TOPO/dkim-keys.txt"
    topo_sh "chown -R milterpack: /etc/milterpack/keys && chmod 700 /etc/milterpack/keys &&
        chmod 600 /etc/milterpack/keys/$TOPO_SELECTOR.private"
}

# The signing key: milterpack dkim keygen, or openssl when the CLI has none.
topo_keygen() {
    local cli=${MP_BUILD_DIR:?}/cli/milterpack
    if [ -x "$cli" ] && "$cli" dkim keygen --domain "$TOPO_DOMAIN" --selector "$TOPO_SELECTOR" \
        --algorithm rsa --dir "$1" >"$TOPO/keygen.out" 2>&1; then
        TOPO_KEYGEN="milterpack dkim keygen"
    else
        openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1/$TOPO_SELECTOR.private" 2>/dev/null ||
            sbx_die "openssl genpkey failed"
        TOPO_KEYGEN="openssl genpkey"
    fi
}

# /run, /var/lib, the queues: owners and modes as the .mc comments say.
topo_dirs() {
    local r=$TOPO/root
    mkdir -p "$r/run/milterpack/rx" "$r/run/milterpack/tx" "$r/run/sendmail/mta" "$r/var-lib-sendmail/host_status"
    chmod 755 "$r/run" "$r/run/milterpack" "$r/run/milterpack/rx" "$r/run/milterpack/tx"
    chown smmsp:smmsp "$r/mqueue-rx" "$r/var-lib-sendmail" "$r/var-lib-sendmail/host_status"
    chmod 770 "$r/mqueue-rx"
    # Shared by both instances; sendmail ignores a group-writable one.
    chmod 750 "$r/var-lib-sendmail" "$r/var-lib-sendmail/host_status"
    chmod 700 "$r/mqueue"
    topo_sh 'chown milterpack: /var/lib/milterpack && chmod 750 /var/lib/milterpack'
}

# amavisd-new: site basics here, then contrib/amavisd/60-dual-sendmail as
# shipped (it reads $mydomain, so it comes after).
topo_amavisd() {
    local a=$TOPO/amavis p=$TOPO/peers
    mkdir -p "$a/home" "$a/tmp" "$a/db"
    chmod 755 "$a"; chown amavis:amavis "$a/home" "$a/tmp" "$a/db"
    install -m 644 "$MP_SOURCE_DIR/contrib/amavisd/60-dual-sendmail" "$a/60-dual-sendmail"
    cat >"$a/amavisd.conf" <<EOF
use strict;
\$daemon_user = 'amavis'; \$daemon_group = 'amavis';
\$MYHOME = '$a/home'; \$TEMPBASE = '$a/tmp'; \$db_home = '$a/db';
\$QUARANTINEDIR = undef;
\$pid_file = "\$MYHOME/amavisd.pid"; \$lock_file = "\$MYHOME/amavisd.lock";
\$mydomain = '$TOPO_DOMAIN'; \$myhostname = 'amavis.$TOPO_DOMAIN';
\$DO_SYSLOG = 0; \$LOGFILE = "\$MYHOME/amavisd.log"; \$log_level = 2;
\$enable_db = 0; \$enable_zmq = 0; \$nanny_details_level = 0;
\$enable_dkim_verification = 0; \$enable_dkim_signing = 0;
@mynetworks = qw(127.0.0.0/8);
@bypass_spam_checks_maps = (1); @spam_scanners = ();
\$virus_admin = undef; \$warnvirussender = 0; \$warnvirusrecip = 0;
\$X_HEADER_LINE = "amavisd-new at \$mydomain";
@bypass_virus_checks_maps = (0); @av_scanners_backup = ();
@av_scanners = (['ClamAV-clamd', \\&ask_daemon, ["CONTSCAN {}\\n", "$p/clamd/clamd.sock"],
  qr/\\bOK\$/m, qr/\\bFOUND\$/m, qr/^.*?: (?!Infected Archive)(.*) FOUND\$/m ]);
include_config_files('$a/60-dual-sendmail');
1;
EOF
    chmod 644 "$a/amavisd.conf"
    sbx_bg amavisd amavisd -c "$a/amavisd.conf" foreground
    sbx_wait "sbx_listening 10024" 120 || { tail -20 "$SBX/log/amavisd.out"; sbx_die "amavisd did not listen on 10024"; }
}

topo_up() {
    TOPO=$1; export TOPO
    local t0=$SECONDS
    [ -x "${MP_BUILD_DIR:?}/milters/milterpack-milter" ] || sbx_die "build milterpack-milter first"
    rm -rf "$TOPO"; mkdir -p "$TOPO"; chmod 755 "$TOPO"
    topo_binds
    sbx_init "$TOPO/sbx"; chmod 755 "$SBX"
    # What DNS says in production: our domain's host (sendmail refuses senders
    # from domains that do not resolve) and remote.test's mail exchanger (the
    # sink), each on its own line so neither becomes one of the host's names.
    printf '127.0.0.1\t%s\n127.0.0.1\tremote.test\n' "$TOPO_DOMAIN" >>"$SBX/etc/hosts"
    topo_user
    topo_etc_mail
    topo_etc_milterpack
    topo_dirs
    "$TOPO_PEERS" start-clamd "$TOPO/peers" >"$TOPO/clamd.out" || sbx_die "clamd did not start"
    sbx_sink 25
    sbx_bg milter-rx "$MP_BUILD_DIR/milters/milterpack-milter" -f /etc/milterpack/rx.conf
    sbx_bg milter-tx "$MP_BUILD_DIR/milters/milterpack-milter" -f /etc/milterpack/tx.conf
    { sbx_milter_ready rx && sbx_milter_ready tx; } ||
        { tail "$SBX"/log/milter-*.out; sbx_die "milters did not start"; }
    topo_amavisd
    local no_la="-ODelayLA=0 -OQueueLA=1000 -ORefuseLA=1000"
    sbx_bg mta-tx /usr/sbin/sendmail -C /etc/mail/thishost-tx.cf -L sm-mta-tx $no_la -bD -q15m
    sbx_wait "sbx_listening 10025" || { cat "$SBX/log/mta-tx.out"; sbx_die "MTA-TX did not listen"; }
    sbx_bg mta-rx /usr/sbin/sendmail -C /etc/mail/thishost-rx.cf -L sm-mta-rx $no_la -bD -qp
    sbx_wait "sbx_listening $TOPO_RX_PORT" || { cat "$SBX/log/mta-rx.out"; sbx_die "MTA-RX did not listen"; }
    TOPO_UP_SECONDS=$((SECONDS - t0))
}

# topo_swaks NAME [swaks args]: one session to MTA-RX; transcript in $TOPO/NAME.txt.
topo_swaks() {
    local name=$1; shift
    sbx_swaks "$TOPO_RX_PORT" --header "Subject: $name" "$@" >"$TOPO/$name.txt" || true
}

# topo_sunk SUBJECT: the sink file carrying that subject (empty if none).
topo_sunk() { grep -l "^Subject: $1"$'\r'"\?$" "$SBX"/sink/*.eml 2>/dev/null | head -1; }
