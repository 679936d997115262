divert(-1)
dnl # mp_lib.m4: helper macros shared by the milterpack cf features
dnl # (milterpack, mp_dual_rx, mp_dual_tx, mp_reject_unknown, mp_partial_scan).
dnl # Each of them includes this file; it emits nothing and defines only
dnl # macros whose names start with _MP_, so including it twice is harmless.
dnl # It is not a feature of its own.
dnl #
dnl # Pitfall: m4 expands macro names wherever they appear, also inside
dnl # comments that start with a hash sign (sendmail's cf turns m4 comments
dnl # off). Every comment in these files is therefore a dnl line: m4 discards
dnl # the rest of a dnl line without reading it.
dnl #
dnl # Guarantees: every check stops m4 with exit status 1 and one line
dnl #   *** ERROR: FEATURE(`name'): what is wrong and how to fix it
dnl # on standard error, so a broken .mc never yields a .cf.

dnl # _MP_DIE_(feature, message): print the message and stop m4 (status 1).
define(`_MP_DIE_', `errprint(`*** ERROR: FEATURE(`$1'): $2
')m4exit(`1')')

dnl # _MP_QARG_(n, _ARGS_): the n-th argument given to the current feature,
dnl # quoted, so values with commas survive being passed on.
define(`_MP_QARG_', `ifelse(`$1', `1', ``$2'', `_MP_QARG_(decr(`$1'), shift(shift($@)))')')

dnl # _MP_OR_(value, default): value, or default when value is empty.
define(`_MP_OR_', `ifelse(`$1', `', ``$2'', ``$1'')')

dnl # _MP_UINT_(feature, what, value, min, max): value is a decimal number
dnl # (no leading zero, at most 6 digits) within min..max.
define(`_MP_UINT_', `ifelse(regexp(`$3', `^[1-9][0-9]?[0-9]?[0-9]?[0-9]?[0-9]?$'), `-1',
	`_MP_DIE_(`$1', `$2 must be a number from $4 to $5, not "$3"')',
	`ifelse(eval(`$3' < `$4' || `$3' > `$5'), `1',
	`_MP_DIE_(`$1', `$2 must be a number from $4 to $5, not "$3"')')')')

dnl # _MP_ABSPATH_(feature, what, value): value is an absolute path without
dnl # blanks, commas or semicolons.
define(`_MP_ABSPATH_', `ifelse(regexp(`$3', `^/[^	 ,;]*$'), `-1',
	`_MP_DIE_(`$1', `$2 must be an absolute path, not "$3"')')')

dnl # _MP_WORDS_(feature, what, given, allowed, shown): every blank-separated
dnl # word of given matches the regular expression allowed (alternatives
dnl # separated by backslash-bar); shown lists them for the error message.
define(`_MP_WORDS_', `ifelse(patsubst(patsubst(`$3', `\<\($4\)\>'), `[	 ]'), `', `',
	`_MP_DIE_(`$1', `unknown word in $2: "$3" (known words: $5)')')')

dnl # _MP_HASWORD_(list, word): 1 when word is a blank-separated word of list.
define(`_MP_HASWORD_', `ifelse(regexp(` $1 ', `[	 ]$2[	 ]'), `-1', `0', `1')')

dnl # _MP_SECONDS_(time): a sendmail time value (number with an optional
dnl # unit s, m, h or d; seconds by default) in seconds, or -1 if malformed.
define(`_MP_SECONDS_', `ifelse(regexp(`$1', `^\(0\|[1-9][0-9]?[0-9]?[0-9]?[0-9]?\)[smhd]?$'), `-1', `-1',
	`eval(regexp(`$1', `^\([0-9]+\)', `\1') * _MP_UNIT_(regexp(`$1', `\([smhd]\)$', `\1')))')')
define(`_MP_UNIT_', `ifelse(`$1', `m', `60', `$1', `h', `3600', `$1', `d', `86400', `1')')

dnl # _MP_BEFORE_MAILERS_(feature): the feature must precede the mailer
dnl # lines, because those read the mailer settings it makes.
define(`_MP_BEFORE_MAILERS_', `ifdef(`_MAILER_DEFINED_',
	`_MP_DIE_(`$1', `must come before the first mailer line: the mailer definitions read the settings it makes')')')

dnl # _MP_NEEDS_MAILER_(feature, mailer): checked at the end of the input,
dnl # when every mailer line has been read.
define(`_MP_NEEDS_MAILER_', `m4wrap(`ifdef(`_MAILER_$2_', `',
	`_MP_DIE_(`$1', `needs the $2 mailer: add the line MAILER(`$2') at the end of the .mc')')')')

dnl # _MP_ONCE_(feature): the feature may be used once per .mc.
define(`_MP_ONCE_', `ifdef(`_MP_USED_$1_', `_MP_DIE_(`$1', `is used twice in this .mc')')define(`_MP_USED_$1_', `1')')
