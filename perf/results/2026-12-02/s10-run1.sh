#!/bin/bash
# run1.sh JAR TAG [java opts] : fresh service, unmeasured 40k, measured 60k with warmup 40k; prints rate and CPU/port
# env: BENCH (driver jar), DRV (extra driver options, e.g. "--client vertx")
JAR=$1; TAG=$2; shift 2
D=/tmp/b10/d-$TAG
/tmp/b10/svc.sh $JAR $D "$@" &
for i in $(seq 90); do curl -sf localhost:19900/readyz >/dev/null && break; sleep 1; done
SVC=$(pgrep -f "data-dir $D" | head -1)
java -cp ${BENCH:-/tmp/b10/bench-new.jar} io.alcorvx.perf.http.PortCreateDriver --url http://127.0.0.1:19900 --ports 40000 --concurrency 64 $DRV > /tmp/b10/$TAG.warm 2>&1
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
pgsum() { s=0; for p in $(pgrep -f "postgres.*$D|postgres: "); do s=$((s+$(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $s; }
S0=$(cpu $SVC); P0=$(pgsum)
/usr/bin/time -f "%U %S" -o /tmp/b10/$TAG.time java -cp ${BENCH:-/tmp/b10/bench-new.jar} io.alcorvx.perf.http.PortCreateDriver --url http://127.0.0.1:19900 --ports 60000 --warmup 40000 --concurrency 64 $DRV > /tmp/b10/$TAG.out 2>&1
S1=$(cpu $SVC); P1=$(pgsum)
RATE=$(grep -o '"ports_per_s":[0-9.]*' /tmp/b10/$TAG.out | cut -d: -f2)
P99=$(grep -o '"p99":[0-9.]*' /tmp/b10/$TAG.out | head -1 | cut -d: -f2)
DCPU=$(grep -o '"driver_cpu_us_per_request":[0-9.]*' /tmp/b10/$TAG.out | cut -d: -f2)
echo "$TAG rate=$RATE p99=$P99 svc_us/port=$(( (S1-S0)*10000/100000 )) pg_us/port=$(( (P1-P0)*10000/100000 )) driver_measured_us/req=$DCPU driver_total=$(cat /tmp/b10/$TAG.time)"
kill $SVC; for i in $(seq 30); do kill -0 $SVC 2>/dev/null || break; sleep 1; done
