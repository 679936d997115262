"""macro_probe.py: a recording milter for the Postfix test (python3-milter).
  macro_probe.py SOCKET OUT
Asks the MTA, at negotiation, for the same macros per stage as
milterpack-milter (milters/macros.cpp) and writes one line per callback to OUT:
  negotiate actions=0x.. protocol=0x..     what the MTA offered
  <stage> name=value ...                  every macro the MTA sent (absent ones omitted)
A client from 127.0.0.3 is refused at connect with a 550 and a text of the
probe's own, so the test can see which text the client gets."""
import os
import sys

import Milter

STAGES = {
    'connect': 'j {daemon_name} {client_addr} {client_name} {client_resolve} {client_ptr}',
    'helo': '{verify} {cert_subject} {cert_issuer} {tls_version} {cipher}',
    'envfrom': 'i {auth_type} {auth_authen} {auth_ssf} {mail_addr}',
    'envrcpt': 'i {rcpt_addr} {rcpt_mailer}',
    'data': 'i',
    'eoh': 'i',
    'eom': 'i {msg_id}',
}
OUT = None


def record(line):
    with open(OUT, 'a') as o:
        o.write(line + '\n')


class Probe(Milter.Base):
    def seen(self, stage):
        vals = []
        for name in STAGES[stage].split():
            v = self.getsymval(name)
            if v is not None:
                vals.append('%s=%s' % (name, v))
        record(' '.join([stage] + vals))

    def negotiate(self, opts):
        record('negotiate actions=0x%x protocol=0x%x' % (opts[0], opts[1]))
        for stage, names in STAGES.items():
            # python3-milter's own setsymlist() passes bytes where its C part wants str
            self._ctx.setsymlist(getattr(Milter, 'M_' + stage.upper()), names)
        opts[0] = Milter.ADDHDRS | Milter.SETSYMLIST
        opts[1] = 0
        return Milter.CONTINUE

    def connect(self, host, family, hostaddr):
        self.seen('connect')
        if hostaddr and hostaddr[0] == '127.0.0.3':
            self.setreply('550', '5.7.1', 'probe refuses 127.0.0.3 at connect')
            return Milter.REJECT
        return Milter.CONTINUE

    def hello(self, name):
        self.seen('helo')
        return Milter.CONTINUE

    def envfrom(self, f, *args):
        self.seen('envfrom')
        return Milter.CONTINUE

    def envrcpt(self, to, *args):
        self.seen('envrcpt')
        return Milter.CONTINUE

    def data(self):
        self.seen('data')
        return Milter.CONTINUE

    def eoh(self):
        self.seen('eoh')
        return Milter.CONTINUE

    def eom(self):
        self.seen('eom')
        return Milter.CONTINUE


if __name__ == '__main__':
    sock, OUT = sys.argv[1], sys.argv[2]
    os.umask(0)   # Postfix's smtpd (user postfix) connects
    Milter.factory = Probe
    Milter.runmilter('macro_probe', 'unix:' + sock, timeout=60)
