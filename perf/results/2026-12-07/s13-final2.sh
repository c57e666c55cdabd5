#!/bin/bash
# 1000 creates/s into one push VPC of 1000 hosts: session start (A) against the final build (H), alternating, both heaps pre-touched
export SVCJVM="-Xms4g -XX:+AlwaysPreTouch" PROBEJVM="-Xms5g -XX:+AlwaysPreTouch" CREATES=10000
for r in 1 2; do
  for V in H A; do ./fan.sh svc$V.jar h-$V$r 1000 > h-$V$r.sum 2>&1; done
done
