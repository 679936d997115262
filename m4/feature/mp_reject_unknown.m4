divert(-1)
dnl # mp_reject_unknown.m4: MTA-RX refuses unknown local recipients at RCPT
dnl # time (550 5.1.1) instead of accepting them and bouncing later. These are
dnl # the custom rules by Matej Vela from README.sendmail-dual: the stickyhost
dnl # feature (set by mp_dual_rx) short-circuits the usual luser relay, so a
dnl # local recipient is checked here against the aliases map (plain, plussed
dnl # user+detail and user+* entries) and then the passwd database.
dnl # Remote recipients and addresses that are aliases or users pass.
dnl #
dnl # Use (before the mailer lines; with mp_dual_rx give it the option
dnl # keep_aliases, the aliases must stay in use on MTA-RX so that special
dnl # aliases such as programs, files and include lists resolve there):
dnl #   FEATURE(`mp_reject_unknown', `ALIASES_MAP', `REPLY')
dnl #     ALIASES_MAP  map spec of the aliases database, default
dnl #                  hash -m /etc/mail/aliases (run newaliases first)
dnl #     REPLY        default "550 User unknown" (status 5.1.1)
dnl #
dnl # It defines the maps aliasp and userp and the ruleset Local_check_rcpt,
dnl # so the .mc must not define another Local_check_rcpt.
dnl #
dnl # Checks (m4 stops with exit status 1 and a message): used twice, use
dnl # after a mailer line, a reply without a 5xx code, and at the end of the
dnl # input: the alias file was dropped (mp_dual_rx without keep_aliases, or
dnl # an undefine of it).
divert(0)dnl
VERSIONID(`$Id: mp_reject_unknown.m4 (milterpack) $')
divert(-1)
include(_CF_DIR_`'feature/mp_lib.m4)

_MP_ONCE_(`mp_reject_unknown')
_MP_BEFORE_MAILERS_(`mp_reject_unknown')
define(`_MP_RU_MAP_', _MP_OR_(_MP_QARG_(1, _ARGS_), `hash -m /etc/mail/aliases'))
define(`_MP_RU_REPLY_', _MP_OR_(_MP_QARG_(2, _ARGS_), `"550 User unknown"'))
ifelse(regexp(defn(`_MP_RU_REPLY_'), `^"5[0-9][0-9] [^"]*"$'), `-1',
	`_MP_DIE_(`mp_reject_unknown', `the reply must be a quoted 5xx text such as "550 User unknown", not 'defn(`_MP_RU_REPLY_'))')
m4wrap(`ifdef(`ALIAS_FILE', `',
	`_MP_DIE_(`mp_reject_unknown', `needs the aliases file on this instance: give mp_dual_rx the option keep_aliases (or keep the alias file defined)')')')

LOCAL_CONFIG
# mp_reject_unknown: aliases and system users known at MTA-RX
Kaliasp _MP_RU_MAP_
Kuserp user -m

LOCAL_RULESETS
SLocal_check_rcpt
# mp_reject_unknown: refuse local recipients that are neither alias nor user
R$*		$: <?> $&{rcpt_addr}
R<?> $+ @ $=w	$: <@> $1				local address: check it
R<?> $* @ $*	$@ OK					remote address: not ours to judge
R<?> $+		$: <@> $1				unqualified: local
R<@> $+ + $*	$: < $(aliasp $1+$2 $: @ $) > $1 + *	user+detail alias
R<@> $+ + $*	$: < $(aliasp $1+$2 $: @ $) > $1	user+* alias
R<@> $+		$: < $(aliasp $1 $: @ $) > $1		plain alias
R<@> $+		$: < $(userp $1 $: @ $) > $1		system user
R<@> $+		$#error $@ 5.1.1 $: _MP_RU_REPLY_	unknown: refuse
