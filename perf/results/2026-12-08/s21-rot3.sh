#!/bin/bash
# final: N = this session's build with run.sh's GC options, host writeback at 32 MB; O = session start, JVM and host defaults;
# H = this session's build with run.sh's GC options on the unchanged host
cd /work/main/perf/results/2026-12-08
GC="-XX:MaxGCPauseMillis=20 -XX:MaxTenuringThreshold=1"
for r in ${ROUNDS:-1 2}; do
  SVCJAR=/tmp/b21/svcN.jar ./s21-rot.sh 1 "N$r:$GC"
  SVCJAR=/tmp/b21/svc.jar DIRTY_BG=0 ./s21-rot.sh 1 "O$r"
  [ -n "$NO_H" ] || SVCJAR=/tmp/b21/svcN.jar DIRTY_BG=0 ./s21-rot.sh 1 "H$r:$GC"
done
