#!/bin/bash
# bisecting the 1000/s difference: D (allowance + scope skip + pairwise check) against G (+ DistinctKeys + plain get), alternating
export SVCJVM="-Xms4g -XX:+AlwaysPreTouch" PROBEJVM="-Xms5g -XX:+AlwaysPreTouch" CREATES=10000
for r in 1 2; do
  for V in D G; do ./fan.sh svc$V.jar dg-$V$r 1000 > dg-$V$r.sum 2>&1; done
done
