#!/bin/bash
# pairs.sh PREFIX N JAR1 TAG1 JAR2 TAG2 ... : alternates the builds N times
P=$1; N=$2; shift 2
for r in $(seq $N); do
  set -- "$@"
  args=("$@")
  for ((i=0; i<${#args[@]}; i+=2)); do
    SVCJVM="-Xms4g -XX:+AlwaysPreTouch" PROBEJVM="-Xms5g -XX:+AlwaysPreTouch" ./fan.sh ${args[i]} $P-${args[i+1]}$r 1000
    grep -E 'all_hosts_after_min|post_to_201|per_delta' fan-$P-${args[i+1]}$r.err | tr -s ' ' | sed "s/^/$P-${args[i+1]}$r /"
    grep -h 'push_bodies_total\|push_messages_total ' metrics-$P-${args[i+1]}$r-1.txt | grep -v '^#' | sed "s/^/$P-${args[i+1]}$r /"
  done
done
