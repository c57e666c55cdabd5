#!/bin/bash
# prof.sh JAR TAG : fresh service, WARMS x 60k warm, then async-profiler (EVOPT, default cpu; EVOPT=event=alloc for allocations) over a 60k measured run; collapsed stacks in TAG.collapsed
JAR=$1; TAG=$2; shift 2
D=/tmp/b10/d-$TAG
/tmp/b10/svc.sh $JAR $D "$@" &
for i in $(seq 90); do curl -sf localhost:19900/readyz >/dev/null && break; sleep 1; done
SVC=$(pgrep -f "data-dir $D" | head -1)
for w in $(seq ${WARMS:-1}); do java -cp ${BENCH:-/tmp/b10/bench-new.jar} io.alcorvx.perf.http.PortCreateDriver --url http://127.0.0.1:19900 --ports 60000 --concurrency 64 > /tmp/b10/$TAG.warm 2>&1; grep -o "\"ports_per_s\":[0-9.]*" /tmp/b10/$TAG.warm; jstat -compiler $SVC | tail -1; done
jcmd $SVC JVMTI.agent_load /tmp/ap/linux-x64/libasyncProfiler.so "\"start,${EVOPT:-event=cpu,interval=1ms}\"" 
java -cp ${BENCH:-/tmp/b10/bench-new.jar} io.alcorvx.perf.http.PortCreateDriver --url http://127.0.0.1:19900 --ports 60000 --concurrency 64 > /tmp/b10/$TAG.out 2>&1
jcmd $SVC JVMTI.agent_load /tmp/ap/linux-x64/libasyncProfiler.so "\"stop,collapsed,file=/tmp/b10/$TAG.collapsed\""
grep -o '"ports_per_s":[0-9.]*' /tmp/b10/$TAG.out
kill $SVC; for i in $(seq 30); do kill -0 $SVC 2>/dev/null || break; sleep 1; done
