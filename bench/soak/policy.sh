# policy.sh: the soak's configuration (sourced by bench/soak/run.sh with $T,
# $SENDER, $RCPT and $CLI set): rx.conf (receiving policy), tx.conf (DKIM
# signing, the key made here with `milterpack dkim keygen`, its public half in
# keys.txt for the offline verifier), and mta_mc SOCKET, the extra .mc lines of
# both sendmails (the milter, LogLevel 9, Listen=1024, MaxDaemonChildren=600).
{
    printf 'cltaddr:198.51.100.0/24\terror:550 5.7.1 Net refused\n'
    printf 'cltaddr:10.20.0.0/16\terror:550 5.7.1 Net refused\n'
    for i in $(seq 1 40); do printf 'from:@junk%d.example\terror:553 5.7.1 Not from there\n' "$i"; done
    for i in $(seq 1 40); do printf 'to:former%d@example.test\terror:550 5.1.1 User unknown\n' "$i"; done
    printf 'protectedrcpt:%s\tlist:<%s>\n' "$RCPT" "$RCPT"
    printf 'to:postmaster@example.test\tquick:ok\n'
} >"$T/access"
printf '%s: <%s> <dave@example.net>\n' "${RCPT%@*}" "$SENDER" >"$T/lists"
cat >"$T/rx.conf" <<CONF
milter { socket = "unix:$T/rx.sock"; user = nobody; }
log { level = info; ident = "mp-rx"; }
access_map { file = "$T/access"; }
protected_recipients { allow_by = { sender }; match_type = exact; }
aliases { file = "$T/lists"; }
greylisting { grey_wait = 5m; key = client_ip; on_store_error = tempfail; lmdb { path = "$T/grey"; sync = meta; } }
CONF
"$CLI" dkim keygen --domain example.org --selector soak --algorithm rsa --dir "$T/keys" >"$T/keys/soak.zone" 2>/dev/null
chown nobody "$T/keys/soak.private"
printf 'soak._domainkey.example.org %s\n' "$(grep -o '"[^"]*"' "$T/keys/soak.zone" | tr -d '"\n')" >"$T/keys.txt"
cat >"$T/tx.conf" <<CONF
dkim { domain = example.org; selector = soak; key_file = "$T/keys/soak.private"; daemons = { MTA-tx }; internal_networks = {}; }
milter { socket = "unix:$T/tx.sock"; user = nobody; }
log { level = info; ident = "mp-tx"; }
CONF
# Listen= is a DaemonPortOptions field: the sandbox's one DAEMON_OPTIONS line
# gets it appended when the .cf is generated.
mta_mc() {
    printf "define(\`confLOG_LEVEL', \`9')dnl\n"
    printf "define(\`confMAX_DAEMON_CHILDREN', \`600')dnl\n"
    printf "define(\`_MP_DPO_', defn(\`_DPO_'))dnl\n"
    printf "define(\`_DPO_', \`patsubst(defn(\`_MP_DPO_'), \`Addr=127\\\\.0\\\\.0\\\\.1', \`\\\\&, Listen=1024')')dnl\n"
    printf "INPUT_MAIL_FILTER(\`milterpack', \`S=unix:%s, F=T, T=C:30s;S:2m;R:2m;E:5m')dnl" "$1"
}
