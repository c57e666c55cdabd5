#!/bin/bash
# od.sh JAR TAG PORTS: fresh service; OnDemandDriver max run (as s17-od.sh)
JAR=$1; TAG=$2; P=$3; D=/tmp/b18/od-$TAG; rm -rf $D; mkdir -p $D
java -Xmx4g -XX:+UseTransparentHugePages -jar $JAR --data-dir $D --http-port 19640 --gateway-port 19641 --agent-token perf-token-0123456789 > $D.log 2>&1 &
for i in $(seq 90); do curl -sf localhost:19640/readyz >/dev/null && break; sleep 1; done
SVC=$(pgrep -f "data-dir $D" | head -1)
java -cp /tmp/b18/bench.jar io.alcorvx.perf.ondemand.OnDemandDriver --url http://127.0.0.1:19640 --gateway 127.0.0.1:19641 --token perf-token-0123456789 --ports $P --hosts 4 --batch 50 --concurrency 64 --connections 4 --warmup-s 10 --duration-s 20 > /tmp/b18/od-$TAG-max.out 2>&1
kill $SVC; for i in $(seq 30); do kill -0 $SVC 2>/dev/null || break; sleep 1; done; rm -rf $D
