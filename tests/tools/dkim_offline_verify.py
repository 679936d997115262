#!/usr/bin/python3
"""Verify every DKIM-Signature of one or more messages with python3-dkim,
public keys from a file instead of DNS (OpenDKIM's TestPublicKeys format,
one '<selector>._domainkey.<domain> <TXT data>' per line, '#' comments).

usage: dkim_offline_verify.py KEYFILE [MESSAGE...]   (stdin when no MESSAGE)
Prints one line per signature. Exit 0 iff every message has at least one
signature and all pass; 1 if any fails; 2 if a message has no signature.
Run with Debian's /usr/bin/python3 (python3-dkim)."""
import sys
import dkim
from dkim.util import parse_tag_value


def load_keys(path):
    keys = {}
    with open(path, 'rb') as f:
        for line in f:
            line = line.split(b'#', 1)[0].strip()
            if line:
                name, txt = line.split(None, 1)
                keys[name.lower().rstrip(b'.')] = txt
    return keys


def verify(label, data, keys):
    def lookup(name, timeout=5):
        return keys.get(name.lower().rstrip(b'.'))  # None: no such key
    d = dkim.DKIM(data, minkey=1024)
    sigs = [v for k, v in d.headers if k.lower() == b'dkim-signature']
    if not sigs:
        print('%s: no DKIM-Signature' % label)
        return 2
    status = 0
    for i, raw in enumerate(sigs):
        tags = parse_tag_value(b''.join(raw.split()))
        try:
            ok, why = bool(d.verify(idx=i, dnsfunc=lookup)), ''
        except dkim.DKIMException as e:
            ok, why = False, ' (%s)' % e
        print('%s: sig[%d] a=%s d=%s s=%s: %s%s' % (
            label, i, tags.get(b'a', b'?').decode(), tags.get(b'd', b'?').decode(),
            tags.get(b's', b'?').decode(), 'PASS' if ok else 'FAIL', why))
        if not ok:
            status = 1
    return status


def main():
    keys = load_keys(sys.argv[1])
    files = sys.argv[2:]
    worst = 0
    if not files:
        worst = verify('stdin', sys.stdin.buffer.read(), keys)
    for path in files:
        with open(path, 'rb') as f:
            worst = max(worst, verify(path, f.read(), keys))
    sys.exit(worst)


main()
