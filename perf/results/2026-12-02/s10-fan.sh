#!/bin/bash
# fan.sh JAR BENCH TAG: fresh service, 1000 probe agents, 5000 warm-up creates then 5000 at 500/s
JAR=$1; BENCH=$2; TAG=$3; D=/tmp/b10/fan-$TAG; rm -rf $D; mkdir -p $D
java -Xmx4g -XX:+UseTransparentHugePages -jar $JAR --data-dir $D --http-port 19630 --gateway-port 19631 --agent-token perf-token-0123456789 $SVCARGS > $D.log 2>&1 &
for i in $(seq 90); do curl -sf localhost:19630/readyz >/dev/null && break; sleep 1; done
SVC=$(pgrep -f "data-dir $D" | head -1)
/usr/bin/time -f "%U %S" -o /tmp/b10/fan-$TAG.time java -Xmx5g -cp $BENCH io.alcorvx.perf.ondemand.FanoutProbe --url http://127.0.0.1:19630 --gateway 127.0.0.1:19631 --token perf-token-0123456789 \
  --hosts 1000 --connections 8 --preload-per-host --warmup-creates 5000 --creates 5000 --rate 500 --singles 0 > /tmp/b10/fan-$TAG.out 2> /tmp/b10/fan-$TAG.err
S=$(awk '{print $14+$15}' /proc/$SVC/stat)
echo "$TAG probe_cpu_s=$(cat /tmp/b10/fan-$TAG.time) svc_cpu_ticks=$S"
kill $SVC; for i in $(seq 30); do kill -0 $SVC 2>/dev/null || break; sleep 1; done
