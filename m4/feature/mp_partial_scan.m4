divert(-1)
dnl # mp_partial_scan.m4: MTA-RX sends only part of the mail through the
dnl # content filter, chosen per recipient domain by the mailertable
dnl # (README.sendmail-dual, notes). It adds a mailer named amavis, the esmtp
dnl # mailer with the content filter port (that of mp_dual_rx, default 10024),
dnl # and points the esmtp mailer at MTA-TX (default port 10025) instead.
dnl # Mailertable entries then pick the path per domain:
dnl #   example.com      amavis:[127.0.0.1]    scanned (amavisd, then MTA-TX)
dnl #   trusted.example  esmtp:[127.0.0.1]     straight to MTA-TX, not scanned
dnl # and the mail hub and smart host (local and unlisted domains) use the
dnl # mailer named by DEFAULT.
dnl #
dnl # Use (after mp_dual_rx and the mailertable feature, before the mailer
dnl # lines):
dnl #   FEATURE(`mp_partial_scan', `DEFAULT', `TX_PORT')
dnl #     DEFAULT  scan (the default: what the table does not list is scanned)
dnl #              or direct (only what the table sends to amavis is scanned)
dnl #     TX_PORT  MTA-TX port on 127.0.0.1, default 10025
dnl # With the option lmtp of mp_dual_rx the amavis mailer speaks LMTP and
dnl # esmtp stays SMTP.
dnl #
dnl # Checks (m4 stops with exit status 1 and a message): mp_dual_rx or the
dnl # mailertable feature missing before it, a malformed argument, the same
dnl # port for the content filter and MTA-TX, use after a mailer line.
divert(0)dnl
VERSIONID(`$Id: mp_partial_scan.m4 (milterpack) $')
divert(-1)
include(_CF_DIR_`'feature/mp_lib.m4)

_MP_ONCE_(`mp_partial_scan')
_MP_BEFORE_MAILERS_(`mp_partial_scan')
ifdef(`_MP_USED_mp_dual_rx_', `',
	`_MP_DIE_(`mp_partial_scan', `needs FEATURE(`mp_dual_rx') before it: it reroutes what that feature sets up')')
ifdef(`_MAILER_TABLE_', `',
	`_MP_DIE_(`mp_partial_scan', `needs FEATURE(`mailertable') before it: the mailertable chooses which mail is scanned')')
define(`_MP_PS_DEFAULT_', _MP_OR_(_MP_QARG_(1, _ARGS_), `scan'))
define(`_MP_PS_TXPORT_', _MP_OR_(_MP_QARG_(2, _ARGS_), `10025'))
ifelse(regexp(defn(`_MP_PS_DEFAULT_'), `^\(scan\|direct\)$'), `-1',
	`_MP_DIE_(`mp_partial_scan', `the default must be scan or direct, not "'defn(`_MP_PS_DEFAULT_')`"')')
_MP_UINT_(`mp_partial_scan', `the MTA-TX port', defn(`_MP_PS_TXPORT_'), 1, 65535)
ifelse(defn(`_MP_PS_TXPORT_'), defn(`_MP_RX_PORT_'),
	`_MP_DIE_(`mp_partial_scan', `the MTA-TX port must differ from the content filter port 'defn(`_MP_RX_PORT_'))')

dnl # esmtp now goes straight to MTA-TX, and speaks SMTP there.
define(`ESMTP_MAILER_ARGS', `TCP $h 'defn(`_MP_PS_TXPORT_'))
ifelse(_MP_RX_LMTP_, `1', `define(`ESMTP_MF_A_', translit(defn(`ESMTP_MF_A_'), `z'))')
define(`_MP_PS_VIA_', ifelse(defn(`_MP_PS_DEFAULT_'), `scan', `amavis', `esmtp')`:[127.0.0.1]')
define(`MAIL_HUB', defn(`_MP_PS_VIA_'))
define(`SMART_HOST', defn(`_MP_PS_VIA_'))

dnl # The amavis mailer: the flags, rulesets and limits of esmtp, the content
dnl # filter port. Its rulesets are defined later by the smtp mailer.
_MP_NEEDS_MAILER_(`mp_partial_scan', `smtp')
MAILER_DEFINITIONS
Mamavis,	P=[IPC], F=mDFMuXa`'ifelse(_MP_RX_LMTP_, `1', `z'), S=EnvFromSMTP/HdrFromSMTP, R=EnvToSMTP, E=\r\n, L=990,
		m=`'ifdef(`SMTP_MAILER_MAXMSGS', `SMTP_MAILER_MAXMSGS', `10'), T=DNS/RFC822/SMTP,
		A=TCP $h _MP_RX_PORT_
