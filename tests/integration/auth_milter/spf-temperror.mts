# nsd is stopped: the MAIL check ends at the spf timeout with a tempfail.
connect client.sandbox.test 192.0.2.2
helo client.sandbox.test
mail <a@inc.example.test>
expect mail tempfail 451 4.7.24 SPF check of inc.example.test failed temporarily
quit
