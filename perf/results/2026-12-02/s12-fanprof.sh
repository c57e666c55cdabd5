#!/bin/bash
# fanprof.sh JAR BENCH TAG [RATE]: fresh service, 1000 probe agents, 5000 warm-up then 5000 at RATE; PROF=1 profiles both JVMs in the rate phase
JAR=$1; BENCH=$2; TAG=$3; RATE=${4:-500}; D=/tmp/b12/fan-$TAG; rm -rf $D; mkdir -p $D
AP=/tmp/b12/ap/linux-x64/libasyncProfiler.so
java -Xmx4g -XX:+UseTransparentHugePages -Xlog:gc:file=/tmp/b12/gc-svc-$TAG.log -jar $JAR --data-dir $D --http-port 19630 --gateway-port 19631 --agent-token perf-token-0123456789 $SVCARGS > $D.log 2>&1 &
for i in $(seq 90); do curl -sf localhost:19630/readyz >/dev/null && break; sleep 1; done
SVC=$(pgrep -f "data-dir $D" | head -1)
/usr/bin/time -f "%U %S" -o /tmp/b12/fan-$TAG.time java -Xmx5g -Xlog:gc:file=/tmp/b12/gc-probe-$TAG.log $PROBEJVM -cp $BENCH io.alcorvx.perf.ondemand.FanoutProbe --url http://127.0.0.1:19630 --gateway 127.0.0.1:19631 --token perf-token-0123456789 \
  --hosts 1000 --connections 8 --preload-per-host --warmup-creates ${WARM:-5000} --creates 5000 --rate $RATE --singles 0 $PROBEARGS > /tmp/b12/fan-$TAG.out 2> /tmp/b12/fan-$TAG.err &
PJ=$!
if [ "$PROF" = 1 ]; then
  for i in $(seq 600); do grep -q "^warm-up:" /tmp/b12/fan-$TAG.err 2>/dev/null && break; sleep 0.5; done
  PR=$(pgrep -f "^java -Xmx5g .*FanoutProbe" | head -1)
  jcmd $SVC JVMTI.agent_load $AP "\"start,event=cpu,interval=1ms,threads\"" >/dev/null
  jcmd $PR JVMTI.agent_load $AP "\"start,event=cpu,interval=1ms,threads\"" >/dev/null
  S0=$(awk '{print $14+$15}' /proc/$SVC/stat); P0=$(awk '{print $14+$15}' /proc/$PR/stat)
  sleep ${PROFS:-10}
  jcmd $SVC JVMTI.agent_load $AP "\"stop,collapsed,file=/tmp/b12/prof-$TAG-svc.collapsed\"" >/dev/null
  jcmd $PR JVMTI.agent_load $AP "\"stop,collapsed,file=/tmp/b12/prof-$TAG-probe.collapsed\"" >/dev/null
  curl -s localhost:19630/metrics > /tmp/b12/metrics-$TAG.txt
  S1=$(awk '{print $14+$15}' /proc/$SVC/stat); P1=$(awk '{print $14+$15}' /proc/$PR/stat)
  echo "$TAG profiled: svc_ticks=$((S1-S0)) probe_ticks=$((P1-P0))"
fi
wait $PJ
S=$(awk '{print $14+$15}' /proc/$SVC/stat)
echo "$TAG probe_cpu_s=$(cat /tmp/b12/fan-$TAG.time) svc_cpu_ticks=$S"
kill $SVC; for i in $(seq 30); do kill -0 $SVC 2>/dev/null || break; sleep 1; done
