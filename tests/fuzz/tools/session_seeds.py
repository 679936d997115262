#!/usr/bin/env python3
# session_seeds.py: writes the seed inputs of the session fuzz target
# (tests/fuzz/corpus/session/seed-*), each a readable sequence of stage calls
# encoded the way tests/fuzz/session.cpp reads it through libFuzzer's
# FuzzedDataProvider: strings from the front of the input ("\" + another
# byte ends one), small integers and booleans one byte each from the end.
# Run it again after changing the target's input layout.
import os, sys

WORDS = ["192.0.2.66", "198.51.100.7", "203.0.113.9", "IPv6:2001:db8::1", "10.1.2.3", "IPv6:::1",
         "root@example.test", "postmaster@example.test", "nobody@example.test", "user+x@example.test",
         "list@example.test", "x@private.example.test", "boss@example.org", "alice@example.org",
         "a@spammer.example", "<>", "<root@example.test>", "MTA-RX", "MTA-TX", "OK", "FORGED", "From",
         "Subject", "DKIM-Signature", " a@example.test", "host.bad.example", "trusted.example",
         "/C=US/O=Fuzz CA", "/CN=client", "\r\n\t", "user++@example.test", "example.test"]
OPS = ["connect", "helo", "mail", "rcpt", "data", "header", "eoh", "body", "eom", "abort", "qid", "new"]
NARGS = {"connect": 5, "helo": 4, "mail": 3, "rcpt": 1, "header": 2, "body": 1, "qid": 1}


class Encoder:
    def __init__(self):
        self.front, self.back = bytearray(), []

    def byte(self, v):  # one ConsumeIntegralInRange/ConsumeBool byte, taken from the end
        self.back.append(v)

    def arg(self, a):
        if a in WORDS:
            self.byte(0)
            self.byte(WORDS.index(a))
        else:
            self.byte(4)
            raw = a.encode("latin-1").replace(b"\\", b"\\\\")
            self.front += raw + b"\\X"

    def data(self):
        return bytes(self.front) + bytes(reversed(self.back))


def encode(engine, calls):
    e = Encoder()
    e.byte(engine)
    for op, *args in calls:
        e.byte(OPS.index(op))
        if op == "new":
            e.byte(args[0])
            continue
        assert len(args) == NARGS.get(op, 0), op
        for a in args:
            e.arg(a)
    return e.data()


TX = [("connect", "10.1.2.3", "client.example", "OK", "MTA-TX", ""), ("helo", "client.example", "", "", ""),
      ("mail", "Q1", "alice@example.org", ""), ("rcpt", "bob@example.net"), ("data",),
      ("header", "From", " a@example.test"), ("header", "Subject", " hi\n\tthere"), ("eoh",),
      ("body", "hello\r\n\r\n"), ("eom",)]
SEEDS = {
    "signed-strict": (0, TX),
    "signed-plain": (1, TX),
    "rx-greylist": (1, [("connect", "203.0.113.9", "", "FORGED", "MTA-RX", ""), ("helo", "x", "OK", "/C=US/O=Fuzz CA", "/CN=client"),
                        ("mail", "Q2", "a@spammer.example", "user"), ("rcpt", "list@example.test"),
                        ("rcpt", "user+x@example.test"), ("rcpt", "x@private.example.test"), ("data",), ("abort",),
                        ("mail", "Q3", "boss@example.org", ""), ("rcpt", "list@example.test"), ("data",)]),
    "out-of-order": (0, [("rcpt", "root@example.test"), ("eom",), ("helo", "a", "", "", ""), ("helo", "b", "", "", ""),
                         ("body", "x"), ("header", "", "\0"), ("data",), ("new", 1), ("eoh",), ("eom",)]),
    "nul-bytes": (1, [("connect", "192.0.2.66\0x", "a\0b", "\0", "MTA-TX\0", ""), ("mail", "\0", "a\0@example.test", ""),
                      ("rcpt", "<\0>"), ("header", "Fr\0m", "\0"), ("eom",)]),
}

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "corpus", "session")
for name, (engine, calls) in SEEDS.items():
    with open(os.path.join(out, "seed-" + name), "wb") as f:
        f.write(encode(engine, calls))
