#!/bin/bash
# probe_test.sh: address tests (sendmail -bt) against .cf files built from the
# features, inside a private network namespace with a test aliases file:
#   - conf/thishost-rx.mc (aliases map pointed at the sandbox): remote and
#     local recipients resolve to the esmtp mailer at [127.0.0.1], whose
#     A= names port 10024; mp_reject_unknown refuses unknown local users
#     (550 5.1.1) and passes aliases (plain, user+detail, user+*), passwd
#     users and remote addresses;
#   - the same .mc with mailertable + mp_partial_scan (and lmtp): listed
#     domains go to esmtp (MTA-TX, port 10025) or to the amavis mailer (port
#     10024, LMTP), unlisted ones follow the default;
#   - conf/thishost-tx.mc: remote mail leaves through esmtp to the domain
#     itself, local mail is delivered by the local mailer.
. "$(dirname "$0")/lib.sh"
. "$MT_SRC/tests/integration/lib/sandbox.sh"
sbx_init "$MT_TMP/sbx"
S=$MT_TMP/sbx

# Test aliases, built inside the namespace (newaliases looks up names).
printf 'postmaster: root\nsales: root\nsupport+*: root\njim+list: root\n' >"$S/aliases"
sbx_in /usr/sbin/sendmail -bi -oA"$S/aliases" >"$S/newaliases.out" 2>&1 ||
    mt_fail "newaliases: $(cat "$S/newaliases.out")"
printf 'trusted.example\tesmtp:[127.0.0.1]\nscanme.example\tamavis:[127.0.0.1]\n' >"$S/mailertable"
/usr/libexec/sendmail/makemap hash "$S/mailertable" <"$S/mailertable" 2>/dev/null

sed -e "s|hash -m /etc/mail/aliases|hash -m $S/aliases|" "$MT_SRC/conf/thishost-rx.mc" >"$S/rx.mc"
# Partial scanning: enable the two documented lines, speak LMTP to amavisd.
sed -e "s|^dnl #   FEATURE(\`mailertable')$|FEATURE(\`mailertable', \`hash -o $S/mailertable')dnl|" \
    -e "s|^dnl #   \(FEATURE(\`mp_partial_scan'.*\)$|\1dnl|" \
    -e "s|keep_aliases')|keep_aliases lmtp')|" "$S/rx.mc" >"$S/ps.mc"
grep -q '^FEATURE(`mp_partial_scan' "$S/ps.mc" && grep -q '^FEATURE(`mailertable' "$S/ps.mc" ||
    mt_fail "could not enable partial scanning in the .mc copy"
sed -e 's/`scan'"'"', `10025'"'"')/`direct'"'"', `10025'"'"')/' "$S/ps.mc" >"$S/psd.mc"
for n in rx ps psd; do mt_expand "$S/$n.mc" "$S/$n.cf" || mt_fail "m4 $n.mc: $(cat "$S/$n.cf.err")"; done
mt_expand "$MT_SRC/conf/thishost-tx.mc" "$S/tx.cf" || mt_fail "m4 thishost-tx.mc"

# bt CF INPUT: run an address test session; the "returns" lines of the
# top-level rulesets on stdout.
bt() { printf '%b' "$2" | sbx_in /usr/sbin/sendmail -C "$1" -bt 2>&1; }
# route CF ADDRESS: the mailer triple that ruleset 3,0 gives ADDRESS.
route() { bt "$1" "3,0 $2\n" | sed -n 's/^parse *returns: //p' | tr -d ' '; }
# rcpt CF ADDRESS: what Local_check_rcpt answers for RCPT TO:<ADDRESS>.
rcpt() { bt "$1" ".D{rcpt_addr}$2\nLocal_check_rcpt $2\n" | sed -n 's/^Local_check_rcpt *returns: //p'; }

# MTA-RX routing: everything to the content filter.
mt_eq "$(route "$S/rx.cf" someone@example.com)" '$#esmtp$@[127.0.0.1]$:someone<@example.com.>' "rx remote recipient"
mt_eq "$(route "$S/rx.cf" root@localhost)" '$#esmtp$@[127.0.0.1]$:root<@sandbox.test.>' "rx local recipient (stickyhost keeps the host)"
# An unqualified user is local at first; after alias expansion ruleset 5
# (localaddr) hands it to the hub as user@[127.0.0.1] (amavisd must count
# [127.0.0.1] as a local domain, see contrib/amavisd).
mt_eq "$(route "$S/rx.cf" sales)" '$#local$:sales' "rx unqualified recipient is local before aliasing"
mt_eq "$(bt "$S/rx.cf" 'localaddr sales\n' | sed -n 's/^localaddr *returns: //p' | tr -d ' ')" \
    '$#esmtp$@[127.0.0.1]$:sales<@[127.0.0.1]>' "rx local user goes to the hub after aliasing"
awk '$1 == "Mesmtp," {on = 1} on && /A=/ {print; exit}' "$S/rx.cf" | grep -q 'A=TCP \$h 10024$' &&
    mt_ok || mt_fail "rx esmtp mailer does not connect to port 10024"

# mp_reject_unknown
unknown='$#error$@5.1.1$:"550Userunknown"'
for a in nosuchuser@sandbox.test nosuchuser nosuchuser@localhost support@sandbox.test jim+other@sandbox.test; do
    mt_eq "$(rcpt "$S/rx.cf" "$a" | tr -d ' ')" "$unknown" "rx refuses unknown $a"
done
for a in sales@sandbox.test postmaster root@sandbox.test daemon@sandbox.test support+x@sandbox.test jim+list@sandbox.test; do
    r=$(rcpt "$S/rx.cf" "$a")
    [ -n "$r" ] && ! grep -q 'error' <<<"$r" && mt_ok || mt_fail "rx must accept known $a, got [$r]"
done
mt_eq "$(rcpt "$S/rx.cf" someone@example.com)" OK "rx leaves remote recipients alone"

# mp_partial_scan, default scan
mt_eq "$(route "$S/ps.cf" u@trusted.example)" '$#esmtp$@[127.0.0.1]$:u<@trusted.example.>' "partial: listed esmtp domain straight to MTA-TX"
mt_eq "$(route "$S/ps.cf" u@scanme.example)" '$#amavis$@[127.0.0.1]$:u<@scanme.example.>' "partial: listed amavis domain scanned"
mt_eq "$(route "$S/ps.cf" u@other.example)" '$#amavis$@[127.0.0.1]$:u<@other.example.>' "partial: unlisted domain scanned (default scan)"
mt_eq "$(route "$S/ps.cf" root@localhost)" '$#amavis$@[127.0.0.1]$:root<@sandbox.test.>' "partial: local mail scanned (default scan)"
awk '$1 == "Mamavis," {on = 1} on {print} on && /A=/ {exit}' "$S/ps.cf" >"$S/ps-amavis"
mt_has "$S/ps-amavis" 'A=TCP \$h 10024$' "partial: amavis mailer on port 10024"
mt_has "$S/ps-amavis" 'F=mDFMuXaz,' "partial: amavis mailer speaks LMTP"
awk '$1 == "Mesmtp," {on = 1} on {print} on && /A=/ {exit}' "$S/ps.cf" >"$S/ps-esmtp"
mt_has "$S/ps-esmtp" 'A=TCP \$h 10025$' "partial: esmtp mailer to MTA-TX port 10025"
mt_hasnt "$S/ps-esmtp" 'F=[^,]*z' "partial: esmtp stays SMTP"
# default direct
mt_eq "$(route "$S/psd.cf" u@other.example)" '$#esmtp$@[127.0.0.1]$:u<@other.example.>' "partial direct: unlisted domain not scanned"
mt_eq "$(route "$S/psd.cf" u@scanme.example)" '$#amavis$@[127.0.0.1]$:u<@scanme.example.>' "partial direct: listed amavis domain scanned"

# The three load cleanly too.
for n in rx ps psd; do
    bt "$S/$n.cf" '' >"$S/$n.bt"
    mt_hasnt "$S/$n.bt" 'line [0-9]+:|[Uu]nknown|[Ww]arning|[Ee]rror' "sendmail -bt $n.cf complaints"
done

# MTA-TX delivers: remote mail to the domain itself, local mail locally.
mt_eq "$(route "$S/tx.cf" someone@example.com)" '$#esmtp$@example.com.$:someone<@example.com.>' "tx remote recipient"
mt_eq "$(route "$S/tx.cf" root@localhost | sed 's/\$:.*//')" '$#local' "tx local recipient"
mt_done
