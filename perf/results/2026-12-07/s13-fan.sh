#!/bin/bash
# fan.sh JAR TAG [RATE]: fresh service, 1000 probe agents (FanoutProbe), WARM warm-up creates at WRATE/s, then 5000 at RATE; metrics before and after the rate phase
JAR=$1; TAG=$2; RATE=${3:-500}; B=/tmp/b13; D=$B/fan-$TAG; rm -rf $D; mkdir -p $D
BENCH=${BENCH:-$B/bench.jar}
java -Xmx4g -XX:+UseTransparentHugePages $SVCJVM -Xlog:gc:file=$B/gc-svc-$TAG.log -jar $JAR --data-dir $D --http-port 19630 --gateway-port 19631 --agent-token perf-token-0123456789 $SVCARGS > $D.log 2>&1 &
for i in $(seq 90); do curl -sf localhost:19630/readyz >/dev/null && break; sleep 1; done
SVC=$(pgrep -f "data-dir $D" | head -1)
/usr/bin/time -f "%U %S" -o $B/fan-$TAG.time java -Xmx5g $PROBEJVM -Xlog:gc:file=$B/gc-probe-$TAG.log -cp $BENCH io.alcorvx.perf.ondemand.FanoutProbe --url http://127.0.0.1:19630 --gateway 127.0.0.1:19631 --token perf-token-0123456789 \
  --hosts 1000 --connections 8 --preload-per-host --warmup-creates ${WARM:-20000} --warmup-rate ${WRATE:-300} --creates ${CREATES:-5000} --rate $RATE --singles 0 $PROBEARGS > $B/fan-$TAG.out 2> $B/fan-$TAG.err &
PJ=$!
for i in $(seq 1200); do grep -q "^warm-up:" $B/fan-$TAG.err 2>/dev/null && break; kill -0 $PJ 2>/dev/null || break; sleep 0.5; done
curl -s localhost:19630/metrics > $B/metrics-$TAG-0.txt
S0=$(awk '{print $14+$15}' /proc/$SVC/stat)
if [ "$PROF" = 1 ]; then
  AP=$B/ap/linux-x64/libasyncProfiler.so
  PR=$(pgrep -f "^java -Xmx5g .*FanoutProbe" | head -1)
  sleep 1
  jcmd $SVC JVMTI.agent_load $AP "\"start,event=cpu,interval=1ms,threads\"" >/dev/null
  jcmd $PR JVMTI.agent_load $AP "\"start,event=cpu,interval=1ms,threads\"" >/dev/null
  sleep ${PROFS:-8}
  jcmd $SVC JVMTI.agent_load $AP "\"stop,collapsed,file=$B/prof-$TAG-svc.collapsed\"" >/dev/null
  jcmd $PR JVMTI.agent_load $AP "\"stop,collapsed,file=$B/prof-$TAG-probe.collapsed\"" >/dev/null
fi
wait $PJ
S=$(awk '{print $14+$15}' /proc/$SVC/stat)
curl -s localhost:19630/metrics > $B/metrics-$TAG-1.txt
echo "$TAG probe_cpu_s=$(cat $B/fan-$TAG.time) svc_cpu_ticks=$S rate_phase_ticks=$((S-S0))"
kill $SVC; for i in $(seq 30); do kill -0 $SVC 2>/dev/null || break; sleep 1; done
