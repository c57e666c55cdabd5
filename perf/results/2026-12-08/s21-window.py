#!/usr/bin/env python3
# s21-window.py PREFIX M FROM_S TO_S : per 100 ms of measured run M: requests due, answered, their latency (p50/max,
# from due), driver lag and service time (max); the CPU of the service, PostgreSQL (summed), the machine's idle and
# iowait; the disk's writes, flushes and ms spent flushing, and the page cache's dirty and writeback MB at the window's end.
import sys
pre, m, a, b = sys.argv[1], sys.argv[2], float(sys.argv[3]) * 1000, float(sys.argv[4]) * 1000
lines = open(f"{pre}.m{m}.csv").read().split("\n")
t0 = int(lines[0].rsplit(' ', 1)[1])
reqs = [tuple(int(x) / 1000 for x in l.split(',')[1:4]) for l in lines[2:] if l]
cpu = [[int(x) for x in l.split(',')] for l in open(f"{pre}.cpu{m}.csv").read().split("\n")[1:] if l]
W = 100
print(" window   due  answered  lat p50   lat max  lag max  svc max | svc%  pg% idle% iow% | writes flushes flush-ms dirtyMB wbMB")
t = a
while t < b:
    d = sorted(r[2] - r[0] for r in reqs if t <= r[0] < t + W)
    lag = max((r[1] - r[0] for r in reqs if t <= r[0] < t + W), default=0)
    sv = max((r[2] - r[1] for r in reqs if t <= r[0] < t + W), default=0)
    ans = sum(1 for r in reqs if t <= r[2] < t + W)
    rows = [r for r in cpu if t + t0 <= r[0] <= t + W + t0]
    cs = ""
    if len(rows) >= 2:
        dd = [y - x for x, y in zip(rows[0], rows[-1])]
        tot = dd[1] + dd[2] + dd[3] + dd[4] + dd[5]
        ticks = tot / 2  # two cores: jiffies per core over the interval
        npid = len(cpu[0]) - 14
        pc = dd[6:6 + npid]
        dk = dd[6 + npid:]
        if tot > 0:
            cs = (f"{100*pc[0]/ticks:4.0f} {100*sum(pc[1:])/ticks:4.0f} {100*dd[3]/tot:5.0f} {100*dd[4]/tot:4.0f} | "
                  f"{dk[0]:6d} {dk[4]:7d} {dk[5]:8d} {rows[-1][-2]/1024:7.0f} {rows[-1][-1]/1024:4.0f}")
    print(f"{t/1000:6.1f} {len(d):5d} {ans:9d} {d[len(d)//2] if d else 0:8.1f} {d[-1] if d else 0:9.1f} {lag:8.1f} {sv:8.1f} | {cs}")
    t += W
