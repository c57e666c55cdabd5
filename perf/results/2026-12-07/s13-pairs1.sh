#!/bin/bash
# 1000/s, both JVMs with the heap committed and touched at start; session start (A) vs this session (D)
export SVCJVM="-Xms4g -XX:+AlwaysPreTouch" PROBEJVM="-Xms5g -XX:+AlwaysPreTouch" CREATES=10000
for r in 1 2; do
  for V in A D; do ./fan.sh svc$V.jar pt-$V$r 1000 > pt-$V$r.sum 2>&1; done
done
