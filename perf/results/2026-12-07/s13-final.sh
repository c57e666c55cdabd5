#!/bin/bash
# 1000 creates/s into one push VPC of 1000 hosts: session start (A) against this session's last build (G), alternating, both heaps pre-touched
export SVCJVM="-Xms4g -XX:+AlwaysPreTouch" PROBEJVM="-Xms5g -XX:+AlwaysPreTouch" CREATES=10000
for r in 1 2 3; do
  for V in A G; do ./fan.sh svc$V.jar f-$V$r 1000 > f-$V$r.sum 2>&1; done
done
