#!/usr/bin/python3
"""apply_edits.py DRIVER_OUT SESSION MESSAGE OUT: the message as smtps would
deliver it after milterpack-pmilter's end-of-data header edits.

DRIVER_OUT is mp-pmdriver's stdout; its "SESSION eom: header TYPE INDEX LINE"
records (LINE's CRLF folds printed as \\r\\n) are applied in order to the
header block of MESSAGE (LF line ends, as given to the driver's
message-file), with the in-tree libpmilter's semantics (sm/hdrmoddef.h):
APPEND at the end, INSERT before the INDEX-th header, REPLACE/REMOVE at
0-based position INDEX, each seeing the previous edits. OUT gets CRLF line
ends. Exit 1 when there is no eom record for SESSION."""
import sys


def records(out, session):
    """The header edits of SESSION's eom answer; the driver prints a line's
    inner CRLFs (folds) as the four characters \\r\\n."""
    prefix = session.encode() + b" eom: header "
    return [l[len(prefix):].replace(b"\\r\\n", b"\r\n") for l in out.split(b"\n") if l.startswith(prefix)]


def split_message(data):
    lines = data.replace(b"\r\n", b"\n").split(b"\n")
    i = lines.index(b"")
    headers = []
    for l in lines[:i]:
        if l[:1] in (b" ", b"\t"):
            headers[-1] += b"\r\n" + l
        else:
            headers.append(l)
    return headers, lines[i + 1:]


def main():
    out = open(sys.argv[1], "rb").read()
    headers, body = split_message(open(sys.argv[3], "rb").read())
    recs = records(out, sys.argv[2])
    if not any(b"eom: " in l for l in out.split(b"\n") if l.startswith(sys.argv[2].encode() + b" ")):
        print("no eom answer for", sys.argv[2])
        return 1
    for r in recs:
        kind, index, line = r.split(b" ", 2)
        index = int(index)
        if kind == b"APPEND":
            headers.append(line)
        elif kind == b"INSERT":
            headers.insert(index, line)
        elif kind == b"REPLACE":
            headers[index] = line
        elif kind == b"REMOVE":
            del headers[index]
    with open(sys.argv[4], "wb") as f:
        f.write(b"".join(h + b"\r\n" for h in headers) + b"\r\n" + b"\r\n".join(body))
    return 0


sys.exit(main())
