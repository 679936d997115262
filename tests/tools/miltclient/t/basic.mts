# Envelope replies with full texts, macros cut by the filter's symbol list,
# SMFIP_HDR_LEADSPC header values, EOM actions (fixfilter, default mode).
macro connect {client_addr}=192.0.2.1 {client_name}=mx.example.org {daemon_name}=MTA-RX j=mx.test
connect mx.example.org 192.0.2.1 port 4711
expect optneg version=6 actions=ADDHDRS|ADDRCPT|DELRCPT|CHGHDRS|QUARANTINE|SETSYMLIST protocol=NOHELO|NR_HDR|SKIP|HDR_LEADSPC
expect optneg symlist connect {client_addr} j {daemon_name}
expect connect continue
helo mx.example.org
expect helo not-sent (not negotiated)
macro mail i=4AB12 {auth_authen}=
mail <sender@example.org> SIZE=100
expect mail continue
rcpt <root@example.test>
expect rcpt reject 550 5.7.1 No mail to root
rcpt <grey@example.test>
expect rcpt tempfail 451 4.7.1 Greylisted, try again later
rcpt <temp@example.test>
expect rcpt tempfail
rcpt <user@example.test>
expect rcpt continue
rcpt <copy@example.test>
data
expect data continue
header Subject: hello change-me
expect header no-reply
header From:  Sender <sender@example.org>
eoh
expect eoh continue
body hello world
expect body continue
eom
expect eom insheader 0 X-Fix-First: leading space kept
expect eom addheader X-Fix-Connect:mx.example.org 4 192.0.2.1 4711
expect eom addheader X-Fix-Macros:client_addr=192.0.2.1 client_name=(none) daemon_name=MTA-RX j=mx.test i=4AB12
expect eom addheader X-Fix-Headers:Subject=[ hello change-me]From=[  Sender <sender@example.org>]
expect eom addheader X-Fix-Body:13
expect eom chgheader 1 Subject: changed
expect eom addrcpt <copy-added@example.test>
expect-re eom (continue|accept)
quit
