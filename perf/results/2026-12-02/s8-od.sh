#!/bin/bash
# od.sh JAR BENCH TAG: fresh service, on-demand max run at 1000 ports
JAR=$1; BENCH=$2; TAG=$3; D=/tmp/b8/od-$TAG; rm -rf $D; mkdir -p $D
java -Xmx4g -XX:+UseTransparentHugePages -jar $JAR --data-dir $D --http-port 19630 --gateway-port 19631 --agent-token perf-token-0123456789 > $D.log 2>&1 &
for i in $(seq 90); do curl -sf localhost:19630/readyz >/dev/null && break; sleep 1; done
SVC=$(pgrep -f "data-dir $D" | head -1)
java -cp $BENCH io.alcorvx.perf.ondemand.OnDemandDriver --url http://127.0.0.1:19630 --gateway 127.0.0.1:19631 --token perf-token-0123456789 --ports 1000 --hosts 4 --batch 50 --concurrency 64 --connections 4 --warmup-s 10 --duration-s 20 > /tmp/b8/od-$TAG.out 2>&1
echo "$TAG $(grep -o '"resolutions_per_s":[0-9.]*' /tmp/b8/od-$TAG.out | head -1)"
kill $SVC; for i in $(seq 30); do kill -0 $SVC 2>/dev/null || break; sleep 1; done
