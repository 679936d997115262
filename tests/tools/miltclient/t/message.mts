# message-file: folded headers (sent with "\n" as sendmail stores them), LF
# line ends normalized to CRLF; a body over 65535 bytes is skipped by the
# filter after the first chunk (SMFIP_SKIP), so no more chunks go out.
connect client.example.org IPv6:2001:db8::1 port 25
expect connect continue
mail <sender@example.org>
rcpt <user@example.test>
message-file folded.eml
expect header no-reply
expect eoh continue
expect body continue
eom
expect eom addheader X-Fix-Connect:client.example.org 6 2001:db8::1 25
expect eom addheader X-Fix-Headers:Subject=[ a folded\n\tsubject line]To=[ <user@example.test>]
expect eom addheader X-Fix-Body:32
expect eom continue
mail <sender@example.org>
rcpt <user@example.test>
header Subject: big
eoh
body-file big.body
expect body skip
body more body after the skip
expect body not-sent (after skip)
eom
expect eom addheader X-Fix-Body:65535
quit
