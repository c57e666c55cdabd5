#!/bin/bash
# rot2.sh PREFIX N "TAG|SVCOPTS|PROBEOPTS" ...: rotations of fan-out runs at 1000/s (lead-in and csv as in rot.sh)
P=$1; N=$2; shift 2
for i in $(seq $N); do
  for x in "$@"; do
    IFS='|' read -r T O Q <<< "$x"
    SCRAPE=1 BENCH=${BENCHJ:-/tmp/b16/bench.jar} CSV=1 SVCJVM="-Xms4g -XX:+AlwaysPreTouch $O" PROBEJVM="-Xms5g -XX:+AlwaysPreTouch $Q" PROBEARGS="$PARGS" timeout 600 ./s16-fan.sh ${JAR:-svc0.jar} $P-$T$i 1000 >> runs.txt 2>&1
    echo "$P-$T$i svc[$O] probe[$Q] $(grep all_hosts_after_201 fan-$P-$T$i.err) $(grep post_to_201 fan-$P-$T$i.err | head -1)" >> pairs.txt
  done
done
