divert(-1)
dnl # mp_dual_tx.m4: makes an .mc the transmitting instance (MTA-TX) of the
dnl # dual-sendmail setup (README.sendmail-dual by Mark Martinec): MTA-TX
dnl # takes checked mail and notifications from the content filter on the
dnl # loopback interface and delivers them, locally or onward. It keeps the
dnl # default queue (/var/spool/mqueue), so mailq, newaliases and hoststat
dnl # work on it without options.
dnl #
dnl # Use (after the cf.m4 include and OSTYPE, before the mailer lines):
dnl #   FEATURE(`mp_dual_tx', `PORT', `ADDR')
dnl #     PORT  where amavisd forward_method and notify_method point,
dnl #           default 10025
dnl #     ADDR  listen address, default 127.0.0.1; it must be a loopback
dnl #           address (127.x.y.z or ::1): mail arriving here skips the
dnl #           checks made at MTA-RX
dnl #
dnl # What it sets: no load limits (refuse load 999, no daemon child limit:
dnl # limiting belongs to MTA-RX), the no_default_msa feature (MTA-RX is the
dnl # submission agent), the nocanonify feature (names are already
dnl # canonical), one daemon Name=MTA-TX on ADDR:PORT, a greeting naming the
dnl # instance ($w.tx.$m), no IDENT lookups.
dnl # Start the daemon with, e.g., sendmail -L sm-mta-tx -bd -q15m
dnl #
dnl # Checks (m4 stops with exit status 1 and a message): a malformed port, a
dnl # non-loopback address, use after a mailer line, use together with
dnl # mp_dual_rx, and at the end of the input: the local or smtp mailer is
dnl # missing (MTA-TX delivers).
divert(0)dnl
VERSIONID(`$Id: mp_dual_tx.m4 (milterpack) $')
divert(-1)
include(_CF_DIR_`'feature/mp_lib.m4)

_MP_ONCE_(`mp_dual_tx')
_MP_BEFORE_MAILERS_(`mp_dual_tx')
ifdef(`_MP_USED_mp_dual_rx_',
	`_MP_DIE_(`mp_dual_tx', `cannot share an .mc with mp_dual_rx: MTA-RX and MTA-TX are two instances, each with its own .mc and .cf')')

define(`_MP_TX_PORT_', _MP_OR_(_MP_QARG_(1, _ARGS_), `10025'))
define(`_MP_TX_ADDR_', _MP_OR_(_MP_QARG_(2, _ARGS_), `127.0.0.1'))
_MP_UINT_(`mp_dual_tx', `the listen port', defn(`_MP_TX_PORT_'), 1, 65535)
ifelse(regexp(defn(`_MP_TX_ADDR_'), `^\(127\.[0-9]+\.[0-9]+\.[0-9]+\|::1\)$'), `-1',
	`_MP_DIE_(`mp_dual_tx', `the listen address must be a loopback address (127.0.0.1 or ::1), not "'defn(`_MP_TX_ADDR_')`": mail arriving here skips the checks of MTA-RX')')

define(`confREFUSE_LA', `999')
define(`confMAX_DAEMON_CHILDREN', `0')
define(`confSMTP_LOGIN_MSG', `$w.tx.$m Sendmail $v/$Z; $b')
define(`confTO_IDENT', `0')
DAEMON_OPTIONS(`Family='ifelse(defn(`_MP_TX_ADDR_'), `::1', `inet6', `inet')`, Addr='defn(`_MP_TX_ADDR_')`, Port='defn(`_MP_TX_PORT_')`, Name=MTA-TX')

_MP_NEEDS_MAILER_(`mp_dual_tx', `local')
_MP_NEEDS_MAILER_(`mp_dual_tx', `smtp')

dnl # Last, as they reset the feature arguments.
FEATURE(`no_default_msa')
FEATURE(`nocanonify')
