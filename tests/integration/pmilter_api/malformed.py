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
CASES = {
    "length beyond the limit": struct.pack(">I", 5 + 65537) + b"C" + b"\0" * 8,
    "length below the header": struct.pack(">I", 2) + b"N" + b"\0" * 8,
    "unknown frame type": frame(b"Z", 0),
    "first frame not N": frame(b"C", 1, fields(b"h", b"192.0.2.1", b"0")),
    "field beyond the frame": NEG + frame(b"C", 1, struct.pack(">I", 100) + b"abc"),
    "wrong macro count": NEG + frame(b"C", 1, fields(b"h", b"192.0.2.1", b"0")),
    "session 0 after N": NEG + frame(b"H", 0, fields(b"x", b"E")),
}


def read_frames(s):
    data = b""
    s.settimeout(20)
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    out = []
    while len(data) >= 9:
        n = struct.unpack(">I", data[:4])[0]
        out.append((data[4:5], data[9:4 + n]))
        data = data[4 + n:]
    return out


failed = 0
for name, payload in CASES.items():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sys.argv[1])
    s.sendall(payload)
    types = [t for t, _ in read_frames(s)]
    s.close()
    good = types and types[-1] == b"X"
    print(("ok   " if good else "FAIL ") + name + ": " + repr(types))
    failed += not good
sys.exit(1 if failed else 0)
