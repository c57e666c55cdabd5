#!/bin/bash
cd /work/main/perf/results/2026-12-08
Y="-XX:MaxGCPauseMillis=20 -XX:MaxTenuringThreshold=1"
for r in 1 2; do
  PGSET="wal_init_zero=off" ./s21-rot.sh 1 "W$r:$Y"
  ./s21-rot.sh 1 "Y$((r+2)):$Y"
done
