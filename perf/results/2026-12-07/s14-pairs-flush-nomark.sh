#!/bin/bash
# service builds: A (session start) against F (flush batching on agent connections), probe D for both, 1000/s
export SVCJVM="-Xms4g -XX:+AlwaysPreTouch" PROBEJVM="-Xms5g -XX:+AlwaysPreTouch" BENCH=/tmp/b14/benchD.jar
for r in 1 2; do
  for V in F A; do ./fan.sh svc$V.jar s-$V$r 1000 > s-$V$r.sum 2>&1; done
done
