#!/bin/bash
# cprof.sh JAR TAG [java opts]: fresh service; 3 unmeasured closed-loop runs of 60k creates, then one measured run under async-profiler (cpu 1ms, collapsed)
JAR=$1; TAG=$2; shift 2
AP=/tmp/b14/ap/linux-x64/libasyncProfiler.so
D=/tmp/b10/d-$TAG
/tmp/b10/svc.sh $JAR $D "$@" &
for i in $(seq 300); do curl -sf localhost:19900/readyz >/dev/null && break; sleep 1; done
SVC=$(pgrep -f "data-dir $D" | head -1)
for w in 1 2 3; do java -cp ${BENCH:-/tmp/b16/bench1.jar} io.alcorvx.perf.http.PortCreateDriver --url http://127.0.0.1:19900 --ports 60000 --concurrency 64 > /tmp/b17/$TAG.warm$w 2>&1; done
jcmd $SVC JVMTI.agent_load $AP "\"start,event=cpu,interval=1ms\"" >/dev/null
java -cp ${BENCH:-/tmp/b16/bench1.jar} io.alcorvx.perf.http.PortCreateDriver --url http://127.0.0.1:19900 --ports 60000 --concurrency 64 > /tmp/b17/$TAG.m 2>&1
jcmd $SVC JVMTI.agent_load $AP "\"stop,collapsed,file=/tmp/b17/prof-$TAG.collapsed\"" >/dev/null
grep -o '"ports_per_s":[0-9.]*' /tmp/b17/$TAG.warm* /tmp/b17/$TAG.m
kill $SVC; for i in $(seq 30); do kill -0 $SVC 2>/dev/null || break; sleep 1; done
