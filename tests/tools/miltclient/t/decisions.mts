# What a filter's decisions do to the rest of the session, as in sendmail.
connect reject.example 192.0.2.9
expect connect reject 554 5.7.1 Connection refused by fixture
mail <sender@example.org>
expect mail not-sent (after reject at connect)
quit
# a new milter connection: negotiation again
connect client.example.org unix:/var/run/client.sock
expect-re optneg version=6 .*
mail <tempfail@example.org>
expect mail tempfail
rcpt <user@example.test>
expect rcpt not-sent (after tempfail at mail)
mail <sender@example.org>
rcpt <accept@example.test>
expect rcpt accept
data
expect data not-sent (after accept at rcpt)
eom
expect eom not-sent (after accept at rcpt)
mail <sender@example.org>
rcpt <discard@example.test>
expect rcpt discard
rcpt <mlreply@example.test>
expect rcpt continue
eom
expect eom reject 550-5.7.1 first line\r\n550 5.7.1 second line
mail <sender@example.org>
rcpt <gone@example.test>
header Subject: quarantine-me
eoh
eom
expect eom addheader X-Fix-Connect:client.example.org L /var/run/client.sock 0
expect eom quarantine held by fixture
expect eom delrcpt <gone@example.test>
quit-nc
connect second.example.org 192.0.2.77 port 2525
expect connect continue
mail <sender@example.org>
rcpt <user@example.test>
eom
expect eom addheader X-Fix-Connect:second.example.org 4 192.0.2.77 2525
quit
