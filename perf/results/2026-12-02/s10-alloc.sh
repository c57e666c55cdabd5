#!/bin/bash
# alloc.sh JAR TAG : fresh service with a GC log; WARMS x 60k unmeasured, then one 60k measured run;
# prints heap allocated per create during the measured run (sum of young-gen growth between pauses)
JAR=$1; TAG=$2; shift 2
D=/tmp/b10/d-$TAG
/tmp/b10/svc.sh $JAR $D -Xlog:gc:file=/tmp/b10/$TAG.gc "$@" &
for i in $(seq 300); do curl -sf localhost:19900/readyz >/dev/null && break; sleep 1; done
SVC=$(pgrep -f "data-dir $D" | head -1)
for w in $(seq ${WARMS:-3}); do java -cp /tmp/b10/bench-new.jar io.alcorvx.perf.http.PortCreateDriver --url http://127.0.0.1:19900 --ports 60000 --concurrency 64 > /dev/null 2>&1; done
jcmd $SVC GC.run > /dev/null; sleep 1
L0=$(wc -l < /tmp/b10/$TAG.gc)
java -cp /tmp/b10/bench-new.jar io.alcorvx.perf.http.PortCreateDriver --url http://127.0.0.1:19900 --ports 60000 --concurrency 64 > /tmp/b10/$TAG.out 2>&1
jcmd $SVC GC.run > /dev/null; sleep 1
tail -n +$((L0+1)) /tmp/b10/$TAG.gc | grep -E "Pause" > /tmp/b10/$TAG.gcwin
python3 - /tmp/b10/$TAG.gcwin <<'PY'
import re, sys
prev_after = None; alloc = 0
for line in open(sys.argv[1]):
    m = re.search(r'(\d+)M->(\d+)M', line)
    if not m: continue
    before, after = int(m.group(1)), int(m.group(2))
    if prev_after is not None: alloc += before - prev_after
    prev_after = after
print(f"allocated {alloc} MB over 60,000 creates = {alloc*1024*1024/60000/1024:.1f} KB per create")
PY
grep -o '"ports_per_s":[0-9.]*' /tmp/b10/$TAG.out
kill $SVC; for i in $(seq 30); do kill -0 $SVC 2>/dev/null || break; sleep 1; done; rm -rf $D
