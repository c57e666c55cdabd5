#!/bin/bash
# odprof.sh JAR TAG PORTS: od.sh with async-profiler (cpu, 1 ms) on the service for 15 s of the measured phase
JAR=$1; TAG=$2; P=$3; D=/tmp/b18/od-$TAG; rm -rf $D; mkdir -p $D
java -Xmx4g -XX:+UseTransparentHugePages -jar $JAR --data-dir $D --http-port 19640 --gateway-port 19641 --agent-token perf-token-0123456789 > $D.log 2>&1 &
for i in $(seq 90); do curl -sf localhost:19640/readyz >/dev/null && break; sleep 1; done
SVC=$(pgrep -f "data-dir $D" | head -1)
java -cp /tmp/b18/bench.jar io.alcorvx.perf.ondemand.OnDemandDriver --url http://127.0.0.1:19640 --gateway 127.0.0.1:19641 --token perf-token-0123456789 --ports $P --hosts 4 --batch 50 --concurrency 64 --connections 4 --warmup-s 10 --duration-s 20 > /tmp/b18/od-$TAG-max.out 2>&1 &
DRV=$!
until grep -q "measured" /tmp/b18/od-$TAG-max.out 2>/dev/null; do sleep 1; done
jcmd $SVC JVMTI.agent_load /tmp/b14/ap/linux-x64/libasyncProfiler.so "\"start,event=cpu,interval=1ms\"" > /dev/null
sleep 15
jcmd $SVC JVMTI.agent_load /tmp/b14/ap/linux-x64/libasyncProfiler.so "\"stop,collapsed,file=/tmp/b18/od-$TAG.collapsed\"" > /dev/null
wait $DRV
kill $SVC; for i in $(seq 30); do kill -0 $SVC 2>/dev/null || break; sleep 1; done; rm -rf $D
