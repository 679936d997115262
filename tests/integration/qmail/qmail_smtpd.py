"""qmail_smtpd.py: plays qmail-smtpd's side of qmail-queue(8) for the test.
  qmail_smtpd.py PROGRAM MESSAGE_FILE ENVELOPE_FILE
Starts PROGRAM (what $QMAILQUEUE names) with a pipe on its fd 0 and one on its
fd 1, writes the message to the first and then the envelope to the second (as
qmail-smtpd does), closes both and prints PROGRAM's exit code; the environment
(TCPREMOTEIP, RELAYCLIENT, ...) is passed through."""
import os
import subprocess
import sys

prog, msg_file, env_file = sys.argv[1:4]
m_r, m_w = os.pipe()
e_r, e_w = os.pipe()
p = subprocess.Popen([prog], stdin=m_r, stdout=e_r, close_fds=True)
os.close(m_r)
os.close(e_r)
for fd, path in ((m_w, msg_file), (e_w, env_file)):
    with open(path, 'rb') as f:
        data = f.read()
    try:
        while data:
            data = data[os.write(fd, data):]
    except BrokenPipeError:
        pass
    os.close(fd)
print(p.wait())
