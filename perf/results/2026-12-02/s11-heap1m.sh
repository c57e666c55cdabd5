#!/bin/bash
# heap.sh JAR DATA TAG : start the service on a copy of DATA, wait ready, full GC twice, print heap used and load time
JAR=$1; SRC=$2; T=$3; D=/tmp/b11/heap-$T
D=$SRC
java -Xmx6g -XX:+UseTransparentHugePages -jar $JAR --data-dir $D --http-port 19900 --gateway-port 19901 > $D.log 2>&1 &
P=$!
S=$(date +%s.%N)
for i in $(seq 400); do curl -sf localhost:19900/readyz >/dev/null && break; sleep 0.5; done
E=$(date +%s.%N)
jcmd $P GC.run >/dev/null; sleep 1; jcmd $P GC.run >/dev/null; sleep 1
echo "$T ready after $(echo "$E - $S" | bc) s; $(jcmd $P GC.heap_info | grep -o 'used [0-9]*K' | head -1)"
kill $P; wait $P 2>/dev/null
