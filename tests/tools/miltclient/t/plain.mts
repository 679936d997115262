# fixfilter "plain": libmilter's default negotiation (no HDR_LEADSPC, header
# replies, NOHELO for the missing callback, no skip): header values lose one leading space, every
# 65535-byte body chunk gets its own reply.
macro connect {client_addr}=192.0.2.1 {client_name}=mx.example.org j=mx.test
connect mx.example.org 192.0.2.1 port 4711
# libmilter grants every offered action when xxfi_negotiate returns SMFIS_ALL_OPTS
expect optneg version=6 actions=ADDHDRS|CHGBODY|ADDRCPT|DELRCPT|CHGHDRS|QUARANTINE|CHGFROM|ADDRCPT_PAR|SETSYMLIST protocol=NOHELO|NOUNKNOWN|SKIP
helo mx.example.org
expect helo not-sent (not negotiated)
mail <sender@example.org>
rcpt <user@example.test>
header Subject: hello
expect header continue
header X-Two:  two spaces
header X-None:none
eoh
body-file big.body
expect body continue
eom
expect eom insheader 0 X-Fix-First:  leading space kept
expect eom addheader X-Fix-Macros: client_addr=192.0.2.1 client_name=mx.example.org daemon_name=(none) j=mx.test i=(none)
expect eom addheader X-Fix-Headers: Subject=[hello]X-Two=[ two spaces]X-None=[none]
expect eom addheader X-Fix-Body: 200000
quit
