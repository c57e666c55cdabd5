#!/bin/bash
# rot2.sh N: final build (D) / session start (A) / final build with -XX:MaxTenuringThreshold=2 (M), rotated N times; SCRAPE=1
for r in $(seq $1); do
  for b in D A M; do
    X=""
    case $b in A) J=svcA.jar; BJ=/tmp/b15/bench.jar;; D) J=svcD.jar; BJ=/tmp/b15/benchC.jar;; M) J=svcD.jar; BJ=/tmp/b15/benchC.jar; X="-XX:MaxTenuringThreshold=2";; esac
    SCRAPE=1 BENCH=$BJ SVCJVM="-Xms4g -XX:+AlwaysPreTouch $X" PROBEJVM="-Xms5g -XX:+AlwaysPreTouch" ./fan.sh $J q-$b$r 1000
    grep -E 'all_hosts_after_min|post_to_201|per_delta' fan-q-$b$r.err | tr -s ' ' | sed "s/^/q-$b$r /"
    echo "q-$b$r gc: $(grep -c 'Pause Young' gc-svc-q-$b$r.log) young; last 5: $(grep 'Pause Young' gc-svc-q-$b$r.log | tail -5 | awk '{print $NF}' | tr '\n' ' ')"
  done
done
