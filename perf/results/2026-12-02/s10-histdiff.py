import sys, re
# histdiff.py BEFORE AFTER METRIC LABELMATCH : percentiles of a Prometheus histogram over the interval
def load(f, metric, match):
    b = {}
    for line in open(f):
        if line.startswith(metric + "_bucket{") and match in line:
            le = re.search(r'le="([^"]+)"', line).group(1)
            b[float('inf') if le == '+Inf' else float(le)] = float(line.rsplit(' ', 1)[1])
    return b
a = load(sys.argv[1], sys.argv[3], sys.argv[4]); z = load(sys.argv[2], sys.argv[3], sys.argv[4])
d = sorted((le, z[le] - a.get(le, 0)) for le in z)
total = d[-1][1]
out = []
for q in (0.5, 0.9, 0.99, 0.999):
    for le, c in d:
        if c >= q * total:
            out.append(f"p{q*100:g}<={le*1000:.1f}ms"); break
print(f"n={int(total)} " + " ".join(out))
