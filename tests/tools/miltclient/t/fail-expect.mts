# Must FAIL (exit 1): the reply text differs from the expectation.
connect client.example.org 192.0.2.1
mail <sender@example.org>
rcpt <root@example.test>
expect rcpt reject 550 5.7.1 No mail to ROOT
expect-re rcpt tempfail .*
quit
