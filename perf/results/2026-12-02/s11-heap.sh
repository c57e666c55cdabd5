#!/bin/bash
# s11-heap.sh JAR DATA TAG : start the service on DATA, wait ready, full GC twice, print ready time and heap used.
# env: COPY=1 (default) starts on a fresh copy of DATA (/tmp/b11/heap-TAG); COPY=0 on DATA itself (the
#      million-port runs: 4 GB, restarted in turn); XMX (default 4g; 6g for a million ports)
JAR=$1; SRC=$2; T=$3
if [ "${COPY:-1}" = 1 ]; then D=/tmp/b11/heap-$T; rm -rf $D; cp -a $SRC $D; else D=$SRC; fi
java -Xmx${XMX:-4g} -XX:+UseTransparentHugePages -jar $JAR --data-dir $D --http-port 19900 --gateway-port 19901 > $D.log 2>&1 &
P=$!
S=$(date +%s.%N)
for i in $(seq 400); do curl -sf localhost:19900/readyz >/dev/null && break; sleep 0.5; done
E=$(date +%s.%N)
jcmd $P GC.run >/dev/null; sleep 1; jcmd $P GC.run >/dev/null; sleep 1
echo "$T ready after $(echo "$E - $S" | bc) s; $(jcmd $P GC.heap_info | grep -o 'used [0-9]*K' | head -1)"
kill $P; wait $P 2>/dev/null
