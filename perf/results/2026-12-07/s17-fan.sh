#!/bin/bash
# fan.sh JAR TAG [RATE]: fresh service, 1000 probe agents (FanoutProbe), WARM warm-up creates at WRATE/s, then CREATES at RATE;
# metrics before and after the rate phase; service and probe CPU (ticks of 10 ms) over the rate phase
JAR=$1; TAG=$2; RATE=${3:-500}; B=/tmp/b17; D=$B/fan-$TAG; rm -rf $D; mkdir -p $D
BENCH=${BENCH:-$B/bench.jar}
java -Xmx4g -XX:+UseTransparentHugePages $SVCJVM -Xlog:gc:file=$B/gc-svc-$TAG.log:time,uptime -jar $JAR --data-dir $D --http-port 19630 --gateway-port 19631 --agent-token perf-token-0123456789 $SVCARGS > $D.log 2>&1 &
for i in $(seq 90); do curl -sf localhost:19630/readyz >/dev/null && break; sleep 1; done
SVC=$(pgrep -f "data-dir $D" | head -1)
# SCRAPE=1: scrape /metrics every 5 s for the whole run, as Prometheus would (the first scrape then is not in the measured phase)
if [ "$SCRAPE" = 1 ]; then (while kill -0 $SVC 2>/dev/null; do curl -s localhost:19630/metrics > /dev/null; sleep 5; done) & fi
/usr/bin/time -f "%U %S" -o $B/fan-$TAG.time java -Xmx5g $PROBEJVM -Xlog:gc:file=$B/gc-probe-$TAG.log:time,uptime -cp $BENCH io.alcorvx.perf.ondemand.FanoutProbe --url http://127.0.0.1:19630 --gateway 127.0.0.1:19631 --token perf-token-0123456789 \
  --hosts 1000 --connections 8 --preload-per-host --warmup-creates ${WARM:-20000} --warmup-rate ${WRATE:-300} --creates ${CREATES:-10000} --rate $RATE --singles 0 ${CSV:+--csv $B/csv-$TAG.csv} $PROBEARGS > $B/fan-$TAG.out 2> $B/fan-$TAG.err &
PJ=$!
for i in $(seq 1200); do grep -q "^warm-up:" $B/fan-$TAG.err 2>/dev/null && break; kill -0 $PJ 2>/dev/null || break; sleep 0.5; done
PR=$(pgrep -f "^java -Xmx5g .*FanoutProbe" | head -1)
curl -s localhost:19630/metrics > $B/metrics-$TAG-0.txt
[ -n "$UPTIME" ] && echo "measured phase starts: svc $(jcmd $SVC VM.uptime | tail -1) probe $(jcmd $PR VM.uptime | tail -1)" >&2
[ "$HISTO" = 1 ] && jmap -histo:live $SVC > $B/histo-$TAG-0.txt
C0=$(head -1 /proc/stat); T0=$(date +%s.%N); S0=$(awk '{print $14+$15}' /proc/$SVC/stat); P0=$(awk '{print $14+$15}' /proc/$PR/stat)
if [ "$PROF" = 1 ]; then
  AP=/tmp/b14/ap/linux-x64/libasyncProfiler.so
  sleep 1
  jcmd $SVC JVMTI.agent_load $AP "\"start,event=${PEVENT:-cpu},interval=${PINT:-1ms},threads${PEXTRA}\"" >/dev/null
  jcmd $PR JVMTI.agent_load $AP "\"start,event=${PEVENT:-cpu},interval=${PINT:-1ms},threads${PEXTRA}\"" >/dev/null
  sleep ${PROFS:-8}
  jcmd $SVC JVMTI.agent_load $AP "\"stop,collapsed,file=$B/prof-$TAG-svc.collapsed\"" >/dev/null
  jcmd $PR JVMTI.agent_load $AP "\"stop,collapsed,file=$B/prof-$TAG-probe.collapsed\"" >/dev/null
fi
# the rate phase ends when the probe reports it (it then waits for stragglers and prints)
for i in $(seq 600); do grep -q "^rate phase (fp-):" $B/fan-$TAG.err 2>/dev/null && break; kill -0 $PJ 2>/dev/null || break; sleep 0.2; done
C1=$(head -1 /proc/stat); T1=$(date +%s.%N); S1=$(awk '{print $14+$15}' /proc/$SVC/stat); P1=$(awk '{print $14+$15}' /proc/$PR/stat 2>/dev/null || echo $P0)
wait $PJ
curl -s localhost:19630/metrics > $B/metrics-$TAG-1.txt
[ "$HISTO" = 1 ] && jmap -histo:live $SVC > $B/histo-$TAG-1.txt
[ "$DUMP" = 1 ] && jmap -dump:live,format=b,file=$B/heap-$TAG.hprof $SVC > /dev/null
[ "$JFRDUMP" = 1 ] && jcmd $SVC JFR.dump path-to-gc-roots=true filename=$B/old-$TAG.jfr > /dev/null
MACH=$(python3 -c "import sys; a=list(map(int,sys.argv[1].split()[1:])); b=list(map(int,sys.argv[2].split()[1:])); d=[y-x for x,y in zip(a,b)]; print('machine user=%d sys=%d idle=%d iowait=%d irq+soft=%d steal=%d wall=%.1fs' % (d[0]+d[1], d[2], d[3], d[4], d[5]+d[6], d[7], float(sys.argv[4])-float(sys.argv[3])))" "$C0" "$C1" $T0 $T1)
echo "$TAG probe_cpu_s=$(cat $B/fan-$TAG.time) rate_phase_ticks svc=$((S1-S0)) probe=$((P1-P0)) $MACH"
kill $SVC; for i in $(seq 30); do kill -0 $SVC 2>/dev/null || break; sleep 1; done
