#!/usr/bin/python3
# malformed.py SOCKET: malformed input to the in-tree libpmilter, one fresh
# connection per case; each must be answered with an X frame and the
# connection closed (PROTOCOL.md section 3). Exit 0 when every case did.
import socket
import struct
import sys


def frame(t, sid, payload=b""):
    return struct.pack(">I", 5 + len(payload)) + t + struct.pack(">I", sid) + payload


def fields(*fs):
    return b"".join(struct.pack(">I", len(f)) + f for f in fs)


NEG = frame(b"N", 0, fields(b"1", b"0", b"0", b"0", b"0"))
# NULL values for the macros t/rules.tp requests at connect, mail, rcpt/data.
NULL1 = struct.pack(">I", 0xFFFFFFFF)
NULLS = NULL1 * 3
NULLS4 = NULL1 * 4
# name: (negotiate first, bytes or a list of steps each answered before the
# next, a part of the X frame's reason). The last case's RCPT blocks in testpm (rules.tp) until run.sh releases it, so its
# DATA waits in the queue and its EOM is one frame too many.
CASES = {
    "length beyond the limit": (False, struct.pack(">I", 5 + 65537) + b"C" + b"\0" * 8, "bad frame length"),
    "length below the header": (False, struct.pack(">I", 2) + b"N" + b"\0" * 8, "bad frame length"),
    "unknown frame type": (False, frame(b"Z", 0), "unknown frame type"),
    "first frame not N": (False, frame(b"C", 1, fields(b"h", b"192.0.2.1", b"0")), "first frame must be N"),
    "field beyond the frame": (True, frame(b"C", 1, struct.pack(">I", 100) + b"abc"), "beyond the frame"),
    "wrong macro count": (True, frame(b"C", 1, fields(b"h", b"192.0.2.1", b"0", b"x", b"y", b"z", b"w")), "fields, want"),
    "session 0 after N": (True, frame(b"H", 0, fields(b"x", b"E")), "session 0"),
    "driver-side frame type": (True, frame(b"r", 1, fields(b"CONT")), "from the driver"),
    "a command while one is queued": (True, [frame(b"C", 1, fields(b"slowq.example", b"192.0.2.1", b"0") + NULLS),
                                      frame(b"M", 1, fields(b"<slowq@example.org>", b"-1") + NULLS4)
                                      + frame(b"R", 1, fields(b"<q@example.org>", b"-1") + NULL1)
                                      + frame(b"D", 1, NULL1) + frame(b"E", 1, NULL1 * 3)], "outstanding"),
}


def read_frames(s, until_eof=True):
    """Frames as (type, body); the first one only when until_eof is false."""
    data = b""
    s.settimeout(20)
    out = []
    while True:
        while len(data) >= 9 and len(data) >= 4 + struct.unpack(">I", data[:4])[0]:
            n = struct.unpack(">I", data[:4])[0]
            out.append((data[4:5], data[9:4 + n]))
            data = data[4 + n:]
            if not until_eof:
                return out
        chunk = s.recv(65536)
        if not chunk:
            return out
        data += chunk


def refused(sock_path):
    """Commands for sessions that do not exist are refused with x; the
    connection stays open and serves a real session afterwards."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sock_path)
    s.settimeout(20)
    buf = b""
    want = [b"n", b"x", b"x", b"r", b"k"]
    s.sendall(NEG)
    got = []
    sent = False
    while len(got) < len(want):
        while len(buf) < 4 or len(buf) < 4 + struct.unpack(">I", buf[:4])[0]:
            chunk = s.recv(65536)
            if not chunk:
                return got
            buf += chunk
        n = struct.unpack(">I", buf[:4])[0]
        t, body = buf[4:5], buf[9:4 + n]
        buf = buf[4 + n:]
        got.append(t)
        if t == b"n" and not sent:
            sent = True
            ids = body  # the macro lists decide how many NULL values each stage needs
            f = []
            while ids:
                ln = struct.unpack(">I", ids[:4])[0]
                f.append(ids[4:4 + ln])
                ids = ids[4 + ln:]
            nconn = len([x for x in f[6].split(b",") if x])
            nulls = struct.pack(">I", 0xFFFFFFFF) * nconn
            s.sendall(frame(b"H", 9, fields(b"x", b"E")) + frame(b"A", 9))
            s.sendall(frame(b"C", 3, fields(b"h", b"192.0.2.1", b"0") + nulls))
        if t == b"r":
            s.sendall(frame(b"Q", 3))
    s.close()
    return got


failed = 0
got = refused(sys.argv[1])
good = got == [b"n", b"x", b"x", b"r", b"k"]
print(("ok   " if good else "FAIL ") + "unknown session refused, connection kept: " + repr(got))
failed += not good
for name, (neg, payload, reason) in CASES.items():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    steps = ([NEG] if neg else []) + (payload if isinstance(payload, list) else [payload])
    for step in steps[:-1]:  # each answered before the next is sent
        s.sendall(step)
        read_frames(s, until_eof=False)
    s.sendall(steps[-1])
    got = read_frames(s)
    s.close()
    last = got[-1] if got else (b"", b"")
    good = last[0] == b"X" and reason.encode() in last[1]
    print(("ok   " if good else "FAIL ") + name + ": " + repr(got))
    failed += not good
sys.exit(1 if failed else 0)
