# DMARC at end of data: SPF passes for example.test (192.0.2.2), no DKIM
# signature; the From: domains publish strict-SPF policies (zones/).
connect client.sandbox.test 192.0.2.2
helo client.sandbox.test
mail <a@example.test>
rcpt <bob@rx.sandbox.test>
header From: CEO <ceo@pay.example.test>
header Subject: forged, p=reject
eoh
body pay this
eom
expect eom reject 550 5.7.1 Rejected by the DMARC policy of pay.example.test
mail <a@example.test>
rcpt <bob@rx.sandbox.test>
header From: <sales@shop.example.test>
header Subject: forged, p=quarantine
eoh
eom
expect-re eom insheader 0 Authentication-Results: rx\.sandbox\.test;\\n\\tspf=pass .*;\\n\\tdkim=none;\\n\\tdmarc=fail \(p=quarantine dis=quarantine\) header\.from=shop\.example\.test
expect eom quarantine DMARC policy of shop.example.test
mail <a@example.test>
rcpt <bob@rx.sandbox.test>
header From: <news@news.example.test>
header Subject: p=none is never acted on
eoh
eom
expect-re eom insheader 0 Authentication-Results: rx\.sandbox\.test;.*\\n\\tdmarc=fail \(p=none dis=none\) header\.from=news\.example\.test
expect eom continue
mail <a@example.test>
rcpt <bob@rx.sandbox.test>
header From: <x@half.example.test>
header Subject: pct=0: reject steps down to quarantine
eoh
eom
expect-re eom insheader 0 Authentication-Results: .*dmarc=fail \(p=reject dis=quarantine\) header\.from=half\.example\.test
expect eom quarantine DMARC policy of half.example.test
mail <a@example.test>
rcpt <bob@rx.sandbox.test>
header From: <a@aligned.example.test>
header Subject: relaxed SPF alignment passes
eoh
eom
expect-re eom insheader 0 Authentication-Results: .*dmarc=pass \(p=reject dis=none\) header\.from=aligned\.example\.test
expect eom continue
mail <a@example.test>
rcpt <bob@rx.sandbox.test>
header From: <a@broken.example.test>
header Subject: broken record
eoh
eom
expect-re eom insheader 0 Authentication-Results: .*dmarc=permerror \(_dmarc\.broken\.example\.test: p=maybe is not none, quarantine or reject\) header\.from=broken\.example\.test
expect eom continue
quit
