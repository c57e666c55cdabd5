#!/bin/bash
# rot4.sh N: staged ops as arrays (F) against the build before (D), alternating; SCRAPE=1
for r in $(seq $1); do
  for b in F D; do
    SCRAPE=1 BENCH=/tmp/b15/benchC.jar SVCJVM="-Xms4g -XX:+AlwaysPreTouch" PROBEJVM="-Xms5g -XX:+AlwaysPreTouch" ./fan.sh svc$b.jar t-$b$r 1000
    grep -E 'all_hosts_after_min|post_to_201' fan-t-$b$r.err | tr -s ' ' | sed "s/^/t-$b$r /"
    echo "t-$b$r gc: $(grep -c 'Pause Young' gc-svc-t-$b$r.log) young; last 5: $(grep 'Pause Young' gc-svc-t-$b$r.log | tail -5 | awk '{print $NF}' | tr '\n' ' ')"
  done
done
