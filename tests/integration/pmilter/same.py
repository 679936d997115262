#!/usr/bin/python3
"""same.py DIR MILTER_SOCK PMILTER_SOCK MILTCLIENT PMDRIVER: one table of SMTP
sessions run through milterpack-milter (mp-miltclient plays sendmail 8) and
milterpack-pmilter (mp-pmdriver plays smtps) with the same policy file; every
stage both MTAs send must get the same decision (code class, SMTP code,
enhanced code and text; the MTA's default text where the policy gives none),
and the same recipient edits at end of data. Prints one line per session and
exits 1 on any difference."""
import re
import subprocess
import sys

MSG = "message.eml"
# name, client address, helo, sender, recipients, send data
CASES = [
    ("clean", "192.0.2.1", "mx.example.org", "<alice@example.org>", ["<bob@example.test>"], True),
    ("bare", "192.0.2.1", "mx.example.org", "alice@example.org", ["bob@example.test"], True),
    ("nullsender", "192.0.2.1", "mx.example.org", "<>", ["<bob@example.test>"], True),
    ("root", "192.0.2.1", "mx.example.org", "<alice@example.org>", ["<root@example.test>", "<bob@example.test>"], True),
    ("spam", "192.0.2.1", "mx.example.org", "<x@spammer.example>", ["<bob@example.test>"], False),
    ("spam-sub", "192.0.2.1", "mx.example.org", "<x@mx.spammer.example>", ["<bob@example.test>"], False),
    ("cltaddr", "192.0.2.2", "c2.example.org", "<alice@example.org>", ["<bob@example.test>"], False),
    ("quick", "192.0.2.4", "c4.example.org", "<alice@example.org>", ["<postmaster@example.test>"], False),
    ("postmaster", "192.0.2.3", "c3.example.org", "<alice@example.org>", ["<postmaster@example.test>"], False),
    ("discard-mail", "192.0.2.1", "mx.example.org", "<blackhole@example.org>", ["<bob@example.test>"], False),
    ("discard-rcpt", "192.0.2.1", "mx.example.org", "<alice@example.org>",
     ["<nobody+x@example.test>", "<carol@example.test>"], True),
    ("discard-all", "192.0.2.1", "mx.example.org", "<alice@example.org>", ["<nobody+y@example.test>"], True),
    ("protected-no", "192.0.2.1", "mx.example.org", "<stranger@example.org>", ["<list1@local.test>"], True),
    ("protected-yes", "192.0.2.1", "mx.example.org", "<user1@l1.test>", ["<list1@local.test>"], True),
    ("ipv6", "2001:db8::25", "v6.example.org", "<alice@example.org>", ["<bob@example.test>"], True),
]

DEFAULTS = {"PERM": "550 5.7.1 Command rejected", "TEMP": "451 4.3.2 Please try again later"}


def milter_script(c):
    name, addr, helo, mail, rcpts, data = c
    s = [f"connect {helo} {addr}", f"helo {helo}", f"mail {mail}"] + [f"rcpt {r}" for r in rcpts]
    if data:
        s += ["data", f"message-file {MSG}", "eom"]
    return s + ["quit"]


def pm_script(c):
    name, addr, helo, mail, rcpts, data = c
    s = [f"session {name}", f"connect {helo} {addr}", f"ehlo {helo}", f"mail {mail}"] + [f"rcpt {r}" for r in rcpts]
    if data:
        s += ["data", f"message-file {MSG}", "final-dot include", "eom"]
    return s + ["quit"]


def norm_milter(text):
    """'reject 551 5.7.1 x' -> ('PERM', '551 5.7.1 x'); 'continue' -> ('CONT', '')."""
    word, _, rest = text.partition(" ")
    kind = {"continue": "CONT", "accept": "ACCEPT", "reject": "PERM", "tempfail": "TEMP", "discard": "DISCARD"}.get(word)
    if kind is None:
        return None
    if kind == "PERM" and rest.startswith("4"):
        kind = "TEMP"
    return kind, rest or DEFAULTS.get(kind, "")


def norm_pm(text):
    kind, _, rest = text.partition(" ")
    return kind, rest


def run(cmd, script, path):
    open(path, "w").write("\n".join(script) + "\n")
    p = subprocess.run(cmd + ["--script", path], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def main():
    d, msock, psock, mc, pd = sys.argv[1:6]
    failures = 0
    for c in CASES:
        name = c[0]
        rc1, out1, err1 = run([mc, "-s", msock, "-t", "30"], milter_script(c), f"{d}/{name}.mts")
        rc2, out2, err2 = run([pd, "-s", psock, "-t", "30"], pm_script(c), f"{d}/{name}.pms")
        if rc1 != 0 or rc2 != 0:
            print(f"not ok - {name}: mp-miltclient exit {rc1}, mp-pmdriver exit {rc2}\n{out1}{err1}{out2}{err2}")
            failures += 1
            continue
        # Decisions per stage, in order, for the stages each side actually sent.
        m = [(st, norm_milter(t)) for st, t in re.findall(r"^(connect|helo|mail|rcpt|data|eom): (.*)$", out1, re.M)]
        m = [(st, v) for st, v in m if v is not None]
        p = [(st.replace("ehlo", "helo"), norm_pm(t))
             for st, t in re.findall(rf"^{re.escape(name)} (connect|ehlo|mail|rcpt|data|eom): (\S+(?: .*)?)$", out2, re.M)
             if not t.startswith(("header ", "rcpt "))]
        # milterpack-milter negotiates away the steps at which this policy never
        # decides (policy/steps.hpp): a pmilter CONT at such a step is the same.
        sent = {st for st, _ in m}
        p = [(st, v) for st, v in p if st in sent or v[0] != "CONT"]
        medits = sorted(re.findall(r"^eom: delrcpt (\S+)", out1, re.M))
        pedits = sorted(re.findall(rf"^{re.escape(name)} eom: rcpt del (\S+)", out2, re.M))
        n = min(len(m), len(p))
        same = m[:n] == p[:n] and medits == pedits and n > 0
        status = "ok" if same else "not ok"
        print(f"{status} - {name}: {' '.join(f'{st}={v[0]}' for st, v in m[:n])} rcpt-del={medits}")
        if not same:
            print(f"  milter:  {m}\n  pmilter: {p}\n  edits: {medits} vs {pedits}")
            failures += 1
    print(f"{len(CASES) - failures} passed, {failures} failed")
    return 1 if failures else 0


sys.exit(main())
