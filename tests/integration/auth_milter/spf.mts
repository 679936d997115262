# SPF at MAIL and the headers at end of data, through milterpack-milter.
# Client addresses are macro values here: nothing is sent to them.
connect client.sandbox.test 192.0.2.2
helo client.sandbox.test
mail <a@example.test>
expect mail continue
rcpt <bob@rx.sandbox.test>
expect rcpt not-sent (not negotiated)
header Authentication-Results: rx.sandbox.test; spf=pass smtp.mailfrom=forged@example.test
header Authentication-Results: other.example; dkim=pass header.d=example.test
header From: <a@example.test>
header Authentication-Results: (comment) RX.SANDBOX.TEST; dmarc=pass
header Subject: spf pass
eoh
body hello
eom
expect-re eom chgheader 3 Authentication-Results:.*
expect-re eom chgheader 1 Authentication-Results:.*
expect-re eom insheader 0 Authentication-Results: rx\.sandbox\.test;\\n\\tspf=pass \(.*\) smtp\.mailfrom=a@example\.test.*
expect-re eom insheader 0 Received-SPF: pass \(.*\) client-ip=192\.0\.2\.2; envelope-from=a@example\.test; helo=client\.sandbox\.test;.*
expect eom continue
# fail: rejected at MAIL with the record's exp= text
mail <a@exp.example.test>
expect mail reject 550 5.7.23 192.0.2.2 is not a mail server of exp.example.test
# softfail rejected by on_softfail = reject, default explanation
mail <a@soft.example.test>
expect mail reject 550 5.7.23 SPF softfail for soft.example.test
# permerror goes on (on_permerror = continue) and is recorded
mail <a@bad.example.test>
expect mail continue
rcpt <bob@rx.sandbox.test>
header Subject: permerror
eoh
eom
expect-re eom insheader 0 Authentication-Results: rx\.sandbox\.test;\\n\\tspf=permerror .*smtp\.mailfrom=a@bad\.example\.test.*
expect eom continue
quit
# null sender: the HELO identity (postmaster@HELO)
connect helo.example.test 192.0.2.1
helo helo.example.test
mail <>
expect mail continue
rcpt <bob@rx.sandbox.test>
header Subject: bounce
eoh
eom
expect-re eom insheader 0 Authentication-Results: rx\.sandbox\.test;\\n\\tspf=pass .*smtp\.helo=helo\.example\.test.*
quit
# a HELO name without SPF data in DNS: the server refuses, temperror
connect client.sandbox.test 192.0.2.1
helo unknown.sandbox.test
mail <>
expect mail tempfail 451 4.7.24 SPF check of unknown.sandbox.test failed temporarily
quit
