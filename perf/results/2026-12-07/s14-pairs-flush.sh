#!/bin/bash
# service builds: A (session start) against G (flush batching + 2 MB water mark on agent connections), probe D for both, 1000/s
export SVCJVM="-Xms4g -XX:+AlwaysPreTouch" PROBEJVM="-Xms5g -XX:+AlwaysPreTouch" BENCH=/tmp/b14/benchD.jar
for r in 1 2 3; do
  for V in G A; do ./fan.sh svc$V.jar g-$V$r 1000 > g-$V$r.sum 2>&1; done
done
