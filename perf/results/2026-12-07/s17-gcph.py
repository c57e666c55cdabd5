import sys,re,datetime
# gcph.py TAG...: service young pauses during the measured phase (fp- start .. +10 s): count, sum, max
for tag in sys.argv[1:]:
    start=None
    for l in open(f'fan-{tag}.err'):
        m=re.match(r'rate phase \(fp-\) starts at (\d+) ms',l)
        if m: start=int(m.group(1))/1000
    ps=[]
    for l in open(f'gc-svc-{tag}.log'):
        m=re.match(r'\[([^\]]+)\].*Pause (\S+ \(\S+\)).* ([\d.]+)ms',l)
        if not m: continue
        t=datetime.datetime.strptime(m.group(1)[:23],'%Y-%m-%dT%H:%M:%S.%f').replace(tzinfo=datetime.timezone.utc).timestamp()
        if start<=t<=start+10.5: ps.append(float(m.group(3)))
    print(f'{tag}: {len(ps)} pauses, sum {sum(ps):.0f} ms, max {max(ps) if ps else 0:.0f} ms: '+' '.join(f'{p:.0f}' for p in ps))
