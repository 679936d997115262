divert(-1)
dnl # milterpack.m4: hooks milterpack-milter into a sendmail 8 .cf.
dnl #
dnl # Use (after the cf.m4 include and OSTYPE, anywhere before the mailer lines):
dnl #   FEATURE(`milterpack')
dnl #   FEATURE(`milterpack', `SOCKET', `FLAGS', `TIMEOUTS')
dnl #     SOCKET    where milterpack-milter listens, as in its configuration
dnl #               (milter socket option): local:/path, unix:/path,
dnl #               inet:PORT@HOST or inet6:PORT@HOST.
dnl #               Default local:/run/milterpack/milter.sock
dnl #     FLAGS     T (tempfail while the filter is down, the default),
dnl #               R (reject while it is down) or none (go on without it).
dnl #     TIMEOUTS  sendmail's filter timeouts, default C:10s;S:30s;R:60s;E:5m.
dnl #               E (end of message) must exceed 60s: milterpack waits up to
dnl #               its scanner timeout (60s by default) before answering there.
dnl #
dnl # What it does:
dnl #   - adds the filter named milterpack (one X line, listed in the
dnl #     InputMailFilters option, after any filters defined before it);
dnl #   - appends to the five Milter.macros lists (connect, helo, envfrom,
dnl #     envrcpt, eom) every macro milterpack reads, keeping sendmail's own
dnl #     entries and naming each macro once. The lists are the ones in
dnl #     milters/macros.cpp. A list the .mc never set starts from sendmail
dnl #     8.17's default; the append is repeated at the end of the input, so
dnl #     a list the .mc sets after this feature still gets milterpack's macros.
dnl #
dnl # Checks (m4 stops with exit status 1 and a message): used twice, a socket
dnl # of unknown type, unknown flags, malformed timeouts, E not above 60s.
divert(0)dnl
VERSIONID(`$Id: milterpack.m4 (milterpack) $')
divert(-1)
include(_CF_DIR_`'feature/mp_lib.m4)

_MP_ONCE_(`milterpack')
define(`_MP_MF_SOCKET_', _MP_OR_(_MP_QARG_(1, _ARGS_), `local:/run/milterpack/milter.sock'))
define(`_MP_MF_FLAGS_', _MP_OR_(_MP_QARG_(2, _ARGS_), `T'))
define(`_MP_MF_TIMEOUTS_', _MP_OR_(_MP_QARG_(3, _ARGS_), `C:10s;S:30s;R:60s;E:5m'))

ifelse(regexp(defn(`_MP_MF_SOCKET_'), `^\(\(local\|unix\):/[^	 ,;]+\|inet6?:[1-9][0-9]*@[^	 ,;]+\)$'), `-1',
	`_MP_DIE_(`milterpack', `socket must be local:/path, unix:/path, inet:PORT@HOST or inet6:PORT@HOST, not "'defn(`_MP_MF_SOCKET_')`"')')
ifelse(regexp(defn(`_MP_MF_FLAGS_'), `^\(T\|R\|none\)$'), `-1',
	`_MP_DIE_(`milterpack', `flags must be T, R or none, not "'defn(`_MP_MF_FLAGS_')`"')')
ifelse(regexp(defn(`_MP_MF_TIMEOUTS_'), `^[CSRE]:[0-9]+[smhd]?\(;[CSRE]:[0-9]+[smhd]?\)*$'), `-1',
	`_MP_DIE_(`milterpack', `timeouts must look like C:10s;S:30s;R:60s;E:5m, not "'defn(`_MP_MF_TIMEOUTS_')`"')')
define(`_MP_MF_EOM_', regexp(defn(`_MP_MF_TIMEOUTS_'), `E:\([0-9]+[smhd]?\)', `\1'))
ifelse(defn(`_MP_MF_EOM_'), `', `',
	`ifelse(eval(_MP_SECONDS_(defn(`_MP_MF_EOM_')) <= 60), `1',
	`_MP_DIE_(`milterpack', `end-of-message timeout E:'defn(`_MP_MF_EOM_')` is too short: milterpack may wait 60s for its scanner there, give E more than 60s (default 5m)')')')

dnl # The equates hold commas: build them quoted, pass them with defn.
define(`_MP_MF_EQUATES_', `S='defn(`_MP_MF_SOCKET_')ifelse(defn(`_MP_MF_FLAGS_'), `none', `',
	``, F='defn(`_MP_MF_FLAGS_')')`, T='defn(`_MP_MF_TIMEOUTS_'))
INPUT_MAIL_FILTER(`milterpack', defn(`_MP_MF_EQUATES_'))

dnl # Sendmail 8.17's default lists (cfhead.m4): the starting point for a
dnl # list no one has set yet.
define(`_MP_SM_CONNECT_', `j, _, {daemon_name}, {if_name}, {if_addr}')
define(`_MP_SM_HELO_', `{tls_version}, {cipher}, {cipher_bits}, {cert_subject}, {cert_issuer}')
define(`_MP_SM_ENVFROM_', `i, {auth_type}, {auth_authen}, {auth_ssf}, {auth_author}, {mail_mailer}, {mail_host}, {mail_addr}')
define(`_MP_SM_ENVRCPT_', `{rcpt_mailer}, {rcpt_host}, {rcpt_addr}')
define(`_MP_SM_EOM_', `{msg_id}')

dnl # _MP_INLIST_(list, name): 1 when name is an entry of the macro list
dnl # (entries separated by commas and/or blanks; literal quotes ignored).
define(`_MP_INLIST_', `ifelse(index(`;'translit(`$1', `, 	', `;;;')`;', `;$2;'), `-1', `0', `1')')

dnl # _MP_ADDMACROS_(option, default, names...): append each missing name.
define(`_MP_ADDMACROS_', `ifdef(`$1', `', `define(`$1', defn(`$2'))')_MP_ADDEACH_(`$1', shift(shift($@)))')
define(`_MP_ADDEACH_', `ifelse(`$2', `', `',
	`ifelse(_MP_INLIST_(defn(`$1'), `$2'), `1', `', `define(`$1', defn(`$1')`, $2')')_MP_ADDEACH_(`$1', shift(shift($@)))')')

dnl # The macros milterpack reads, per stage (keep in step with macros.cpp).
define(`_MP_MILTERPACK_MACROS_', `dnl
_MP_ADDMACROS_(`confMILTER_MACROS_CONNECT', `_MP_SM_CONNECT_', `j', `{daemon_name}', `{client_addr}', `{client_name}', `{client_resolve}', `{client_ptr}')dnl
_MP_ADDMACROS_(`confMILTER_MACROS_HELO', `_MP_SM_HELO_', `{verify}', `{cert_subject}', `{cert_issuer}', `{tls_version}', `{cipher}')dnl
_MP_ADDMACROS_(`confMILTER_MACROS_ENVFROM', `_MP_SM_ENVFROM_', `i', `{auth_type}', `{auth_authen}', `{auth_ssf}', `{mail_addr}')dnl
_MP_ADDMACROS_(`confMILTER_MACROS_ENVRCPT', `_MP_SM_ENVRCPT_', `i', `{rcpt_addr}', `{rcpt_mailer}')dnl
_MP_ADDMACROS_(`confMILTER_MACROS_EOM', `_MP_SM_EOM_', `i', `{msg_id}')')

_MP_MILTERPACK_MACROS_
dnl # Pitfall: texts saved for the end of the input run back to back, so
dnl # the empty quotes keep this name from fusing with the next text.
m4wrap(`_MP_MILTERPACK_MACROS_`'')
