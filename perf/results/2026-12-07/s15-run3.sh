#!/bin/bash
# run3.sh JAR TAG [java opts] : fresh service; WARMS (default 5) unmeasured runs of 60k creates, then MEAS (default 2)
# measured runs of 60k, each with service/PostgreSQL CPU per port and the driver's own CPU. env: BENCH, DRV
JAR=$1; TAG=$2; shift 2
D=/tmp/b10/d-$TAG
/tmp/b10/svc.sh $JAR $D "$@" &
for i in $(seq 300); do curl -sf localhost:19900/readyz >/dev/null && break; sleep 1; done
SVC=$(pgrep -f "data-dir $D" | head -1)
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
pgsum() { s=0; for p in $(pgrep -f "postgres.*$D|postgres: "); do s=$((s+$(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $s; }
W=""
for w in $(seq ${WARMS:-5}); do
  java -cp ${BENCH:-/tmp/b10/bench-new.jar} io.alcorvx.perf.http.PortCreateDriver --url http://127.0.0.1:19900 --ports 60000 --concurrency 64 $DRV > /tmp/b10/$TAG.warm$w 2>&1
  W="$W $(grep -o '"ports_per_s":[0-9]*' /tmp/b10/$TAG.warm$w | cut -d: -f2)"
done
for m in $(seq ${MEAS:-2}); do
  curl -s localhost:19900/metrics > /tmp/b10/$TAG.before$m
  S0=$(cpu $SVC); P0=$(pgsum)
  java -cp ${BENCH:-/tmp/b10/bench-new.jar} io.alcorvx.perf.http.PortCreateDriver --url http://127.0.0.1:19900 --ports 60000 --concurrency 64 $DRV $RATEOPT > /tmp/b10/$TAG.m$m 2>&1
  S1=$(cpu $SVC); P1=$(pgsum)
  curl -s localhost:19900/metrics > /tmp/b10/$TAG.after$m
  SRV=$(python3 /tmp/b10/histdiff.py /tmp/b10/$TAG.before$m /tmp/b10/$TAG.after$m alcor_api_request_seconds 'route="/v2.0/ports",status="201"')
  COMMIT=$(python3 /tmp/b10/histdiff.py /tmp/b10/$TAG.before$m /tmp/b10/$TAG.after$m alcor_store_commit_seconds '')
  RATE=$(grep -o '"ports_per_s":[0-9.]*' /tmp/b10/$TAG.m$m | cut -d: -f2)
  P99=$(grep -o '"p99":[0-9.]*' /tmp/b10/$TAG.m$m | head -1 | cut -d: -f2)
  DCPU=$(grep -o '"driver_cpu_us_per_request":[0-9.]*' /tmp/b10/$TAG.m$m | cut -d: -f2)
  echo "$TAG m$m warm=[$W] rate=$RATE p99=$P99 svc_us/port=$(( (S1-S0)*10000/60000 )) pg_us/port=$(( (P1-P0)*10000/60000 )) driver_us/req=$DCPU | service-side: $SRV | commits: $COMMIT"
done
curl -s localhost:19900/metrics > /tmp/b10/$TAG.metrics; kill $SVC; for i in $(seq 30); do kill -0 $SVC 2>/dev/null || break; sleep 1; done
