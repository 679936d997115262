#!/usr/bin/python3
"""smtp_load.py: a bounded SMTP load client for bench/smtp/run.sh.

  smtp_load.py --port P --count N --concurrency C --per-session K --tag TAG
               [--host 127.0.0.1] [--size BYTES] [--timeout S] [--deadline S]

One asyncio process, C workers. Each worker takes message numbers from a
shared counter and sends them K per SMTP session: connect, banner, EHLO, then
per message MAIL, RCPT, DATA, the ~BYTES message, and waits for the 250 after
the final dot; QUIT at the end of the session. No pipelining (each command
waits for its reply, like a plain sendmail client). Every reply is checked;
any unexpected reply, timeout or connection error fails the run (exit 1, the
first errors on stderr). Only loopback hosts are accepted.

Latency of a message: from the start of its work (the connect for the first
message of a session, MAIL for the others) to the 250 after its final dot.
Output, one line on stdout:
  sent=N failed=F seconds=T rate=R/s p50_ms=X p99_ms=Y max_ms=Z
Each message carries 'X-Bench-Id: TAG-<n>' so the receiver can be counted.
"""
import argparse
import asyncio
import ipaddress
import sys
import time

CRLF = b'\r\n'


def make_body(size):
    lines, i = [], 0
    while sum(len(x) + 2 for x in lines) < size:
        lines.append('Line %04d of the benchmark message: the quick brown fox jumps '
                     'over the lazy dog, 0123456789.' % i)
        i += 1
    return CRLF.join(x.encode() for x in lines) + CRLF


def make_message(tag, n, body):
    head = ('From: Alice Example <%s>\r\nTo: <%s>\r\nSubject: bench %s message %d\r\n'
            'Date: Fri, 21 Nov 2025 10:00:00 +0000\r\nMessage-ID: <%s.%d@bench.example.org>\r\n'
            'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n'
            'X-Bench-Id: %s-%d\r\n\r\n') % (ARGS.sender, ARGS.rcpt, tag, n, tag, n, tag, n)
    return head.encode() + body + b'.\r\n'   # the body has no line starting with '.'


class Failed(Exception):
    pass


async def reply(reader, want, what):
    """Read one (possibly multi-line) reply; its code must start with `want`."""
    while True:
        line = await asyncio.wait_for(reader.readline(), ARGS.timeout)
        if not line:
            raise Failed('%s: connection closed' % what)
        if len(line) < 4 or line[3:4] != b'-':
            break
    if not line.startswith(want):
        raise Failed('%s: %s' % (what, line.decode('latin-1').rstrip()))


async def command(reader, writer, data, want, what):
    writer.write(data)
    await reply(reader, want, what)


async def session(numbers, body, latencies):
    t0 = time.monotonic()
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(ARGS.host, ARGS.port), ARGS.timeout)
    try:
        await reply(reader, b'220', 'banner')
        await command(reader, writer, b'EHLO client.sandbox.test\r\n', b'250', 'EHLO')
        for n in numbers:
            await command(reader, writer, b'MAIL FROM:<%s>\r\n' % ARGS.sender.encode(), b'250', 'MAIL')
            await command(reader, writer, b'RCPT TO:<%s>\r\n' % ARGS.rcpt.encode(), b'250', 'RCPT')
            await command(reader, writer, b'DATA\r\n', b'354', 'DATA')
            await command(reader, writer, make_message(ARGS.tag, n, body), b'250', 'end of data')
            t1 = time.monotonic()
            latencies.append(t1 - t0)
            t0 = t1
        await command(reader, writer, b'QUIT\r\n', b'221', 'QUIT')
    finally:
        writer.close()
        try:
            await asyncio.wait_for(writer.wait_closed(), ARGS.timeout)
        except (OSError, asyncio.TimeoutError):
            pass


async def worker(next_n, body, latencies, errors):
    while True:
        first = next_n[0]
        if first >= ARGS.count:
            return
        last = min(first + ARGS.per_session, ARGS.count)
        next_n[0] = last
        try:
            await session(range(first, last), body, latencies)
        except (Failed, OSError, asyncio.TimeoutError) as e:
            errors.append('messages %d-%d: %s' % (first, last - 1, e or type(e).__name__))


def percentile(sorted_values, p):
    if not sorted_values:
        return float('nan')
    return sorted_values[min(len(sorted_values) - 1, int(p / 100.0 * len(sorted_values)))]


async def main():
    body = make_body(ARGS.size)
    latencies, errors, next_n = [], [], [0]
    t0 = time.monotonic()
    tasks = [worker(next_n, body, latencies, errors) for _ in range(ARGS.concurrency)]
    await asyncio.wait_for(asyncio.gather(*tasks), ARGS.deadline)
    seconds = time.monotonic() - t0
    lat = sorted(latencies)
    print('sent=%d failed=%d seconds=%.3f rate=%.1f/s p50_ms=%.1f p99_ms=%.1f max_ms=%.1f' % (
        len(lat), ARGS.count - len(lat), seconds, len(lat) / seconds,
        percentile(lat, 50) * 1e3, percentile(lat, 99) * 1e3, (lat[-1] if lat else 0) * 1e3))
    for e in errors[:5]:
        print('smtp_load: %s' % e, file=sys.stderr)
    return 1 if errors else 0


def parse():
    p = argparse.ArgumentParser(description='bounded loopback SMTP load client')
    p.add_argument('--host', default='127.0.0.1')
    p.add_argument('--port', type=int, required=True)
    p.add_argument('--count', type=int, required=True)
    p.add_argument('--concurrency', type=int, default=4)
    p.add_argument('--per-session', type=int, default=1)
    p.add_argument('--size', type=int, default=4000, help='body bytes (approx.)')
    p.add_argument('--tag', default='run')
    p.add_argument('--sender', default='alice@example.org')
    p.add_argument('--rcpt', default='bob@example.test')
    p.add_argument('--timeout', type=float, default=30.0, help='per reply, seconds')
    p.add_argument('--deadline', type=float, default=300.0, help='whole run, seconds')
    a = p.parse_args()
    if not ipaddress.ip_address(a.host).is_loopback:
        p.error('--host must be a loopback address')
    if min(a.count, a.concurrency, a.per_session) < 1:
        p.error('--count, --concurrency and --per-session must be at least 1')
    return a


if __name__ == '__main__':
    ARGS = parse()
    try:
        sys.exit(asyncio.run(main()))
    except asyncio.TimeoutError:
        print('smtp_load: run exceeded --deadline %.0f s' % ARGS.deadline, file=sys.stderr)
        sys.exit(1)
