"""listeners.py: the sandbox's two passive peers.
  syslog SOCKET FILE   a /dev/log listener writing one plain line per message
  sink PORT DIR        an SMTP server storing each message as DIR/<time>-<n>.eml, with the
                       envelope prepended as X-Sink-Mail-From / X-Sink-Rcpt-To headers
Run with Debian's /usr/bin/python3 (python3-aiosmtpd)."""
import asyncio
import itertools
import os
import socket
import sys
import time


def syslog(path, out_path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.bind(path)
    os.chmod(path, 0o666)
    with open(out_path, 'a', buffering=1) as out:
        while True:
            d = s.recv(65536).decode('utf-8', 'replace').rstrip('\n\x00')
            out.write((d[d.index('>') + 1:] if d.startswith('<') else d) + '\n')


class Sink:
    n = itertools.count(1)

    def __init__(self, directory):
        self.dir = directory

    async def handle_DATA(self, server, session, env):
        name = os.path.join(self.dir, '%d-%04d.eml' % (time.time(), next(self.n)))
        head = 'X-Sink-Mail-From: <%s>\r\nX-Sink-Rcpt-To: %s\r\n' % (
            env.mail_from, ', '.join('<%s>' % r for r in env.rcpt_tos))
        with open(name + '.tmp', 'wb') as o:
            o.write(head.encode() + env.original_content)
        os.rename(name + '.tmp', name)
        return '250 2.0.0 Ok: stored in sink'


def sink(port, directory):
    from aiosmtpd.smtp import SMTP
    loop = asyncio.new_event_loop()
    loop.run_until_complete(loop.create_server(
        lambda: SMTP(Sink(directory), hostname='sink.sandbox.test', data_size_limit=64 << 20),
        '127.0.0.1', int(port)))
    loop.run_forever()


if __name__ == '__main__':
    {'syslog': syslog, 'sink': sink}[sys.argv[1]](sys.argv[2], sys.argv[3])
