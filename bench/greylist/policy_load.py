#!/usr/bin/python3
# policy_load.py: load client for a Postfix policy-protocol greylister
# (postgrey), the counterpart of mp-miltclient's load mode in
# milter_bench.sh. C threads, each with its own unix-socket connection kept
# open (as Postfix's policy client does), send N requests in total:
#   new:    a new triplet per request (recipient u<thread>-<i>@example.test);
#           the answer must be a greylisting defer
#   repeat: one triplet per thread, already confirmed; the answer must pass
#   confirm: one request per thread's triplet (to confirm before `repeat`)
# One request is the attribute block Postfix sends at RCPT, one round trip.
# Prints: decisions=N seconds=S rate=R/s errors=E
#   policy_load.py SOCKET MODE N C
import socket
import sys
import threading
import time


def request(client, sender, rcpt):
    attrs = {
        "request": "smtpd_access_policy", "protocol_state": "RCPT", "protocol_name": "ESMTP",
        "client_address": client, "client_name": "client.example.org", "helo_name": "client.example.org",
        "sender": sender, "recipient": rcpt, "queue_id": "", "instance": "1.2.3", "size": "0",
    }
    return "".join(f"{k}={v}\n" for k, v in attrs.items()).encode() + b"\n"


def read_reply(f):
    lines = []
    while True:
        line = f.readline()
        if not line:
            raise ConnectionError("server closed the connection")
        if line == b"\n":
            return b"".join(lines).decode()
        lines.append(line)


def worker(path, mode, t, count, errors):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(30)
    s.connect(path)
    f = s.makefile("rb")
    client = f"127.0.1.{t + 1}"
    for i in range(count):
        rcpt = f"u{t}-{i}@example.test" if mode == "new" else f"w{t}@example.test"
        s.sendall(request(client, "sender@example.org", rcpt))
        reply = read_reply(f)
        greylisted = reply.startswith("action=DEFER_IF_PERMIT")
        if (mode == "repeat") == greylisted and mode != "confirm":
            errors.append(reply.strip())
    s.close()


def main():
    path, mode, n, c = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    errors = []
    per = [n // c + (1 if t < n % c else 0) for t in range(c)]
    threads = [threading.Thread(target=worker, args=(path, mode, t, per[t], errors)) for t in range(c)]
    t0 = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    dt = time.monotonic() - t0
    print(f"decisions={n} seconds={dt:.3f} rate={n / dt:.1f}/s errors={len(errors)}"
          + (f" first_error={errors[0]!r}" if errors else ""))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
