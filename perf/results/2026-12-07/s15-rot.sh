#!/bin/bash
# rot.sh N: session start (A: service and probe at f4e0d7e) against this session's build (C), alternating; SCRAPE=1 for both
for r in $(seq $1); do
  for b in C A; do
    if [ $b = A ]; then J=svcA.jar; BJ=/tmp/b15/bench.jar; else J=svcC.jar; BJ=/tmp/b15/benchC.jar; fi
    SCRAPE=1 BENCH=$BJ SVCJVM="-Xms4g -XX:+AlwaysPreTouch" PROBEJVM="-Xms5g -XX:+AlwaysPreTouch" ./fan.sh $J r-$b$r 1000
    grep -E 'all_hosts_after_min|post_to_201|per_delta' fan-r-$b$r.err | tr -s ' ' | sed "s/^/r-$b$r /"
    grep -h 'push_bodies_total\|push_messages_total ' metrics-r-$b$r-1.txt | grep -v '^#' | sed "s/^/r-$b$r /"
  done
done
