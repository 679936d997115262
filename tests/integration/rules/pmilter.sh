#!/bin/bash
# pmilter.sh: the rules of sendmail.sh through milterpack-pmilter, driven by
# mp-pmdriver (the smtps stand-in, t/rules.pms): a body pattern on a base64
# part (550 with the decoded text), SIZE= at MAIL (552), rcpt_count at DATA
# (452), quarantine held as 451 with its log line (the libpmilter API has no
# quarantine, docs/pmilter.md), and a clean message with an image part.
. "$MP_SOURCE_DIR/tests/integration/pmilter/lib.sh"
pm_init rules
cp "$MP_SOURCE_DIR"/tests/integration/rules/t/* "$T/"
cat >"$T/r.conf" <<CONF
pmilter { socket = "unix:$T/r.sock"; $PM_USER }
log { level = info; }
rule big_announced { stage = mail; size = "> 100k"; action = reject; reply = "552 5.3.4 Announced too big"; }
rule fanout { stage = data; rcpt_count = ">= 3"; action = tempfail; reply = "452 4.5.3 Too many recipients"; }
rule pills { stage = eom; body = "(?i)cheap\\\\s+pills"; action = reject; reply = "550 5.7.1 Body %t"; }
rule hold { stage = eom; body = "^HOLD-ME\$"; action = quarantine; reply = "held by rule hold: %t"; }
CONF
pm_start r "$T/r.conf"
pm_drive r rules
check "quarantine logged as unavailable" pm_wait_log r 'quarantine is not available through libpmilter: tempfail instead (held by rule hold: HOLD-ME)'
pm_done
