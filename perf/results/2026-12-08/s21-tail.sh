#!/bin/bash
# s21-tail.sh TAG [service java opts] : fresh service (GC and safepoint log), WARMS (default 5) closed-loop runs of
# 60,000 creates, then MEAS (default 2) runs at RATE (default 5000)/s (after MWARM, default 20,000, unmeasured at that rate) with the driver's --timeline, both JVMs' GC logs
# and a 50-ms CPU sampler. env: PGSET ("name=value ...", set on the embedded PostgreSQL by ALTER SYSTEM), B (work dir, default /tmp/b21; jars $B/svc.jar $B/bench.jar), DRVOPTS (driver JVM opts)
TAG=$1; shift
B=${B:-/tmp/b21}; D=$B/d-$TAG; R=$B/$TAG; HERE=$(dirname $0)
rm -rf $D; mkdir -p $D
java -Xmx4g -XX:+UseTransparentHugePages -Xlog:gc,safepoint:file=$R.svc-gc.log:time,uptimemillis "$@" \
  -jar ${SVCJAR:-$B/svc.jar} --data-dir $D --http-port 19900 > $D.log 2>&1 &
for i in $(seq 300); do curl -sf localhost:19900/readyz >/dev/null && break; sleep 1; done
SVC=$(pgrep -f "data-dir $D" | head -1)
PGPORT=$(ss -ltnpH | grep '"postgres"' | grep -o '127.0.0.1:[0-9]*' | head -1 | cut -d: -f2)
pg() { psql -h 127.0.0.1 -p $PGPORT -U postgres -d postgres -qAt "$@"; }
# PGSET="name=value ...": ALTER SYSTEM on the embedded PostgreSQL, then reload (settings a reload can change)
for kv in $PGSET; do pg -c "ALTER SYSTEM SET ${kv%%=*} = '${kv#*=}'"; done
[ -n "$PGSET" ] && pg -c "SELECT pg_reload_conf()" >/dev/null && echo "$TAG: $(pg -c "SELECT string_agg(name||'='||setting||coalesce(unit,''), ' ') FROM pg_settings WHERE source = 'configuration file' AND name <> 'log_timezone' AND name <> 'timezone'")"
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
pgsum() { s=0; for p in $(pgrep -f "postgres"); do s=$((s+$(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null || echo 0))); done; echo $s; }
drv() { local jvm=$1; shift; java ${DRVOPTS:--Xmx1g} $jvm -cp $B/bench.jar io.alcorvx.perf.http.PortCreateDriver --url http://127.0.0.1:19900 --concurrency 64 "$@"; }
W=""
for w in $(seq ${WARMS:-5}); do
  drv "" --ports 60000 > $R.warm$w 2>&1
  W="$W $(grep -o '"ports_per_s":[0-9]*' $R.warm$w | cut -d: -f2)"
done
for m in $(seq ${MEAS:-2}); do
  curl -s localhost:19900/metrics > $R.before$m
  python3 $HERE/s21-cpu-sampler.py $R.cpu$m.csv $SVC $(pgrep -d' ' -f "postgres") & SAMPLER=$!
  S0=$(cpu $SVC); P0=$(pgsum)
  drv -Xlog:gc,safepoint:file=$R.drv-gc$m.log:time,uptimemillis --ports 60000 --rate ${RATE:-5000} --warmup ${MWARM:-20000} --timeline $R.m$m.csv > $R.m$m 2>&1
  S1=$(cpu $SVC); P1=$(pgsum)
  kill $SAMPLER
  curl -s localhost:19900/metrics > $R.after$m
  pg -c "SELECT now(), * FROM pg_stat_bgwriter" >> $R.bgwriter
  pg -c "SELECT now(), relname, n_live_tup, last_autovacuum, last_autoanalyze FROM pg_stat_user_tables WHERE n_live_tup > 1000" >> $R.bgwriter
  SRV=$(python3 $HERE/../2026-12-02/s10-histdiff.py $R.before$m $R.after$m alcor_api_request_seconds 'route="/v2.0/ports",status="201"')
  COMMIT=$(python3 $HERE/../2026-12-02/s10-histdiff.py $R.before$m $R.after$m alcor_store_commit_seconds '')
  RATE_=$(grep -o '"ports_per_s":[0-9.]*' $R.m$m | cut -d: -f2)
  P99=$(grep -o '"p99":[0-9.]*' $R.m$m | head -1 | cut -d: -f2)
  DCPU=$(grep -o '"driver_cpu_us_per_request":[0-9.]*' $R.m$m | cut -d: -f2)
  echo "$TAG m$m warm=[$W] rate=$RATE_ p99=$P99 svc_us/port=$(( (S1-S0)*10000/(60000+${MWARM:-20000}) )) pg_us/port=$(( (P1-P0)*10000/(60000+${MWARM:-20000}) )) driver_us/req=$DCPU | service-side: $SRV | commits: $COMMIT" | tee -a $B/tail.log
done
kill $SVC; for i in $(seq 30); do kill -0 $SVC 2>/dev/null || break; sleep 1; done
