#!/bin/bash
# creates.sh PREFIX N: issue 3's open loop at 5,000/s (s10-run3.sh: fresh service, 3 unmeasured closed-loop runs of 60,000, then 60,000 at 5,000/s), default G1 (D) against -Xmn256m -XX:MaxTenuringThreshold=1 (X), alternating
P=$1; N=$2
for i in $(seq $N); do
  WARMS=3 MEAS=1 RATEOPT="--rate 5000" BENCH=/tmp/b16/bench1.jar /tmp/b10/run3.sh /tmp/b16/svc0.jar $P-X$i -Xmn256m -XX:MaxTenuringThreshold=1 -Xlog:gc:file=/tmp/b16/gc-$P-X$i.log:time,uptime >> /tmp/b16/creates.txt 2>&1
  WARMS=3 MEAS=1 RATEOPT="--rate 5000" BENCH=/tmp/b16/bench1.jar /tmp/b10/run3.sh /tmp/b16/svc0.jar $P-D$i -Xlog:gc:file=/tmp/b16/gc-$P-D$i.log:time,uptime >> /tmp/b16/creates.txt 2>&1
done
