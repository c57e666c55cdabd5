#!/bin/bash
# session start (service A + probe A), after the probe and flush changes (service G + probe D), final (service I + probe D); rotating, 1000/s
export SVCJVM="-Xms4g -XX:+AlwaysPreTouch" PROBEJVM="-Xms5g -XX:+AlwaysPreTouch"
for r in 1 2 3; do
  BENCH=/tmp/b14/benchI.jar ./fan.sh svcI.jar f-I$r 1000 > f-I$r.sum 2>&1
  BENCH=/tmp/b14/benchA.jar ./fan.sh svcA.jar f-A$r 1000 > f-A$r.sum 2>&1
  BENCH=/tmp/b14/benchD.jar ./fan.sh svcG.jar f-G$r 1000 > f-G$r.sum 2>&1
done
