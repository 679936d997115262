#!/usr/bin/python3
"""bounds.py: the soak's verdict from its CSV (bench/soak/run.sh).

  bounds.py SOAK.CSV     exit 0 when every bound holds, 1 otherwise

Columns: t_s,delivered,rate_per_s,rx_rss_kb,rx_fds,tx_rss_kb,tx_fds, one row
per 10 s sample. The first minute is the warm-up reference, the last minute
the end state; for each milter (rx, tx):
  RSS: median of the last minute <= median of the first minute * 1.20
  fds: median of the last minute <= maximum of the first minute + 16
and every sample delivered mail (no stall). Prints one summary line per
milter and the throughput (mean, min and max of the samples' rates).
"""
import csv
import statistics
import sys

RSS_GROWTH = 1.20
FD_SLACK = 16


def window(rows, first):
    """Rows of the first (or last) 60 s of the run."""
    if first:
        return [r for r in rows if r['t_s'] <= rows[0]['t_s'] + 50]
    return [r for r in rows if r['t_s'] >= rows[-1]['t_s'] - 50]


def check(rows, name):
    a, z = window(rows, True), window(rows, False)
    rss0 = statistics.median(r[name + '_rss_kb'] for r in a)
    rss1 = statistics.median(r[name + '_rss_kb'] for r in z)
    fd0 = max(r[name + '_fds'] for r in a)
    fd1 = statistics.median(r[name + '_fds'] for r in z)
    ok = rss1 <= rss0 * RSS_GROWTH and fd1 <= fd0 + FD_SLACK
    print('%s: RSS first-minute median %.1f MB, last-minute median %.1f MB (%+.1f%%, bound +%d%%); '
          'fds first-minute max %d, last-minute median %g (bound +%d): %s'
          % (name, rss0 / 1024, rss1 / 1024, (rss1 / rss0 - 1) * 100, round((RSS_GROWTH - 1) * 100),
             fd0, fd1, FD_SLACK, 'ok' if ok else 'EXCEEDED'))
    return ok


def main():
    with open(sys.argv[1]) as f:
        rows = [{k: float(v) for k, v in r.items()} for r in csv.DictReader(f)]
    if len(rows) < 12:
        print('bounds: only %d samples; a verdict needs two minutes' % len(rows))
        return 1
    ok = all([check(rows, 'rx'), check(rows, 'tx')])
    rates = [r['rate_per_s'] for r in rows]
    stalls = sum(1 for r in rows[:-1] if r['delivered'] == 0)
    print('throughput: mean %.1f msg/s, min %.1f, max %.1f over %d samples; %d samples without delivery'
          % (statistics.mean(rates), min(rates), max(rates), len(rows), stalls))
    return 0 if ok and stalls == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
