#!/bin/bash
# od.sh P TAG : fresh service (token), OnDemandDriver max run (warm-up 15 s, 25 s measured); CPU profiles of service and driver over 15 s of the measured phase
P=$1; T=$2; JAR=${JAR:-/tmp/b11/base-svc.jar}; D=/tmp/b11/od-$T; TOKEN=abcdefghijklmnop0123
rm -rf $D; mkdir -p $D
java -Xmx4g -XX:+UseTransparentHugePages -jar $JAR --data-dir $D --http-port 19900 --gateway-port 19901 --agent-token $TOKEN > $D.log 2>&1 &
for i in $(seq 300); do curl -sf localhost:19900/readyz >/dev/null && break; sleep 1; done
SVC=$(pgrep -f "data-dir $D " | head -1)
java -Xmx3g -cp /tmp/b11/bench.jar io.alcorvx.perf.ondemand.OnDemandDriver --url http://127.0.0.1:19900 --gateway 127.0.0.1:19901 --token $TOKEN \
  --ports $P --hosts 4 --batch 50 --concurrency 64 --connections 4 --warmup-s 15 --duration-s 25 > /tmp/b11/od-$T.json 2> /tmp/b11/od-$T.err &
DRV=$!
until grep -q "setup:" /tmp/b11/od-$T.err 2>/dev/null; do sleep 1; kill -0 $DRV || break; done
sleep 20
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
S0=$(cpu $SVC); D0=$(cpu $DRV)
[ -n "$PROF" ] && jcmd $SVC JVMTI.agent_load /tmp/b11/ap/linux-x64/libasyncProfiler.so '"start,event=cpu,interval=1ms"' >/dev/null
[ -n "$PROF" ] && jcmd $DRV JVMTI.agent_load /tmp/b11/ap/linux-x64/libasyncProfiler.so '"start,event=cpu,interval=1ms"' >/dev/null
sleep 15
[ -n "$PROF" ] && jcmd $SVC JVMTI.agent_load /tmp/b11/ap/linux-x64/libasyncProfiler.so "\"stop,collapsed,file=/tmp/b11/od-$T-svc.collapsed\"" >/dev/null
[ -n "$PROF" ] && jcmd $DRV JVMTI.agent_load /tmp/b11/ap/linux-x64/libasyncProfiler.so "\"stop,collapsed,file=/tmp/b11/od-$T-drv.collapsed\"" >/dev/null
S1=$(cpu $SVC); D1=$(cpu $DRV)
echo "$T cpu over 15 s: service $((S1-S0)) ticks, driver $((D1-D0)) ticks" >> /tmp/b11/od-cpu.txt
wait $DRV
kill $SVC; for i in $(seq 30); do kill -0 $SVC 2>/dev/null || break; sleep 1; done
