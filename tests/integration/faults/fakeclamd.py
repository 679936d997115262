#!/usr/bin/python3
"""fakeclamd.py: a faulty clamd, the peer under test in integration.faults.scan
(a real clamd cannot misbehave on demand).

  fakeclamd.py SOCKET MODEFILE

Listens on the unix SOCKET; for each connection it reads MODEFILE (one word)
and behaves accordingly:
  ok       reads the whole zINSTREAM (length-prefixed chunks up to the
           zero-length one) and answers "stream: OK" as clamd does
  hang     accepts, reads whatever comes, never answers
  garbage  reads the whole stream, answers bytes no clamd sends
  close    reads a few bytes of the stream, then closes the connection
Runs until killed (SIGTERM); each connection has its own thread.
"""
import os
import socket
import struct
import sys
import threading


def read_exact(c, n):
    data = b''
    while len(data) < n:
        got = c.recv(n - len(data))
        if not got:
            raise EOFError
        data += got
    return data


def read_stream(c):
    cmd = b''
    while not cmd.endswith(b'\0'):
        cmd += read_exact(c, 1)
    while True:
        (n,) = struct.unpack('>I', read_exact(c, 4))
        if n == 0:
            return cmd
        read_exact(c, n)


def serve(c, mode):
    try:
        if mode == 'hang':
            while c.recv(65536):
                pass
        elif mode == 'close':
            read_exact(c, 8)
        elif mode == 'garbage':
            read_stream(c)
            c.sendall(b'\x01\x02 what? \xff\0')
        else:
            read_stream(c)
            c.sendall(b'stream: OK\0')
    except (EOFError, OSError):
        pass
    finally:
        c.close()


def main():
    path, modefile = sys.argv[1], sys.argv[2]
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    os.chmod(path, 0o666)
    s.listen(64)
    while True:
        c, _ = s.accept()
        with open(modefile) as f:
            mode = f.read().strip()
        threading.Thread(target=serve, args=(c, mode), daemon=True).start()


if __name__ == '__main__':
    main()
