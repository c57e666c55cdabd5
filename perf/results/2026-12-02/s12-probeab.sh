#!/bin/bash
# alternating probe A/B on the same service build: same args, probe CPU for the whole run
for r in 1 2; do
  for P in A B; do
    WARM=5000 ./fanprof.sh svcA.jar bench$P.jar ab-$P$r 300 > ab-$P$r.sum 2>&1
  done
done
