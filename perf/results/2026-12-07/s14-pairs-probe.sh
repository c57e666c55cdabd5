#!/bin/bash
# probe builds: A (session start) against D (tracker per thread + composite cumulation + warm tracker), same service svcA, 1000/s
export SVCJVM="-Xms4g -XX:+AlwaysPreTouch" PROBEJVM="-Xms5g -XX:+AlwaysPreTouch"
for r in 1 2; do
  for V in D A; do BENCH=/tmp/b14/bench$V.jar ./fan.sh svcA.jar p-$V$r 1000 > p-$V$r.sum 2>&1; done
done
