#!/usr/bin/python3
"""recorder.py: stands in for the real qmail-queue: stores what it gets on
fd 0 (message) and fd 1 (envelope) as $RECORDER_DIR/message and .../envelope,
then exits with $RECORDER_EXIT (default 0)."""
import os


def read_all(fd):
    out = b''
    while True:
        b = os.read(fd, 65536)
        if not b:
            return out
        out += b


d = os.environ['RECORDER_DIR']
msg = read_all(0)
env = read_all(1)
for name, data in (('message', msg), ('envelope', env)):
    with open(os.path.join(d, name + '.tmp'), 'wb') as f:
        f.write(data)
    os.rename(os.path.join(d, name + '.tmp'), os.path.join(d, name))
os._exit(int(os.environ.get('RECORDER_EXIT', '0')))
