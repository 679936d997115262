divert(-1)
dnl # mp_dual_rx.m4: makes an .mc the receiving instance (MTA-RX) of the
dnl # dual-sendmail setup with amavisd-new between the two instances
dnl # (README.sendmail-dual by Mark Martinec): MTA-RX accepts mail, queues it
dnl # and hands every message to the content filter on 127.0.0.1, which
dnl # passes checked mail on to MTA-TX (see mp_dual_tx.m4).
dnl #
dnl # Use (after the cf.m4 include and OSTYPE, before the mailer lines):
dnl #   FEATURE(`mp_dual_rx', `PORT', `QUEUE_DIR', `RUNNERS', `OPTIONS',
dnl #           `PID_FILE', `STATUS_FILE', `LISTEN')
dnl # Every argument may be empty or left out; the defaults are the README's.
dnl #   PORT        content filter port on 127.0.0.1 (amavisd inet_socket_port),
dnl #               default 10024
dnl #   QUEUE_DIR   queue of this instance, default /var/spool/mqueue-rx (never
dnl #               /var/spool/mqueue: that one belongs to MTA-TX)
dnl #   RUNNERS     queue runners (R= of the queue group mqueue), default 2.
dnl #               Match amavisd max_servers: every runner holds one amavisd
dnl #               child; 2 to 7 is fine, 10 is plenty, 20 is too many.
dnl #   OPTIONS     blank-separated words:
dnl #                 lmtp          speak LMTP to the content filter (amavisd
dnl #                               then needs protocol LMTP on that port)
dnl #                 keep_aliases  keep the aliases file (needed by
dnl #                               mp_reject_unknown); without it the alias file
dnl #                               is dropped and all local mail goes to the hub
dnl #   PID_FILE    default /var/run/sendmail-rx.pid
dnl #   STATUS_FILE default /etc/mail/stat-rx
dnl #   LISTEN      more fields for the daemon options next to Name=MTA-RX,
dnl #               e.g. `Port=smtp, Addr=192.0.2.1'; default none (port 25
dnl #               on every address)
dnl #
dnl # What it sets: queue directory, pid and status files, the queue group
dnl # mqueue with R=RUNNERS and F=f, queue sort order Modification (unless set
dnl # before), the stickyhost feature, mail hub and smart host
dnl # esmtp:[127.0.0.1], esmtp mailer arguments TCP $h PORT (plus flag z with
dnl # lmtp), delivery mode q (queue only: the queue runners pace the content
dnl # filter), at most 10 messages per connection and a 20m end-of-data
dnl # timeout (unless set before), daemon name MTA-RX, no alias file (unless
dnl # keep_aliases), empty .forward search path, no control socket (the one
dnl # that Debian's domain file sets belongs to MTA-TX).
dnl # Start the daemon with -qp (persistent runners), e.g.
dnl #   sendmail -C /etc/mail/thishost-rx.cf -L sm-mta-rx -bd -qp
dnl #
dnl # Checks (m4 stops with exit status 1 and a message): a malformed
dnl # argument, an unknown option word, QUEUE_DIR /var/spool/mqueue, use after
dnl # a mailer line, use together with mp_dual_tx, a mail hub or smart host
dnl # set before, and at the end of the input: the smtp mailer is missing or
dnl # the delivery mode is no longer queue-only.
divert(0)dnl
VERSIONID(`$Id: mp_dual_rx.m4 (milterpack) $')
divert(-1)
include(_CF_DIR_`'feature/mp_lib.m4)

_MP_ONCE_(`mp_dual_rx')
_MP_BEFORE_MAILERS_(`mp_dual_rx')
ifdef(`_MP_USED_mp_dual_tx_',
	`_MP_DIE_(`mp_dual_rx', `cannot share an .mc with mp_dual_tx: MTA-RX and MTA-TX are two instances, each with its own .mc and .cf')')
ifdef(`MAIL_HUB',
	`_MP_DIE_(`mp_dual_rx', `the mail hub is already set ('defn(`MAIL_HUB')`): this feature sends all local mail to the content filter, remove that line')')
ifdef(`SMART_HOST',
	`_MP_DIE_(`mp_dual_rx', `the smart host is already set ('defn(`SMART_HOST')`): this feature sends all other mail to the content filter, remove that line')')

define(`_MP_RX_PORT_', _MP_OR_(_MP_QARG_(1, _ARGS_), `10024'))
define(`_MP_RX_QDIR_', _MP_OR_(_MP_QARG_(2, _ARGS_), `/var/spool/mqueue-rx'))
define(`_MP_RX_RUNNERS_', _MP_OR_(_MP_QARG_(3, _ARGS_), `2'))
define(`_MP_RX_OPTIONS_', _MP_QARG_(4, _ARGS_))
define(`_MP_RX_PIDFILE_', _MP_OR_(_MP_QARG_(5, _ARGS_), `/var/run/sendmail-rx.pid'))
define(`_MP_RX_STATFILE_', _MP_OR_(_MP_QARG_(6, _ARGS_), `/etc/mail/stat-rx'))
define(`_MP_RX_LISTEN_', _MP_QARG_(7, _ARGS_))

_MP_UINT_(`mp_dual_rx', `the content filter port', defn(`_MP_RX_PORT_'), 1, 65535)
_MP_ABSPATH_(`mp_dual_rx', `the queue directory', defn(`_MP_RX_QDIR_'))
ifelse(regexp(defn(`_MP_RX_QDIR_'), `^/var/spool/mqueue/*$'), `-1', `',
	`_MP_DIE_(`mp_dual_rx', `the queue directory must not be /var/spool/mqueue: MTA-TX keeps that one, give MTA-RX its own (default /var/spool/mqueue-rx)')')
_MP_UINT_(`mp_dual_rx', `the number of queue runners (match amavisd max_servers)', defn(`_MP_RX_RUNNERS_'), 1, 19)
_MP_WORDS_(`mp_dual_rx', `the options', defn(`_MP_RX_OPTIONS_'), `lmtp\|keep_aliases', `lmtp keep_aliases')
_MP_ABSPATH_(`mp_dual_rx', `the pid file', defn(`_MP_RX_PIDFILE_'))
_MP_ABSPATH_(`mp_dual_rx', `the status file', defn(`_MP_RX_STATFILE_'))
ifelse(regexp(defn(`_MP_RX_LISTEN_'), `Name='), `-1', `',
	`_MP_DIE_(`mp_dual_rx', `the listen fields must not set Name=: the daemon is called MTA-RX')')
define(`_MP_RX_LMTP_', _MP_HASWORD_(defn(`_MP_RX_OPTIONS_'), `lmtp'))

dnl # Own queue, pid and status files: MTA-TX keeps the default ones.
define(`confPID_FILE', defn(`_MP_RX_PIDFILE_'))
define(`STATUS_FILE', defn(`_MP_RX_STATFILE_'))
define(`QUEUE_DIR', defn(`_MP_RX_QDIR_'))
ifdef(`confQUEUE_SORT_ORDER', `', `define(`confQUEUE_SORT_ORDER', `Modification')')
QUEUE_GROUP(`mqueue', `P='defn(`_MP_RX_QDIR_')`, R='defn(`_MP_RX_RUNNERS_')`, F=f')

dnl # Everything goes to the content filter; the queue runners pace it.
define(`MAIL_HUB', `esmtp:[127.0.0.1]')
define(`SMART_HOST', `esmtp:[127.0.0.1]')
define(`confDELIVERY_MODE', `q')
define(`ESMTP_MAILER_ARGS', `TCP $h 'defn(`_MP_RX_PORT_'))
ifelse(_MP_RX_LMTP_, `1', `MODIFY_MAILER_FLAGS(`ESMTP', `+z')')
ifdef(`SMTP_MAILER_MAXMSGS', `', `define(`SMTP_MAILER_MAXMSGS', `10')')
ifdef(`confTO_DATAFINAL', `', `define(`confTO_DATAFINAL', `20m')')
DAEMON_OPTIONS(`Name=MTA-RX'ifelse(defn(`_MP_RX_LISTEN_'), `', `', ``, 'defn(`_MP_RX_LISTEN_')'))

dnl # The control socket (mailstats, hoststat) stays with MTA-TX.
undefine(`confCONTROL_SOCKET_NAME')

dnl # No local delivery here: the mail hub gets all local mail.
ifelse(_MP_HASWORD_(defn(`_MP_RX_OPTIONS_'), `keep_aliases'), `1', `', `undefine(`ALIAS_FILE')')
define(`confFORWARD_PATH', `')

_MP_NEEDS_MAILER_(`mp_dual_rx', `smtp')
m4wrap(`ifelse(regexp(defn(`confDELIVERY_MODE'), `^q'), `0', `',
	`_MP_DIE_(`mp_dual_rx', `the delivery mode must stay q (queue only), not 'defn(`confDELIVERY_MODE')`: the queue runners pace the content filter')')')

dnl # Last, as it resets the feature arguments: the envelope address keeps
dnl # its host part when forwarded to the mail hub.
FEATURE(`stickyhost')
