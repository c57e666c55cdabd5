#!/bin/bash
# s11-linger-pairs.sh N TAG : N alternating pairs of the commit-linger build (s11-commit-linger.patch applied),
# linger on (its default) and off (ALCOR_COMMIT_LINGER_US=0); s10-run3.sh per run, 5 unmeasured and 2 measured
# runs of 60,000 creates. The session ran it as RATEOPT="--rate 3000" ./s11-linger-pairs.sh 2 r3k
N=$1; T=$2
for i in $(seq $N); do
  BENCH=/tmp/b11/bench.jar WARMS=5 MEAS=2 ./run3.sh /tmp/b11/linger-svc.jar on-$T-$i >> pairs-$T.out 2>&1
  ALCOR_COMMIT_LINGER_US=0 BENCH=/tmp/b11/bench.jar WARMS=5 MEAS=2 ./run3.sh /tmp/b11/linger-svc.jar off-$T-$i >> pairs-$T.out 2>&1
done
