#!/bin/bash
# creates-closed.sh PREFIX N: closed-loop creates (s10-run3.sh: 3 unmeasured runs of 60,000 at 64 concurrent, then one measured), X against D, alternating
P=$1; N=$2
for i in $(seq $N); do
  WARMS=3 MEAS=1 BENCH=/tmp/b16/bench1.jar /tmp/b10/run3.sh /tmp/b16/svc0.jar $P-X$i -Xmn256m -XX:MaxTenuringThreshold=1 -Xlog:gc:file=/tmp/b16/gc-$P-X$i.log:time,uptime >> /tmp/b16/creates.txt 2>&1
  WARMS=3 MEAS=1 BENCH=/tmp/b16/bench1.jar /tmp/b10/run3.sh /tmp/b16/svc0.jar $P-D$i -Xlog:gc:file=/tmp/b16/gc-$P-D$i.log:time,uptime >> /tmp/b16/creates.txt 2>&1
done
