#!/bin/bash
# in-root.sh T: the body of integration.install (install.sh), run as pid 1 of
# its own mount, network, pid and UTS namespace. Mounts an overlay of / at
# T/root (writable layer on a tmpfs), makes it a Debian server named
# mail.example.com, runs docs/install.md's marked steps there (T/steps/*.sh,
# cut from the document by install.sh) and checks what step 7 says.
# When this shell ends, the kernel ends everything left in its pid namespace.
set -euo pipefail
T=$1 R=$1/root
fail() { echo "FAIL: $*"; exit 1; }
# wait_for 'condition' what [seconds] ['diagnostics']: poll; the cap (default
# 60 s) only bounds a failing test, which then runs the diagnostics command.
wait_for() {
    local end=$((EPOCHSECONDS + ${3:-60}))
    until eval "$1"; do
        [ "$EPOCHSECONDS" -lt "$end" ] || { [ -z "${4:-}" ] || eval "$4" | sed 's/^/    /'; fail "timeout: $2"; }
        sleep 0.1
    done
}

### the throw-away root ###
ip link set lo up
hostname mail.example.com
mkdir -p "$T/ovl"; mount -t tmpfs mp-install "$T/ovl"
mkdir -p "$T/ovl/up" "$T/ovl/work" "$R"
mount -t overlay overlay -o "lowerdir=/,upperdir=$T/ovl/up,workdir=$T/ovl/work" "$R"
mount -t proc proc "$R/proc"
mount -t tmpfs tmp "$R/tmp"; mount -t tmpfs run "$R/run"   # no systemd running in here
chmod 1777 "$R/tmp"
# A /dev of our own: the devices bound from the host, /dev/log our syslog.
mount -t tmpfs dev "$R/dev"
for n in null zero full random urandom tty; do touch "$R/dev/$n"; mount --bind "/dev/$n" "$R/dev/$n"; done
mkdir "$R/dev/pts" "$R/dev/shm"; ln -s /proc/self/fd "$R/dev/fd"
for i in 0 1 2; do ln -s "/proc/self/fd/$i" "$R/dev/$(echo stdin stdout stderr | cut -d' ' -f$((i + 1)))"; done
/usr/bin/python3 "$T/listeners.py" syslog "$R/dev/log" "$T/maillog" >"$T/syslog.out" 2>&1 &
syslog_pid=$!
wait_for '[ -S "$R/dev/log" ]' "the syslog socket"

# The server's identity as a Debian installer leaves it, and a resolver that
# is down: no name server in the namespace. The hosts file stands in for the
# DNS the senders' domains have (sendmail refuses a sender whose domain does
# not resolve).
cat >"$R/etc/hosts" <<'HOSTS'
127.0.0.1	mail.example.com mail localhost
127.0.0.1	example.com
127.0.0.9	example.net
127.0.0.9	spammer.example
::1	localhost
HOSTS
rm -f "$R/etc/resolv.conf"; printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$R/etc/resolv.conf"
echo example.com >"$R/etc/mailname"
printf '#!/bin/sh\nexit 101\n' >"$R/usr/sbin/policy-rc.d"; chmod 755 "$R/usr/sbin/policy-rc.d"
# Speed only (tens of seconds on a loaded machine, nothing checked): no mandb
# run at dpkg's trigger, and apt without the host's package lists (no network
# in here: it installs from the .deb and what is installed, as it would).
rm -f "$R/var/lib/man-db/auto-update" "$R"/var/cache/apt/*.bin
mount -t tmpfs lists "$R/var/lib/apt/lists"
# A fresh server: nothing of milterpack under /usr/local (a `cmake --install`
# on this host would shadow the package's units and programs).
rm -rf "$R"/usr/local/lib/systemd/system/{milterpack,sendmail-[rt]x}* "$R"/usr/local/{bin,sbin}/milterpack* \
    "$R"/usr/local/etc/milterpack "$R"/usr/local/lib/{sysusers.d,tmpfiles.d}/milterpack.conf
install -m 755 "$T/systemctl.sh" "$R/usr/local/sbin/systemctl"
export SHIM_DIR=/run/systemctl-shim
# sendmail's load-average limits off (thishost-rx.mc: DelayLA 8, RefuseLA 12
# are right for a mail host; this machine is loaded by other builds).
export SHIM_SENDMAIL_OPTS="-ODelayLA=0 -OQueueLA=1000 -ORefuseLA=1000"
[ -z "$(chroot "$R" dpkg-query -W -f='${Status}' milterpack 2>/dev/null || true)" ] ||
  chroot "$R" dpkg --purge milterpack >/dev/null   # a host with it installed: start clean
mkdir -p "$R/root/steps"; cp "$T"/steps/*.sh "$R/root/steps/"
cp "$T/deb" "$R/root/$(cat "$T/deb.name")"

# step NAME [-e]: docs/install.md's block NAME, as root in /root with a login's PATH
step() {
    local opt=${2:-}
    echo "== step $1 (at ${SECONDS}s)"
    chroot "$R" env -i HOME=/root USER=root LOGNAME=root TERM=dumb LANG=C.UTF-8 SHIM_DIR="$SHIM_DIR" \
        SHIM_SENDMAIL_OPTS="$SHIM_SENDMAIL_OPTS" PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        bash $opt -c "cd /root && . /root/steps/$1.sh" >"$T/$1.out" 2>&1
}
show() { sed 's/^/    /' "$@"; }
shim_log() { cat "$R$SHIM_DIR/$1.service.log" 2>/dev/null; }

# A fresh server has no mail yet: the host's mailboxes (the lower layer) are
# not this server's.
find "$R/var/mail" -mindepth 1 -maxdepth 1 -type f -delete 2>/dev/null || true

### 1-6: install, configure, start, as the document says ###
for s in packages rx tx amavisd sendmail; do
    step "$s" -e || { show "$T/$s.out"; fail "docs/install.md step '$s'"; }
done
# Every unit the document starts runs, each as its documented user.
step start -e || { show "$T/start.out"; fail "docs/install.md step 'start'"; }
wait_for '[ -S "$R/run/milterpack/rx/milter.sock" ] && [ -S "$R/run/milterpack/tx/milter.sock" ]' \
    "the milters' sockets" 60 'shim_log milterpack-milter@rx; shim_log milterpack-milter@tx'
listening() { [ -n "$(ss -Hltn "sport = :$1")" ]; }
wait_for 'listening 10024' "amavisd on 127.0.0.1:10024" 120 'shim_log amavis | tail -5'
wait_for 'listening 10025 && listening 25' "sendmail-tx on 10025 and sendmail-rx on 25" 60 \
    'shim_log sendmail-tx; shim_log sendmail-rx'
pid() { cat "$R$SHIM_DIR/$1.service.pid"; }
user_of() { chroot "$R" getent passwd "$(awk '/^Uid:/ {print $2}' "$R/proc/$(pid "$1")/status")" | cut -d: -f1; }
for u in milterpack-milter@rx milterpack-milter@tx; do [ "$(user_of "$u")" = milterpack ] || fail "$u runs as $(user_of "$u")"; done
[ "$(user_of amavis)" = amavis ] || fail "amavisd runs as $(user_of amavis)"
echo "ok installed and started"

### 7: the three messages ###
step check || true
show "$T/check.out" >"$T/check.txt"
awk -v d="$T" '/^=== Trying /{n++} {print > (d "/session" n ".txt")}' "$T/check.out"
A='(<[^>]*>\.\.\. )?'
expect() { grep -qE -- "$2" "$T/$1" || { show "$T/$1"; fail "$3"; }; }
expect session1.txt '^<-  250 2\.0\.0 .* Message accepted for delivery' "the first message was not accepted"
expect session2.txt "^<\\*\\* +451 4\\.7\\.1 ${A}Greylisted, please try again in 300 seconds\$" "the second message was not greylisted as the document says"
expect session3.txt "^<\\*\\* +550 5\\.7\\.1 ${A}No mail from spammer\\.example\$" "the third message was not refused by the access map"
echo "ok step 7's answers"

# The first message in root's mailbox, through amavisd and MTA-TX, signed.
box=$R/var/mail/root
wait_for 'grep -q "^DKIM-Signature:" "$box" 2>/dev/null' "the signed message in /var/mail/root" 120 \
    'tail -20 "$T/maillog"'
grep -q '(amavis, port 10024) with ESMTP' "$box" || { show "$box"; fail "the message did not pass amavisd"; }
# The message as sent (mbox: drop the envelope line, CRLF line ends).
awk 'NR > 1 || !/^From /' "$box" | sed 's/$/\r/' >"$T/message.eml"
grep -qE '^DKIM-Signature: v=1; a=rsa-sha256; .*d=example\.com;' "$T/message.eml" || { show "$T/message.eml"; fail "no d=example.com signature"; }
# The public key as openssl derives it from the key keygen wrote, and the
# record keygen printed for DNS: the same key.
key=$R/etc/milterpack/keys/s2026.private
pub=$(openssl pkey -in "$key" -pubout -outform DER | base64 -w0)
printf 's2026._domainkey.example.com v=DKIM1; k=rsa; p=%s\n' "$pub" >"$T/keys.txt"
rec=$(tr -d '\n\t' <"$R/etc/milterpack/keys/s2026.txt" | grep -o '"[^"]*"' | tr -d '"\n ' | sed 's/.*p=//')
[ "$rec" = "$pub" ] || fail "s2026.txt does not publish the key in s2026.private"
grep -q "$pub" <(tr -d '\n\t" ' <"$T/tx.out") || fail "keygen did not print the DNS record (step 'tx')"
/usr/bin/python3 "$T/dkim_offline_verify.py" "$T/keys.txt" "$T/message.eml" >"$T/verify.txt" 2>&1 ||
    { show "$T/verify.txt"; fail "python3-dkim does not verify the signature"; }
grep -q 'd=example.com s=s2026: PASS' "$T/verify.txt" || { show "$T/verify.txt"; fail "no passing s2026 signature"; }
sed 's/^Subject: /Subject: changed /' "$T/message.eml" >"$T/changed.eml"
! /usr/bin/python3 "$T/dkim_offline_verify.py" "$T/keys.txt" "$T/changed.eml" >/dev/null 2>&1 ||
    fail "a changed Subject still verifies"
# polled: the syslog listener may still be writing the line
wait_for "grep -qE 'milterpack-milter\\[[0-9]+\\]: .*action=tempfail .*reason=greylisting' \"\$T/maillog\"" \
    "the greylisting line in the mail log"
echo "ok signed, delivered and verified"

### the tools ###
step tools -e || { show "$T/tools.out"; fail "docs/install.md step 'tools'"; }
show "$T/tools.out"
grep -qE '^cltaddr:192\.0\.2\.0/24[[:space:]]+relay$' "$T/tools.out" || fail "lookup cltaddr:192.0.2.7 did not answer relay"
grep -qx 'entries 1' "$T/tools.out" || fail "greylist stats: not the one entry of the second message"
echo "ok tools"

units() { chroot "$R" env SHIM_DIR="$SHIM_DIR" /usr/local/sbin/systemctl "$@"; }

### reload, as step 7 says: check-config first; a file with errors changes nothing ###
conf=$R/etc/milterpack/rx.conf
cp -p "$conf" "$T/rx.conf.good"; echo 'metrics { listen = "127.0.0.1:99999"; }' >>"$conf"
! units reload milterpack-milter@rx 2>"$T/reload-bad.err" || fail "a reload with errors in rx.conf succeeded"
grep -q "rx.conf:$(wc -l <"$conf"):[0-9]*: " "$R$SHIM_DIR/milterpack-milter@rx.service.log" ||
    { shim_log milterpack-milter@rx | tail -5; fail "check-config did not name the error's position"; }
! grep -q 'SIGUSR1' "$T/maillog" || fail "the daemon was signalled although check-config failed"
cp -p "$T/rx.conf.good" "$conf"
units reload milterpack-milter@rx || fail "reload with the good rx.conf"
wait_for 'grep -q "milterpack-milter\[$(pid milterpack-milter@rx)\]: .*SIGUSR1: reloaded /etc/milterpack/rx.conf" "$T/maillog"' \
    "the reload line" 60 'grep milterpack-milter "$T/maillog" | tail -5'
echo "ok reload"

### milterpack-pmilter.service: installed, started by nothing, runs once configured ###
[ -f "$R/lib/systemd/system/milterpack-pmilter.service" ] || fail "milterpack-pmilter.service not installed"
[ -z "$(find "$R/etc/systemd/system" -name 'milterpack-pmilter*')" ] || fail "milterpack-pmilter.service enabled"
units start milterpack-pmilter 2>"$T/pm-start.err"
[ ! -e "$R$SHIM_DIR/milterpack-pmilter.service.pid" ] || fail "milterpack-pmilter started without /etc/milterpack/pmilter.conf"
# rx.conf's policy for sendmail X: its milter section as a pmilter section.
sed 's/^milter {/pmilter {/; s|unix:/run/milterpack/rx/milter.sock|unix:/run/milterpack/pmilter.sock|' \
    "$R/etc/milterpack/rx.conf" >"$R/etc/milterpack/pmilter.conf"
units start milterpack-pmilter || { shim_log milterpack-pmilter; fail "milterpack-pmilter.service did not start"; }
wait_for '[ -S "$R/run/milterpack/pmilter.sock" ] && [ "$(user_of milterpack-pmilter 2>/dev/null)" = milterpack ]' \
    "milterpack-pmilter's socket, as user milterpack" 60 'shim_log milterpack-pmilter'
units stop milterpack-pmilter
grep -qE 'milterpack-pmilter\[[0-9]+\]: .*milterpack-pmilter stopped by signal 15$' "$T/maillog" ||
    fail "no shutdown line from milterpack-pmilter ($(grep pmilter "$T/maillog"))"
[ ! -e "$R/run/milterpack/pmilter.sock" ] || fail "milterpack-pmilter left its socket behind"
echo "ok milterpack-pmilter.service"

### stop everything by pid ###
units stop sendmail-rx sendmail-tx amavis milterpack-milter@rx milterpack-milter@tx
left=$(ls "$R$SHIM_DIR"/*.pid 2>/dev/null || true)
[ -z "$left" ] || fail "still running: $left"
kill "$syslog_pid"; wait "$syslog_pid" 2>/dev/null || true
echo "ok stopped (${SECONDS}s)"
