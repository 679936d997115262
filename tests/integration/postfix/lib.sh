# lib.sh: the Postfix form of the dual-instance amavisd setup, with the real
# Postfix 3.7 binaries of Debian's postfix .deb, never installed (it would
# replace sendmail): scripts/install-deps.sh downloads the .deb and unpacks it
# under /var/cache/milterpack/postfix/root (MP_POSTFIX_ROOT overrides).
#
#   swaks -> Postfix smtpd :2525, smtpd_milters = milterpack-milter with
#            conf/rx.conf (access map, protected recipients, greylisting)
#         -> content_filter amavisfeed:[127.0.0.1]:10024 (amavisd-new with
#            contrib/amavisd/60-dual-sendmail, clamd with a custom EICAR signature)
#         -> Postfix smtpd 127.0.0.1:10025, -o smtpd_milters = milterpack-milter
#            with conf/tx.conf (DKIM signing, daemons = { MTA-TX })
#         -> relayhost [127.0.0.1]:10026: the sink
#
# Sourced by postfix_test.sh:
#   . tests/integration/postfix/lib.sh
#   pf_up /abs/run-dir; trap topo_down EXIT
#   pf_swaks NAME [swaks args]      # transcript in $TOPO/NAME.txt
#
# Everything runs in the sandbox's private network+mount namespace. The
# milterpack side (its user, /etc/milterpack, the key, /run, amavisd, clamd) is
# the topology test's (tests/integration/topology/lib.sh); this file adds
# Postfix: /etc/postfix (main.cf and master.cf written below, postfix-files
# from the .deb), /usr/lib/postfix (the daemons and the libpostfix-*.so its
# RUNPATH names) and /var/spool/postfix, bind-mounted inside the namespace
# only, and the post* commands copied into the namespace's /usr/sbin (not
# its sendmail: sendmail 8 stays); /etc, /var, /usr/lib and /usr/sbin get
# namespace-only writable layers, and the
# postfix user and the postfix and postdrop groups exist only in the
# namespace's /etc. Nothing on the host changes.
# What differs from the shipped milterpack files, and why (sed on copies):
#   rx.conf  grey_wait 5m -> 2s (fast retry test); socket_group smmsp -> postfix
#   tx.conf  socket_group = postfix added (Postfix's smtpd runs as postfix)
#   access   one more entry, to:closed@example.test error:550 5.1.1 ...
# Needs: root, the sandbox's tools, amavisd-new, clamav-daemon, openssl.
MP_SOURCE_DIR=${MP_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
. "$MP_SOURCE_DIR/tests/integration/topology/lib.sh"
PF_ROOT=${MP_POSTFIX_ROOT:-/var/cache/milterpack/postfix/root}
PF_RX_PORT=2525 PF_SINK_PORT=10026

pf_binds() {
    topo_binds
    local r=$TOPO/root
    mkdir -p "$r/etc-postfix" "$r/spool-postfix" "$r/lib-postfix"
    SBX_OVERLAYS+=" /usr/lib /usr/sbin"
    SBX_BINDS+=" $r/etc-postfix:/etc/postfix $PF_ROOT/usr/lib/postfix:/usr/lib/postfix"
    SBX_BINDS+=" $r/spool-postfix:/var/spool/postfix $r/lib-postfix:/var/lib/postfix"
    export SBX_OVERLAYS SBX_BINDS
}

# postfix and postdrop exist only in the namespace's /etc (overlay).
pf_users() {
    topo_sh 'free_id() { for id in $(seq 989 -1 900); do
                getent passwd $id >/dev/null || getent group $id >/dev/null || { echo $id; return; }; done; }
        getent group postdrop >/dev/null || echo "postdrop:x:$(free_id):" >>/etc/group
        getent passwd postfix >/dev/null && exit 0
        id=$(free_id); echo "postfix:x:$id:" >>/etc/group
        echo "postfix:x:$id:$id:postfix:/var/spool/postfix:/usr/sbin/nologin" >>/etc/passwd'
}

# The milter sockets: Postfix's smtpd (user postfix) must be able to connect.
pf_etc_milterpack() {
    topo_etc_milterpack
    local e=$TOPO/root/etc-milterpack
    sed -i 's/^\( *socket_group = \)smmsp;/\1postfix;/' "$e/rx.conf"
    sed -i '/^ *socket = "unix:\/run\/milterpack\/tx\/milter.sock";/a\    socket_group = postfix;' "$e/tx.conf"
    grep -q 'socket_group = postfix;' "$e/rx.conf" && grep -q 'socket_group = postfix;' "$e/tx.conf" ||
        sbx_die "could not set socket_group in rx.conf/tx.conf"
    echo "to:closed@$TOPO_DOMAIN error:550 5.1.1 Mailbox closed by the access map" >>"$e/access"
}

# main.cf and master.cf: docs/postfix.md's snippets with the test's ports,
# no chroot (the sockets stay under /run) and the sink as relayhost.
pf_etc_postfix() {
    local p=$TOPO/root/etc-postfix f
    for f in postfix-files postfix-script post-install; do cp "$PF_ROOT/etc/postfix/$f" "$p/"; done
    mkdir -p "$p/postfix-files.d" "$p/dynamicmaps.cf.d"
    cp "$PF_ROOT/usr/share/postfix/dynamicmaps.cf" "$p/"
    cat >"$p/main.cf" <<MAINCF
compatibility_level = 3.6
myhostname = mx.$TOPO_DOMAIN
mydomain = $TOPO_DOMAIN
myorigin = \$mydomain
mydestination =
relay_domains = $TOPO_DOMAIN
mynetworks = 127.0.0.0/8
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
smtpd_relay_restrictions = permit_mynetworks, permit_auth_destination, reject
relayhost = [127.0.0.1]:$PF_SINK_PORT
smtp_dns_support_level = disabled
biff = no
alias_maps =
alias_database =
# milterpack with the receiving policy (MTA-RX's role)
smtpd_milters = unix:/run/milterpack/rx/milter.sock
non_smtpd_milters =
milter_default_action = tempfail
milter_macro_daemon_name = MTA-RX
# amavisd-new after the queue, re-injecting on 127.0.0.1:10025
content_filter = amavisfeed:[127.0.0.1]:10024
MAINCF
    cat >"$p/master.cf" <<'MASTERCF'
2525      inet  n       -       n       -       -       smtpd
amavisfeed unix -       -       n       -       2       smtp
  -o smtp_data_done_timeout=1200
  -o smtp_send_xforward_command=yes
  -o max_use=20
127.0.0.1:10025 inet n  -       n       -       -       smtpd
  -o content_filter=
  -o smtpd_milters=unix:/run/milterpack/tx/milter.sock
  -o milter_macro_daemon_name=MTA-TX
  -o receive_override_options=no_unknown_recipient_checks,no_header_body_checks,no_address_mappings
  -o smtpd_helo_restrictions=
  -o smtpd_client_restrictions=
  -o smtpd_sender_restrictions=
  -o smtpd_recipient_restrictions=permit_mynetworks,reject
  -o smtpd_relay_restrictions=permit_mynetworks,reject
  -o mynetworks=127.0.0.0/8
  -o smtpd_authorized_xforward_hosts=127.0.0.0/8
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
MASTERCF
    chown -R root:root "$p"; chmod 755 "$p"
}

# Postfix's own checks, which create the queue directories, then master in
# the foreground (-s: no detaching), so its pid is sbx_bg's.
pf_start() {
    topo_sh "cp $PF_ROOT/usr/sbin/post* /usr/sbin/ && chgrp postdrop /usr/sbin/postqueue /usr/sbin/postdrop &&
        chmod 2755 /usr/sbin/postqueue /usr/sbin/postdrop && chown postfix /var/lib/postfix &&
        postfix -c /etc/postfix check" \
        >"$TOPO/postfix-check.out" 2>&1 || { cat "$TOPO/postfix-check.out"; sbx_die "postfix check failed"; }
    sbx_bg postfix /usr/lib/postfix/sbin/master -s
    sbx_wait "sbx_listening $PF_RX_PORT && sbx_listening 10025" ||
        { cat "$SBX/log/postfix.out"; tail -20 "$SBX/log/maillog"; sbx_die "Postfix did not listen"; }
}

pf_up() {
    TOPO=$1; export TOPO
    local t0=$SECONDS
    [ -x "${MP_BUILD_DIR:?}/milters/milterpack-milter" ] || sbx_die "build milterpack-milter first"
    [ -x "$PF_ROOT/usr/lib/postfix/sbin/master" ] ||
        sbx_die "no Postfix under $PF_ROOT: run scripts/install-deps.sh (it downloads and unpacks the postfix .deb)"
    rm -rf "$TOPO"; mkdir -p "$TOPO"; chmod 755 "$TOPO"
    pf_binds
    sbx_init "$TOPO/sbx"; chmod 755 "$SBX"
    printf '127.0.0.1\t%s\n127.0.0.1\tremote.test\n' "$TOPO_DOMAIN" >>"$SBX/etc/hosts"
    topo_user
    pf_users
    pf_etc_milterpack
    topo_dirs
    pf_etc_postfix
    "$TOPO_PEERS" start-clamd "$TOPO/peers" >"$TOPO/clamd.out" || sbx_die "clamd did not start"
    sbx_sink "$PF_SINK_PORT"
    sbx_bg milter-rx "$MP_BUILD_DIR/milters/milterpack-milter" -f /etc/milterpack/rx.conf
    sbx_bg milter-tx "$MP_BUILD_DIR/milters/milterpack-milter" -f /etc/milterpack/tx.conf
    { sbx_milter_ready rx && sbx_milter_ready tx; } ||
        { tail "$SBX"/log/milter-*.out; sbx_die "milters did not start"; }
    topo_amavisd
    pf_start
    TOPO_UP_SECONDS=$((SECONDS - t0))
}

# pf_swaks NAME [swaks args]: one session to Postfix's smtpd :2525; transcript in $TOPO/NAME.txt.
pf_swaks() {
    local name=$1; shift
    sbx_swaks "$PF_RX_PORT" --header "Subject: $name" "$@" >"$TOPO/$name.txt" || true
}
