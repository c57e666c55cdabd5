#!/bin/bash
# s18-od.sh JAR TAG PORTS [plain|cpu|prof]: a fresh service, then the OnDemandDriver max run (as s17-od.sh;
#   env HOSTS: how many hosts the ports are bound to, default 4).
#   cpu:  also the service's CPU (utime+stime from /proc, 100 ticks/s) over 15 s of the measured phase
#   prof: also async-profiler (cpu, 1 ms) on the service over 15 s of the measured phase
JAR=$1; TAG=$2; P=$3; MODE=${4:-plain}; B=${B:-/tmp/b18}; D=$B/od-$TAG; OUT=$B/od-$TAG-max.out
AP=/tmp/b14/ap/linux-x64/libasyncProfiler.so
rm -rf $D; mkdir -p $D
java -Xmx4g -XX:+UseTransparentHugePages -jar $JAR --data-dir $D --http-port 19640 --gateway-port 19641 --agent-token perf-token-0123456789 > $D.log 2>&1 &
for i in $(seq 90); do curl -sf localhost:19640/readyz >/dev/null && break; sleep 1; done
SVC=$(pgrep -f "data-dir $D" | head -1)
: > $OUT  # the driver appends, so the CPU line written meanwhile is not overwritten
java -cp $B/bench.jar io.alcorvx.perf.ondemand.OnDemandDriver --url http://127.0.0.1:19640 --gateway 127.0.0.1:19641 --token perf-token-0123456789 --ports $P --hosts ${HOSTS:-4} --batch 50 --concurrency 64 --connections 4 --warmup-s 10 --duration-s 20 >> $OUT 2>&1 &
DRV=$!
if [ "$MODE" != plain ]; then
  until grep -q "measured" $OUT 2>/dev/null; do sleep 0.5; done
  if [ "$MODE" = cpu ]; then
    c0=$(awk '{print $14+$15}' /proc/$SVC/stat); sleep 15; c1=$(awk '{print $14+$15}' /proc/$SVC/stat)
    echo "service CPU ticks over 15 s: $((c1-c0))" >> $OUT
  else
    jcmd $SVC JVMTI.agent_load $AP "\"start,event=cpu,interval=1ms\"" > /dev/null; sleep 15
    jcmd $SVC JVMTI.agent_load $AP "\"stop,collapsed,file=$B/od-$TAG.collapsed\"" > /dev/null
  fi
fi
wait $DRV
kill $SVC; for i in $(seq 30); do kill -0 $SVC 2>/dev/null || break; sleep 1; done; rm -rf $D
