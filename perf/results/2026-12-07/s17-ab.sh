#!/bin/bash
# s17-ab.sh PREFIX N (fan.sh = s16-fan.sh with B=/tmp/b17): alternate svc0.jar (A, session start) and svc2.jar, svc3.jar or svc4.jar (B: this session's builds, in the ab, ad and ae runs) fan-out runs at 1000/s,
# service G1 defaults (as shipped), probe on ParallelGC with --lead-in 5000 (session 16's procedure)
P=$1; N=$2
for i in $(seq $N); do
  for T in A B; do
    J=svc0.jar; [ $T = B ] && J=svc4.jar
    SCRAPE=1 BENCH=/tmp/b17/bench4.jar CSV=1 SVCJVM="-Xms4g -XX:+AlwaysPreTouch $SVCX" PROBEJVM="-Xms5g -XX:+AlwaysPreTouch -XX:+UseParallelGC" PROBEARGS="--lead-in 5000" timeout 600 ./fan.sh $J $P-$T$i 1000 >> runs.txt 2>&1
    echo "$P-$T$i $(grep all_hosts_after_201 fan-$P-$T$i.err) $(grep post_to_201 fan-$P-$T$i.err | head -1)" >> pairs.txt
  done
done
