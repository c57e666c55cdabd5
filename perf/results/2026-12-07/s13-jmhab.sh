#!/bin/bash
# PushBatchBenchmark, coalescing every log (S) against checking it for repeated keys first (E), alternating
for r in 1 2 3; do
  for V in S E; do
    echo "== $V$r"; java -jar bench$V.jar PushBatchBenchmark -f 1 -wi 3 -i 5 -w 2s -r 2s 2>&1 | grep -E "^PushBatch"
  done
done
