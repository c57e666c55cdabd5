#!/usr/bin/env python3
# s21-episodes.py PREFIX M [LIMIT_MS] : the slow requests of measured run M of s21-tail.sh (PREFIX = $B/$TAG), grouped
# into episodes (100-ms windows of due time holding a request over LIMIT_MS, default 50, merged when adjacent), each
# with the waits it held (driver lag = sent - due, service time = answered - sent), the JVM pauses (safepoints >= 2 ms)
# of the service and the driver from 300 ms before it to its end, the machine's idle and iowait shares and the service's CPU over it.
import sys, re, datetime, signal
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
pre, m = sys.argv[1], sys.argv[2]
limit = float(sys.argv[3]) if len(sys.argv) > 3 else 50.0
lines = open(f"{pre}.m{m}.csv").read().split("\n")
t0 = int(lines[0].rsplit(' ', 1)[1])
reqs = []
for l in lines[2:]:
    if not l: continue
    i, due, sent, ans, st = (int(x) for x in l.split(','))
    reqs.append((due / 1000, sent / 1000, ans / 1000 if ans >= 0 else None, st))
def pauses(path):
    out = []
    for l in open(path):
        mm = re.match(r'\[([^\]]+)\]\[\d+ms\] Safepoint "([^"]+)".*Total: (\d+) ns', l)
        if not mm: continue
        ts = datetime.datetime.strptime(mm.group(1), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp() * 1000 - t0
        ms = int(mm.group(3)) / 1e6
        if ms >= 2: out.append((ts - ms, ms, mm.group(2)))
    return out
svc = pauses(f"{pre}.svc-gc.log")
drv = pauses(f"{pre}.drv-gc{m}.log")
cpu = []
for l in open(f"{pre}.cpu{m}.csv").read().split("\n")[1:]:
    if l: cpu.append([int(x) for x in l.split(',')])
def cpu_over(a, b):
    rows = [r for r in cpu if a + t0 <= r[0] <= b + t0]
    if len(rows) < 2: return None
    d = [y - x for x, y in zip(rows[0], rows[-1])]
    tot = d[1] + d[2] + d[3] + d[4] + d[5]
    if tot <= 0: return None
    npid = len(rows[0]) - 14
    return (100 * d[3] / tot, 100 * d[4] / tot, [100 * x / (d[0] / 10) for x in d[6:6 + npid]] if d[0] > 0 else [])
W = 100
slow = {}
for due, sent, ans, st in reqs:
    lat = (ans - due) if ans is not None else 1e9
    if lat > limit: slow.setdefault(int(due // W), []).append((due, sent, ans, lat))
keys = sorted(slow)
eps = []
for k in keys:
    if eps and k - eps[-1][1] <= 1: eps[-1][1] = k; eps[-1][2].extend(slow[k])
    else: eps.append([k, k, list(slow[k])])
n = len(reqs)
tot = sum(len(e[2]) for e in eps)
print(f"{pre} m{m}: {n} requests, {tot} over {limit:g} ms ({100*tot/n:.2f} %), {len(eps)} episodes; service pauses >= 2 ms: "
      f"{len(svc)} (sum {sum(p[1] for p in svc if 0 <= p[0] <= reqs[-1][0]):.0f} ms in the phase), driver: {len(drv)}")
for a, b, rs in eps:
    s, e = a * W, (b + 1) * W
    lag = max(r[1] - r[0] for r in rs)
    svct = max((r[2] - r[1]) for r in rs if r[2] is not None)
    sp = [f"{p[0]:.0f}+{p[1]:.0f}{'' if p[2].startswith('G1') else '('+p[2]+')'}" for p in svc if s - 300 <= p[0] <= e]
    dp = [f"{p[0]:.0f}+{p[1]:.0f}" for p in drv if s - 300 <= p[0] <= e]
    c = cpu_over(s - 300, e)
    cs = f"idle {c[0]:.0f}% iowait {c[1]:.0f}% svc {' '.join(f'{x:.0f}' for x in c[2][:1])}%" if c else "cpu ?"
    print(f"  {s/1000:7.2f}-{e/1000:7.2f}s slow {len(rs):5d} max {max(r[3] for r in rs):6.0f} ms | max lag {lag:6.0f} "
          f"max service {svct:6.0f} | svc pauses {' '.join(sp) or '-'} | drv pauses {' '.join(dp) or '-'} | {cs}")
