#!/usr/bin/env python3
"""stalls.py TAG: lines up the probe's per-port rows (--csv) with both JVMs' GC pauses.
Prints, per 250 ms of the measured phase, the worst last-host latency after the 201 of ports sent then,
and the GC pauses (service S, probe P) that fell in that window or the following 300 ms."""
import sys, re, csv, datetime
B = '/tmp/b16'; tag = sys.argv[1]; rate = 1000.0
start = None
for l in open(f'{B}/fan-{tag}.err'):
    m = re.match(r'rate phase \(fp-\) starts at (\d+) ms', l)
    if m: start = int(m.group(1)) / 1000.0
rows = [r for r in csv.DictReader(open(f'{B}/csv-{tag}.csv')) if r['phase'] == 'rate' and r['all_after_201_us']]
def pauses(f):
    out = []
    for l in open(f):
        m = re.match(r'\[([^\]]+)\].*Pause (\S+ \(\S+\)).* ([\d.]+)ms', l)
        if not m: continue
        t = datetime.datetime.strptime(m.group(1)[:23], '%Y-%m-%dT%H:%M:%S.%f').replace(tzinfo=datetime.timezone.utc).timestamp()
        d = float(m.group(3)) / 1000
        out.append((t - d - start, d))  # log time is the pause end
    return out
S = pauses(f'{B}/gc-svc-{tag}.log'); P = pauses(f'{B}/gc-probe-{tag}.log')
W = 0.25
buckets = {}
for r in rows:
    t = int(r['index']) / rate; k = int(t / W)
    v = int(r['all_after_201_us']) / 1000; p2 = int(r['post_to_201_us']) / 1000
    b = buckets.setdefault(k, [0, 0, 0])
    b[0] = max(b[0], v); b[1] = max(b[1], p2); b[2] += 1
lat = sorted(int(r['all_after_201_us']) / 1000 for r in rows)
print(f'{tag}: {len(rows)} ports, last host after 201 p50 {lat[len(lat)//2]:.0f} p99 {lat[int(len(lat)*0.99)]:.0f} max {lat[-1]:.0f} ms')
for k in sorted(buckets):
    a, b = k * W, (k + 1) * W
    g = [f'S{d*1000:.0f}@{t:.2f}' for t, d in S if a - 0.05 <= t < b + 0.3] + [f'P{d*1000:.0f}@{t:.2f}' for t, d in P if a - 0.05 <= t < b + 0.3]
    mx, p2, n = buckets[k]
    flag = '  <==' if mx > 100 else ''
    print(f'{a:6.2f}s  last-host max {mx:6.0f} ms  post->201 max {p2:6.0f} ms  {" ".join(g)}{flag}')
